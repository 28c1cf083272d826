"""Escaping user text for Markdown, so answers and questionnaire text are data, never markup."""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d+[.)](?=\s|$)|=+(?=\s*$)|-+(?=\s*$))")


def md(text: object) -> str:
    """Escape text for use inline in Markdown (one line; newlines become spaces)."""
    return _line(" ".join(str(text).split("\n")))


def _line(text: str) -> str:
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_cell(text: object) -> str:
    """Escape text for a Markdown table cell: pipes escaped, line breaks kept as <br>."""
    return "<br>".join(_line(part) for part in str(text).splitlines()) or " "


def md_block(text: object) -> str:
    """Escape multi-line text, keeping its line breaks and paragraphs."""
    lines = [_line(part) for part in str(text).splitlines()]
    out: list[str] = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(line + ("  " if line.strip() and following.strip() else ""))
    return "\n".join(out)
