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
from lsp_check.load.filekinds import binary_kind
from lsp_check.load.inputs import OLD_EXCEL
from lsp_check.load.limits import (
    MAX_CELL_CHARS,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
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
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_:]")


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
    for part in parts:
        _check_prolog(archive, part, name)


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Refuse an XML part whose prolog declares a DTD (entities live there); other parts pass."""
    try:
        with archive.open(part) as handle:
            head = handle.read(PROLOG_BYTES)
    except Exception as exc:  # noqa: BLE001 - zlib, CRC and zip errors alike mean a damaged file
        raise _damaged(name, exc) from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4].count(b"\x00") >= 2:
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return  # not XML: an image or a binary part, which openpyxl does not parse as XML
    first = _FIRST_ELEMENT.search(text)
    prolog = text[: first.start()] if first else text
    if "<!DOCTYPE" in prolog or "<!ENTITY" in prolog:
        raise fail(name, f"part {shorten(part.filename)} declares a DTD, which no Excel workbook has (it could define "
                         "entities that expand without end); export the workbook again from the survey tool")
    if first is None and len(head) == PROLOG_BYTES:
        raise fail(name, f"part {shorten(part.filename)} has no element in its first {PROLOG_BYTES:,} bytes; "
                         "export the workbook again from the survey tool")


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
    for number, cells in enumerate(ws.iter_rows(max_row=MAX_CSV_ROWS + 1), start=1):
        if number > MAX_CSV_ROWS:
            raise fail(name, f"sheet '{shorten(ws.title)}' has more than {MAX_CSV_ROWS:,} rows; a form export may "
                             f"have at most {MAX_CSV_ROWS:,} (split the responses into several files)", number)
        if len(cells) > MAX_CSV_COLUMNS:
            raise fail(name, f"row {number} has {len(cells):,} columns; a form export may have at most "
                             f"{MAX_CSV_COLUMNS:,}", number, MAX_CSV_COLUMNS + 1)
        rows.append((number, [_text(cell, number, column, name, problems) for column, cell in
                              enumerate(cells, start=1)]))
    return rows


def _text(cell: Any, row: int, column: int, name: str, problems: list[Problem]) -> str:
    """A cell as the text a CSV export of it would hold; formula cells and over-long ones are problems."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        formula = value if isinstance(value, str) else str(getattr(value, "text", "") or "")
        problems.append(Problem(name, f"cell {cell_name(row, column)} holds a formula ({shorten(formula)}), not an "
                                "answer; lsp-check reads typed answers only: copy the sheet and paste it as values "
                                "(Paste Special › Values), or export the responses again", row, column))
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        problems.append(Problem(name, f"cell {cell_name(row, column)} holds {len(text):,} characters; a cell may hold "
                                f"at most {MAX_CELL_CHARS:,}", row, column))
        return ""
    return text
