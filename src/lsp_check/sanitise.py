"""Output safety: one sanitiser per medium, applied where a report or a message is finally written.

User text (partnership names, needs, notes, respondents, actions, questionnaire
titles) may hold control characters that a terminal, an editor or a
spreadsheet would act on. Each medium has one rule (docs/reliability.md):

- text, Markdown, GitHub commands, messages on stderr, HTML and Word: every
  control character is *shown*, as a visible escape such as ``\\x1b`` or
  ``\\u202e``, so a reader sees that something odd was there and nothing acts on it;
- JSON keeps the characters, escaped as ``\\u001b`` (json.dumps does C0 itself; C1,
  DEL and the bidi controls are escaped here), so data round-trips exactly;
- CSV cells are shown visibly as above, and a cell that a spreadsheet would
  read as a formula is neutralised as OWASP recommends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

# C0 except tab and newline, DEL, C1 (U+0080-U+009F, including the CSI U+009B),
# and the bidi embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069), as inclusive ranges.
_C0_RANGES = ((0x00, 0x08), (0x0B, 0x1F))
_LATER_RANGES = ((0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))


def _codes(ranges: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    return tuple(code for low, high in ranges for code in range(low, high + 1))


class _Finder:
    """Whether a text holds any character of the ranges, found without a lookup per character.

    A short text (a message, a cell) is looked through with a set's isdisjoint; a long one (a report) with a
    regular expression's search, about four times quicker there, compiled on first use so that a run that
    writes only short texts never pays for compiling it (about 0.2 ms, 0.5% of a one-file JSON run).
    """

    LONG = 1 << 15

    def __init__(self, ranges: tuple[tuple[int, int], ...]) -> None:
        self.chars = frozenset(map(chr, _codes(ranges)))
        self.pattern = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges) + "]"
        self.search: Callable[[str], re.Match[str] | None] | None = None

    def __call__(self, text: str) -> bool:
        if len(text) < self.LONG:
            return not self.chars.isdisjoint(text)
        if self.search is None:
            self.search = re.compile(self.pattern).search
        return self.search(text) is not None


# Tables for str.translate: each control character and what it is shown as.
_LATER = _codes(_LATER_RANGES)
CONTROL_CODES = frozenset(_codes(_C0_RANGES + _LATER_RANGES))
_VISIBLE = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in CONTROL_CODES}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _LATER}
# Looked for before translating: str.translate with a mapping costs a lookup per character; finding nothing
# to translate costs none. Measured by bench/tricks.py "control-check": 38% of `lsp-check score DIR --format json`
# on 10,000 files (its 19 MB report) against translating everything; nothing to speak of on one file.
_HAS_CONTROL = _Finder(_C0_RANGES + _LATER_RANGES)
_HAS_JSON_CONTROL = _Finder(_LATER_RANGES)
# The colour and emphasis sequences (SGR) rich writes on a colour terminal, and nothing else:
# bold, dim, italic, underline, reverse, strike-through, their resets, and the 16 standard colours.
_SGR_PARAM = r"(?:0|1|2|3|4|7|9|2[1-9]|3[0-79]|4[0-79]|9[0-7]|10[0-7])"
# The pattern is compiled on first use (re caches it), only for a colour terminal.
_SGR = rf"\x1b\[(?:{_SGR_PARAM}(?:;{_SGR_PARAM})*)?m"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)%?"


def visible(text: str) -> str:
    """Text with every control character shown as a visible escape (``\\x1b``, ``\\x9b``, ``\\u202e``)."""
    return text.translate(_VISIBLE) if _HAS_CONTROL(text) else text


def terminal(text: str, colour: bool = False) -> str:
    """Text for a terminal or a text file; with ``colour``, rich's own colour sequences are kept."""
    if not colour:
        return visible(text)
    out: list[str] = []
    start = 0
    for match in re.finditer(_SGR, text):
        out.append(visible(text[start:match.start()]))
        out.append(match.group())
        start = match.end()
    out.append(visible(text[start:]))
    return "".join(out)


def report(fmt: str, text: Any, colour: bool = False) -> Any:
    """A rendered report (a string, chunks of one, or bytes) made safe for its medium, as it is written.

    JSON is escaped; text (keeping rich's colours when ``colour``), Markdown, GitHub commands and HTML
    show control characters visibly. CSV is made safe cell by cell as it is written, Word as it is built.
    """
    if isinstance(text, bytes) or fmt == "csv":
        return text
    if isinstance(text, str):
        return json_text(text) if fmt == "json" else terminal(text, colour)
    return _chunks(fmt, text)


def _chunks(fmt: str, text: Iterable[str]) -> Iterator[str]:
    # Each character is handled alone, so a chunk boundary never matters.
    for chunk in text:
        yield json_text(chunk) if fmt == "json" else visible(chunk)


def console(**options: Any) -> Console:
    """A rich Console that shows control characters in the text it prints visibly, keeping its own colours.

    The report's final text is sanitised anyway (``report``); this makes colour output exact too, since
    there rich's colour sequences and any a user wrote could not be told apart afterwards.
    """
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Console whose text segments are made visible just before they become output."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            safe = (segment if segment.control else Segment(visible(segment.text), segment.style)
                    for segment in buffer)
            return super()._render_buffer(safe)

    return SafeConsole(**options)


class SafeStream:
    """A text stream (stderr) that shows every control character written to it visibly."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        """Write text with its control characters shown visibly."""
        self.inner.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each line as ``write`` does."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            # Without a binary buffer to go round it, click writes through this stream whatever the
            # stream's encoding (with PYTHONIOENCODING=ascii it would otherwise wrap the buffer itself).
            raise AttributeError(name)
        return getattr(self.inner, name)


def json_text(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls escaped (``\\u009b``); json.dumps has already escaped C0.

    These characters can only occur inside JSON strings, so escaping them keeps the document's meaning.
    """
    return text.translate(_JSON_ESCAPES) if _HAS_JSON_CONTROL(text) else text


def csv_cell(value: object) -> str:
    """One CSV cell, safe to open in a spreadsheet.

    Control characters are shown visibly; a cell starting ``=``, ``+``, ``-``, ``@``, tab or CR is
    prefixed with a single quote (OWASP's advice), and the writer quotes every such cell. A cell that
    is exactly a number (``-3.5``, ``+0.0``, ``54.2%``) is left as it is: a spreadsheet reads it as
    that number, which cannot run anything, and the figures the tool computed stay numbers.
    """
    text = str(value)
    if text.startswith(_FORMULA_START) and not re.fullmatch(_NUMBER, text):
        text = "'" + text
    return text.translate(_VISIBLE) if _HAS_CONTROL(text) else text
