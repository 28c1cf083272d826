"""Naming a form export's cells as a spreadsheet does (E3, AA12), and folding headings for matching."""

from __future__ import annotations

import functools
import unicodedata

from lsp_check.matching import normalise


@functools.lru_cache(maxsize=4096)  # option labels are folded again for every cell that names no option exactly
def fold(text: str) -> str:
    """Letters and digits only, case-folded: headings match whatever their case, spacing and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", normalise(text)) if ch.isalnum())


def column_name(column: int) -> str:
    """A spreadsheet column's letters, such as E or AA, for a 1-based column number."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """A spreadsheet cell reference, such as E3, for a 1-based row and column."""
    return f"{column_name(column)}{row}"
