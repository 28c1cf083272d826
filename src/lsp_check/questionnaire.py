"""The questionnaire model: scales, options, questions, sections, bands and answer sheets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from lsp_check.matching import normalise
from lsp_check.method import required_answers, urgent_answer

if TYPE_CHECKING:
    import datetime

WEAK = "weak"
TRACKED = "tracked"
OK = "ok"
LEVELS = (WEAK, TRACKED, OK)

CHOICE = "choice"
TEXT = "text"
LIST = "list"
KINDS = (CHOICE, TEXT, LIST)

BAND_BASES = ("total", "percent", "mean")


class Option(NamedTuple):
    """One step of a scale: what people tick, what it scores and whether it is weak."""

    id: str
    label: str
    score: float
    level: str = OK
    urgent: bool = False  # marked `urgent: true` in the questionnaire (docs/authoring.md)


class Scale(NamedTuple):
    """A named, reusable list of options, worst first."""

    name: str
    options: tuple[Option, ...]
    title: str = ""
    lookup: Mapping[str, Option] = {}  # noqa: RUF012 - never mutated; filled by build()
    max_score: float = 0.0  # the best score an answer can get; filled by build()
    min_score: float = 0.0  # the worst score an answer can get; filled by build()
    # The largest gap between two neighbouring scores: the most one answer moving one step can score; by build().
    largest_step: float = 0.0

    @classmethod
    def build(cls, name: str, options: tuple[Option, ...], title: str = "") -> Scale:
        """Make a scale whose options can be found by id or label, tolerantly."""
        lookup: dict[str, Option] = {}
        for option in options:
            lookup.setdefault(normalise(option.label), option)
            lookup.setdefault(normalise(option.id), option)
        # Exact spellings, found without normalising: 17% of `lsp-check score DIR --format json` on 10,000 files
        # (bench/tricks.py "exact-lookups").
        for option in options:
            lookup.setdefault(option.label, option)
            lookup.setdefault(option.id, option)
        scores = [option.score for option in options]
        steps = sorted(set(scores))
        return cls(name, options, title, lookup, max(scores, default=0.0), min(scores, default=0.0),
                   max((b - a for a, b in zip(steps, steps[1:])), default=0.0))

    def find(self, answer: str) -> Option | None:
        """The option an answer names (by id or label), or None."""
        found = self.lookup.get(answer)
        return found if found is not None else self.lookup.get(normalise(answer))

    def severity(self, option: Option) -> float:
        """How bad an answer is on this scale: 1 for the worst score, 0 for the best."""
        span = self.max_score - self.min_score
        return (self.max_score - option.score) / span if span else 1.0

    def urgent(self, option: Option) -> bool:
        """Whether an answer is urgent (docs/method.md): one the questionnaire marks `urgent: true` or, where it
        marks none, the scale's worst answer."""
        return urgent_answer(option.score, self.min_score, option.urgent, any(o.urgent for o in self.options))


class Band(NamedTuple):
    """A range of values with its label and interpretation."""

    min: float
    max: float
    label: str
    text: str = ""


class Question(NamedTuple):
    """One statement or question, how it is answered, and what a weak answer suggests."""

    id: str
    text: str
    kind: str = CHOICE
    scale: Scale | None = None
    need: str | None = None
    actions: tuple[str, ...] = ()
    actions_by_option: Mapping[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated
    choices: tuple[str, ...] = ()  # a list question's options as a form offers them (ticked several at once)

    def actions_for(self, option: Option) -> tuple[str, ...]:
        """The suggested actions for an answer of this option."""
        return self.actions_by_option.get(option.id, self.actions)

    @property
    def scored(self) -> bool:
        """Whether the question's answers add to the section's score."""
        return self.kind == CHOICE


class Section(NamedTuple):
    """A scored (or narrative) part of a questionnaire: the unit answers files refer to."""

    id: str
    title: str
    questions: tuple[Question, ...]
    questionnaire: str
    description: str = ""
    raise_needs: bool = True
    band_basis: str = "total"
    bands: tuple[Band, ...] = ()
    min_answered: float | int = 0.5  # coverage: a share of the scored questions (float) or a count (int)

    by_id: Mapping[str, Question] = {}  # noqa: RUF012 - filled by build(); never mutated
    # How many scored questions must be answered for the section to be scored (docs/method.md); by build().
    required: int = 0

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Section:
        """Make a section whose questions can be found by id quickly, with its coverage rule worked out."""
        section = cls(*args, **kwargs)
        scored = sum(1 for q in section.questions if q.scored)
        return section._replace(by_id={q.id: q for q in section.questions},
                                required=required_answers(section.min_answered, scored))

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self.by_id.get(question_id)

    @property
    def scored(self) -> bool:
        """Whether any question in the section is scored."""
        return any(q.scored for q in self.questions)



class Questionnaire(NamedTuple):
    """A questionnaire file: a title, a source and one or more sections."""

    id: str
    title: str
    sections: tuple[Section, ...]
    path: str
    description: str = ""
    source: str = ""

    @property
    def question_count(self) -> int:
        """How many questions the questionnaire asks."""
        return sum(len(s.questions) for s in self.sections)


class Library(NamedTuple):
    """Every questionnaire and scale available to a run."""

    questionnaires: Mapping[str, Questionnaire]
    sections: Mapping[str, Section]
    scales: Mapping[str, Scale]
    notices: tuple[str, ...] = ()

    def expand(self, ids: tuple[str, ...]) -> tuple[Section, ...] | None:
        """Sections for questionnaire or section ids, in the order given; None if any is unknown."""
        out: list[Section] = []
        for item in ids:
            if item in self.questionnaires:
                out.extend(self.questionnaires[item].sections)
            elif item in self.sections:
                out.append(self.sections[item])
            else:
                return None
        return tuple({section.id: section for section in out}.values())


AnswerValue = Union[Option, str, tuple[str, ...]]


class Answer(NamedTuple):
    """One answer from an answers file: an option, a text or a list of texts, with a note."""

    question: str
    value: AnswerValue
    note: str = ""


class AgreedAction(NamedTuple):
    """An action a partnership has already agreed, written in its answers file."""

    action: str
    horizon: int = 12  # months
    owner: str = ""
    due: str = ""
    need: str = ""


HORIZONS = (6, 12)


# What an answers file's date is: an ISO date, YYYY-MM-DD, and nothing else. One rule for validate, score and
# trend alike, so that a file one of them accepts the others accept too; dates written as text sort as dates only
# in this form (a room's "first to last", trend's order). Form exports' own formats are converted to it when they
# are read (load/formdates.py).
ISO_DATE = "an ISO date, YYYY-MM-DD, such as 2006-02-24"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> datetime.date | None:
    """The date an ISO date's text gives (2006-02-24), or None for anything else (24/02/2006, 2006-2-24, 2006-02-30)."""
    import datetime  # here: most runs read no date as a date

    if not _ISO.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class AnswerSheet(NamedTuple):
    """A validated answers file: who answered, when (an ISO date: ``iso_date``), the answers by section, and actions
    already agreed."""

    path: str
    partnership: str
    date: str
    answers: Mapping[str, Mapping[str, Answer]]
    respondent: str = ""
    agreed: tuple[AgreedAction, ...] = ()
    sector: str = ""  # normalised: council, police, health, voluntary, business, ... (see sectors.py)
    organisation: str = ""
