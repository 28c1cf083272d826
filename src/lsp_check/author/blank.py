"""Blank answers files: every question of the chosen sections, with its allowed answers in a comment."""

from __future__ import annotations

import json

from lsp_check import questionnaire
from lsp_check.questionnaire import Section

SCHEMA_COMMENT = "# yaml-language-server: $schema={url}"


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines() or [""]]


def blank_answers(sections: tuple[Section, ...], schema_url: str | None = None) -> str:
    """The YAML text of a blank answers file for these sections."""
    lines: list[str] = []
    if schema_url:
        lines.append(SCHEMA_COMMENT.format(url=schema_url))
    titles = "; ".join(s.title for s in sections)
    lines += [
        f"# lsp-check answers: {titles}",
        "# Write each answer after its question id, as the option's label or id.",
        "# Leave an answer blank if it was not answered. To add a note, write:",
        "#   question-id: {answer: Often, note: \"why\"}",
        'partnership: ""',
        'date: ""            # YYYY-MM-DD',
        'respondent: ""      # optional',
        'organisation: ""    # optional: the respondent\'s organisation',
        'sector: ""          # optional: council, police, health, voluntary, business... (for --by sector)',
        "answers:",
    ]
    for section in sections:
        lines.append(f"  {section.id}:")
        lines += _comment(section.title, "    ")
        for question in section.questions:
            lines += _comment(question.text, "    ")
            if question.kind == questionnaire.CHOICE and question.scale:
                lines.append("    # " + " | ".join(o.label for o in question.scale.options))
            elif question.kind == questionnaire.LIST and question.choices:
                lines.append("    # a list of any of: " + " | ".join(question.choices) + " (or others)")
            elif question.kind == questionnaire.LIST:
                lines.append("    # a list: one item per line, each starting with '- '")
            else:
                lines.append("    # free text")
            lines.append(f"    {json.dumps(question.id) if not _plain(question.id) else question.id}:")
    return "\n".join(lines) + "\n"


def _plain(text: str) -> bool:
    return text.replace("-", "").replace("_", "").replace(".", "").isalnum()
