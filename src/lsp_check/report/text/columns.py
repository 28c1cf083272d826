"""Aligned columns for the terminal report: the little of rich's Table the reports need, without importing it.

rich.table (with its fractions and decimal imports) would cost 6% of `lsp-check score FILE`, the text report
(bench/tricks.py "columns").

Columns are padded to their widest cell; the last column wraps, with its
continuation lines indented under it. When the other columns leave the last
too little room for its longest word (or fewer than ``MIN_LAST`` characters),
optional columns (decoration such as bars) are dropped first; if it still does
not fit, the rows are stacked: the first cell on a line of its own, then each
other cell under its column's heading, wrapped at whole words, so nothing is
ever broken in the middle of a word.
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
    """Rows of cells laid out in aligned columns; printable with ``console.print``."""

    def __init__(self, show_header: bool = True, gap: int = 2, header_style: str = "bold") -> None:
        self.show_header = show_header
        self.gap = gap
        self.header_style = header_style
        self.headers: list[str] = []
        self.justify: list[str] = []
        self.optional: list[bool] = []
        self.rows: list[list[Cell]] = []

    def add_column(self, header: str = "", justify: str = "left", optional: bool = False) -> None:
        """Add a column; ``justify`` is "left" or "right"; an optional one is dropped when space is short."""
        self.headers.append(header)
        self.justify.append(justify)
        self.optional.append(optional)

    def add_row(self, *cells: Cell) -> None:
        """Add a row of cells (text or rich Text)."""
        self.rows.append(list(cells))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """Yield one rich Text per printed line."""
        from rich.text import Text

        rows = [[c.copy() if isinstance(c, Text) else Text(str(c)) for c in row] for row in self.rows]
        if self.show_header:
            rows.insert(0, [Text(h, style=self.header_style) for h in self.headers])
        if not rows:
            return
        keep = list(range(len(self.headers)))
        if not self._fits(rows, keep, options.max_width):
            keep = [i for i in keep if not self.optional[i]]
            if not self._fits(rows, keep, options.max_width):
                yield from self._stacked(console, options.max_width)
                return
        rows = [[row[i] for i in keep] for row in rows]
        justify = [self.justify[i] for i in keep]
        count = len(keep)
        widths = [max(row[i].cell_len for row in rows) for i in range(count)]
        prefix = sum(widths[:-1]) + self.gap * (count - 1)
        last = min(widths[-1], options.max_width - prefix)
        for row in rows:
            line = Text()
            for i, cell in enumerate(row[:-1]):
                pad = " " * (widths[i] - cell.cell_len)
                if justify[i] == "right":
                    line.append(pad)
                    line.append_text(cell)
                else:
                    line.append_text(cell)
                    line.append(pad)
                line.append(" " * self.gap)
            tail = row[-1]
            if justify[-1] == "right":
                tail = Text(" " * max(0, widths[-1] - tail.cell_len)) + tail
            wrapped = tail.wrap(console, last) if tail.cell_len > last else [tail]
            for n, part in enumerate(wrapped):
                out = line if n == 0 else Text(" " * prefix)
                out.append_text(part)
                yield out

    def _fits(self, rows: list[list[Text]], keep: list[int], width: int) -> bool:
        """Whether these columns fit: all but the last whole, the last with room for its longest word."""
        widths = [max(row[i].cell_len for row in rows) for i in keep]
        prefix = sum(widths[:-1]) + self.gap * (len(keep) - 1)
        longest = max((len(word) for row in rows for word in row[keep[-1]].plain.split()), default=0)
        return width - prefix >= min(widths[-1], max(MIN_LAST, longest))

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
