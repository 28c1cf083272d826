"""Excel workbooks (.xlsx): read with the 'xlsx' extra, bounded before they are parsed, and refused with located
errors when they are encrypted, damaged, too large, hold formulas or several sheets; every command describes a
file it cannot read in the same words; and nothing imports openpyxl unless a workbook is read."""

from __future__ import annotations

import functools
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.load.forms import read_responses
from lsp_check.load.limits import (
    MAX_CSV_ROWS,
    MAX_XLSX_ALL_ELEMENTS,
    MAX_XLSX_CELLS,
    MAX_XLSX_ELEMENTS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_STRING_ELEMENTS,
)
from lsp_check.problems import InputError

openpyxl = pytest.importorskip("openpyxl")

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
REAL_RESULTS = "Partners can demonstrate real results through collaboration"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def rezip(source: Path, target: Path, change) -> Path:
    """Copy a workbook, letting ``change(name, data)`` return each part's new bytes (or None to drop it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def problems_of(call):
    with pytest.raises(InputError) as caught:
        call()
    return [p for p in caught.value.problems if p.severity == "error"]


SIMPLE = [["Timestamp", REAL_RESULTS], ["2006/02/24 10:15:00 AM GMT", "Often"]]


# --- reading -----------------------------------------------------------------------------------------------------


def test_a_workbook_reads_like_the_same_csv(library, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    (sheet,) = read_responses(path, library)
    assert (sheet.date, sheet.answers["general"]["real-results"].value.id) == ("2006-02-24", "often")


def test_a_workbook_named_csv_is_still_read_as_a_workbook(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    path = tmp_path / "form.csv"
    path.write_bytes(source.read_bytes())
    assert len(read_responses(path, library)) == 1


def test_several_sheets_read_the_first_with_a_warning_and_sheet_reads_another(runner, library, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"Responses": SIMPLE,
                                             "Later": [[REAL_RESULTS], ["Never"], ["Always"]], "Empty": []})
    warnings: list = []
    assert len(read_responses(path, library, warnings=warnings)) == 1
    (warning,) = warnings
    assert warning.message == ("has 2 sheets with data; read 'Responses', the first (to read another, give --sheet "
                               "NAME to lsp-check import or validate: 'Later')")
    assert len(read_responses(path, library, sheet="later")) == 2
    result = runner.invoke(cli, ["import", str(path), "--sheet", "Later", "--explain", "--width", "200"])
    assert result.exit_code == 0, result.stderr
    assert f"File:        {path} (Excel workbook, sheet 'Later')" in result.stdout
    strict = runner.invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 2 and "has 2 sheets with data" in strict.stderr


def test_an_unknown_sheet_is_an_error_listing_the_sheets(library, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"Responses": SIMPLE, "Notes": [["x"]]})
    (problem,) = problems_of(lambda: read_responses(path, library, sheet="Respones"))
    assert problem.message == "has no sheet 'Respones' (did you mean 'Responses'?); its sheets: 'Responses', 'Notes'"


def test_sheet_with_a_csv_file_is_refused(runner, tmp_path):
    path = tmp_path / "form.csv"
    path.write_text(f"{REAL_RESULTS}\nOften\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), "--sheet", "Sheet1", "--explain"])
    assert result.exit_code == 2
    assert f"lsp-check: --sheet reads a sheet of an Excel workbook, but {path} is CSV" in result.stderr


def test_formula_cells_are_located_errors(library, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"Sheet1": [["Timestamp", REAL_RESULTS],
                                                        ["2006-02-24", '=HYPERLINK("http://x","Often")']]})
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert (problem.line, problem.column) == (2, 2)
    assert problem.message.startswith("cell B2 holds a formula (=HYPERLINK(\"http://x\",\"Often\")), not an answer; "
                                      "lsp-check reads typed answers only")


def test_text_that_starts_with_an_equals_sign_is_data_not_a_formula(library, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["surrey-baseline.operations"])
    book.active.append(["=x"])
    book.active["A2"].data_type = "s"
    book.save(tmp_path / "text.xlsx")
    (sheet,) = read_responses(tmp_path / "text.xlsx", library)
    assert sheet.answers["surrey-baseline"]["operations"].value == "=x"


# --- refused before parsing ---------------------------------------------------------------------------------------


def test_an_encrypted_workbook_says_it_is_password_protected(runner, tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le"))
    result = runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{path}: is password-protected (encrypted), so it cannot be read; open it in Excel, remove the " \
           "password" in result.stderr


def test_a_zip_with_encrypted_parts_is_refused_as_password_protected(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    raw = bytearray(source.read_bytes())
    # Set the "encrypted" flag of every entry, in the local headers and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at != -1:
            raw[at + offset] |= 0x1
            at = raw.find(signature, at + 4)
    path = tmp_path / "flagged.xlsx"
    path.write_bytes(bytes(raw))
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("is password-protected (encrypted)")


def test_a_damaged_workbook_is_refused_whatever_the_command(runner, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(source.read_bytes()[:900])
    said = set()
    for args in (["score", str(path)], ["validate", str(path)], ["import", str(path), "-o", str(tmp_path / "o")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        said.add(next(line for line in result.stderr.splitlines() if line.startswith(str(path))))
    (line,) = said
    assert line.startswith(f"{path}: is damaged: it starts as a zip archive but cannot be read as one")


def test_an_old_xls_workbook_is_described_the_same_way_by_every_command(runner, tmp_path):
    old = tmp_path / "form.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(old.read_bytes())
    words = ("an Excel 97-2003 workbook (.xls), which lsp-check does not read; save it as an Excel Workbook (.xlsx) "
             "or as CSV UTF-8")
    for args in (["score", str(old)], ["validate", str(old)], ["import", str(old), "-o", str(tmp_path / "o")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert f"{old}: is {words}, not an answers file" in result.stderr
    for args in (["score", str(renamed)], ["import", str(renamed), "-o", str(tmp_path / "o")]):
        assert f"{renamed}: is {words}" in runner.invoke(cli, args).stderr


def test_score_and_import_say_the_same_of_a_workbook_and_of_a_word_document(runner, tmp_path):
    path = workbook(tmp_path / "real.xlsx", {"Sheet1": [["Favourite colour"], ["blue"]]})
    document = tmp_path / "report.docx"
    document.write_bytes(b"PK\x03\x04 not really")
    for target in (path, document):
        said = {runner.invoke(cli, args).stderr.splitlines()[-1] for args in (
            ["score", str(target)], ["import", str(target), "-o", str(tmp_path / "o")])}
        assert len(said) == 1, said
    assert "binary file" not in runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "o")]).stderr


def test_a_part_that_unpacks_past_the_limit_is_refused_before_it_is_read(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    big = b"<x>" + b" " * (MAX_XLSX_PART_BYTES + 1) + b"</x>"
    path = rezip(source, tmp_path / "big.xlsx",
                 lambda name, data: big if name == "xl/sharedStrings.xml" or name == "docProps/app.xml" else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith(f"part docProps/app.xml unpacks to {len(big):,} bytes; a part may unpack to at "
                                      "most 67,108,864 (64 MiB)")


def test_a_dtd_in_any_part_is_refused_so_no_entity_can_expand(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    path = rezip(source, tmp_path / "laughs.xlsx",
                 lambda name, data: laughs if name == "xl/worksheets/sheet1.xml" else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("part xl/worksheets/sheet1.xml declares a DTD, which no Excel workbook has")


def test_a_dtd_hidden_in_utf16_is_refused_too(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    path = rezip(source, tmp_path / "utf16.xlsx",
                 lambda name, data: text.encode("utf-16") if name == "docProps/core.xml" else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert "part docProps/core.xml declares a DTD" in problem.message


def test_a_zip_that_is_not_a_workbook_says_so(library, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    path = tmp_path / "letter.xlsx"
    path.write_bytes(buffer.getvalue())
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("is a zip archive but not an Excel workbook (it has no xl/workbook.xml)")


def test_a_sheet_that_claims_too_many_rows_is_refused_at_once(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    path = rezip(source, tmp_path / "claims.xlsx", lambda name, data: data.replace(
        b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:B1048576"/>') if name.endswith("sheet1.xml") else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message == (f"sheet 'Sheet1' has 1,048,576 rows; a form export may have at most {MAX_CSV_ROWS:,} "
                               "(split the responses into several files)")


def test_rows_are_counted_as_they_are_read_when_the_sheet_claims_nothing(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = rezip(source, tmp_path / "far.xlsx", lambda name, data: data.replace(b'<dimension ref="A1:B2"/>', b"")
                 .replace(b"</sheetData>", far) if name.endswith("sheet1.xml") else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.line == MAX_CSV_ROWS + 1 and "has more than 20,000 rows" in problem.message


def test_a_row_wider_than_the_limit_is_refused(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    wide = b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = rezip(source, tmp_path / "wide.xlsx", lambda name, data: data.replace(b'<dimension ref="A1:B2"/>', b"")
                 .replace(b"</row></sheetData>", wide) if name.endswith("sheet1.xml") else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert (problem.line, problem.message) == (2, "row 2 has 16,384 columns; a form export may have at most 1,000")


def shared_strings(count: int, source: Path, target: Path) -> Path:
    """A workbook whose shared strings hold ``count`` strings (openpyxl itself writes inline strings)."""
    table = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + "<si><t>a</t></si>" * count + "</sst>").encode()

    def change(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.'
                                b'org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                b"</Relationships>")
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        return data

    rezip(source, target, change)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", table)
    return target


def test_shared_strings_are_bounded_before_openpyxl_parses_them(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    assert len(read_responses(shared_strings(1_000, source, tmp_path / "few.xlsx"), library)) == 1
    many = shared_strings(MAX_XLSX_STRING_ELEMENTS // 2 + 1, source, tmp_path / "many.xlsx")
    (problem,) = problems_of(lambda: read_responses(many, library))
    assert problem.message.startswith("part xl/sharedStrings.xml holds more than 400,000 XML elements")


def test_other_parts_are_bounded_by_their_elements(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    styles = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * (MAX_XLSX_ELEMENTS + 1)
    path = rezip(source, tmp_path / "styles.xlsx", lambda name, data: data.replace(
        b'<cellXfs count="1">', b'<cellXfs count="1">' + styles) if name == "xl/styles.xml" else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("part xl/styles.xml holds more than 50,000 XML elements")


def test_all_the_elements_of_a_workbook_are_bounded_sheets_included(library, tmp_path):
    source = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE, "Other": [["x"]]})
    junk = b"<x/>" * (MAX_XLSX_ALL_ELEMENTS // 2 + 1)
    path = rezip(source, tmp_path / "junk.xlsx", lambda name, data: data.replace(b"</worksheet>", junk + b"</worksheet>")
                 if name.startswith("xl/worksheets/") else data)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("holds more than 2,000,000 XML elements in all")


def repeated_rows(path: Path, row: list[str], count: int) -> Path:
    """A workbook of one sheet holding the texts of ``row`` ``count`` times, stored as Excel stores text (shared
    strings, each cell an index into them): openpyxl writes its parts, the sheet's rows are then repeated in its
    XML, as openpyxl takes seconds to write half a million cells one by one."""
    import re
    from xml.sax.saxutils import escape

    first = workbook(path.with_name("first-" + path.name), {"Sheet1": [row]})
    main = "http://schemas.openxmlformats.org/"
    strings = (f'<sst xmlns="{main}spreadsheetml/2006/main" count="{len(row) * count}" uniqueCount="{len(row)}">'
               + "".join(f"<si><t>{escape(text)}</t></si>" for text in row) + "</sst>")

    def shared(name: str, data: bytes) -> bytes:
        text = data.decode("utf-8")
        if name == "[Content_Types].xml":
            return text.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>").encode()
        if name == "xl/_rels/workbook.xml.rels":
            return text.replace("</Relationships>", f'<Relationship Type="{main}officeDocument/2006/relationships/'
                                'sharedStrings" Target="sharedStrings.xml" Id="rIdStrings"/></Relationships>').encode()
        if name != "xl/worksheets/sheet1.xml":
            return data
        columns = re.findall(r'<c r="([A-Z]+)1"', text)
        rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{column}{n}" t="s"><v>{i}</v></c>'
                                                  for i, column in enumerate(columns)) + "</row>"
                       for n in range(1, count + 1))
        text = re.sub(r'<dimension ref="A1:([A-Z]+)1"/>', rf'<dimension ref="A1:\g<1>{count}"/>', text)
        return re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", text).encode()

    rezip(first, path, shared)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", strings)
    return path


def test_the_cells_of_the_sheet_read_are_bounded(library, tmp_path):
    path = repeated_rows(tmp_path / "wide.xlsx", [f"c{i}" for i in range(1, 1001)], MAX_XLSX_CELLS // 1000 + 1)
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.line == MAX_XLSX_CELLS // 1000 + 1
    assert problem.message.startswith("sheet 'Sheet1' holds more than 500,000 cells by row 501")


# --- without the extra --------------------------------------------------------------------------------------------


def test_without_the_extra_a_workbook_names_the_extra_and_csv_still_works(runner, tmp_path, monkeypatch):
    path = workbook(tmp_path / "form.xlsx", {"Sheet1": SIMPLE})
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # an import of it now fails, as when it is not installed
    result = runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        f"{path}: reading an Excel workbook needs the 'xlsx' extra: pip install 'lsp-check[xlsx]' (or save the "
        "workbook as CSV UTF-8 and read that)")
    csv_file = tmp_path / "form.csv"
    csv_file.write_text(f"Timestamp,{REAL_RESULTS}\n2006-02-24,Often\n", encoding="utf-8")
    assert runner.invoke(cli, ["score", str(csv_file), "-f", "json"]).exit_code == 0


@pytest.mark.parametrize("args", [
    ["score", "examples/spelthorne-2006.yaml", "-f", "json"],
    ["score", "tests/fixtures/forms/google-spelthorne.csv", "-f", "json"],
    ["validate", "tests/fixtures/exports/qualtrics.csv", "--questionnaires", "tests/fixtures/exports/questionnaires"],
])
def test_only_a_workbook_imports_openpyxl(args):
    assert _imports_openpyxl(tuple(args)) is False
    assert _imports_openpyxl(("validate", "tests/fixtures/exports/microsoft.xlsx", "--questionnaires",
                              "tests/fixtures/exports/questionnaires")) is True


@functools.cache
def _imports_openpyxl(args: tuple[str, ...]) -> bool:
    """Whether the command line, run with ARGS in a fresh interpreter, imported openpyxl (asked once a run)."""
    root = Path(__file__).resolve().parent.parent
    code = ("import sys\nfrom lsp_check.cli.main import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
            "    pass\nprint('openpyxl' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code, *args], cwd=root, capture_output=True, text=True, timeout=120)
    said = run.stdout.strip().splitlines()
    assert said and said[-1] in ("True", "False"), run.stderr
    return said[-1] == "True"

