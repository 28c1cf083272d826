"""The report model of a room: each partnership's respondents combined (the types are model/health.py's)."""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.figures import num, pct
from lsp_check.method import INDIVIDUAL_BELOW, NOT_ENOUGH_WHOLE
from lsp_check.report.model.chart import BARS, DISTRIBUTION, Chart, ChartRow
from lsp_check.report.model.health import (
    AnswerList,
    Count,
    ListedAnswer,
    NeedEntry,
    Note,
    QuestionRow,
    Report,
    Response,
    SectionPart,
)
from lsp_check.report.model.plan import plan_report
from lsp_check.report.model.privacy import (
    NOTES_MARK,
    NOTES_TITLE,
    POOLED_WITHHELD,
    WITHHELD,
    notes_intro,
    room_lines,
    threshold_of,
)
from lsp_check.report.model.single import UNSAID, answer_lists, band_cell, short_name, still_raises
from lsp_check.report.model.words import (
    DISAGREE_FLAG,
    DISAGREE_LEGEND,
    DISAGREE_MARK,
    INDIVIDUAL_INTRO,
    INDIVIDUAL_TITLE,
    NEEDS_INTRO,
    NEEDS_TITLE,
    NO_ANSWERS,
    NO_FIGURE,
    NO_NEEDS,
    OVERALL_ROOM,
    ROOM_ANSWER_HEADERS,
    ROOM_SUMMARY_HEADERS,
    ROOM_SUMMARY_NOTE,
    ROOM_SUMMARY_SHORT,
    SCALED_MARK,
    SUMMARY,
    TO_DISCUSS,
    TO_DISCUSS_INTRO,
    WEAK_MARK,
    band_label,
    combined_assessments,
    combined_warning,
    date_range,
    floor_note,
    median_band,
    partnership_name,
    plural,
    spread,
    tone,
)
from lsp_check.score.plan import make_plan
from lsp_check.score.room import OptionCount, Room, RoomFlag, RoomItem, RoomNeed, Rooms, RoomSection


class RoomsReport(NamedTuple):
    """What a room's report says: one health check's report per partnership, under the document's title."""

    title: str
    reports: tuple[Report, ...]


LEVEL_TONES = {"weak": "low", "tracked": "mid", "ok": "high"}  # an option's level as its segment's tone
SUMMARY_CHART = ("Median respondent's percentage of the possible score for each section",
                 "The median respondent's percentage in each section, with the band of the median; the table gives "
                 "the same figures.")


def rooms_report(rooms: Rooms) -> RoomsReport:
    """The report model of a room: one report per partnership, under the document's title."""
    reports = tuple(room_report(room) for room in rooms.rooms)
    title = reports[0].title if len(reports) == 1 else f"Partnership health checks: {plural(len(reports), 'partnership')}"
    return RoomsReport(title, reports)


def room_report(room: Room) -> Report:
    """The report model of one partnership's respondents."""
    name = partnership_name(room.partnership)
    meta = plural(room.respondents, "respondent")
    when = date_range(room.dates)
    lines: tuple[str, ...] = (meta + (f" · {when}" if when else ""),)
    threshold = threshold_of(room.disclosure)
    if room.periods[1:]:
        lines += (combined_warning(room.periods, threshold),)
    if room.names:
        lines += ("Respondents: " + ", ".join(room.names),)
    lines += room_lines(room.disclosure, room.respondents)
    notes = {(s.id, i.question): tuple(Note(who, text) for who, text in i.notes)
             for s in room.sections for i in s.items if i.notes}
    needs = tuple(_need(i, need, notes.get((need.section, need.question), ()))
                  for i, need in enumerate(room.needs, 1))
    discuss = [ListedAnswer(section=d.section, section_title=d.section_title, question=d.question,
                            question_text=d.question_text,
                            answer=f"{_distribution(_counts(d.counts), given_only=True)} (consensus {d.consensus:.2f})",
                            notes=notes.get((d.section, d.question), ()))
               for d in room.to_discuss]
    lists = _to_discuss(discuss) + _individual(room, notes) + answer_lists(
        [_listed(f, notes.get((f.section, f.question), ()), "median ", weak=True) for f in room.low],
        [_listed(f, notes.get((f.section, f.question), ()), "median ") for f in room.tracked],
        [_listed(f, ()) for f in room.unanswered],
        room=True, tracked_labels=tuple(f.answer for f in room.tracked),
    ) + _notes_apart(room)
    disagree = any(i.disagreement for s in room.sections for i in s.items)
    o = room.overall
    overall = SectionPart(
        id="overall", title=OVERALL_ROOM, description="", scored=True, covered=o.percent is not None, score="",
        out_of="", percent=pct(o.percent), percent_value=o.percent, tone=tone(o.percent), band_cell="",
        band_heading="", band_line="", band_text="", score_line="", missing_line="",
    )
    ranges = room.disclosure.ranges if room.disclosure else ()
    sections = tuple(still_raises(_section(s, s.id in ranges), room.needs) for s in room.sections)
    chart = Chart(kind=BARS, title=SUMMARY_CHART[0], caption=SUMMARY_CHART[1],
                  rows=tuple(ChartRow(p.title, (p.percent_value,), p.band.label if p.band else "")
                             for p in sections if p.scored))
    plan = make_plan(room)
    scored = any(s.scored for s in room.sections)
    return Report(
        kind="room", partnership=name, title=f"Partnership health check: {name}", lines=lines, scored=scored,
        sections=sections, overall=overall if scored else UNSAID, summary_title=SUMMARY if scored else "",
        summary_headers=ROOM_SUMMARY_HEADERS if scored else (), summary_short=ROOM_SUMMARY_SHORT if scored else (),
        summary_note=_summary_note(room) if scored else "", summary_chart=chart if chart.rows else None,
        needs_title=NEEDS_TITLE if scored else "", needs_intro=(NEEDS_INTRO if needs else NO_NEEDS) if scored else "",
        needs=needs, plan=plan_report(plan) if plan.rows else None,
        lists=lists, legend=DISAGREE_LEGEND if disagree else "",
        combined=combined_assessments(room.periods, threshold),
    )


def _summary_note(room: Room) -> str:
    """Under a room's summary: what its figures are, the pooled figure where respondents answered different
    sections, why there is no overall figure, and what a percent from the floor means."""
    notes = [ROOM_SUMMARY_NOTE]
    short = [s for s in room.sections if s.scored and not s.covered]
    if short:
        notes.append(f"Overall: {NOT_ENOUGH_WHOLE} ({', '.join(s.title for s in short)}: no respondent answered "
                     "enough of it); no overall figure is given for a partial assessment.")
    elif room.section_sets > 1:
        pooled = (POOLED_WITHHELD if room.pooled_percent is None
                  else f"every answer pooled reads {pct(room.pooled_percent)}")
        notes.append(f"Respondents answered different sets of sections ({room.section_sets} sets), so the overall "
                     f"figure weighs each section's median rather than pooling every answer; {pooled}.")
    if any(s.scaled_respondents for s in room.sections):
        notes.append(f"{SCALED_MARK} marks a total scaled to the full section from the questions a respondent "
                     "answered (pro rata).")
    floor = next((s for s in room.sections if s.covered and s.low and s.median_score is not None), None)
    if floor is not None:
        notes.append(floor_note(floor.title, num(floor.median_score), num(floor.max), num(floor.low),
                                pct(floor.median_percent)))
    return " ".join(notes)


def _scaled(figure: str, scaled: bool) -> str:
    return SCALED_MARK + figure if scaled else figure


def _section(s: RoomSection, range_withheld: bool = False) -> SectionPart:
    covered = s.covered
    line = f"{plural(s.respondents, 'respondent')} answered this section."
    if s.scored and not s.scored_respondents:
        line += (f" Not enough answers to score: no respondent answered at least {s.required} of its scored "
                 "questions.")
    elif s.scored and s.scored_respondents != s.respondents:
        line += (f" Totals count the {s.scored_respondents} of {s.respondents} respondents who answered at least "
                 f"{s.required} of its scored questions; every answer counts in the distributions.")
    if s.scaled_respondents:
        line += (f" {s.scaled_respondents} of the {s.scored_respondents} counted skipped questions: their totals are "
                 f"scaled to the full section pro rata (marked {SCALED_MARK})"
                 + (", the median's among them, so its band is estimated." if s.median_scaled else "."))
    rows = tuple(_row(n, item) for n, item in enumerate(s.items, 1))
    choice = [item for item in s.items if item.counts]
    return SectionPart(
        id=s.id, title=s.title, description=s.description, scored=s.scored, covered=covered,
        score=_scaled(num(s.median_score), s.median_scaled) if s.median_score is not None else NO_FIGURE,
        out_of=num(s.max), percent=pct(s.median_percent), percent_value=s.median_percent, tone=tone(s.median_percent),
        band_cell=band_cell(s.band, s.median_scaled, s.scored, covered),
        band_heading=band_label(s.band.label, s.median_scaled) if s.band else "",
        band_line=median_band(band_label(s.band.label, s.median_scaled)) if s.band else "", band_text=s.band.text if s.band else "",
        score_line=line, missing_line="", rows=rows, answer_headers=ROOM_ANSWER_HEADERS if choice else (),
        respondents=str(s.respondents),
        range=WITHHELD if range_withheld else
        f"{_scaled(num(s.low_score), s.range_scaled[0])}–{_scaled(num(s.high_score), s.range_scaled[1])}"
        if s.low_score is not None else NO_FIGURE,
        options_line="answers: " + " · ".join(c.label for c in choice[0].counts) if choice else "",
        band=s.band, band_estimated=s.median_scaled,
    )


def _counts(counts: tuple[OptionCount, ...]) -> tuple[Count, ...]:
    return tuple(Count(c.label, c.chosen, c.level, LEVEL_TONES.get(c.level, "none")) for c in counts)


def _distribution(counts: tuple[Count, ...], given_only: bool = False) -> str:
    """'Never 1 · Sometimes 3 · Often 0': every option's count, or only those someone chose."""
    return " · ".join(f"{c.label} {c.chosen}" for c in counts if c.chosen or not given_only)


def _row(number: int, item: RoomItem) -> QuestionRow:
    counts = _counts(item.counts)
    entries = tuple(Response(who, text) for who, text in item.texts)
    if counts:
        answered = item.responses > 0
        answer = item.median or NO_FIGURE
    else:
        answered = bool(entries)
        answer = "" if entries else NO_ANSWERS  # its answers are its entries
    chart = None
    if counts and item.responses:
        chart = Chart(kind=DISTRIBUTION, title="Answers: " + ", ".join(f"{c.label} {c.chosen}" for c in counts),
                      caption="", rows=tuple(ChartRow(c.label, (float(c.chosen),), tones=(c.tone,)) for c in counts),
                      maximum=float(item.responses))
    mean = num(item.mean)
    return QuestionRow(
        number=number, question=item.question, text=item.text, name=short_name("", item.question), kind=item.kind,
        answered=answered, answer=answer, entries=entries, level=item.median_level or "",
        mark="", notes=tuple(Note(who, text) for who, text in item.notes),
        score=mean, responses=item.responses, counts=counts, distribution=_distribution(counts),
        median=item.median or NO_FIGURE, mean=mean, disagreement=item.disagreement,
        flag=DISAGREE_FLAG if item.disagreement else "", chart=chart,
    )


def _need(number: int, need: RoomNeed, notes: tuple[Note, ...]) -> NeedEntry:
    how = spread(need.weak, need.responses, need.disagreement)
    detail = f"{need.section_title}: \u201c{need.question_text}\u201d: median answer {need.answer}; {how}."
    brief = f"{need.section_title}: median {need.answer}; {how}"
    return NeedEntry(
        number=number, name=need.need, section=need.section, section_title=need.section_title,
        question=need.question, question_text=need.question_text, answer=need.answer, urgent=need.urgent,
        severity=need.severity, priority=need.priority, detail=detail, brief=brief, actions=need.actions,
        notes=notes, weak=need.weak, responses=need.responses, disagreement=need.disagreement, room=True,
        option=need.level,
    )


def _listed(flag: RoomFlag, notes: tuple[Note, ...], prefix: str = "", weak: bool = False) -> ListedAnswer:
    answer = prefix + flag.answer if flag.answer else ""
    if weak and answer:
        answer += f"; {spread(flag.weak, flag.responses, False)}"
    return ListedAnswer(section=flag.section, section_title=flag.section_title, question=flag.question,
                        question_text=flag.question_text, answer=answer, notes=notes)


def _notes_apart(room: Room) -> tuple[AnswerList, ...]:
    """A small room's notes, listed apart from their questions' answers (score/disclosure.py)."""
    d = room.disclosure
    if d is None or not d.notes:
        return ()
    entries = tuple(ListedAnswer(section=n.section, section_title=n.section_title, question=n.question,
                                 question_text=n.question_text, answer="", notes=(Note("", n.text),))
                    for n in d.notes)
    return (AnswerList(key="notes", title=NOTES_TITLE, intro=notes_intro(d.threshold), mark=NOTES_MARK,
                       entries=entries),)


def _individual(room: Room, notes: dict[tuple[str, str], tuple[Note, ...]]) -> tuple[AnswerList, ...]:
    """The single weak answers that are one person's view (method.individual_view), each with its answer."""
    if not room.individual:
        return ()
    entries = tuple(ListedAnswer(section=f.section, section_title=f.section_title, question=f.question,
                                 question_text=f.question_text,
                                 answer=f"{f.answer}; {spread(f.weak, f.responses, False)}",
                                 notes=notes.get((f.section, f.question), ()))
                    for f in room.individual)
    return (AnswerList(key="individual", title=INDIVIDUAL_TITLE, intro=INDIVIDUAL_INTRO.format(below=INDIVIDUAL_BELOW),
                       mark=WEAK_MARK, entries=entries),)


def _to_discuss(entries: list[ListedAnswer]) -> tuple[AnswerList, ...]:
    if not entries:
        return ()
    return (AnswerList(key="discuss", title=TO_DISCUSS, intro=TO_DISCUSS_INTRO, mark=DISAGREE_MARK,
                       entries=tuple(entries)),)
