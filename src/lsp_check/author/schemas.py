"""The JSON Schemas for questionnaire and answers files, shipped for editors (yaml-language-server).

Files lsp-check writes point editors at the schema by a relative name (``answers.schema.json``),
never at the installed copy: a path inside a virtual environment breaks as soon as the file is
shared. The schema itself is written beside the files on request (``--schema-beside``, or
``lsp-check schema answers -o FILE``), so the folder carries everything an editor needs.
"""

from __future__ import annotations

import json
from pathlib import Path

KINDS = ("questionnaire", "answers")
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def schema_path(kind: str) -> Path:
    """The path of the installed schema for ``kind`` ('questionnaire' or 'answers')."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema '{kind}'; expected one of: {', '.join(KINDS)}")
    return SCHEMA_DIR / f"{kind}.schema.json"


def schema_name(kind: str) -> str:
    """The file name a schema is written under beside the files, and how their first line refers to it."""
    return schema_path(kind).name


def schema_text(kind: str) -> str:
    """The schema for ``kind`` as JSON text, exactly as shipped."""
    return schema_path(kind).read_text(encoding="utf-8")


def load_schema(kind: str) -> dict[str, object]:
    """The schema for ``kind`` as a dict."""
    schema: dict[str, object] = json.loads(schema_text(kind))
    return schema


def is_own_schema(path: Path, kind: str) -> bool:
    """Whether a file is (some version of) lsp-check's schema for ``kind``, which may be replaced."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("$id") == load_schema(kind)["$id"]


def write_schema(path: Path, kind: str) -> bool:
    """Write the schema to ``path`` unless it is already there; refuse to replace a file that is not ours.

    Returns whether the file was written. Raises InputError when ``path`` holds something else.
    """
    from lsp_check.problems import fail
    from lsp_check.writing import write_atomic

    text = schema_text(kind)
    if path.exists() or path.is_symlink():
        if not is_own_schema(path, kind):
            raise fail(str(path), f"already exists and is not lsp-check's {kind} schema; lsp-check never "
                                  "overwrites it")
        if path.read_text(encoding="utf-8") == text:
            return False
    write_atomic(path, text)
    return True
