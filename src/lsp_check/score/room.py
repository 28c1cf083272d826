"""Scoring a room: many respondents' answers combined per partnership. Pure: no printing, no files.

Answers are streamed into an Accumulator (add one sheet at a time, or merge two
accumulators built in different processes), which keeps counts and totals, not
the sheets, so memory stays flat however many files there are.

The group rules (documented in docs/groups.md):

- the median answer of a question is its lower median on the scale's order;
- answers *disagree* when they span two or more scale steps;
- a group need is raised when the median answer is weak, when at least a
  third of respondents gave a weak answer, or when answers disagree and any
  of them is weak;
- its priority is high when at least two thirds gave a weak answer, or when
  answers disagree: disagreement raises an item, it never hides it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lsp_check import model
from lsp_check.matching import normalise
from lsp_check.model import AnswerSheet, Library, Option, Question, Section
from lsp_check.score.result import Overall, percent_of

DISAGREEMENT_STEPS = 2
WEAK_SHARE = 1 / 3
HIGH_SHARE = 2 / 3


class OptionCount(NamedTuple):
    """How many respondents chose one option."""

    id: str
    label: str
    level: str
    count: int


class GroupItem(NamedTuple):
    """One question across a group: the distribution, the median and the mean."""

    question: str
    text: str
    kind: str
    responses: int
    counts: tuple[OptionCount, ...] = ()
    median: str | None = None
    median_level: str | None = None
    mean: float | None = None
    spread: int = 0
    disagreement: bool = False
    weak_share: float = 0.0
    texts: tuple[tuple[str, str], ...] = ()  # (respondent or "", text)
    notes: tuple[tuple[str, str], ...] = ()


class GroupSection(NamedTuple):
    """A section across a group: respondents' totals, their median and range, and the items."""

    id: str
    title: str
    description: str
    scored: bool
    respondents: int
    max: float
    median_score: float | None
    low_score: float | None
    high_score: float | None
    median_percent: float | None
    band: model.Band | None
    items: tuple[GroupItem, ...]
    exact_percent: float | None = None  # median_percent before rounding, for comparisons


class GroupNeed(NamedTuple):
    """A need raised by a group's answers, with how widely it is felt and its priority."""

    section: str
    section_title: str
    question: str
    question_text: str
    need: str
    answer: str
    level: str
    actions: tuple[str, ...]
    weak: int
    responses: int
    disagreement: bool
    priority: str
    severity: float = 1.0  # of the answer the actions are for, on its scale: 1 the worst, 0 the best


class GroupFlag(NamedTuple):
    """A tracked or low item of a group, by its median answer."""

    section: str
    section_title: str
    question: str
    question_text: str
    answer: str


class GroupResult(NamedTuple):
    """The combined health check of one partnership's respondents."""

    partnership: str
    dates: tuple[str, ...]
    respondents: int
    names: tuple[str, ...]
    sources: tuple[str, ...]
    sections: tuple[GroupSection, ...]
    overall: Overall
    median_percent: float | None
    needs: tuple[GroupNeed, ...]
    tracked: tuple[GroupFlag, ...]
    low: tuple[GroupFlag, ...]
    unanswered: tuple[GroupFlag, ...]
    agreed: tuple = ()
    plan: Any = None


class _SectionTally:
    __slots__ = ("order", "respondents", "counts", "scores", "texts", "notes", "totals")

    def __init__(self) -> None:
        self.order = 0
        self.respondents = 0
        self.counts: dict[str, dict[str, int]] = {}
        self.scores: dict[str, float] = {}
        self.texts: dict[str, list[tuple[str, str]]] = {}
        self.notes: dict[str, list[tuple[str, str]]] = {}
        # one (score, max, answered) per respondent who answered the section
        self.totals: list[tuple[float, float, int]] = []


class Accumulator:
    """Counts and totals of many respondents' answers for one partnership."""

    def __init__(self, partnership: str, keep_names: bool = False) -> None:
        self.partnership = partnership
        self.keep_names = keep_names
        self.respondents = 0
        self.names: list[str] = []
        self.dates: set[str] = set()
        self.sources: list[str] = []
        self.sections: dict[str, _SectionTally] = {}
        self.overall: list[tuple[float, float]] = []
        self.agreed: dict[str, model.AgreedAction] = {}

    def add(self, sheet: AnswerSheet, library: Library) -> None:
        """Count one respondent's answers."""
        self.respondents += 1
        name = sheet.respondent if self.keep_names else ""
        if self.keep_names:
            self.names.append(sheet.respondent or sheet.path)
            self.sources.append(sheet.path)
        if sheet.date:
            self.dates.add(sheet.date)
        for action in sheet.agreed:
            self.agreed.setdefault(normalise(action.action), action)
        total = maximum = 0.0
        for section_id, answers in sheet.answers.items():
            section = library.sections[section_id]
            tally = self.sections.get(section_id)
            if tally is None:
                tally = self.sections[section_id] = _SectionTally()
                tally.order = len(self.sections)
            score = most = 0.0
            answered = 0
            if answers:
                tally.respondents += 1
            for question_id, answer in answers.items():
                value = answer.value
                if isinstance(value, Option):
                    question = section.question(question_id)
                    counts = tally.counts.setdefault(question_id, {})
                    counts[value.id] = counts.get(value.id, 0) + 1
                    tally.scores[question_id] = tally.scores.get(question_id, 0.0) + value.score
                    score += value.score
                    most += question.scale.max_score if question and question.scale else 0
                    answered += 1
                elif isinstance(value, tuple):
                    tally.texts.setdefault(question_id, []).extend((name, item) for item in value)
                else:
                    tally.texts.setdefault(question_id, []).append((name, value))
                if answer.note:
                    tally.notes.setdefault(question_id, []).append((name, answer.note))
            if answered:
                tally.totals.append((score, most, answered))
                total += score
                maximum += most
        if maximum:
            self.overall.append((total, maximum))

    def merge(self, other: Accumulator) -> None:
        """Fold in another accumulator of the same partnership (e.g. from another process)."""
        self.respondents += other.respondents
        self.names.extend(other.names)
        self.sources.extend(other.sources)
        self.dates |= other.dates
        self.overall.extend(other.overall)
        for key, action in other.agreed.items():
            self.agreed.setdefault(key, action)
        for section_id, theirs in other.sections.items():
            mine = self.sections.get(section_id)
            if mine is None:
                theirs.order = len(self.sections) + 1
                self.sections[section_id] = theirs
                continue
            for question_id, counts in theirs.counts.items():
                target = mine.counts.setdefault(question_id, {})
                for option_id, count in counts.items():
                    target[option_id] = target.get(option_id, 0) + count
            for question_id, value in theirs.scores.items():
                mine.scores[question_id] = mine.scores.get(question_id, 0.0) + value
            for question_id, texts in theirs.texts.items():
                mine.texts.setdefault(question_id, []).extend(texts)
            for question_id, notes in theirs.notes.items():
                mine.notes.setdefault(question_id, []).extend(notes)
            mine.totals.extend(theirs.totals)
            mine.respondents += theirs.respondents

    def finish(self, library: Library) -> GroupResult:
        """The group result: distributions, medians, disagreement and needs."""
        sections: list[GroupSection] = []
        needs: list[GroupNeed] = []
        tracked: list[GroupFlag] = []
        low: list[GroupFlag] = []
        unanswered: list[GroupFlag] = []
        for section_id, tally in sorted(self.sections.items(), key=lambda kv: kv[1].order):
            section = library.sections[section_id]
            items = []
            for question in section.questions:
                item = _item(question, tally)
                items.append(item)
                if item.responses == 0:
                    unanswered.append(GroupFlag(section.id, section.title, question.id, question.text, ""))
                    continue
                _classify(section, question, item, needs, tracked, low)
            sections.append(_section(section, tally, tuple(items)))
        total = sum(s for s, _ in self.overall)
        maximum = sum(m for _, m in self.overall)
        given = sum(t[2] for tally in self.sections.values() for t in tally.totals)
        overall = Overall(total, maximum, percent_of(total, maximum), given, given)
        percents = sorted(s / m * 100 for s, m in self.overall if m)
        from lsp_check.score.plan import make_plan

        result = GroupResult(
            self.partnership, tuple(sorted(self.dates)), self.respondents, tuple(self.names), tuple(self.sources),
            tuple(sections), overall, round(median(percents), 1) if percents else None, tuple(needs),
            tuple(tracked), tuple(low), tuple(unanswered), tuple(self.agreed.values()),
        )
        return result._replace(plan=make_plan(result))


def median(values: list[float]) -> float:
    """The median of sorted values."""
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def _item(question: Question, tally: _SectionTally) -> GroupItem:
    texts = tuple(tally.texts.get(question.id, ()))
    notes = tuple(tally.notes.get(question.id, ()))
    if not question.scored or question.scale is None:
        return GroupItem(question.id, question.text, question.kind, len(texts), texts=texts, notes=notes)
    raw = tally.counts.get(question.id, {})
    options = question.scale.options
    counts = tuple(OptionCount(o.id, o.label, o.level, raw.get(o.id, 0)) for o in options)
    responses = sum(c.count for c in counts)
    if not responses:
        return GroupItem(question.id, question.text, question.kind, 0, counts, notes=notes)
    # Lower median in the scale's order, worst first.
    ranked = sorted(range(len(options)), key=lambda i: options[i].score)
    position, seen, median_index = (responses - 1) // 2, 0, ranked[0]
    for index in ranked:
        seen += counts[index].count
        if seen > position:
            median_index = index
            break
    chosen = [ranked.index(i) for i, c in enumerate(counts) if c.count]
    spread = max(chosen) - min(chosen)
    weak = sum(c.count for c in counts if c.level == model.WEAK)
    mean = round(tally.scores.get(question.id, 0.0) / responses, 2)
    return GroupItem(
        question.id, question.text, question.kind, responses, counts, options[median_index].label,
        options[median_index].level, mean, spread, spread >= DISAGREEMENT_STEPS, weak / responses, texts, notes,
    )


def _classify(section: Section, question: Question, item: GroupItem, needs: list, tracked: list, low: list) -> None:
    if not question.scored or question.scale is None:
        return
    raised = (item.median_level == model.WEAK or item.weak_share >= WEAK_SHARE - 1e-9
              or (item.disagreement and item.weak_share > 0))
    if raised and section.raise_needs:
        weak_options = [o for o in question.scale.options if o.level == model.WEAK]
        by_id = {c.id: c.count for c in item.counts}
        median_option = question.scale.find(item.median or "")
        if median_option is not None and median_option.level == model.WEAK:
            basis = median_option
        else:
            # The most chosen weak answer; ties go to the worse one.
            basis = max(weak_options, key=lambda o: (by_id.get(o.id, 0), -o.score))
        weak = round(item.weak_share * item.responses)
        high = item.weak_share >= HIGH_SHARE - 1e-9 or item.disagreement
        needs.append(GroupNeed(
            section.id, section.title, question.id, question.text, question.need or question.text,
            item.median or "", basis.id, question.actions_for(basis), weak, item.responses, item.disagreement,
            "high" if high else "normal", question.scale.severity(basis),
        ))
    elif raised:
        low.append(GroupFlag(section.id, section.title, question.id, question.text, item.median or ""))
    elif item.median_level == model.TRACKED:
        tracked.append(GroupFlag(section.id, section.title, question.id, question.text, item.median or ""))


def _section(section: Section, tally: _SectionTally, items: tuple[GroupItem, ...]) -> GroupSection:
    scored = section.scored
    full_max = sum(q.scale.max_score for q in section.questions if q.scored and q.scale)
    totals = tally.totals
    if not scored or not totals:
        return GroupSection(section.id, section.title, section.description, scored, tally.respondents, full_max,
                            None, None, None, None, None, items)
    # Respondents who skipped questions are put on the full scale pro rata, so totals compare.
    scaled = sorted(score / most * full_max if most else 0.0 for score, most, _ in totals)
    percents = sorted(score / most * 100 for score, most, _ in totals if most)
    means = sorted(score / answered for score, _, answered in totals)
    band = None
    if section.bands:
        from lsp_check.score.engine import band_for

        value = {"percent": median(percents) if percents else 0.0, "mean": median(means)}.get(
            section.band_basis, median(scaled))
        band = band_for(section.bands, value)
    return GroupSection(
        section.id, section.title, section.description, scored, tally.respondents, full_max, round(median(scaled), 2),
        round(scaled[0], 2), round(scaled[-1], 2), round(median(percents), 1) if percents else None, band, items,
        median(percents) if percents else None,
    )


def score_groups(library: Library, sheets: list[AnswerSheet], keep_names: bool = False) -> list[GroupResult]:
    """Group sheets by partnership (in order of first appearance) and score each group."""
    groups: dict[str, Accumulator] = {}
    for sheet in sheets:
        key = sheet.partnership
        if key not in groups:
            groups[key] = Accumulator(key, keep_names)
        groups[key].add(sheet, library)
    return [acc.finish(library) for acc in groups.values()]
