"""The report model of a trend: what it says, decided once for every format.

Titles, the assessments' labels, each section's series as figures and a sparkline, signed changes, movement in
symbol and word, the needs of each step and each need's history are worked out here; text, Markdown, HTML and
Word only lay them out.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.figures import pct
from lsp_check.report.model.chart import LINES, Chart, ChartRow
from lsp_check.report.model.compare import (
    NeedGroup,
    fell,
    need_group,
    need_ref,
    overall_title,
    section_note,
)
from lsp_check.report.model.privacy import small_room
from lsp_check.report.model.words import ARROWS, partnership_name, plural, signed
from lsp_check.score.compare import direction_of
from lsp_check.score.trend import IN_HAND, MET, NEED, NOT_ANSWERED, NOT_REASSESSED, RAISED, Trend

SPARKS = "▁▂▃▄▅▆▇█"
NO_FIGURE = "·"
# How each state of a need's answer reads in the history, as a mark and in words.
STATE_MARKS = {NEED: "▲", IN_HAND: "◆", MET: "✓", NOT_ANSWERED: "–"}
STATE_WORDS = {NEED: "need", IN_HAND: "in hand", MET: "no need", NOT_ANSWERED: "not answered"}
LEGEND = "▲ a need · ◆ action in hand · ✓ answered without a need · – not answered"
# Each step's need groups, in reading order, under their headings; those in SOMETIMES_SHOWN only when not empty.
STEP_GROUPS = (("resolved", "Resolved"), ("improved", "No longer a need but with weak answers"), ("in_hand", "Now in hand"),
               ("persisting", "Persisting"), ("lapsed", "Lapsed into action in hand"), (RAISED, "Raised"),
               (NOT_REASSESSED, "Not reassessed"))
SOMETIMES_SHOWN = ("improved", "lapsed", NOT_REASSESSED)
SECTIONS_HEADING = "Sections over the assessments"
NEEDS_HEADING = "Each need over the assessments"
SERIES_NOTE = ("Each assessment's headline figure (a file's percent, or a room's median respondent's). Change is "
               "from the first assessment to the latest; Latest is the change since the last assessment that scored "
               "the section, read as compare reads it. Changes in percentage points, worked out before rounding.")
SERIES_HEADERS = ("Section", "Trend", "Change", "Latest", "Band now")  # the assessments' dates go after Trend
NEED_HEADERS = ("Need", "Marks", "Now")  # the assessments' dates stand for Marks where each has its column


def sparkline(values: tuple[float | None, ...], missing: str = NO_FIGURE) -> str:
    """One block per figure, its height the percentage on a 0–100 scale (▁ at 0, █ at 100); ``missing`` for none."""
    return "".join(missing if v is None else SPARKS[min(7, max(0, round(v / 100 * 7)))] for v in values)


class Series(NamedTuple):
    """A section (or the overall figure) over the assessments: figures, a sparkline, changes and movement."""

    title: str
    values: tuple[str, ...]  # one figure per assessment, '–' where none
    spark: str
    change: str  # signed points, first to latest
    direction: str
    arrow: str
    latest: str  # signed points since the assessment before, as compare reads it
    latest_direction: str
    band: str  # the band at the latest assessment
    note: str  # compare's note on the latest step, or that the section regressed
    regressed: bool
    percents: tuple[float | None, ...]


class NeedLine(NamedTuple):
    """A need over the assessments: a mark and word per assessment, and what became of it in words."""

    need: str
    section_title: str
    marks: tuple[str, ...]
    words: tuple[str, ...]
    status: str  # 'resolved in 2007-03-02', 'persisting since 2006-02-24', …
    category: str

    @property
    def line(self) -> str:
        """'need (section)'."""
        return f"{self.need} ({self.section_title})"


class StepReport(NamedTuple):
    """Two consecutive assessments: what became of the needs between them."""

    title: str  # 'then → now'
    groups: tuple[NeedGroup, ...]

    @property
    def heading(self) -> str:
        """The step's heading: 'Needs, then → now'."""
        return f"Needs, {self.title}"


class TrendReport(NamedTuple):
    """What a trend says: the assessments, each section's series, the steps' needs and each need's history."""

    partnership: str
    title: str
    dates_line: str
    sections_heading: str
    needs_heading: str
    labels: tuple[str, ...]  # each assessment's date
    sources: tuple[str, ...]  # 'date: what it was read from', with its respondents for a room
    sections: tuple[Series, ...]
    overall: Series
    series_note: str
    regression_line: str
    steps: tuple[StepReport, ...]
    needs: tuple[NeedLine, ...]
    legend: str
    counts_line: str  # how many needs are resolved, in hand, persisting and raised now
    chart: Chart | None = None  # each section's percent at each assessment, a line per section
    series_headers: tuple[str, ...] = SERIES_HEADERS
    need_headers: tuple[str, ...] = NEED_HEADERS
    regressions: tuple[str, ...] = ()  # each section that fell by --min-change or more at the latest step


def _series(title: str, percents: tuple[float | None, ...], change: float | None, latest: float | None, band: str, note: str,
            regressed: bool) -> Series:
    direction = direction_of(change)
    return Series(title=title, values=tuple(pct(p) for p in percents), spark=sparkline(percents),
                  change=signed(change), direction=direction, arrow=ARROWS[direction],
                  latest=signed(latest), latest_direction=direction_of(latest), band=band, note=note,
                  regressed=regressed, percents=percents)


def _status(category: str, since: str, last_answered: str, again: bool, unasked: tuple[str, ...],
            up: tuple[str, str] | None = None) -> str:
    if category == NOT_REASSESSED:
        return f"not answered again after {last_answered}"
    if category == RAISED and up is not None:  # from in hand up to a weak answer: not a fall
        status = f"{'weak again' if again else 'raised'} in {since}: the answer moved up, from {up[0]} to {up[1]}"
    elif category == RAISED and again:
        status = f"raised again in {since}"
    else:
        status = {"resolved": f"resolved in {since}", "improved": f"no longer a need since {since}, some answers still weak",
                  "in_hand": f"in hand since {since}", "persisting": f"persisting since {since}",
                  "lapsed": f"lapsed into action in hand in {since}", RAISED: f"raised in {since}"}[category]
    return status + (f"; not asked in {', '.join(unasked)}" if unasked else "")


def _section_series(t: Trend, labels: tuple[str, ...]) -> tuple[Series, ...]:
    """Each section's series, its latest step as compare reads it, and why it is marked (a note, a regression)."""
    sections = []
    for s in t.sections:
        move = s.latest
        latest = move.change if move else None
        sides = (t.assessments[s.since].respondents, t.assessments[-1].respondents)
        note = section_note(move, labels[s.since], labels[-1], t.min_change, sides) if move else ""
        between = range(s.since + 1, len(labels) - 1)
        unasked = [labels[i] for i in between if s.asked and not s.asked[i]]
        unscored = [labels[i] for i in between if s.percents[i] is None and labels[i] not in unasked]
        gap = "; ".join(f"{why} in {', '.join(when)}" for why, when in (("not asked", unasked),
                                                                        ("not scored", unscored)) if when)
        if move and gap:
            note = "; ".join(filter(None, (f"compared with {labels[s.since]}: {gap}", note)))
        regressed = bool(move and move.regressed and latest is not None)
        if regressed:
            note = "; ".join(filter(None, (note, f"fell {signed(latest)[1:]} points since {labels[s.since]}: a "
                                                 f"regression (--min-change {t.min_change:g})")))
        sections.append(_series(s.title, s.percents, s.change, latest, s.bands[-1] or "–", note, regressed))
    return tuple(sections)


def _need_lines(t: Trend, labels: tuple[str, ...]) -> tuple[NeedLine, ...]:
    """Each need's marks and words per assessment, and what became of it."""
    needs = []
    for n in t.needs:
        answered = [i for i, state in enumerate(n.states) if state != NOT_ANSWERED]
        last = answered[-1] if answered else 0
        status = _status(n.category, labels[n.since], labels[last], NEED in n.states[:n.since],
                         tuple(labels[last + 1:]), n.moved_up)
        needs.append(NeedLine(need=n.need, section_title=n.section_title,
                              marks=tuple(STATE_MARKS[s] for s in n.states),
                              words=tuple(STATE_WORDS[s] for s in n.states), status=status, category=n.category))
    return tuple(needs)


def _source(t: Trend, index: int) -> str:
    """'date: where it was read from', with a room's respondents, the span of their dates when it is more than a
    day, and the assessments whose dates it overlaps."""
    a = t.assessments[index]
    about = [plural(a.respondents, "respondent")] if a.respondents != 1 else []
    if a.small and a.threshold is not None:  # said with its count, as a room's report says it
        about = [small_room(a.respondents, a.threshold).rstrip(".")]
    if a.first and a.last and a.first != a.last:
        about.append(f"dated by the median of answers given {a.first} to {a.last}")
    overlapping = [t.assessments[j if i == index else i].date for i, j in t.overlaps if index in (i, j)]
    if overlapping:
        about.append(f"warning: its dates overlap those of {', '.join(overlapping)}")
    return f"{a.date}: {a.source}" + (f" ({'; '.join(about)})" if about else "")


def trend_report(t: Trend) -> TrendReport:
    """The report model of a trend."""
    name = partnership_name(t.partnership)
    labels = tuple(a.date for a in t.assessments)
    sources = tuple(_source(t, i) for i in range(len(t.assessments)))
    overall = _series(overall_title(t.overall_sections, f"all {len(labels)}"), t.overall_percents,
                      t.overall_change, t.overall_latest, "", "", False)
    regressions = t.regressions
    since = {s.id: labels[s.since] for s in t.sections if s.latest is not None}
    if regressions:
        regression_line = (f"At {labels[-1]}, {plural(len(regressions), 'section')} regressed, falling by "
                           f"{t.min_change:g} points or more since its last figure: "
                           + ", ".join(f"{m.title} (since {since[m.id]})" for m in regressions) + ".")
    else:
        regression_line = (f"At {labels[-1]}, no section regressed: none fell by {t.min_change:g} points or more since "
                           "its last figure, by more than one answer moving one step, with or without any one "
                           "respondent.")
    steps = tuple(
        StepReport(f"{labels[step.then]} → {labels[step.now]}",
                   tuple(need_group(key.replace("_", "-"), title,
                                    tuple(need_ref(n, "", step.comparison) for n in step.needs(key)))
                         for key, title in STEP_GROUPS if key not in SOMETIMES_SHOWN or step.needs(key)))
        for step in t.steps
    )
    counts = [f"{len(t.category(key))} {title.lower()}" for key, title in STEP_GROUPS
              if key not in SOMETIMES_SHOWN or t.category(key)]
    sections = _section_series(t, labels)
    title = f"Each section's percentage of the possible score at each assessment, {labels[0]} to {labels[-1]}"
    chart = Chart(kind=LINES, title=title,
                  caption=f"{title}; one line and marker shape per section, named at its end. The table gives the same "
                          "figures.",
                  rows=tuple(ChartRow(s.title, s.percents) for s in sections), series=labels)
    return TrendReport(
        partnership=name, title=f"Trend: {name}",
        dates_line=f"{plural(len(labels), 'assessment')}, {labels[0]} to {labels[-1]}:",
        sections_heading=SECTIONS_HEADING, needs_heading=NEEDS_HEADING, labels=labels, sources=sources,
        sections=sections, overall=overall, series_note=SERIES_NOTE, regression_line=regression_line, steps=steps,
        needs=_need_lines(t, labels), legend=LEGEND,
        counts_line=(f"Needs over all {plural(len(labels), 'assessment')} ({labels[0]} to {labels[-1]}), each as the "
                     f"last comparison that spoke of it leaves it: {', '.join(counts)}."),
        chart=chart if sections and len(labels) >= 2 else None, regressions=fell(t.latest),
    )
