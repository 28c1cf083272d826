"""What scoring produces: plain, frozen values that every report format renders."""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.method import NOT_ENOUGH, floor_percent, rounded
from lsp_check.questionnaire import AgreedAction, Band


def percent_of(score: float, maximum: float, minimum: float = 0.0) -> float | None:
    """Where a score lies from the lowest to the highest possible, in percent to one decimal place, as every
    report shows it; None when nothing counts (docs/method.md)."""
    return rounded(floor_percent(score, minimum, maximum))


class Item(NamedTuple):
    """One question as answered (or not) in a sheet."""

    question: str
    text: str
    kind: str
    answer: str | None = None
    option: str | None = None
    score: float | None = None
    level: str | None = None
    items: tuple[str, ...] = ()
    note: str = ""
    need: str = ""  # the question's short name: the need a weak answer reveals
    floor: float | None = None  # the lowest and highest score its scale allows, for comparisons
    ceiling: float | None = None
    step: float = 0.0  # the largest gap between neighbouring scores on its scale


class SectionResult(NamedTuple):
    """A section's score, maximum, percentage and band, and its items.

    ``percent`` runs from the lowest possible score of the answered questions (``low``) to the highest
    (``max``). When fewer than ``required`` scored questions are answered the section is not covered:
    ``percent``, ``band`` and ``mean`` are None and reports say ``status`` ("not enough answers to score").
    """

    id: str
    title: str
    description: str
    scored: bool
    score: float
    max: float
    full_max: float
    percent: float | None
    mean: float | None
    answered: int
    questions: int
    band: Band | None
    band_estimated: bool
    items: tuple[Item, ...]
    low: float = 0.0
    required: int = 0

    @property
    def missing(self) -> int:
        """How many scored questions were left unanswered."""
        return self.questions - self.answered

    @property
    def covered(self) -> bool:
        """Whether enough scored questions are answered for the section to be scored and banded."""
        return self.scored and self.answered >= self.required and self.answered > 0

    @property
    def status(self) -> str:
        """"scored", "not enough answers to score" (below the coverage rule) or "not scored" (narrative)."""
        if not self.scored:
            return "not scored"
        return "scored" if self.covered else NOT_ENOUGH

    @property
    def headline_percent(self) -> float | None:
        """The percent every report shows: the section's own, rounded once."""
        return self.percent

    @property
    def headline_exact(self) -> float | None:
        """The same percent unrounded, as gates read it (docs/method.md, rule 5); None when not covered."""
        return floor_percent(self.score, self.low, self.max) if self.covered else None



class Need(NamedTuple):
    """A need raised by a weak answer, with the actions it suggests."""

    section: str
    section_title: str
    question: str
    question_text: str
    need: str
    answer: str
    level: str
    actions: tuple[str, ...]
    note: str = ""
    severity: float = 1.0  # of the answer on its scale: 1 the worst, 0 the best
    urgent_answer: bool = True  # the answer is urgent on its scale: its worst, or marked urgent (docs/method.md)

    @property
    def urgent(self) -> bool:
        """Whether the answer is urgent on its scale, as every report marks it."""
        return self.urgent_answer

    # One answers file is one respondent: its need is felt by them, never disagreed on, and has no group
    # priority. These read as a room's need does (score/protocols.py ScoredNeed).
    @property
    def weak(self) -> int:
        """How many respondents gave a weak answer: the one who wrote the file."""
        return 1

    @property
    def responses(self) -> int:
        """How many respondents answered the question: one."""
        return 1

    @property
    def disagreement(self) -> bool:
        """One answer cannot disagree with itself."""
        return False

    @property
    def priority(self) -> str:
        """A group's priority ('high' when most respondents gave a weak answer); none for one answers file."""
        return ""


class Flag(NamedTuple):
    """An answer listed in the report without suggesting actions: tracked, or low in a band-read section."""

    section: str
    section_title: str
    question: str
    question_text: str
    answer: str
    note: str = ""


class Missing(NamedTuple):
    """A question with no answer."""

    section: str
    section_title: str
    question: str
    question_text: str


class Overall(NamedTuple):
    """The total over every covered section; ``percent`` is the headline figure (docs/method.md), ``exact`` the
    same unrounded. Both are None when a section is below the coverage rule: no figure from a partial
    assessment."""

    score: float
    max: float
    percent: float | None
    answered: int
    questions: int
    low: float = 0.0
    exact: float | None = None


class Result(NamedTuple):
    """The scored health check of one answers file."""

    partnership: str
    date: str
    respondent: str
    source: str
    sections: tuple[SectionResult, ...]
    overall: Overall
    needs: tuple[Need, ...]
    tracked: tuple[Flag, ...]
    low: tuple[Flag, ...]
    unanswered: tuple[Missing, ...]
    agreed: tuple[AgreedAction, ...] = ()
    organisation: str = ""  # the respondent's, from the answers file
    sector: str = ""

    @property
    def dates(self) -> tuple[str, ...]:
        """The dates the answers were given: the file's date, if it has one (as a room's ``dates``)."""
        return (self.date,) if self.date else ()

    @property
    def respondents(self) -> int:
        """How many respondents the result counts: one answers file is one."""
        return 1
