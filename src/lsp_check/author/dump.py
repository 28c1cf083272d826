"""Write an answer sheet as an answers YAML file that loads back to the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lsp_check.author.blank import SCHEMA_COMMENT
from lsp_check.questionnaire import Answer, AnswerSheet, Option


class _Dumper(yaml.SafeDumper):
    """A safe dumper that indents lists under their key and writes multi-line text as a literal block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent block sequences under their key, as the project's own answers files are written."""
        return super().increase_indent(flow, False)


# Line breaks other than \n that YAML would fold into a space or a \n when read back: only double quotes keep them.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in _OTHER_BREAKS) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def respondent_files(directory: Path, count: int) -> list[Path]:
    """The answers files an import of ``count`` respondents writes: respondent-001.yaml... in row order.

    Numbers have at least three digits, more when there are more respondents, so the files sort in row order.
    """
    digits = max(3, len(str(count)))
    return [directory / f"respondent-{n:0{digits}d}.yaml" for n in range(1, count + 1)]


def answers_yaml(sheet: AnswerSheet, *, comment: str = "", schema_url: str | None = None) -> str:
    """The YAML text of an answers file for this sheet: answers as option labels, no notes."""
    data: dict[str, Any] = {}
    for key in ("partnership", "date", "respondent", "organisation", "sector"):
        if getattr(sheet, key):
            data[key] = getattr(sheet, key)
    data["answers"] = {
        section: {question: _plain(answer) for question, answer in answers.items()}
        for section, answers in sheet.answers.items()
    }
    # Strings that YAML would read as something else ("yes", "2006-02-24", "12") are quoted by the dumper.
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    lines = [SCHEMA_COMMENT.format(url=schema_url)] if schema_url else []
    lines += [f"# {line}".rstrip() for line in comment.splitlines()]
    return "".join(line + "\n" for line in lines) + body


def _plain(answer: Answer) -> Any:
    value = answer.value
    if isinstance(value, Option):
        return value.label
    if isinstance(value, tuple):
        return list(value)
    return value
