"""The layouts survey tools export responses in: which tool wrote a file, told from its heading rows.

Each layout says how many heading rows the tool writes, which columns are its own (dates, ids, names) and
what each gives, how its dates are ordered, and how to tell it from the others. A layout turns the first
rows of a file into one heading per column: the part that names a question and, under it, the part that
names a grid's statement or an option of a multiple-choice question (a second heading row, Qualtrics'
"Question - Statement", LimeSurvey's "Question [Option]").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from lsp_check.load.cells import cell_name, fold
from lsp_check.load.limits import shorten
from lsp_check.problems import fail

IGNORED = "ignored"  # a column the tool adds that gives nothing lsp-check uses

# Columns any form may have, by their folded heading, and what each gives ("" is IGNORED).
GENERIC = {
    "timestamp": "timestamp",  # Google Forms
    "id": "",  # Microsoft Forms: the response number
    "starttime": "start",
    "completiontime": "completion",
    "lastmodifiedtime": "",
    "email": "email",
    "emailaddress": "email",  # Google Forms, when it collects addresses
    "name": "name",
    "score": "",  # quiz columns
    "totalpoints": "",
    "quizfeedback": "",
    "partnership": "partnership",  # optional columns any form may add
    "date": "date",
    "respondent": "respondent",
}
SURVEYMONKEY = {
    "respondentid": "", "collectorid": "", "startdate": "start", "enddate": "completion", "ipaddress": "",
    "emailaddress": "email", "firstname": "firstname", "lastname": "lastname", "customdata": "",
    **{f"customdata{n}": "" for n in range(1, 10)},
}
QUALTRICS = {  # by the internal id of its first heading row
    "startdate": "start", "enddate": "completion", "status": "", "ipaddress": "", "progress": "",
    "durationinseconds": "", "finished": "", "recordeddate": "", "responseid": "", "recipientlastname": "lastname",
    "recipientfirstname": "firstname", "recipientemail": "email", "externalreference": "",
    "externaldatareference": "", "locationlatitude": "", "locationlongitude": "", "distributionchannel": "",
    "userlanguage": "",
}
SMARTSURVEY = {
    "userno": "", "userid": "", "name": "name", "email": "email", "ipaddress": "", "uniqueid": "", "started": "start",
    "ended": "completion", "trackinglink": "", "responsestatus": "",
}


def _abbreviated(text: str) -> str:
    """A heading as LimeSurvey abbreviates it: its first 15 characters, then '.. '."""
    return text if len(text) <= 15 else f"{text[:15]}.. "


_LIME_FIELDS = {  # LimeSurvey's own columns: code, full heading
    "id": ("Response ID", ""), "submitdate": ("Date submitted", "completion"), "lastpage": ("Last page", ""),
    "startlanguage": ("Start language", ""), "seed": ("Seed", ""), "startdate": ("Date started", "start"),
    "datestamp": ("Date last action", ""), "ipaddr": ("IP address", ""), "refurl": ("Referrer URL", ""),
    "token": ("Access code", ""), "firstname": ("First name", "firstname"), "lastname": ("Last name", "lastname"),
    "email": ("Email address", "email"),
}
LIMESURVEY = {key: role for code, (full, role) in _LIME_FIELDS.items()
              for key in (code, fold(full), fold(_abbreviated(full)))}

# A second heading row's words that mean "the question itself" rather than a statement or option under it.
WHOLE = frozenset({"", "response", "openendedresponse", "selectedchoice", "answer", "comment"})
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:')


class Heading(NamedTuple):
    """One column's heading, as its layout reads it."""

    number: int  # 1-based
    text: str  # as messages show it
    question: str  # the part that names a question (the whole heading of a one-row layout)
    item: str = ""  # under it: a statement, an option, "Other (please specify)", or "Response"
    role: str = ""  # a tool's own column: what it gives, or IGNORED
    other_of: int = 0  # the column whose "other" answer this one holds (Qualtrics' _TEXT columns)


class Layout(NamedTuple):
    """How one survey tool writes its export."""

    name: str  # as --source takes it
    title: str
    heading_rows: int
    metadata: Mapping[str, str]  # its own columns by folded heading (or id), and what each gives
    dates: str = ""  # its numeric dates: "mdy", "dmy", or "" to decide from each column
    codes: str = ""  # what to do when its cells hold answer codes instead of the answers' text
    separator: str = ""  # between a question and a statement or option in one heading (Qualtrics: " - ")


class Table(NamedTuple):
    """A file read by its layout: a heading per column, the rows the headings took, and the respondents' rows."""

    layout: Layout
    headings: tuple[Heading, ...]
    heading_rows: tuple[int, ...]
    body: list[tuple[int, list[str]]]
    detected: bool  # False when --source named the layout


Rows = Sequence[tuple[int, list[str]]]

LAYOUTS = {
    layout.name: layout
    for layout in (
        Layout("google", "Google Forms", 1, GENERIC),
        Layout("microsoft", "Microsoft Forms", 1, GENERIC),
        Layout("surveymonkey", "SurveyMonkey", 2, SURVEYMONKEY, dates="mdy"),
        Layout("qualtrics", "Qualtrics", 3, QUALTRICS,
               codes="in Qualtrics, download the data table again choosing 'Use choice text' (not 'Use numeric "
                     "values')", separator=" - "),
        Layout("smartsurvey", "SmartSurvey", 2, SMARTSURVEY, dates="dmy"),
        Layout("limesurvey", "LimeSurvey", 1, LIMESURVEY,
               codes="in LimeSurvey, export the responses again choosing 'Full answers' (not 'Answer codes')"),
    )
}
SOURCES = tuple(LAYOUTS)
# A file with none of the tools' own columns: one heading row, read as Google and Microsoft Forms are.
SPREADSHEET = Layout("spreadsheet", "a spreadsheet with one heading row", 1, GENERIC)


def _google(first: set[str], row: list[str], third: list[str]) -> bool:
    return bool(row) and row[0] == "timestamp"


def _microsoft(first: set[str], row: list[str], third: list[str]) -> bool:
    return {"id", "starttime", "completiontime"} <= first


def _surveymonkey(first: set[str], row: list[str], third: list[str]) -> bool:
    return {"respondentid", "collectorid"} <= first


def _qualtrics_marks(first: set[str], row: list[str], third: list[str]) -> bool:
    return {"responseid", "startdate", "enddate"} <= first or any(c.startswith("importid") for c in third)


def _smartsurvey(first: set[str], row: list[str], third: list[str]) -> bool:
    return "userno" in first or {"userid", "started", "ended"} <= first


_LIME_MARKS = {"submitdate", "lastpage", "startlanguage", "datestamp", "datesubmitted", "datelastaction",
               fold(_abbreviated("Date last action"))}


def _limesurvey(first: set[str], row: list[str], third: list[str]) -> bool:
    return len(first & _LIME_MARKS) >= 2


# What only each tool writes in its first rows (folded): the first row as a set and as a list, and the third row.
MARKS: dict[str, Callable[[set[str], list[str], list[str]], bool]] = {
    "google": _google, "microsoft": _microsoft, "surveymonkey": _surveymonkey, "qualtrics": _qualtrics_marks,
    "smartsurvey": _smartsurvey, "limesurvey": _limesurvey,
}


def read_table(rows: Rows, name: str, source: str | None = None) -> Table:
    """The file's table by its layout: the one --source names, else the one its heading rows show.

    ``rows`` are the file's non-blank rows. Raises InputError when the rows fit no layout (a heading row missing)
    or more than one.
    """
    if source is not None:
        layout = LAYOUTS[source]
        detected = False
    else:
        layout = detect(rows, name)
        detected = layout is not SPREADSHEET
    if len(rows) < layout.heading_rows:
        raise fail(name, f"has {len(rows)} row{'s' if len(rows) != 1 else ''}; a {layout.title} export starts with "
                         f"{layout.heading_rows} heading rows, then one row per respondent", rows[-1][0])
    headings = READERS[layout.name](layout, rows, name)
    taken = rows[: layout.heading_rows]
    return Table(layout, tuple(headings), tuple(n for n, _ in taken), list(rows[layout.heading_rows:]), detected)


def detect(rows: Rows, name: str) -> Layout:
    """The layout whose marks the first rows carry; a spreadsheet's when none; an error when it cannot be told."""
    folded = [[fold(c) for c in cells] for _, cells in rows[:3]] + [[], [], []]
    found = [layout for layout in LAYOUTS.values() if MARKS[layout.name](set(folded[0]), folded[0], folded[2])]
    if len(found) == 1:
        return found[0]
    tried = ", ".join(SOURCES)
    if found:
        raise fail(name, f"cannot be told apart: its headings look like exports of {_either(found)}; give "
                         f"--source NAME to lsp-check import or validate (one of: {tried})", rows[0][0])
    if any(c in ("response", "openendedresponse") for c in folded[1]) or any(
            _IMPORT_ID.match(c) for c in (rows[2][1] if len(rows) > 2 else [])):
        raise fail(name, "cannot be told apart: its headings run over more than one row, but none of the columns a "
                         f"survey tool adds (dates, ids) were found (tried {tried}); give --source NAME to lsp-check "
                         "import or validate", rows[0][0])
    return SPREADSHEET


def _either(layouts: list[Layout]) -> str:
    titles = [layout.title for layout in layouts]
    return " and ".join([", ".join(titles[:-1]), titles[-1]]) if len(titles) > 1 else titles[0]


def _cell(cells: list[str], column: int) -> str:
    return cells[column - 1].strip() if column <= len(cells) else ""


def _role(layout: Layout, heading: str) -> str:
    key = fold(heading)
    role = layout.metadata.get(key, GENERIC.get(key))
    return "" if role is None else role or IGNORED


def _one_row(layout: Layout, rows: Rows, name: str) -> list[Heading]:
    _, cells = rows[0]
    return [Heading(n, text.strip(), text.strip(), role=_role(layout, text) if text.strip() else "")
            for n, text in enumerate(cells, start=1)]


def _two_rows(layout: Layout, rows: Rows, name: str) -> list[Heading]:
    """SurveyMonkey and SmartSurvey: questions in the first row (once, over all their columns), then under each
    column 'Response', a statement, an option or 'Other (please specify)'."""
    (_, first), (second_row, second) = rows[0], rows[1]
    headings: list[Heading] = []
    question = ""
    for n in range(1, max(len(first), len(second)) + 1):
        top, sub = _cell(first, n), _cell(second, n)
        role = _role(layout, top) if top else ""
        if role:
            if sub:
                raise fail(name, f"row {second_row} should be {layout.title}'s second heading row, but cell "
                                 f"{cell_name(second_row, n)} under '{shorten(top)}' holds '{shorten(sub)}': the second "
                                 "heading row is missing (export the responses again, with both heading rows)",
                           second_row, n)
            headings.append(Heading(n, top, top, role=role))
            question = ""
            continue
        question = top or question
        text = question if fold(sub) in WHOLE else f"{question} [{sub}]" if question else sub
        headings.append(Heading(n, text, question, "" if fold(sub) in WHOLE else sub))
    return headings


def _qualtrics(layout: Layout, rows: Rows, name: str) -> list[Heading]:
    """Qualtrics: internal ids (Q1_2, Q3_5_TEXT), then question texts, then {"ImportId": ...} for each column."""
    (_, ids), (_, texts), (third_row, imports) = rows[0], rows[1], rows[2]
    given = [(n, c.strip()) for n, c in enumerate(imports, start=1) if c.strip()]
    wrong = next(((n, c) for n, c in given if not _IMPORT_ID.match(c)), None)
    if wrong is not None or not given:
        n, found = wrong or (1, "")
        raise fail(name, f"row {third_row} should be Qualtrics' third heading row ({{\"ImportId\": ...}} in each "
                         f"column), but cell {cell_name(third_row, n)} holds '{shorten(found)}': a heading row is "
                         "missing (download the data table again, or put the three heading rows back)", third_row, n)
    by_id = {fold(code): n for n, code in enumerate(ids, start=1) if code.strip()}
    headings: list[Heading] = []
    for n in range(1, max(len(ids), len(texts)) + 1):
        code, text = _cell(ids, n), _cell(texts, n)
        role = layout.metadata.get(fold(code))
        if role is not None:
            headings.append(Heading(n, text or code, text or code, role=role or IGNORED))
            continue
        other = 0
        if code.upper().endswith("_TEXT"):
            owner = code[: -len("_TEXT")]
            other = by_id.get(fold(owner), 0) or by_id.get(fold(owner.rsplit("_", 1)[0]), 0)
        headings.append(Heading(n, text or code, text or code, other_of=other))
    return headings


# How each layout's heading rows give one heading per column.
READERS: dict[str, Callable[[Layout, Rows, str], list[Heading]]] = {
    "google": _one_row, "microsoft": _one_row, "surveymonkey": _two_rows, "qualtrics": _qualtrics,
    "smartsurvey": _two_rows, "limesurvey": _one_row, SPREADSHEET.name: _one_row,
}
