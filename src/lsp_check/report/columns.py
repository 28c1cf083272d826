"""Aligned columns for the terminal report: the little of rich's Table the reports need, at a fraction of its import cost.

Columns are padded to their widest cell; the last column wraps, with its
continuation lines indented under it.
"""

from __future__ import annotations

from typing import Any


class Columns:
    """Rows of cells laid out in aligned columns; printable with ``console.print``."""

    def __init__(self, show_header: bool = True, gap: int = 2, header_style: str = "bold") -> None:
        self.show_header = show_header
        self.gap = gap
        self.header_style = header_style
        self.headers: list[str] = []
        self.justify: list[str] = []
        self.rows: list[list[Any]] = []

    def add_column(self, header: str = "", justify: str = "left") -> None:
        """Add a column; ``justify`` is "left" or "right"."""
        self.headers.append(header)
        self.justify.append(justify)

    def add_row(self, *cells: Any) -> None:
        """Add a row of cells (text or rich Text)."""
        self.rows.append(list(cells))

    def __rich_console__(self, console: Any, options: Any) -> Any:
        """Yield one rich Text per printed line."""
        from rich.text import Text

        rows = [[c.copy() if isinstance(c, Text) else Text(str(c)) for c in row] for row in self.rows]
        if self.show_header:
            rows.insert(0, [Text(h, style=self.header_style) for h in self.headers])
        if not rows:
            return
        count = len(self.headers)
        widths = [max(row[i].cell_len for row in rows) for i in range(count)]
        prefix = sum(widths[:-1]) + self.gap * (count - 1)
        last = max(12, min(widths[-1], options.max_width - prefix))
        for row in rows:
            line = Text()
            for i, cell in enumerate(row[:-1]):
                pad = " " * (widths[i] - cell.cell_len)
                if self.justify[i] == "right":
                    line.append(pad)
                    line.append_text(cell)
                else:
                    line.append_text(cell)
                    line.append(pad)
                line.append(" " * self.gap)
            tail = row[-1]
            if self.justify[-1] == "right":
                tail = Text(" " * max(0, widths[-1] - tail.cell_len)) + tail
            wrapped = tail.wrap(console, last) if tail.cell_len > last else [tail]
            for n, part in enumerate(wrapped):
                out = line if n == 0 else Text(" " * prefix)
                out.append_text(part)
                yield out
