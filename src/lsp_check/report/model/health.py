"""The report model of a health check, for one answers file and for one partnership's room alike.

One answers file (model/single.py) and a room of respondents (model/room.py) are reported with the same
types, so that whatever lays out one (a format, or a user's template) lays out the other: a report has a
title and its lines, a summary table and chart, each section with a row per question, the Overall Record
of needs with their actions and notes, the action plan, the answers listed without suggestions and a legend.
Every string a reader sees is finished here; formats only lay these out.

Rules decided in the builders (docs/reports.md):

- a need of one answers file is *urgent* when its answer is in the worse half of its scale (severity at least
  0.5: "NO – action is needed", "Never"); a room's need is urgent when its priority is high; every format
  says so in words after the need's name ("(urgent)", "(high priority)"), not by colour or layout alone;
- notes respondents wrote go with the need or the listed answer they were written on; in a room they are
  anonymous unless respondents are named (``--show-respondents``);
- the lists follow the Overall Record in this order: to discuss (a room's questions whose answers disagree,
  with their distribution and consensus), low answers, action in hand, unanswered, and (in a room below the
  anonymity threshold) the notes, listed apart from their questions' answers;
- what is withheld to keep respondents anonymous is said under the title (model/privacy.py).
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.questionnaire import Band
from lsp_check.report.model.chart import Chart
from lsp_check.report.model.plan import PlanReport
from lsp_check.report.model.words import HIGH_PRIORITY, URGENT_LABEL, note_line


class Note(NamedTuple):
    """A note a respondent wrote on an answer: who wrote it ('' when anonymous) and what."""

    who: str
    text: str

    def line(self) -> str:
        """The note as one line: 'Note: …' or 'Note (name): …'."""
        return note_line(self.who, self.text)


class Response(NamedTuple):
    """An item of a list answer, or a room's free-text answer: who gave it ('' when anonymous) and what."""

    who: str
    text: str

    @property
    def line(self) -> str:
        """'name: text', or the text alone."""
        return f"{self.who}: {self.text}" if self.who else self.text


class Count(NamedTuple):
    """How many of a room's respondents chose one option, and how the option reads (its tone)."""

    label: str
    chosen: int
    level: str
    tone: str

    @property
    def line(self) -> str:
        """'Often: 2'."""
        return f"{self.label}: {self.chosen}"


class QuestionRow(NamedTuple):
    """A question as a report shows it: one file's answer and mark, or a room's distribution and median.

    A room's row fills ``answer`` with its median answer and ``score`` with its mean, so that a layout
    written for one file reads a room's question too.
    """

    number: int  # its place in the section, from 1 (a radar's spoke numbers)
    question: str  # its id
    text: str
    name: str  # its short name: the need it reveals, capitalised (a chart's label)
    kind: str  # choice, text or list
    answered: bool
    answer: str  # the answer ('; ' between a list's items), '(unanswered)'; a room's median, '(no answers)'
    entries: tuple[Response, ...]  # a list's items; a room's free-text answers
    level: str  # weak, tracked, ok, or '' for free text
    mark: str  # ▲ for a weak answer, ◆ for one tracked, else ''
    notes: tuple[Note, ...]
    score: str  # '2', or '–'; a room's mean
    responses: int = 1
    counts: tuple[Count, ...] = ()  # a room's: each option in the scale's order
    distribution: str = ""  # a room's: 'Never 1 · Sometimes 3 · Often 0 · Always 0'
    median: str = ""
    mean: str = ""
    disagreement: bool = False
    flag: str = ""  # '⚠ disagree' when a room's answers disagree
    chart: Chart | None = None  # a room's distribution bar

    @property
    def note(self) -> str:
        """The notes as one line ('Note: …'), '' when there are none."""
        return " ".join(note.line() for note in self.notes)


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
    tone: str  # how the percent reads: low, mid, high or none (words.tone)
    band_cell: str  # the band as a table cell: label (estimated), or why there is none
    band_heading: str  # the band's label as a heading shows it, '' when there is no band
    band_line: str  # the band's lead-in before its text: 'Label:' for a file, 'Median in band: Label.' for a room
    band_text: str
    score_line: str  # 'Score: 18 out of a possible 24 (75.0%).', the coverage note, or a room's respondents
    missing_line: str  # '2 unanswered.' for a file's section, else ''
    rows: tuple[QuestionRow, ...] = ()
    answer_headers: tuple[str, ...] = ()  # the columns of its table of questions
    chart: Chart | None = None  # a radar of its questions' scores, where the section has one
    respondents: str = ""  # a room's: how many answered the section
    range: str = ""  # a room's: the lowest and highest respondent's total
    options_line: str = ""  # a room's: the scale's answers in order, for a layout that shows counts alone
    missing: int = 0  # how many scored questions are unanswered
    band: Band | None = None
    band_estimated: bool = False  # the band was estimated from the questions answered

    @property
    def fraction(self) -> str:
        """'18/24', or '–' when there is no score."""
        return f"{self.score}/{self.out_of}" if self.score not in ("", "–") else "–"

    @property
    def score_of(self) -> str:
        """'18 of 24', or '–' when there is no score."""
        return f"{self.score} of {self.out_of}" if self.score not in ("", "–") else "–"


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
    option: str = ""  # the id of the answer's option the actions are for

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

    @property
    def statement(self) -> str:
        """The detail, with the label before its full stop: one line for a format that gives each need one."""
        return f"{self.detail[:-1]}; {self.label}." if self.label else self.detail


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

    key: str  # "discuss", "low", "tracked", "unanswered" or "notes" (a small room's, apart from their answers)
    title: str
    intro: str
    mark: str
    entries: tuple[ListedAnswer, ...]


class Report(NamedTuple):
    """What one health check's report says: one answers file's (``kind`` "single"), or one partnership's room."""

    kind: str  # "single" or "room"
    partnership: str
    title: str
    lines: tuple[str, ...]  # under the title: date, respondent, respondents
    scored: bool  # any section is scored: only then are there a summary and an Overall Record to show
    sections: tuple[SectionPart, ...]
    overall: SectionPart
    summary_title: str
    summary_headers: tuple[str, ...]
    summary_short: tuple[str, ...]  # the same columns, named for a narrow layout (the terminal)
    summary_note: str  # said under the summary table, or ''
    summary_chart: Chart | None
    needs_title: str
    needs_intro: str  # said before the needs, or that none were raised
    needs: tuple[NeedEntry, ...]
    plan: PlanReport | None  # the action plan, when anything is planned
    lists: tuple[AnswerList, ...]  # only the non-empty ones, in order
    legend: str
    date: str = ""  # one file's date and respondent, as written ('' for a room)
    respondent: str = ""
    source: str = ""  # the answers file it was read from ('' for a room)
    combined: str = ""  # what a room's warning in lines says: its answers look like separate assessments combined

    @property
    def meta(self) -> str:
        """The lines under the title, as one line."""
        return " · ".join(self.lines)
