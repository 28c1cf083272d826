"""Aligned columns for the terminal report: the little of rich's Table the reports need, without importing it.

rich.table (with its fractions and decimal imports) would cost 6% of `lsp-check score FILE`, the text report
(bench/tricks.py "columns").

Columns are padded to their widest cell. When a table is wider than the
screen, the last column and any column added with ``wrap=True`` narrow (the
widest first) and wrap at whole words, each down to its longest word (and at
least ``MIN_LAST`` characters); optional columns (decoration such as bars) are
dropped before that is not enough. A table of figures (``repeat`` leading
columns that name each row, then a column per section, group or date) then
wraps its headings at whole words, and if still too wide is printed in blocks
of as many columns as fit, each block repeating the leading columns. Any other
table that still does not fit is stacked: the first cell on a line of its own,
then each other cell under its column's heading, wrapped at whole words. Nothing
is ever broken in the middle of a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.text import Text

    Cell = Union[str, Text]  # plain text, or rich Text with its own styles

MIN_LAST = 12


class Columns:
    """Rows of cells laid out in aligned columns; printable with ``console.print``.

    ``repeat`` > 0 makes a table of figures: its first ``repeat`` columns name each row and are repeated in every
    block when the other columns have to be printed in blocks (see the module's docstring).
    """

    def __init__(self, show_header: bool = True, gap: int = 2, header_style: str = "bold", repeat: int = 0) -> None:
        self.show_header = show_header
        self.gap = gap
        self.header_style = header_style
        self.repeat = repeat
        self.headers: list[str] = []
        self.justify: list[str] = []
        self.optional: list[bool] = []
        self.wrap: list[bool] = []
        self.rows: list[list[Cell]] = []

    def add_column(self, header: str = "", justify: str = "left", optional: bool = False, wrap: bool = False) -> None:
        """Add a column; ``justify`` is "left" or "right"; an optional one is dropped when space is short, and a
        wrapping one narrows (wrapping at whole words) before the table is stacked."""
        self.headers.append(header)
        self.justify.append(justify)
        self.optional.append(optional)
        self.wrap.append(wrap)

    def add_row(self, *cells: Cell) -> None:
        """Add a row of cells (text or rich Text)."""
        self.rows.append(list(cells))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """Yield one rich Text per printed line."""
        from rich.text import Text

        rows = [[c.copy() if isinstance(c, Text) else Text(str(c)) for c in row] for row in self.rows]
        if not rows and not self.show_header:
            return
        width = options.max_width
        keep = list(range(len(self.headers)))
        widths = self._widths(rows, keep, width)
        if widths is None:
            keep = [i for i in keep if not self.optional[i]]
            widths = self._widths(rows, keep, width)
        if widths is None and self.repeat:
            yield from self._blocks(console, rows, keep, width)
            return
        if widths is None:
            yield from self._stacked(console, width)
            return
        yield from self._lines(console, rows, keep, widths)

    def _widths(self, rows: list[list[Text]], keep: list[int], width: int, whole: int = 0) -> list[int] | None:
        """Each kept column's width for the table to fit ``width``, or None when it cannot; the first ``whole``
        columns keep their natural width.

        A table of figures first wraps its headings (one more line for the heading) before any cell wraps (one
        more line for every row that wraps); then the wrapping columns narrow, the widest first.
        """
        heads = [self.headers[i] if self.show_header else "" for i in keep]
        cells = [max((row[i].cell_len for row in rows), default=0) for i in keep]
        natural = [max(c, len(h)) for c, h in zip(cells, heads)]
        room = width - self.gap * (len(keep) - 1)
        if sum(natural) <= room:
            return natural
        word = [max((len(w) for w in h.split()), default=0) if self.repeat else len(h) for h in heads]
        headings = [natural[n] if n < whole else max(cells[n], word[n]) for n in range(len(keep))]
        floors = list(headings)
        for n, i in enumerate(keep):
            if n >= whole and (self.wrap[i] or n == len(keep) - 1):
                longest = max((len(w) for row in rows for w in row[i].plain.split()), default=0)
                floors[n] = min(natural[n], max(MIN_LAST, longest, word[n]))
        widths = list(natural)
        for least in (headings, floors) if self.repeat else (floors,):
            # Narrow the widest column that can still narrow, one character at a time, until the table fits.
            while sum(widths) > room:
                shrinkable = [n for n in range(len(keep)) if widths[n] > least[n]]
                if not shrinkable:
                    break
                widest = max(shrinkable, key=lambda n: (widths[n], n))  # on a tie, the later column
                widths[widest] -= 1
            if sum(widths) <= room:
                return widths
        return None

    def _lines(self, console: Console, rows: list[list[Text]], keep: list[int], widths: list[int]) -> Iterator[Text]:
        """The table's lines: every cell wrapped at whole words to its column's width, rows as tall as needed."""
        from rich.text import Text

        table = [[Text(self.headers[i], style=self.header_style) for i in keep]] if self.show_header else []
        table += [[row[i] for i in keep] for row in rows]
        justify = [self.justify[i] for i in keep]
        last = len(keep) - 1
        for row in table:
            wrapped = [list(cell.wrap(console, widths[n])) if cell.cell_len > widths[n] else [cell]
                       for n, cell in enumerate(row)]
            for height in range(max(len(parts) for parts in wrapped)):
                line = Text()
                for n, parts in enumerate(wrapped):
                    part = parts[height] if height < len(parts) else Text("")
                    part.rstrip()
                    pad = " " * max(0, widths[n] - part.cell_len)
                    if justify[n] == "right":
                        line.append(pad)
                        line.append_text(part)
                    else:
                        line.append_text(part)
                        if n < last:
                            line.append(pad)
                    if n < last:
                        line.append(" " * self.gap)
                line.rstrip()
                yield line

    def _blocks(self, console: Console, rows: list[list[Text]], keep: list[int], width: int) -> Iterator[Text]:
        """A table of figures too wide for the screen, in blocks of as many columns as fit, each repeating the
        columns that name the rows; a blank line between blocks."""
        from rich.text import Text

        lead, rest = keep[:self.repeat], keep[self.repeat:]
        start = 0
        while start < len(rest):
            # The columns naming the rows stay whole if at least one column of figures fits beside them.
            whole = len(lead) if self._widths(rows, lead + rest[start:start + 1], width, len(lead)) else 0
            end = start + 1
            widths = self._widths(rows, lead + rest[start:end], width, whole)
            while end < len(rest):
                wider = self._widths(rows, lead + rest[start:end + 1], width, whole)
                if wider is None:
                    break
                widths, end = wider, end + 1
            if widths is None:  # not even one column beside the row names: stack what is left
                yield from self._stacked(console, width)
                return
            if start:
                yield Text("")
            yield from self._lines(console, rows, lead + rest[start:end], widths)
            start = end

    def _stacked(self, console: Console, width: int) -> Iterator[Text]:
        """Each row as a block: its first cell, then every other cell under its column's heading."""
        from rich.text import Text

        for number, row in enumerate(self.rows):
            cells = [c.copy() if isinstance(c, Text) else Text(str(c)) for c in row]
            if number and self.show_header:
                yield Text("")
            head = cells[0]
            head.stylize("bold")
            yield from head.wrap(console, width)
            for header, cell in zip(self.headers[1:], cells[1:]):
                if not cell.plain.strip():
                    continue
                line = Text("  ")
                if header:
                    line.append(f"{header}: ", style="dim")
                line.append_text(cell)
                for n, part in enumerate(line.wrap(console, width - 4)):
                    yield part if n == 0 else Text("    ") + part
