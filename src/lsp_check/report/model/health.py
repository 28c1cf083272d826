"""The report model: what a health check's report says, decided once for every format.

A result (one answers file, or a room of respondents per partnership) is turned
here into finished wording: the title and its lines, each need with whether it
is urgent, its detail sentence, its actions and the notes written on it, and
the lists of answers shown without suggestions (low, tracked, unanswered), each
with its heading, its introduction and the notes respondents wrote. Text,
Markdown, HTML, Word and GitHub output lay these out and decide nothing
themselves, so they cannot disagree about what is urgent, noted or said.

Rules decided here (docs/reports.md):

- a need of one answers file is *urgent* when its answer is in the worse half
  of its scale (severity at least 0.5: "NO – action is needed", "Never");
  a room's need is urgent when its priority is high; every format says so in
  words after the need's name ("(urgent)", "(high priority)"), not by colour
  or layout alone;
- notes respondents wrote go with the need or the listed answer they were
  written on; in a room they are anonymous unless respondents are named
  (``--show-respondents``);
- the lists follow the Overall Record in this order: to discuss (a room's
  questions whose answers disagree, with their distribution and consensus),
  low answers, action in hand, unanswered.
"""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

from typing import TYPE_CHECKING, NamedTuple, Union

from lsp_check.figures import num, pct
from lsp_check.method import NOT_ENOUGH
from lsp_check.questionnaire import Band
from lsp_check.report.model.words import (
    DISAGREE_MARK,
    NO_NEEDS,
    TRACKED_MARK,
    WEAK_MARK,
    band_heading,
    band_label,
    date_range,
    partnership_name,
    plural,
)
from lsp_check.score.result import Flag, Missing, Need, Result, SectionResult

if TYPE_CHECKING:
    from lsp_check.score.room import GroupFlag, GroupNeed, GroupResult, GroupSection

NEEDS_TITLE = "Overall Record"
NEEDS_INTRO = "These are the needs identified and actions worth considering:"
HIGH_PRIORITY = "high priority"
TO_DISCUSS = "To discuss"
TO_DISCUSS_INTRO = ("Partners answered these questions very differently (consensus below 0.5, where 1 is everyone "
                    "giving the same answer): "
                    "areas to explore together. Disagreement alone raises no need:")
URGENT_LABEL = "urgent"
ROOM_SUMMARY_NOTE = ("Median and range of respondents' totals, out of each section's maximum; overall is the median "
                     "respondent's percent.")


class Note(NamedTuple):
    """A note a respondent wrote on an answer: who wrote it ('' when anonymous) and what."""

    who: str
    text: str

    def line(self) -> str:
        """The note as one line: 'Note: …' or 'Note (name): …'."""
        return f"Note ({self.who}): {self.text}" if self.who else f"Note: {self.text}"


class NeedEntry(NamedTuple):
    """One need of the Overall Record, numbered, with everything every format shows of it."""

    number: int
    name: str
    section: str
    section_title: str
    question: str
    question_text: str
    answer: str
    urgent: bool
    severity: float
    priority: str  # "high" or "normal"
    detail: str  # one sentence: where the need comes from and how it was answered
    brief: str  # the same in a few words, for a terminal line: 'Section: answer'
    actions: tuple[str, ...]
    notes: tuple[Note, ...]
    weak: int = 1
    responses: int = 1
    disagreement: bool = False
    room: bool = False  # raised by a room's answers rather than one answers file

    @property
    def need(self) -> str:
        """The need's name (the name templates have always used)."""
        return self.name

    @property
    def note(self) -> str:
        """The notes as one line of text, '' when there are none."""
        return " ".join(note.line() for note in self.notes)

    @property
    def label(self) -> str:
        """How pressing the need is, in words every format shows: 'urgent', 'high priority' (a room's) or ''."""
        if not self.urgent:
            return ""
        return HIGH_PRIORITY if self.room else URGENT_LABEL

    @property
    def heading(self) -> str:
        """The need's name, with its label: 'added value (urgent)'."""
        return f"{self.name} ({self.label})" if self.label else self.name


class ListedAnswer(NamedTuple):
    """An answer listed without suggestions: low, tracked or unanswered."""

    section: str
    section_title: str
    question: str
    question_text: str
    answer: str  # '' for an unanswered question
    notes: tuple[Note, ...]

    @property
    def line(self) -> str:
        """'Section: question: answer' (the answer left out when there is none)."""
        head = f"{self.section_title}: {self.question_text}"
        return f"{head}: {self.answer}" if self.answer else head


class AnswerList(NamedTuple):
    """A list of answers shown without suggestions, with its heading and introduction."""

    key: str  # "discuss", "low", "tracked" or "unanswered"
    title: str
    intro: str
    mark: str
    entries: tuple[ListedAnswer, ...]


class SectionPart(NamedTuple):
    """A section's figures and lines as every format shows them, in the summary table and under its heading."""

    id: str
    title: str
    description: str
    scored: bool
    covered: bool  # scored, with enough answers to be scored and banded (docs/method.md)
    score: str  # a file's score, or a room's median respondent's total; '–' when not covered
    out_of: str
    percent: str
    percent_value: float | None
    band_cell: str  # the band as a table cell: label (estimated), or why there is none
    band_heading: str  # the band's label as a heading shows it, '' when there is no band
    band_text: str
    score_line: str  # 'Score: 18 out of a possible 24 (75.0%).', the coverage note, or a room's respondents
    missing_line: str  # '2 unanswered.' for a file's section, else ''
    respondents: str = ""  # a room's: how many answered the section
    range: str = ""  # a room's: the lowest and highest respondent's total

    @property
    def fraction(self) -> str:
        """'18/24', or '–' when there is no score."""
        return f"{self.score}/{self.out_of}" if self.score not in ("", "–") else "–"

    @property
    def score_of(self) -> str:
        """'18 of 24', or '–' when there is no score."""
        return f"{self.score} of {self.out_of}" if self.score not in ("", "–") else "–"


class Report(NamedTuple):
    """What one health check's report says: its title and lines, needs, listed answers and legend."""

    kind: str  # "single" or "room"
    partnership: str
    title: str
    lines: tuple[str, ...]  # under the title: date, respondent, respondents
    scored: bool  # any section is scored: only then is there an Overall Record to show
    sections: tuple[SectionPart, ...]
    overall: SectionPart
    summary_note: str  # said under the summary table, or ''
    needs_title: str
    needs_intro: str  # said before the needs, or that none were raised
    needs: tuple[NeedEntry, ...]
    lists: tuple[AnswerList, ...]  # only the non-empty ones, in order
    legend: str


def _notes(pairs: tuple[tuple[str, str], ...]) -> tuple[Note, ...]:
    return tuple(Note(who, text) for who, text in pairs)


def single_report(result: Result) -> Report:
    """The report model of one answers file."""
    name = partnership_name(result.partnership)
    lines = tuple(x for x in (f"Date: {result.date}" if result.date else "",
                              f"Respondent: {result.respondent}" if result.respondent else "") if x)
    needs = tuple(_single_need(i, need) for i, need in enumerate(result.needs, 1))
    lists = _lists(
        [_listed(f, _note(f.note)) for f in result.low],
        [_listed(f, _note(f.note)) for f in result.tracked],
        [_missing(m) for m in result.unanswered],
        room=False,
    )
    legend = f"{WEAK_MARK} a weak answer · {TRACKED_MARK} action in hand" if (
        result.needs or result.low or result.tracked) else ""
    scored = any(s.scored for s in result.sections)
    o = result.overall
    missing = o.questions - o.answered
    scored_overall = o.percent is not None
    overall = SectionPart("overall", "Overall", "", True, scored_overall, num(o.score) if scored_overall else "–",
                          num(o.max), pct(o.percent), o.percent, "", "", "", "", "")
    summary_note = (f"{missing} of {plural(o.questions, 'question')} unanswered: scores are out of the questions "
                    "answered." if missing else "")
    return Report("single", name, f"Partnership health check: {name}", lines, scored,
                  tuple(_single_section(s) for s in result.sections), overall, summary_note, NEEDS_TITLE,
                  NEEDS_INTRO if needs else NO_NEEDS, needs, lists, legend)


def _band_cell(band: Band | None, estimated: bool, scored: bool, covered: bool) -> str:
    if band is not None:
        return band_label(band.label, estimated)
    return NOT_ENOUGH if scored and not covered else "–"


def _single_section(s: SectionResult) -> SectionPart:
    covered = s.covered
    score = num(s.score) if covered else "–"
    line = s.coverage_note or f"Score: {num(s.score)} out of a possible {num(s.max)} ({pct(s.percent)})."
    return SectionPart(
        s.id, s.title, s.description, s.scored, covered, score, num(s.max), pct(s.percent), s.percent,
        _band_cell(s.band, s.band_estimated, s.scored, covered),
        band_heading(s.band.label, s.band_estimated) if s.band else "", s.band.text if s.band else "",
        line if s.scored else "", f"{s.missing} unanswered." if s.scored and s.missing else "",
    )


def _room_section(s: "GroupSection") -> SectionPart:
    covered = s.covered
    line = f"{plural(s.respondents, 'respondent')} answered this section." + (
        f" {s.coverage_note}" if s.coverage_note else "")
    return SectionPart(
        s.id, s.title, s.description, s.scored, covered,
        num(s.median_score) if s.median_score is not None else "–", num(s.max), pct(s.median_percent),
        s.median_percent, _band_cell(s.band, False, s.scored, covered),
        s.band.label if s.band else "", s.band.text if s.band else "", line, "",
        str(s.respondents), f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
    )


def _note(text: str) -> tuple[Note, ...]:
    return (Note("", text),) if text else ()


def _single_need(number: int, need: Need) -> NeedEntry:
    urgent = need.urgent
    return NeedEntry(
        number, need.need, need.section, need.section_title, need.question, need.question_text, need.answer,
        urgent, need.severity, "high" if urgent else "normal",
        f"{need.section_title}: \u201c{need.question_text}\u201d, answered {need.answer}.",
        f"{need.section_title}: {need.answer}", need.actions, _note(need.note),
    )


def room_report(group: "GroupResult") -> Report:
    """The report model of one partnership's respondents."""
    name = partnership_name(group.partnership)
    meta = plural(group.respondents, "respondent")
    when = date_range(group.dates)
    lines: tuple[str, ...] = (meta + (f" · {when}" if when else ""),)
    if group.names:
        lines += ("Respondents: " + ", ".join(group.names),)
    notes = {(s.id, i.question): _notes(i.notes) for s in group.sections for i in s.items if i.notes}
    needs = tuple(_room_need(i, need, notes.get((need.section, need.question), ()))
                  for i, need in enumerate(group.needs, 1))
    discuss = [ListedAnswer(d.section, d.section_title, d.question, d.question_text,
                            f"{d.distribution} (consensus {d.consensus:.2f})", notes.get((d.section, d.question), ()))
               for d in group.to_discuss]
    lists = _to_discuss(discuss) + _lists(
        [_listed(f, notes.get((f.section, f.question), ()), "median ") for f in group.low],
        [_listed(f, notes.get((f.section, f.question), ()), "median ") for f in group.tracked],
        [_listed(f, ()) for f in group.unanswered],
        room=True,
    )
    disagree = any(i.disagreement for s in group.sections for i in s.items)
    legend = (f"{DISAGREE_MARK} answers are spread across the scale (consensus below 0.5): partners disagree, "
              "to discuss." if disagree else "")
    scored = any(s.scored for s in group.sections)
    o = group.overall
    overall = SectionPart("overall", "Overall (median respondent)", "", True, o.percent is not None, "", "",
                          pct(o.percent), o.percent, "", "", "", "", "")
    return Report("room", name, f"Partnership health check: {name}", lines, scored,
                  tuple(_room_section(s) for s in group.sections), overall, ROOM_SUMMARY_NOTE, NEEDS_TITLE,
                  NEEDS_INTRO if needs else NO_NEEDS, needs, lists, legend)


def _room_need(number: int, need: "GroupNeed", notes: tuple[Note, ...]) -> NeedEntry:
    spread = f"{need.weak} of {need.responses} weak" + ("; answers disagree" if need.disagreement else "")
    detail = f"{need.section_title}: \u201c{need.question_text}\u201d: median answer {need.answer}; {spread}."
    brief = f"{need.section_title}: median {need.answer}; {spread}"
    return NeedEntry(
        number, need.need, need.section, need.section_title, need.question, need.question_text, need.answer,
        need.urgent, need.severity, need.priority, detail, brief, need.actions, notes,
        need.weak, need.responses, need.disagreement, True,
    )


def _listed(flag: Union[Flag, "GroupFlag"], notes: tuple[Note, ...], prefix: str = "") -> ListedAnswer:
    answer = prefix + flag.answer if flag.answer else ""
    return ListedAnswer(flag.section, flag.section_title, flag.question, flag.question_text, answer, notes)


def _missing(m: Missing) -> ListedAnswer:
    return ListedAnswer(m.section, m.section_title, m.question, m.question_text, "", ())


def _to_discuss(entries: list[ListedAnswer]) -> tuple[AnswerList, ...]:
    if not entries:
        return ()
    return (AnswerList("discuss", TO_DISCUSS, TO_DISCUSS_INTRO, DISAGREE_MARK, tuple(entries)),)


def _lists(low: list[ListedAnswer], tracked: list[ListedAnswer], unanswered: list[ListedAnswer],
           room: bool) -> tuple[AnswerList, ...]:
    which = "median answers" if room else "answers"
    specs = (
        ("low", "Low answers", f"These {which} are low but are read through the section's band rather than added "
                               "to the Overall Record:", WEAK_MARK, low),
        ("tracked", "Action in hand", "Tracked, with no new suggestions:", TRACKED_MARK, tracked),
        ("unanswered", "Answered by nobody" if room else "Unanswered",
         "No respondent answered these questions:" if room else "Not counted in any score:", "?", unanswered),
    )
    return tuple(AnswerList(key, title, intro, mark, tuple(entries)) for key, title, intro, mark, entries in specs
                 if entries)
