"""What scoring produces: plain, frozen values that every report format renders."""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

from typing import Any, NamedTuple

from lsp_check.model import Band


def percent_of(score: float, maximum: float) -> float | None:
    """A percentage rounded to one decimal place, as every report shows it; None when nothing counts."""
    return round(score / maximum * 100, 1) if maximum else None


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


class SectionResult(NamedTuple):
    """A section's score, maximum, percentage and band, and its items."""

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

    @property
    def missing(self) -> int:
        """How many scored questions were left unanswered."""
        return self.questions - self.answered


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
    """The total over every scored section."""

    score: float
    max: float
    percent: float | None
    answered: int
    questions: int


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
    agreed: tuple = ()
    plan: Any = None
