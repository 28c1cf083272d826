"""The report model of one answers file (the types are model/health.py's, shared with a room)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.figures import num, pct
from lsp_check.method import NOT_ENOUGH, NOT_ENOUGH_WHOLE
from lsp_check.questionnaire import Band
from lsp_check.report.model.chart import BARS, RADAR, Chart, ChartRow
from lsp_check.report.model.health import (
    AnswerList,
    ListedAnswer,
    NeedEntry,
    Note,
    QuestionRow,
    Report,
    Response,
    SectionPart,
)
from lsp_check.report.model.plan import plan_report
from lsp_check.report.model.words import (
    ANSWER_HEADERS,
    MARKS,
    NEEDS_INTRO,
    NEEDS_TITLE,
    NO_FIGURE,
    NO_NEEDS,
    OVERALL,
    RADAR_HEADERS,
    SUMMARY,
    SUMMARY_HEADERS,
    SUMMARY_SHORT,
    TRACKED_MARK,
    TRACKED_TITLE,
    UNANSWERED,
    UNANSWERED_MARK,
    WEAK_MARK,
    band_heading,
    band_label,
    floor_note,
    marks_legend,
    partnership_name,
    plural,
    tone,
    tracked_intro,
)
from lsp_check.score.plan import make_plan
from lsp_check.score.result import Flag, Item, Missing, Need, Result, SectionResult

if TYPE_CHECKING:
    from lsp_check.score.room import RoomNeed

# Sections read as a profile of their components, so drawn as a radar of their questions' scores beside the
# table: the eight components of a smarter partnership.
RADAR_SECTIONS = ("smarter-partnerships",)
SUMMARY_CHART = ("Percentage of the possible score for each section",
                 "Each section's score as a percentage of the possible score, with its band; the table gives the "
                 "same figures.")
RADAR_CAPTION = ("The score of each component, from the centre (0) to the edge ({maximum}); the table gives the "
                 "same figures.")


def single_report(result: Result) -> Report:
    """The report model of one answers file."""
    name = partnership_name(result.partnership)
    lines = tuple(x for x in (f"Date: {result.date}" if result.date else "",
                              f"Respondent: {result.respondent}" if result.respondent else "") if x)
    needs = tuple(_need(i, need) for i, need in enumerate(result.needs, 1))
    lists = answer_lists(
        [_listed(f) for f in result.low],
        [_listed(f) for f in result.tracked],
        [_missing(m) for m in result.unanswered],
        room=False,
    )
    legend = marks_legend(f.answer for f in result.tracked) if (result.needs or result.low or result.tracked) else ""
    scored = any(s.scored for s in result.sections)
    o = result.overall
    missing = o.questions - o.answered
    covered = o.percent is not None
    overall = SectionPart(
        id="overall", title=OVERALL, description="", scored=True, covered=covered,
        score=num(o.score) if covered else NO_FIGURE, out_of=num(o.max) if covered else NO_FIGURE, percent=pct(o.percent),
        percent_value=o.percent, tone=tone(o.percent), band_cell="", band_heading="", band_line="", band_text="",
        score_line="", missing_line="", missing=missing,
    )
    sections = tuple(still_raises(_section(s), result.needs) for s in result.sections)
    notes = [f"{missing} of {plural(o.questions, 'question')} unanswered: scores are out of the questions answered."
             if missing else "", overall_withheld(result.sections),
             next((floor_note(s.title, num(s.score), num(s.max), num(s.low), pct(s.percent))
                   for s in result.sections if s.covered and s.low), "")]
    summary_note = " ".join(n for n in notes if n)
    chart = Chart(kind=BARS, title=SUMMARY_CHART[0], caption=SUMMARY_CHART[1],
                  rows=tuple(ChartRow(p.title, (p.percent_value,), _chart_band(p)) for p in sections if p.scored))
    plan = make_plan(result)
    return Report(
        kind="single", partnership=name, title=f"Partnership health check: {name}", lines=lines, scored=scored,
        sections=sections, overall=overall if scored else UNSAID, summary_title=SUMMARY if scored else "",
        summary_headers=SUMMARY_HEADERS if scored else (), summary_short=SUMMARY_SHORT if scored else (),
        summary_note=summary_note, summary_chart=chart if chart.rows else None,
        needs_title=NEEDS_TITLE if scored else "", needs_intro=(NEEDS_INTRO if needs else NO_NEEDS) if scored else "",
        needs=needs,
        plan=plan_report(plan) if plan.rows else None, lists=lists, legend=legend, date=result.date,
        respondent=result.respondent, source=result.source,
    )


# The overall row of a report with no section scored: there is no summary table to show it in.
UNSAID = SectionPart(id="overall", title="", description="", scored=False, covered=False, score="", out_of="",
                     percent="", percent_value=None, tone="none", band_cell="", band_heading="", band_line="",
                     band_text="", score_line="", missing_line="")


def overall_withheld(sections: tuple[SectionResult, ...]) -> str:
    """Why there is no overall figure, when a section is below the coverage rule (else '')."""
    short = [s for s in sections if s.scored and not s.covered]
    if not short:
        return ""
    which = "; ".join(f"{s.title}: {s.answered} of {s.questions} questions answered, at least {s.required} needed"
                      for s in short)
    return f"Overall: {NOT_ENOUGH_WHOLE} ({which}); no overall figure is given for a partial assessment."


def _chart_band(part: SectionPart) -> str:
    return part.band_cell if part.band is not None else ""


def band_cell(band: Band | None, estimated: bool, scored: bool, covered: bool) -> str:
    """The band as a summary table's cell: its label, why there is none (too few answers), or a dash."""
    if band is not None:
        return band_label(band.label, estimated)
    return NOT_ENOUGH if scored and not covered else NO_FIGURE


def _section(s: SectionResult) -> SectionPart:
    covered = s.covered
    if s.scored and not covered:
        line = (f"Not enough answers to score: {s.answered} of {s.questions} questions answered, "
                f"at least {s.required} needed.")
    else:
        line = f"Score: {num(s.score)} out of a possible {num(s.max)} ({pct(s.percent)})."
    heading = band_heading(s.band.label, s.band_estimated) if s.band else ""
    rows = tuple(_row(n, item) for n, item in enumerate(s.items, 1))
    radar = _radar(s, rows) if s.id in RADAR_SECTIONS and s.scored else None
    figure = s.scored  # a section of free text only has no figures to show
    return SectionPart(
        id=s.id, title=s.title, description=s.description, scored=s.scored, covered=covered,
        score=(num(s.score) if covered else NO_FIGURE) if figure else "", out_of=num(s.max) if figure else "",
        percent=pct(s.percent) if figure else "", percent_value=s.percent, tone=tone(s.percent),
        band_cell=band_cell(s.band, s.band_estimated, s.scored, covered) if figure else "",
        band_heading=heading, band_line=f"{heading}:" if heading else "", band_text=s.band.text if s.band else "",
        score_line=line if s.scored else "", missing_line=f"{s.missing} unanswered." if s.scored and s.missing else "",
        rows=rows, answer_headers=(RADAR_HEADERS if radar else ANSWER_HEADERS) if s.scored else (), chart=radar,
        missing=s.missing,
        band=s.band, band_estimated=s.band_estimated,
    )


def still_raises(part: SectionPart, needs: tuple[Need, ...] | tuple[RoomNeed, ...]) -> SectionPart:
    """A section with a band whose questions still raise needs: its band text ends by saying how many, so that no
    band reads as if nothing needs doing while needs are listed under it (docs/method.md, rule 15)."""
    count = sum(1 for n in needs if n.section == part.id)
    if not count or not part.band_heading:
        return part
    said = (f"{plural(count, 'question')} in this section raise{'s a need' if count == 1 else ' needs'}: see "
            f"the {NEEDS_TITLE}.")
    return part._replace(band_text=f"{part.band_text} {said}".strip())


def short_name(need: str, question: str) -> str:
    """A question's short name for a chart's label: its need, capitalised (else its id in words)."""
    text = need or question.replace("-", " ")
    return text[:1].upper() + text[1:]


def _row(number: int, item: Item) -> QuestionRow:
    answered = bool(item.answer or item.items)
    # A list's items are its entries; its answer is said only when there are none.
    answer = "" if item.items else item.answer or UNANSWERED
    return QuestionRow(
        number=number, question=item.question, text=item.text, name=short_name(item.need, item.question),
        kind=item.kind, answered=answered, answer=answer, entries=tuple(Response("", i) for i in item.items),
        level=item.level or "", mark=MARKS.get(item.level or "", ""), notes=_note(item.note),
        score=(num(item.score) if item.score is not None else NO_FIGURE) if item.kind == "choice" else "",
    )


def _radar(s: SectionResult, rows: tuple[QuestionRow, ...]) -> Chart | None:
    """The radar of a section's scored questions (at least three), each spoke out to the best score it can get."""
    items = [(row, item) for row, item in zip(rows, s.items) if item.kind == "choice"]
    if len(items) < 3 or not s.questions or not s.full_max:
        return None
    maximum = s.full_max / s.questions
    return Chart(kind=RADAR, title=f"{s.title}: score of each component, out of {num(maximum)}",
                 caption=RADAR_CAPTION.format(maximum=num(maximum)),
                 rows=tuple(ChartRow(f"{row.number}. {row.name}", (item.score,)) for row, item in items),
                 maximum=maximum)


def _note(text: str) -> tuple[Note, ...]:
    return (Note("", text),) if text else ()


def _need(number: int, need: Need) -> NeedEntry:
    urgent = need.urgent
    return NeedEntry(
        number=number, name=need.need, section=need.section, section_title=need.section_title,
        question=need.question, question_text=need.question_text, answer=need.answer, urgent=urgent,
        severity=need.severity, priority="high" if urgent else "normal",
        detail=f"{need.section_title}: \u201c{need.question_text}\u201d, answered {need.answer}.",
        brief=f"{need.section_title}: {need.answer}", actions=need.actions, notes=_note(need.note), option=need.level,
    )


def _listed(flag: Flag) -> ListedAnswer:
    return ListedAnswer(section=flag.section, section_title=flag.section_title, question=flag.question,
                        question_text=flag.question_text, answer=flag.answer, notes=_note(flag.note))


def _missing(m: Missing) -> ListedAnswer:
    return ListedAnswer(section=m.section, section_title=m.section_title, question=m.question,
                        question_text=m.question_text, answer="", notes=())


def answer_lists(low: list[ListedAnswer], tracked: list[ListedAnswer], unanswered: list[ListedAnswer],
                 room: bool, tracked_labels: tuple[str, ...] = ()) -> tuple[AnswerList, ...]:
    """The lists of answers shown without suggestions, those that have any, in order: low, tracked (headed in
    the words of the answers tracked), unanswered."""
    low_intro = ("These questions drew weak answers (a weak median answer, or at least a third of the answers weak: "
                 "each says which) but are read through the section's band rather than added to the Overall Record:"
                 if room else "These answers are low but are read through the section's band rather than added to "
                              "the Overall Record:")
    specs = (
        ("low", "Low answers", low_intro, WEAK_MARK, low),
        ("tracked", TRACKED_TITLE, tracked_intro(tracked_labels or tuple(e.answer for e in tracked)), TRACKED_MARK,
         tracked),
        ("unanswered", "Answered by nobody" if room else "Unanswered",
         "No respondent answered these questions:" if room else "Not counted in any score:", UNANSWERED_MARK,
         unanswered),
    )
    return tuple(AnswerList(key=key, title=title, intro=intro, mark=mark, entries=tuple(entries))
                 for key, title, intro, mark, entries in specs
                 if entries)
