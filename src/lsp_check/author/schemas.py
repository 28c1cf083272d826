"""The JSON Schemas for questionnaire and answers files, shipped for editors (yaml-language-server)."""

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


def schema_text(kind: str) -> str:
    """The schema for ``kind`` as JSON text, exactly as shipped."""
    return schema_path(kind).read_text(encoding="utf-8")


def load_schema(kind: str) -> dict:
    """The schema for ``kind`` as a dict."""
    return json.loads(schema_text(kind))
