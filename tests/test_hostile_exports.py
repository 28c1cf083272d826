"""The hostile corpus, continued: malformed exports of every survey tool's layout, and hostile Excel workbooks.

Each case runs the command line in a forked child under the same bounds as tests/test_hostile_input.py (1 GiB of
address space, a timeout; at most 8 s and 400 MB for a refusal) and checks what a user would notice: exit
status 2, the file named on stderr with the reason, nothing on stdout, no traceback.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_hostile_input import MAX_RSS_KB, MAX_SECONDS, MAX_STDERR, Case, make_files, run_bounded

pytest.importorskip("openpyxl")

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
BOARD = (EXPORTS / "questionnaires" / "board-check.yaml").read_text(encoding="utf-8")
Q = ("--questionnaires", "q")


def fixture(name: str) -> str:
    return (EXPORTS / name).read_text(encoding="utf-8-sig")


def lines(name: str) -> list[str]:
    return fixture(name).splitlines()


def xlsx(sheet: str, parts: dict[str, bytes] | None = None, sheets: int = 1, title: str = "S") -> bytes:
    """A minimal workbook written part by part, so that a case can hold what no spreadsheet program would write."""
    names = "".join(f'<sheet name="{title}{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, sheets + 1))
    rels = "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, sheets + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, sheets + 1))
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{names}</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        for n in range(1, sheets + 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", _sheet(sheet))
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _sheet(body: str) -> str:
    return ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{body}</worksheet>")


def cells(*rows: list[str], first: int = 1) -> str:
    """Rows of inline strings, from row ``first``."""
    out = []
    for r, row in enumerate(rows, start=first):
        out.append(f'<row r="{r}">' + "".join(f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                                               for c, v in enumerate(row, start=1)) + "</row>")
    return "".join(out)


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


HEADING = ["Timestamp", "general.trust"]
GOOD_ROWS = cells(HEADING, ["2006-02-24", "Often"])


def rows_xlsx(count: int, dimension: bool) -> bytes:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, count + 1))
    dim = f'<dimension ref="A1:B{count}"/>' if dimension else ""
    return xlsx(f"{dim}<sheetData>{cells(HEADING)}{body}</sheetData>")


def strings(count: int) -> bytes:
    """A workbook whose shared strings hold ``count`` strings (a few hundred KB compressed)."""
    table = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + "<si><t>a</t></si>" * count + "</sst>").encode()
    return xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>", {"xl/sharedStrings.xml": table})


def laughs() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><si><t>&a9;</t></si></sst>').encode()


def bomb() -> bytes:
    # 200 MB of zeros in one part: a few hundred KB compressed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>"))) as old, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        with new.open("xl/media/zeros.bin", "w", force_zip64=True) as handle:
            block = b"\0" * 1_048_576
            for _ in range(200):
                handle.write(block)
    return buffer.getvalue()


def export(name: str, content: str | bytes | Callable[[], bytes], expect: str, *extra: str, suffix: str = "") -> Case:
    file = "f" + (suffix or (".csv" if isinstance(content, str) else ".xlsx"))
    return Case(name, {file: content, "q/board-check.yaml": BOARD}, ("import", file, "-o", "out", *Q, *extra), expect)


MONKEY = lines("surveymonkey-expanded.csv")
QUALTRICS = lines("qualtrics.csv")

CASES = [
    # Google Forms and Microsoft Forms
    export("google-header-only", "\r\n".join(lines("google-grid.csv")[:1]) + "\r\n", "has a header row but no responses"),
    export("google-ragged", "\r\n".join(lines("google-grid.csv")[:1] + [line + ",extra" for line in
                                                                       lines("google-grid.csv")[1:]]) + "\r\n",
           "beyond the last heading"),
    export("limesurvey-abbreviated-three-for-two", fixture("limesurvey-abbreviated.csv").replace(
        '"General [Partners agree .. ]"', '"General [Board meetings .. ]"'), "could be any of"),
    export("microsoft-formulas", xlsx("<sheetData>" + cells(HEADING) + '<row r="2"><c r="A2" t="inlineStr"><is>'
                                      '<t>2006-02-24</t></is></c><c r="B2"><f>HYPERLINK("http://x","Often")</f>'
                                      "<v>Often</v></c></row></sheetData>"), "holds a formula"),
    export("microsoft-encrypted", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 +
           "EncryptedPackage".encode("utf-16-le") + b"\0" * 512, "password-protected"),
    export("microsoft-truncated", (EXPORTS / "microsoft.xlsx").read_bytes()[:3000], "is damaged"),
    export("microsoft-old-xls-named-xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, "Excel 97-2003"),
    export("microsoft-text-named-xlsx", "Timestamp,general.trust\n2006-02-24,Often\n", "is not an Excel workbook",
           suffix=".xlsx"),
    # Hostile workbooks
    export("xlsx-billion-laughs", xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>", {"xl/sharedStrings.xml": laughs()}),
           "declares a DTD"),
    export("xlsx-external-entity", xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>", {"docProps/core.xml": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')}),
           "declares a DTD"),
    export("xlsx-zip-bomb-200-mb", bomb, "unpacks to"),
    export("xlsx-600-parts", xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>",
                                  {f"xl/media/p{n}.bin": b"x" for n in range(600)}), "holds 6"),
    export("xlsx-30000-rows-claimed", rows_xlsx(30_000, dimension=True), "has 30,000 rows"),
    export("xlsx-30000-rows-unclaimed", rows_xlsx(30_000, dimension=False), "more than 20,000 rows"),
    export("xlsx-cell-at-xfd1048576", xlsx(f'<sheetData>{GOOD_ROWS}<row r="1048576"><c r="XFD1048576" '
                                           't="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
           "more than 20,000 rows"),
    export("xlsx-2000-columns", xlsx(f"<sheetData>{cells([f'c{i}' for i in range(2000)])}</sheetData>"),
           "at most 1,000"),
    export("xlsx-cell-200000-characters", xlsx(f"<sheetData>{cells(HEADING, ['2006-02-24', 'O' * 200_000])}"
                                               "</sheetData>"), "holds 200,000 characters"),
    export("xlsx-3-million-shared-strings", lambda: strings(3_000_000), "holds more than 400,000 XML elements"),
    export("xlsx-200000-styles", xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>", {"xl/styles.xml": (
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<cellXfs>" + '<xf numFmtId="0"/>' * 200_000 + "</cellXfs></styleSheet>").encode()}),
           "holds more than 50,000 XML elements"),
    export("xlsx-two-sheets-of-junk-elements", lambda: xlsx("<sheetData>" + cells(HEADING) + "</sheetData>"
                                                             + "<x/>" * 1_000_001, sheets=2), "XML elements in all"),
    export("xlsx-unknown-sheet", xlsx(f"<sheetData>{GOOD_ROWS}</sheetData>", sheets=3), "has no sheet 'Nope'",
           "--sheet", "Nope"),
    export("xlsx-no-sheets", xlsx("", {}, sheets=0), "has no worksheet"),
    # SurveyMonkey, SmartSurvey
    export("surveymonkey-second-heading-row-missing", "\r\n".join([MONKEY[0]] + MONKEY[2:]) + "\r\n",
           "the second heading row is missing"),
    export("surveymonkey-without-its-columns", "\r\n".join(",".join(line.split(",")[9:]) for line in MONKEY) + "\r\n",
           "cannot be told apart"),
    export("surveymonkey-only-heading-rows", "\r\n".join(MONKEY[:2]) + "\r\n", "has a header row but no responses"),
    export("smartsurvey-bad-date", fixture("smartsurvey.csv").replace("10/03/2026 09:14:05", "yesterday", 1),
           "'yesterday' is not a date"),
    export("smartsurvey-one-row", lines("smartsurvey.csv")[0] + "\r\n", "a SmartSurvey export starts with 2 heading"),
    # Qualtrics, LimeSurvey
    export("qualtrics-import-row-missing", "\r\n".join(QUALTRICS[:2] + QUALTRICS[3:]) + "\r\n",
           "a heading row is missing"),
    export("qualtrics-numeric-codes", fixture("qualtrics-numeric.csv"), "Use choice text"),
    export("qualtrics-read-as-google", fixture("qualtrics-numeric.csv"), "has no question columns",
           "--source", "google"),
    export("limesurvey-answer-codes", fixture("limesurvey-answer-codes.csv"), "Full answers"),
    export("limesurvey-semicolons-and-junk", fixture("limesurvey-full.csv").replace('","', '";"') + "\x00junk",
           "binary file"),
    # Any layout
    export("two-tools-in-one-heading", "Respondent ID,Collector ID,ID,Start time,Completion time,general.trust\r\n"
           ",,,,,Response\r\n1,2,3,,,Often\r\n", "cannot be told apart"),
    export("heading-row-missing", "2026-03-10,Often,Sometimes,Always\r\n2026-03-11,Never,Often,Often\r\n",
           "the heading row is missing"),
]


def test_the_export_corpus_has_a_case_for_each_layout_and_unique_names():
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names)
    for tool in ("google", "microsoft", "xlsx", "surveymonkey", "smartsurvey", "qualtrics", "limesurvey"):
        assert any(name.startswith(tool) for name in names), tool


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_export_is_refused_cleanly(case: Case) -> None:
    with tempfile.TemporaryDirectory(prefix="lsp-hostile-") as directory:
        cwd = Path(directory)
        files = {name: (content() if callable(content) and name.endswith((".xlsx", ".csv")) else content)
                 for name, content in case.files.items()}
        make_files(cwd, files)
        run = run_bounded(cwd, case.args, case.stdin)
        wrote = (cwd / "out").exists()
    named = next(iter(case.files))
    assert run.status == 2, f"exit status {run.status}; stderr:\n{run.stderr[:2000]}"
    assert run.stdout == "", f"stdout should be empty, got:\n{run.stdout[:2000]}"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[:2000]
    assert named in run.stderr, f"{named!r} not named on stderr:\n{run.stderr[:2000]}"
    assert case.expect in run.stderr, f"{case.expect!r} not said on stderr:\n{run.stderr[:2000]}"
    assert len(run.stderr) <= MAX_STDERR, f"{len(run.stderr):,} characters on stderr"
    assert run.seconds <= MAX_SECONDS, f"took {run.seconds:.1f} s"
    assert run.max_rss_kb <= MAX_RSS_KB, f"peak memory {run.max_rss_kb:,} KB"
    assert not wrote, "an answers directory was written for a refused export"


def test_control_characters_from_a_workbook_reach_no_terminal(tmp_path):
    """A sheet name and cells holding the one-byte CSI, a bidi override and DEL (the control characters XML can
    carry) are shown as visible escapes by --explain and in every message."""
    hostile = "\x9b31m\u202e\x7f"
    content = xlsx(f"<sheetData>{cells(['Timestamp', 'general.trust', 'Odd' + hostile], ['2006-02-24', 'Oft' + hostile, 'x'])}"
                   "</sheetData>", title="S\u202e")
    (tmp_path / "f.xlsx").write_bytes(content)
    run = run_bounded(tmp_path, ("import", "f.xlsx", "--explain"), None)
    assert run.status == 2, run.stderr
    for stream in (run.stdout, run.stderr):
        assert "\x9b" not in stream and "\u202e" not in stream and "\x7f" not in stream
    assert "'Oft\\x9b31m\\u202e\\x7f' is not an answer" in run.stderr
    assert "sheet 'S\\u202e1'" in run.stdout and "Odd\\x9b31m\\u202e\\x7f" in run.stdout
