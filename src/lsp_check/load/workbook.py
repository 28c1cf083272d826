"""Read one sheet of an Excel workbook (.xlsx) export as rows of text, bounded before anything is parsed.

A workbook is a zip of XML parts. Before openpyxl (the optional 'xlsx' extra, imported only here) parses
any of it, the zip's directory is checked against the limits (parts, each part's size and all of them
together: a part never unpacks past the size its directory gives), encrypted parts are refused, and every
XML part is refused if it declares a DTD, which is the only way XML can define the entities of an
expansion "bomb"; a workbook never needs one. Rows and columns are bounded as for CSV, while the sheet is
read, so a sheet that claims a million rows costs no more than the limit.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any, NamedTuple

from lsp_check.load.cells import cell_name
from lsp_check.load.filekinds import OLD_EXCEL, binary_kind
from lsp_check.load.limits import (
    MAX_CELL_CHARS,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_XLSX_ALL_ELEMENTS,
    MAX_XLSX_CELLS,
    MAX_XLSX_ELEMENTS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_STRING_ELEMENTS,
    MAX_XLSX_UNPACKED,
    shorten,
)
from lsp_check.matching import did_you_mean
from lsp_check.problems import InputError, Problem, fail

INSTALL = ("reading an Excel workbook needs the 'xlsx' extra: pip install 'lsp-check[xlsx]' (or save the workbook "
           "as CSV UTF-8 and read that)")
ENCRYPTED = ("is password-protected (encrypted), so it cannot be read; open it in Excel, remove the password (File › "
             "Info › Protect Workbook › Encrypt with Password, then clear it) and save it, or save it as CSV UTF-8")
# How much of each XML part is read to find its prolog (where a DTD would have to be).
PROLOG_BYTES = 65_536
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_:][\w.:-]*)")


class Sheet(NamedTuple):
    """The rows of the sheet read (blank ones included, numbered from 1), its name, and what was wrong in it."""

    rows: list[tuple[int, list[str]]]
    name: str
    problems: list[Problem]


def read_workbook(raw: bytes, name: str, sheet: str | None = None) -> Sheet:
    """The rows of one sheet of a workbook's bytes: the one named, or the first (with a warning if there are more).

    Raises InputError for a workbook that cannot be read: not a zip, damaged, encrypted, over the limits, with a
    DTD in a part, or (when the extra is missing) any workbook at all, saying how to install it.
    """
    kind = binary_kind(raw)
    if kind == "encrypted":
        raise fail(name, ENCRYPTED)
    if kind == "xls":
        raise fail(name, f"is {OLD_EXCEL}")
    if kind != "workbook":
        raise fail(name, "is not an Excel workbook (an .xlsx file is a zip archive); if it is CSV, name it .csv")
    archive = _open_zip(raw, name)
    _check_parts(archive, name)
    try:
        import openpyxl
    except ImportError:
        raise fail(name, INSTALL) from None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips; the data is read
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any failure of the parser on a hostile file is bad input
            raise _damaged(name, exc) from None
        try:
            return _read_sheet(book, name, sheet)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - as above, while the sheet is streamed
            raise _damaged(name, exc) from None
        finally:
            book.close()


def _open_zip(raw: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise fail(name, f"is damaged: it starts as a zip archive but cannot be read as one ({exc}); export it "
                         "again") from None


def _check_parts(archive: zipfile.ZipFile, name: str) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_XLSX_PARTS:
        raise fail(name, f"holds {len(parts):,} parts; an Excel workbook may hold at most {MAX_XLSX_PARTS:,}")
    if any(part.flag_bits & 0x1 for part in parts):
        raise fail(name, ENCRYPTED)
    if "xl/workbook.xml" not in archive.namelist():
        raise fail(name, "is a zip archive but not an Excel workbook (it has no xl/workbook.xml); if it is a "
                         "Word or other Office file, export the responses from the survey tool as .xlsx or CSV")
    total = 0
    for part in parts:
        if part.file_size > MAX_XLSX_PART_BYTES:
            raise fail(name, f"part {shorten(part.filename)} unpacks to {part.file_size:,} bytes; a part may unpack "
                             f"to at most {MAX_XLSX_PART_BYTES:,} ({MAX_XLSX_PART_BYTES // 1_048_576} MiB)")
        total += part.file_size
    if total > MAX_XLSX_UNPACKED:
        raise fail(name, f"unpacks to {total:,} bytes; a workbook may unpack to at most {MAX_XLSX_UNPACKED:,} "
                         f"({MAX_XLSX_UNPACKED // 1_048_576} MiB): split the responses into several files")
    elements = 0
    for part in parts:
        elements += _check_part(archive, part, name, MAX_XLSX_ALL_ELEMENTS - elements)


_SHEETS = ("worksheet", "chartsheet", "dialogsheet", "macrosheet")


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, left: int) -> int:
    """How many XML elements a part opens; refused if it declares a DTD (entities live there), or opens more than
    its kind may, or than are ``left`` for the workbook."""
    try:
        with archive.open(part) as handle:
            head = handle.read(PROLOG_BYTES)
            root = _root(head, part, name)
            if not root:
                return 0
            sheet = root in _SHEETS
            own = MAX_XLSX_STRING_ELEMENTS if root == "sst" else MAX_XLSX_ALL_ELEMENTS if sheet else MAX_XLSX_ELEMENTS
            limit = min(own, left)
            elements = _elements(head)
            while elements <= limit:
                chunk = handle.read(1_048_576)
                if not chunk:
                    return elements
                elements += _elements(chunk)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib, CRC and zip errors alike mean a damaged file
        raise _damaged(name, exc) from None
    if sheet or limit < own:
        raise fail(name, f"holds more than {MAX_XLSX_ALL_ELEMENTS:,} XML elements in all, more than a form export "
                         "needs and more than is worth parsing; save the responses as CSV UTF-8, or split them")
    raise fail(name, f"part {shorten(part.filename)} holds more than {limit:,} XML elements, more than a form "
                     "export needs and more than is worth parsing; save the responses as CSV UTF-8, or export them "
                     "again from the survey tool")


def _elements(data: bytes) -> int:
    """About how many elements a piece of XML opens (a tag cut at the edge of a piece may be missed)."""
    return data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")


def _root(head: bytes, part: zipfile.ZipInfo, name: str) -> str:
    """The local name of an XML part's root element ('' if the part is not XML), refusing a DTD before it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4].count(b"\x00") >= 2:
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return ""  # not XML: an image or a binary part, which openpyxl does not parse as XML
    first = _FIRST_ELEMENT.search(text)
    prolog = text[: first.start()] if first else text
    if "<!DOCTYPE" in prolog or "<!ENTITY" in prolog:
        raise fail(name, f"part {shorten(part.filename)} declares a DTD, which no Excel workbook has (it could define "
                         "entities that expand without end); export the workbook again from the survey tool")
    if first is None:
        if len(head) == PROLOG_BYTES:
            raise fail(name, f"part {shorten(part.filename)} has no element in its first {PROLOG_BYTES:,} bytes; "
                             "export the workbook again from the survey tool")
        return "?"
    return first.group(1).rpartition(":")[2]


def _damaged(name: str, exc: Exception) -> InputError:
    detail = shorten(" ".join(str(exc).split()), 120) or type(exc).__name__
    return fail(name, f"cannot be read as an Excel workbook ({detail}); open it in Excel and save it again, or save "
                      "it as CSV UTF-8")


def _read_sheet(book: Any, name: str, wanted: str | None) -> Sheet:
    sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
    if not sheets:
        raise fail(name, "has no worksheet; expected the responses on a sheet")
    problems: list[Problem] = []
    if wanted is not None:
        found = next((ws for ws in sheets if ws.title == wanted), None) or next(
            (ws for ws in sheets if ws.title.casefold() == wanted.strip().casefold()), None)
        if found is None:
            titles = [ws.title for ws in sheets]
            raise fail(name, f"has no sheet '{shorten(wanted)}'{did_you_mean(wanted, titles)}; its sheets: "
                             + ", ".join(f"'{shorten(t)}'" for t in titles))
        chosen = found
    else:
        chosen = sheets[0]
        others = [ws.title for ws in sheets[1:] if _has_content(ws)]
        if others:
            listed = ", ".join(f"'{shorten(t)}'" for t in others[:5]) + (f" and {len(others) - 5} more"
                                                                        if len(others) > 5 else "")
            problems.append(Problem(name, f"has {len(others) + 1} sheets with data; read '{shorten(chosen.title)}', "
                                    f"the first (to read another, give --sheet NAME to lsp-check import or validate: "
                                    f"{listed})", severity="warning"))
    return Sheet(_rows(chosen, name, problems), chosen.title, problems)


def _has_content(ws: Any) -> bool:
    if (ws.max_row or 0) > 1 or (ws.max_column or 0) > 1:
        return True
    first = next(ws.iter_rows(max_row=1, values_only=True), ())
    return any(value not in (None, "") for value in first)


def _rows(ws: Any, name: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    claimed_rows, claimed_columns = ws.max_row or 0, ws.max_column or 0
    if claimed_rows > MAX_CSV_ROWS:
        raise fail(name, f"sheet '{shorten(ws.title)}' has {claimed_rows:,} rows; a form export may have at most "
                         f"{MAX_CSV_ROWS:,} (split the responses into several files)")
    if claimed_columns > MAX_CSV_COLUMNS:
        raise fail(name, f"sheet '{shorten(ws.title)}' has {claimed_columns:,} columns; a form export may have at "
                         f"most {MAX_CSV_COLUMNS:,}")
    # The sheet's own claim may be missing or wrong: every row is counted as it is read, and no row is widened
    # to a claimed width (openpyxl pads short rows to the sheet's dimensions).
    ws.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    cells = 0
    maybe_formulas: set[tuple[int, int]] = set()
    # Values only, which openpyxl reads about twice as fast as cells; a value that may be a formula is looked at
    # again below, as a cell, to tell a formula from text that starts with "=".
    for number, values in enumerate(ws.iter_rows(max_row=MAX_CSV_ROWS + 1, values_only=True), start=1):
        if number > MAX_CSV_ROWS:
            raise fail(name, f"sheet '{shorten(ws.title)}' has more than {MAX_CSV_ROWS:,} rows; a form export may "
                             f"have at most {MAX_CSV_ROWS:,} (split the responses into several files)", number)
        if len(values) > MAX_CSV_COLUMNS:
            raise fail(name, f"row {number} has {len(values):,} columns; a form export may have at most "
                             f"{MAX_CSV_COLUMNS:,}", number, MAX_CSV_COLUMNS + 1)
        cells += len(values)
        if cells > MAX_XLSX_CELLS:
            raise fail(name, f"sheet '{shorten(ws.title)}' holds more than {MAX_XLSX_CELLS:,} cells by row "
                             f"{number:,}; split the responses into several files, or save them as CSV UTF-8", number)
        texts = []
        for column, value in enumerate(values, start=1):
            if (isinstance(value, str) and value.startswith("=")) or not isinstance(value, _PLAIN):
                maybe_formulas.add((number, column))
            texts.append(_text(value, number, column, name, problems))
        rows.append((number, texts))
    if maybe_formulas:
        _formulas(ws, rows, maybe_formulas, name, problems)
    return rows


_PLAIN = (str, int, float, bool, datetime.datetime, datetime.date, datetime.time, datetime.timedelta, type(None))


def _formulas(ws: Any, rows: list[tuple[int, list[str]]], cells: set[tuple[int, int]], name: str,
              problems: list[Problem]) -> None:
    """Refuse the formula cells among ``cells`` (located), leaving them empty; text that starts with "=" stays."""
    last = max(row for row, _ in cells)
    for number, row in enumerate(ws.iter_rows(max_row=last), start=1):
        for column, cell in enumerate(row, start=1):
            if (number, column) not in cells or cell.data_type != "f":
                continue
            value = cell.value
            formula = value if isinstance(value, str) else str(getattr(value, "text", "") or "")
            problems.append(Problem(name, f"cell {cell_name(number, column)} holds a formula ({shorten(formula)}), "
                                    "not an answer; lsp-check reads typed answers only: copy the sheet and paste it "
                                    "as values (Paste Special › Values), or export the responses again", number,
                                    column))
            rows[number - 1][1][column - 1] = ""


def _text(value: Any, row: int, column: int, name: str, problems: list[Problem]) -> str:
    """A cell's value as the text a CSV export of it would hold; an over-long text is a problem."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = value if isinstance(value, str) else str(getattr(value, "text", None) or value)
    if len(text) > MAX_CELL_CHARS:
        problems.append(Problem(name, f"cell {cell_name(row, column)} holds {len(text):,} characters; a cell may hold "
                                f"at most {MAX_CELL_CHARS:,}", row, column))
        return ""
    return text
