"""A form cell of ticked options, split by the question's own options rather than by a delimiter.

Survey tools join the options a respondent ticked into one cell: Google Forms with ", ", Microsoft Forms
with ";", Qualtrics with ",". An option may itself hold a comma ("Council, police and fire"), so a cell is
read by finding the question's options in it, each standing between delimiters (or the cell's ends);
whatever text is left between them is an "other" answer, kept as written.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from lsp_check.matching import normalise

# What tools put between ticked options: commas, semicolons, line breaks (and spaces around them).
_DELIMITERS = ",;\r\n"
_EDGE = re.compile(rf"^[\s{_DELIMITERS}]+|[\s{_DELIMITERS}]+$")


class Ticked(NamedTuple):
    """What one cell ticked: the options found (as the question writes them) and any other text left over."""

    options: tuple[str, ...]
    others: tuple[str, ...]


@functools.lru_cache(maxsize=256)
def _pattern(choices: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that an option which begins another ("Health", "Health trusts") never takes its place.
    ordered = sorted(choices, key=len, reverse=True)
    words = ["\\s+".join(re.escape(word) for word in choice.split()) for choice in ordered]
    alternatives = "|".join(f"(?P<o{choices.index(c)}>{w})" for c, w in zip(ordered, words))
    return re.compile(rf"(?:^|(?<=[{_DELIMITERS}]))\s*(?:{alternatives})\s*(?=[{_DELIMITERS}]|$)", re.IGNORECASE)


def split_ticked(cell: str, choices: tuple[str, ...]) -> Ticked:
    """The options a cell ticks, in the question's order, and the other text between them, in the cell's order.

    Options are found ignoring case and the width of spaces; the text between two found options (or before
    the first, or after the last) is one "other" answer once its delimiters are trimmed.
    """
    found: set[int] = set()
    others: list[str] = []
    start = 0
    text = _dashes(cell)
    for match in _pattern(tuple(_dashes(c) for c in choices)).finditer(text):
        _other(cell[start:match.start()], others)
        found.add(next(int(name[1:]) for name, value in match.groupdict().items() if value is not None))
        start = match.end()
    _other(cell[start:], others)
    return Ticked(tuple(choices[i] for i in sorted(found)), tuple(others))


def find_choice(text: str, choices: tuple[str, ...]) -> str | None:
    """The option a heading or cell names exactly (ignoring case, spacing and the kind of dash), or None."""
    wanted = normalise(text)
    return next((choice for choice in choices if normalise(choice) == wanted), None)


def _other(text: str, others: list[str]) -> None:
    text = _EDGE.sub("", text)
    if text:
        others.append(text)


def _dashes(text: str) -> str:
    # Tools and spreadsheets swap hyphens and dashes, curly and straight quotes; one character for another
    # keeps every index in place.
    return text.translate(_PLAIN)


_PLAIN = str.maketrans({**{chr(c): "-" for c in range(0x2010, 0x2016)}, "\u2212": "-", "\u2018": "'", "\u2019": "'",
                        "\u201c": '"', "\u201d": '"'})
