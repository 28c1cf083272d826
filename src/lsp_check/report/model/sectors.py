"""The report model of sectors side by side: every wording of a ``--by sector`` report, decided once.

Text, Markdown, HTML, Word and JSON lay these out. The rules decided here (docs/sectors.md):

- columns: the whole room first, then each shown group by name with its number of respondents;
- a cell where the groups differ carries ``DIFFER_MARK`` after its answer, so the difference is said in
  words and a sign, never by colour alone; a section's row says on how many of its questions they differ;
- a hidden group is never named: the report says only how many respondents, in how many groups below the
  threshold, are counted in the room and not shown on their own;
- a group withheld to protect a smaller one is named, and a withheld figure shows ``WITHHELD``, with a sentence
  saying why (model/privacy.py).
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check import method
from lsp_check.figures import pct
from lsp_check.report.model.chart import GROUPS, Chart, ChartRow
from lsp_check.report.model.privacy import WITHHELD, cells_legend, withheld_groups
from lsp_check.report.model.words import combined_warning, date_range, partnership_name, plural
from lsp_check.score.sectors import Sectors, SectorView

DIFFER_MARK = "≠"
NOT_ANSWERED = "–"
ROOM = "Whole room"
NOUNS = {"sector": ("sector", "sectors", "Sectors"), "organisation": ("organisation", "organisations", "Organisations")}
SECTIONS_TITLE = "Sections"
DIFFER_HEADER = "Where they differ"
SECTIONS_CAPTION = "Sections: the whole room and each group"
QUESTIONS_CAPTION = "{title}: each group's median answer"


class Cell(NamedTuple):
    """One figure of a row: the text shown (with the mark when the groups differ), and the number behind it."""

    text: str
    differ: bool = False
    value: float | None = None  # a section's percent; None for an answer


class Row(NamedTuple):
    """A section or a question: its label, the room's cell then each shown group's, and a note ('' for none)."""

    label: str
    cells: tuple[Cell, ...]
    note: str = ""


class QuestionTable(NamedTuple):
    """One section's questions, each group's median answer."""

    title: str
    rows: tuple[Row, ...]
    caption: str = ""  # what the table is, for a screen reader


class SectorsReport(NamedTuple):
    """What a sectors report says of one partnership."""

    title: str
    lines: tuple[str, ...]
    hidden: str  # the hidden-groups sentences (and groups withheld to protect them), '' when no group is hidden
    none_shown: str  # said when no group meets the threshold, '' otherwise
    rule: str  # how differences (and withheld figures) are marked; '' when there is neither a mark nor a withheld figure
    headers: tuple[str, ...]  # the label column's heading, the room's, then each shown group's
    names: tuple[str, ...]  # the shown groups' names, in column order
    sections: tuple[Row, ...]
    questions: tuple[QuestionTable, ...]
    chart: Chart | None  # the sections' percentages: the room's bar, then each shown group's
    sections_title: str = SECTIONS_TITLE
    question_header: str = "Question"
    sections_caption: str = SECTIONS_CAPTION
    differ_header: str = DIFFER_HEADER


class SectorsDocument(NamedTuple):
    """A sectors report: one part per partnership, under the document's title."""

    title: str
    reports: tuple[SectorsReport, ...]


def sectors_reports(result: Sectors) -> tuple[SectorsReport, ...]:
    """One report per partnership of a room read by sector or organisation."""
    return tuple(_report(view, result.by, result.min_group) for view in result.views)


def sectors_document(result: Sectors) -> SectorsDocument:
    """The report model of a room read by sector or organisation: the one partnership's title, or the kind's."""
    reports = sectors_reports(result)
    title = reports[0].title if len(reports) == 1 else f"{NOUNS[result.by][2]} side by side"
    return SectorsDocument(title, reports)


def _report(view: SectorView, by: str, min_group: int) -> SectorsReport:
    one, many, heading = NOUNS[by]
    room = view.room
    lines = [f"{plural(room.respondents, 'respondent')}; {plural(len(view.groups), one, many)} shown"
             f" (each with {min_group} or more respondents)"]
    when = date_range(room.dates)
    if when:
        lines.insert(0, when)
    combined = combined_warning(room.periods, min_group)  # the threshold of a report by group
    if combined:
        lines.insert(1 if when else 0, combined)
    hidden = ""
    if view.hidden_groups:
        hidden = (f"{plural(view.hidden_respondents, 'respondent')} in "
                  f"{plural(view.hidden_groups, one, many)} of fewer than {min_group} respondents "
                  f"{'is' if view.hidden_respondents == 1 else 'are'} counted in the whole room but not shown "
                  f"on {'its' if view.hidden_respondents == 1 else 'their'} own, and the "
                  f"{one if view.hidden_groups == 1 else many} not named.")
    hidden = " ".join(x for x in (hidden, withheld_groups(view.withheld, one, many)) if x)
    none_shown = ""
    if not view.groups:
        none_shown = (f"No {one} is shown on its own: those with {min_group} or more respondents are withheld, as "
                      "said above; the whole room's figures are below." if view.withheld else
                      f"No {one} has {min_group} or more respondents, so none is shown on its own; the whole room's "
                      "figures are below.")
    rule = ""
    # The mark's legend only where a mark can appear: with fewer shown groups than the rule judges, none can.
    if len(view.groups) >= method.MIN_RESPONSES_FOR_AGREEMENT:
        rule = (f"{DIFFER_MARK} marks where {many} differ: the consensus of the {many}' median answers is below 0.5 "
                f"(each {one} one vote, judged with three or more {many}); the marked {many} "
                "hold the lowest and highest medians.")
    if view.cells_withheld:
        rule = " ".join(x for x in (rule, cells_legend(many, min_group)) if x)
    names = tuple(g.name for g in view.groups)
    headers = ("", f"{ROOM} ({room.respondents})", *(f"{g.name} ({g.respondents})" for g in view.groups))
    section_rows = []
    tables = []
    chart: list[ChartRow] = []
    for section in view.sections:
        if not section.scored:
            continue
        cells = (Cell(pct(section.room), value=section.room),
                 *(Cell(WITHHELD if why else pct(p), value=p)
                   for p, why in zip(section.percents, section.withheld or ("",) * len(section.percents))))
        note = ""
        if section.differ:
            note = f"{many} differ on {section.differ} of {plural(len(section.questions), 'question')}"
        section_rows.append(Row(section.title, cells, note))
        chart.append(ChartRow(section.title, (section.room, *section.percents)))
        rows = []
        for q in section.questions:
            answers = tuple(Cell(WITHHELD if why else _answer(m, n in q.ends), n in q.ends)
                            for n, (m, why) in enumerate(zip(q.medians, q.withheld or ("",) * len(q.medians))))
            note = f"{many} differ: consensus {q.consensus:.2f}" if q.differ and q.consensus is not None else ""
            rows.append(Row(q.text, (Cell(_answer(q.room, False)), *answers), note))
        tables.append(QuestionTable(section.title, tuple(rows), QUESTIONS_CAPTION.format(title=section.title)))
    return SectorsReport(title=f"{heading} side by side: {partnership_name(view.partnership)}", lines=tuple(lines),
                         hidden=hidden, none_shown=none_shown, rule=rule, headers=("Section", *headers[1:]),
                         names=names, sections=tuple(section_rows), questions=tuple(tables),
                         chart=_chart(by, names, chart))


def _chart(by: str, names: tuple[str, ...], rows: list[ChartRow]) -> Chart | None:
    if not rows:
        return None
    title = f"Each section's percentage of the possible score: the {ROOM.lower()} first, then each {by} shown"
    return Chart(kind=GROUPS, title=title, caption=f"{title}; the table gives the same figures.", rows=tuple(rows),
                 series=(ROOM, *names))


def _answer(median: str | None, differ: bool) -> str:
    if median is None:
        return NOT_ANSWERED
    return f"{median} {DIFFER_MARK}" if differ else median
