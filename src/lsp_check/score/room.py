"""Scoring a room: many respondents' answers combined per partnership. Pure: no printing, no files.

Answers are streamed into an Accumulator (add one sheet at a time, or merge two
accumulators built in different processes), which keeps counts and totals, not
the sheets, so memory stays flat however many files there are.

The group rules (documented in docs/method.md):

- a question's median answer, a section's median total and the headline
  percent are all lower medians (``method.lower_median``): always an answer or
  a respondent that exists;
- answers *disagree* when Tastle & Wierman's consensus of the distribution is
  below 0.5, judged only with three or more answers; a disagreement puts the
  item *to discuss*, and does not by itself raise a need or its priority;
- a group need is raised when the median answer is weak or at least a third
  of respondents gave a weak answer; its priority is high when at least two
  thirds did; a single weak answer among two to four answers is an individual
  view instead, raising nothing;
- a section is scored over the respondents who answered enough of it
  (the coverage rule); every answer still counts in its question's distribution;
  the totals of respondents who skipped questions are scaled to the full section
  pro rata, and say so;
- the overall figure is the sections' headline percents, each weighted by its
  score range, withheld when a section is below the coverage rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from lsp_check import method, questionnaire
from lsp_check.matching import identity, normalise
from lsp_check.questionnaire import AnswerSheet, Library, Option, Question, Scale, Section
from lsp_check.score.bands import band_for, band_value
from lsp_check.score.result import percent_of

WEAK_SHARE = 1 / 3
HIGH_SHARE = 2 / 3


class OptionCount(NamedTuple):
    """How many respondents chose one option."""

    id: str
    label: str
    level: str
    chosen: int


class RoomItem(NamedTuple):
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
    consensus: float | None = None  # Tastle & Wierman, 1 all agree, 0 split at the two ends
    minority: int = 0  # answers two or more steps from the median: a minority view, shown on the item
    floor: float | None = None  # the lowest and highest score the question's scale allows
    ceiling: float | None = None
    step: float = 0.0  # the largest gap between neighbouring scores on its scale
    need: str = ""  # the need a weak answer reveals (its short name)
    median_score: float | None = None  # the median answer's score on its scale (the mean is ``mean``)


class RoomSection(NamedTuple):
    """A section across a group: respondents' totals, their median and range, and the items.

    Totals, range, percent and band count only the ``scored_respondents`` who answered at least
    ``required`` of its scored questions; with none, they are None and ``status`` says
    "not enough answers to score". ``rows`` keeps those respondents' answer scores by question,
    so a comparison can re-read the section over the questions answered both times. The totals of the
    ``scaled_respondents`` who skipped questions are put on the full section pro rata; ``median_scaled`` and
    ``range_scaled`` say whether the median and each end of the range are such a total.
    """

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
    band: questionnaire.Band | None
    items: tuple[RoomItem, ...]
    exact_percent: float | None = None  # median_percent before rounding, for comparisons
    scored_respondents: int = 0
    required: int = 0
    rows: tuple[tuple[tuple[str, float], ...], ...] = ()
    low: float = 0.0  # the lowest total the full section allows (``max`` is the highest)
    scaled_respondents: int = 0
    median_scaled: bool = False
    range_scaled: tuple[bool, bool] = (False, False)

    @property
    def covered(self) -> bool:
        """Whether at least one respondent answered enough of the section for it to be scored."""
        return self.scored and self.scored_respondents > 0

    @property
    def status(self) -> str:
        """"scored", "not enough answers to score" or "not scored" (a narrative section)."""
        if not self.scored:
            return "not scored"
        return "scored" if self.covered else method.NOT_ENOUGH

    @property
    def headline_percent(self) -> float | None:
        """The percent every report shows: the median respondent's (docs/method.md), rounded once."""
        return self.median_percent

    @property
    def headline_exact(self) -> float | None:
        """The same percent unrounded, as gates read it (docs/method.md, rule 5)."""
        return self.exact_percent if self.median_percent is not None else None



class RoomNeed(NamedTuple):
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
    urgent_answer: bool = False  # the answer the actions are for is urgent on its scale

    @property
    def urgent(self) -> bool:
        """Whether the need is a room's high priority, as every report marks it."""
        return self.priority == "high"


class RoomFlag(NamedTuple):
    """A tracked, low or unanswered item of a group, by its median answer; or an individual view, by the one weak
    answer given. ``weak`` of ``responses`` respondents gave a weak answer."""

    section: str
    section_title: str
    question: str
    question_text: str
    answer: str
    weak: int = 0
    responses: int = 0


class ToDiscuss(NamedTuple):
    """A question whose answers disagree (consensus below the threshold): an area to explore together."""

    section: str
    section_title: str
    question: str
    question_text: str
    consensus: float
    responses: int
    counts: tuple[OptionCount, ...]


class LooseNote(NamedTuple):
    """A note listed apart from its question's answers (in a room below the anonymity threshold)."""

    section: str
    section_title: str
    question: str
    question_text: str
    text: str


class RoomDisclosure(NamedTuple):
    """What was withheld from a room's report, and the threshold it was judged by (score/disclosure.py)."""

    threshold: int
    withheld: tuple[str, ...]  # codes: disclosure.SMALL_ROOM, RANGE, NOTES_APART, POOLED
    ranges: tuple[str, ...] = ()  # the sections whose range is withheld
    notes: tuple[LooseNote, ...] = ()  # with NOTES_APART: every note, apart from its question


class RoomOverall(NamedTuple):
    """A room's overall figures. ``percent`` is the headline (each section's median respondent's percent, weighted
    by the section's range of possible scores: docs/method.md), ``exact`` the same unrounded; both None when a
    section is below the coverage rule. ``pooled_score``, ``pooled_min`` and ``pooled_max`` total every counted
    answer over the covered sections: from floor to ceiling they give ``Room.pooled_percent``, not the headline.
    ``answered`` counts the answers given, over ``questions`` (the same: a room counts what was answered)."""

    pooled_score: float
    pooled_max: float
    percent: float | None
    answered: int
    questions: int
    pooled_min: float = 0.0
    exact: float | None = None


class Room(NamedTuple):
    """The combined health check of one partnership's respondents.

    ``overall.percent`` and ``median_percent`` are the headline figure: each section's headline (its median
    respondent's percent) weighted by the section's score range; None when a section is below the coverage rule.
    ``pooled_percent`` pools every counted answer instead; ``section_sets`` is how many different sets of
    sections respondents were counted in. ``to_discuss`` lists the questions whose answers disagree,
    ``individual`` the single weak answers that are one person's view. ``need_respondents`` gives, for each
    need's name (normalised) that more than one question raises, how many respondents gave a weak answer to any
    of those questions and how many answered one. ``median_date`` is the lower median of the respondents' dates.
    """

    partnership: str
    dates: tuple[str, ...]
    respondents: int
    names: tuple[str, ...]
    sources: tuple[str, ...]
    sections: tuple[RoomSection, ...]
    overall: RoomOverall
    median_percent: float | None
    needs: tuple[RoomNeed, ...]
    tracked: tuple[RoomFlag, ...]
    low: tuple[RoomFlag, ...]
    unanswered: tuple[RoomFlag, ...]
    agreed: tuple[questionnaire.AgreedAction, ...] = ()
    to_discuss: tuple[ToDiscuss, ...] = ()
    pooled_percent: float | None = None
    disclosure: RoomDisclosure | None = None  # what an anonymous report withholds (score/disclosure.py)
    individual: tuple[RoomFlag, ...] = ()
    section_sets: int = 0
    need_respondents: tuple[tuple[str, int, int], ...] = ()
    median_date: str = ""
    periods: tuple[method.Period, ...] = ()  # its periods of fieldwork (method.periods_of): more than one looks
    # like separate assessments combined


class Rooms(NamedTuple):
    """What several answers files add up to: one room per partnership, in the order partnerships were first met.

    ``left_out`` names the partnerships (with their respondents) left out of a report of several because their
    rooms are below the anonymity threshold (score/disclosure.py).
    """

    rooms: tuple[Room, ...]
    left_out: tuple[tuple[str, int], ...] = ()
    left_out_below: int = 0  # the threshold those left out fell below (score/disclosure.py leave_out_small)


class AtomTally:
    """The respondents of one (sector, organisation): how many answered each question and were scored in each
    section, and up to two of the different answers (or section percents) they gave, enough to tell whether they
    all gave the same one. ``()`` counts the respondents. Disclosure control reads these (score/disclosure.py)."""

    __slots__ = ("counts", "values")

    def __init__(self) -> None:
        self.counts: dict[tuple[str, ...], int] = {}
        self.values: dict[tuple[str, ...], set[object]] = {}

    def add(self, item: tuple[str, ...], value: object = None) -> None:
        """Count one respondent for an item, with what they gave."""
        self.counts[item] = self.counts.get(item, 0) + 1
        if value is not None:
            seen = self.values.setdefault(item, set())
            if len(seen) < 2:
                seen.add(value)

    def merge(self, other: AtomTally) -> None:
        """Fold in the same respondents' tally counted elsewhere (another process)."""
        for item, count in other.counts.items():
            self.counts[item] = self.counts.get(item, 0) + count
        for item, values in other.values.items():
            seen = self.values.setdefault(item, set())
            for value in values:
                if len(seen) < 2:
                    seen.add(value)


class _SectionTally:
    __slots__ = ("order", "respondents", "counts", "scores", "texts", "notes", "totals")

    def __init__(self) -> None:
        self.order = 0
        self.respondents = 0
        self.counts: dict[str, dict[str, int]] = {}
        self.scores: dict[str, float] = {}
        self.texts: dict[str, list[tuple[str, str]]] = {}
        self.notes: dict[str, list[tuple[str, str]]] = {}
        # one (score, max, floor, answered, answer scores by question) per respondent who answered the section
        self.totals: list[tuple[float, float, float, int, tuple[tuple[str, float], ...]]] = []


class Accumulator:
    """Counts and totals of many respondents' answers for one partnership."""

    def __init__(self, partnership: str, keep_names: bool = False, by: str = "") -> None:
        self.partnership = partnership
        self.keep_names = keep_names
        # With ``by`` ("sector" or "organisation"), each group's answers are also counted in an accumulator of
        # their own (score/sectors.py): counts per group, never the sheets. "" is the group that gave none.
        self.by = by
        self.by_group: dict[str, Accumulator] = {}
        # With ``by``, every respondent is also counted by sector and organisation together (an "atom"), with what
        # they answered, so that disclosure control (score/disclosure.py) sees both ways of grouping at once.
        self.atoms: dict[tuple[str, str], AtomTally] = {}
        self.spellings: dict[str, str] = {}  # each ``by`` group's identity -> its first spelling (matching.identity)
        self.first_path = ""
        self.respondents = 0
        self.names: list[str] = []
        self.dates: set[str] = set()
        self.sources: list[str] = []
        self.sections: dict[str, _SectionTally] = {}
        self.overall: list[tuple[float, float, float]] = []  # (score, max, floor) over covered sections
        self.agreed: dict[str, questionnaire.AgreedAction] = {}
        self.days: dict[str, int] = {}  # each date, with how many respondents gave it
        self.dated: dict[str, str] = {}  # each date, with the first file that gave it
        self.section_sets: dict[tuple[str, ...], int] = {}  # the sections a respondent was counted in
        self.need_counts: dict[str, list[int]] = {}  # need key -> [respondents weak in it, respondents answering]

    def add(self, sheet: AnswerSheet, library: Library) -> None:
        """Count one respondent's answers."""
        if self.by:
            key = self._group_key(getattr(sheet, self.by, ""))
            group = self.by_group.get(key)
            if group is None:
                group = self.by_group[key] = Accumulator(self.partnership)
            group.add(sheet, library)
            self._count_atom(sheet, library)
        if not self.first_path:
            self.first_path = sheet.path
        self.respondents += 1
        name = sheet.respondent if self.keep_names else ""
        if self.keep_names:
            self.names.append(sheet.respondent or sheet.path)
            self.sources.append(sheet.path)
        if sheet.date:
            self.dates.add(sheet.date)
            self.days[sheet.date] = self.days.get(sheet.date, 0) + 1
            self.dated.setdefault(sheet.date, sheet.path)
        for action in sheet.agreed:
            self.agreed.setdefault(normalise(action.action), action)
        total = maximum = floor = 0.0
        counted: list[str] = []
        weak_needs: set[str] = set()
        asked_needs: set[str] = set()
        shared = shared_needs(library)
        for section_id, answers in sheet.answers.items():
            section = library.sections[section_id]
            sharing = shared.get(section_id)
            tally = self.sections.get(section_id)
            if tally is None:
                tally = self.sections[section_id] = _SectionTally()
                tally.order = len(self.sections)
            score = most = least = 0.0
            answered = 0
            row: list[tuple[str, float]] = []
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
                    least += question.scale.min_score if question and question.scale else 0
                    answered += 1
                    row.append((question_id, value.score))
                    if sharing and question_id in sharing:
                        key = sharing[question_id]
                        asked_needs.add(key)
                        if value.level == questionnaire.WEAK:
                            weak_needs.add(key)
                elif isinstance(value, str):
                    tally.texts.setdefault(question_id, []).append((name, value))
                else:
                    tally.texts.setdefault(question_id, []).extend((name, item) for item in value)
                if answer.note:
                    tally.notes.setdefault(question_id, []).append((name, answer.note))
            # Only respondents who meet the coverage rule count in the section's totals.
            if answered and answered >= section.required:
                tally.totals.append((score, most, least, answered, tuple(row)))
                total += score
                maximum += most
                floor += least
                counted.append(section_id)
        if maximum > floor:
            self.overall.append((total, maximum, floor))
        if counted:
            key_set = tuple(sorted(counted))
            self.section_sets[key_set] = self.section_sets.get(key_set, 0) + 1
        for key in asked_needs:
            tally_of_need = self.need_counts.setdefault(key, [0, 0])
            tally_of_need[1] += 1
            if key in weak_needs:
                tally_of_need[0] += 1

    def _group_key(self, name: str) -> str:
        key = identity(name)
        self.spellings.setdefault(key, name)
        return key

    def _count_atom(self, sheet: AnswerSheet, library: Library) -> None:
        """Count a respondent by sector and organisation: what they answered and how each section scored."""
        atom = (identity(sheet.sector), identity(sheet.organisation))
        tally = self.atoms.get(atom)
        if tally is None:
            tally = self.atoms[atom] = AtomTally()
        tally.add(())
        for section_id, answers in sheet.answers.items():
            section = library.sections[section_id]
            score = most = least = 0.0
            chosen = 0
            for question_id, answer in answers.items():
                value = answer.value
                question = section.question(question_id)
                if isinstance(value, Option) and question is not None and question.scale is not None:
                    tally.add((section_id, question_id), value.id)
                    score += value.score
                    most += question.scale.max_score
                    least += question.scale.min_score
                    chosen += 1
            if chosen and chosen >= section.required and most > least:
                tally.add((section_id,), round((score - least) / (most - least), 9))

    def merge(self, other: Accumulator) -> None:
        """Fold in another accumulator of the same partnership (e.g. from another process)."""
        self.first_path = self.first_path or other.first_path
        for key, name in other.spellings.items():
            self.spellings.setdefault(key, name)
        for atom, counted in other.atoms.items():
            if atom in self.atoms:
                self.atoms[atom].merge(counted)
            else:
                self.atoms[atom] = counted
        self.respondents += other.respondents
        self.names.extend(other.names)
        self.sources.extend(other.sources)
        self.dates |= other.dates
        self.overall.extend(other.overall)
        for day, count in other.days.items():
            self.days[day] = self.days.get(day, 0) + count
        for day, path in other.dated.items():
            self.dated.setdefault(day, path)
        for sections, count in other.section_sets.items():
            self.section_sets[sections] = self.section_sets.get(sections, 0) + count
        for key, (weak, asked) in other.need_counts.items():
            tally_of_need = self.need_counts.setdefault(key, [0, 0])
            tally_of_need[0] += weak
            tally_of_need[1] += asked
        for key, action in other.agreed.items():
            self.agreed.setdefault(key, action)
        for key, group in other.by_group.items():
            if key in self.by_group:
                self.by_group[key].merge(group)
            else:
                self.by_group[key] = group
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

    def finish(self, library: Library) -> Room:
        """The group result: distributions, medians, disagreement and needs."""
        sections: list[RoomSection] = []
        needs: list[RoomNeed] = []
        tracked: list[RoomFlag] = []
        low: list[RoomFlag] = []
        unanswered: list[RoomFlag] = []
        individual: list[RoomFlag] = []
        discuss: list[ToDiscuss] = []
        for section_id, tally in sorted(self.sections.items(), key=lambda kv: kv[1].order):
            section = library.sections[section_id]
            items = []
            for question in section.questions:
                item = _item(question, tally)
                items.append(item)
                if item.responses == 0:
                    unanswered.append(RoomFlag(section.id, section.title, question.id, question.text, ""))
                    continue
                if item.disagreement and item.consensus is not None:
                    discuss.append(ToDiscuss(section.id, section.title, question.id, question.text,
                                             round(item.consensus, 2), item.responses, item.counts))
                _classify(section, question, item, needs, tracked, low, individual)
            sections.append(_section(section, tally, tuple(items)))
        total = sum(s for s, _, _ in self.overall)
        maximum = sum(m for _, m, _ in self.overall)
        floor = sum(f for _, _, f in self.overall)
        given = sum(t[3] for tally in self.sections.values() for t in tally.totals)
        exact = overall_exact(sections)
        headline = method.rounded(exact)
        overall = RoomOverall(total, maximum, headline, given, given, floor, exact=exact)
        return Room(
            self.partnership, tuple(sorted(self.dates)), self.respondents, tuple(self.names), tuple(self.sources),
            tuple(sections), overall, headline, tuple(needs),
            tuple(tracked), tuple(low), tuple(unanswered), tuple(self.agreed.values()), tuple(discuss),
            percent_of(total, maximum, floor), individual=tuple(individual), section_sets=len(self.section_sets),
            need_respondents=tuple((key, weak, asked) for key, (weak, asked) in self.need_counts.items()),
            median_date=_median_date(self.days), periods=method.periods_of(self.days),
        )


class Tallies:
    """One accumulator per partnership, in the order partnerships were first met: what a room's files are read
    into (``load.batch.read_all``), then finished into ``Rooms``. With ``only``, respondents whose name
    (``respondent_key``) is not in it are left out (compare --same-respondents)."""

    def __init__(self, keep_names: bool = False, by: str = "", only: frozenset[str] | None = None) -> None:
        self.keep_names = keep_names
        self.by = by
        self.only = only
        self.partnerships: dict[str, Accumulator] = {}

    def add(self, sheet: AnswerSheet, library: Library) -> None:
        """Count one respondent's answers with their partnership's: one partnership whatever the case, spacing and
        punctuation of its name (matching.identity), under its first spelling. Answers naming none are the
        partnership "". With ``only``, a respondent not named in it is left out."""
        if self.only is not None and respondent_key(sheet.respondent) not in self.only:
            return
        key = identity(sheet.partnership)
        accumulator = self.partnerships.get(key)
        if accumulator is None:
            accumulator = self.partnerships[key] = Accumulator(sheet.partnership, self.keep_names, self.by)
        accumulator.add(sheet, library)

    def merge(self, other: Tallies) -> None:
        """Fold in tallies of later files (from another process)."""
        for key, accumulator in other.partnerships.items():
            if key in self.partnerships:
                self.partnerships[key].merge(accumulator)
            else:
                self.partnerships[key] = accumulator

    def finish(self, library: Library) -> Rooms:
        """Each partnership's room."""
        return Rooms(tuple(acc.finish(library) for acc in self.partnerships.values()))


def median(values: list[float]) -> float:
    """The lower median, the one convention for every ordinal result (method.lower_median)."""
    return method.lower_median(values)


def overall_exact(sections: Sequence[RoomSection]) -> float | None:
    """A room's overall figure, unrounded: each section's headline weighted by its score range
    (method.overall_percent); None when a scored section is below the coverage rule."""
    asked = [s for s in sections if s.scored]
    if not asked or not all(s.covered and s.exact_percent is not None for s in asked):
        return None
    return method.overall_percent([(s.exact_percent or 0.0, s.max - s.low) for s in asked])


_NEED_KEYS: dict[str, str] = {}
_SHARED: list[tuple[Library, dict[str, dict[str, str]]]] = []


def shared_needs(library: Library) -> dict[str, dict[str, str]]:
    """The questions whose need's name another question shares (section id -> question id -> need key), in the
    sections that raise needs: the needs whose respondents a room counts once across questions. A need only one
    question raises is counted by that question's answers. Worked out once per library (it is the same for
    every sheet of a run)."""
    for known, found in _SHARED:
        if known is library:
            return found
    keys: dict[str, list[tuple[str, str]]] = {}
    for section in library.sections.values():
        if section.raise_needs:
            for question in section.questions:
                if question.scored:
                    keys.setdefault(need_key(question.need or question.text), []).append((section.id, question.id))
    found = {}
    for key, where in keys.items():
        if len(where) > 1:
            for sid, qid in where:
                found.setdefault(sid, {})[qid] = key
    _SHARED[:] = [(library, found)]
    return found


def need_key(need: str) -> str:
    """A need's name as needs are matched across questions and questionnaires (normalised, remembered)."""
    key = _NEED_KEYS.get(need)
    if key is None:
        key = _NEED_KEYS[need] = normalise(need)
    return key


def _median_date(days: dict[str, int]) -> str:
    """The lower median of the respondents' dates, each counted once per respondent who gave it ('' for none)."""
    if not days:
        return ""
    ordered = sorted(days)
    position, seen = (sum(days.values()) - 1) // 2, 0
    for day in ordered:
        seen += days[day]
        if seen > position:
            return day
    return ordered[-1]


_RANKED: dict[int, tuple[Scale, tuple[int, ...], dict[int, int]]] = {}


def _ranked(scale: Scale) -> tuple[tuple[int, ...], dict[int, int]]:
    """A scale's options' indexes worst first, and each index's step in that order; worked out once a scale."""
    known = _RANKED.get(id(scale))
    if known is None or known[0] is not scale:  # the scale itself is kept, so its id is never another's
        ranked = tuple(sorted(range(len(scale.options)), key=lambda i: scale.options[i].score))
        known = _RANKED[id(scale)] = (scale, ranked, {index: step for step, index in enumerate(ranked)})
    return known[1], known[2]


def _item(question: Question, tally: _SectionTally) -> RoomItem:
    texts = tuple(tally.texts.get(question.id, ()))
    notes = tuple(tally.notes.get(question.id, ()))
    if not question.scored or question.scale is None:
        return RoomItem(question.id, question.text, question.kind, len(texts), texts=texts, notes=notes)
    raw = tally.counts.get(question.id, {})
    options = question.scale.options
    counts = tuple(OptionCount(o.id, o.label, o.level, raw.get(o.id, 0)) for o in options)
    responses = sum(c.chosen for c in counts)
    if not responses:
        return RoomItem(question.id, question.text, question.kind, 0, counts, notes=notes)
    # Lower median in the scale's order, worst first.
    ranked, step_of = _ranked(question.scale)
    position, seen, median_index = (responses - 1) // 2, 0, ranked[0]
    for index in ranked:
        seen += counts[index].chosen
        if seen > position:
            median_index = index
            break
    chosen = [step_of[i] for i, c in enumerate(counts) if c.chosen]
    spread = max(chosen) - min(chosen)
    weak = sum(c.chosen for c in counts if c.level == questionnaire.WEAK)
    mean = round(tally.scores.get(question.id, 0.0) / responses, 2)
    ordered = [counts[i].chosen for i in ranked]  # worst step first, as the consensus reads them
    middle = step_of[median_index]
    minority = sum(c for step, c in enumerate(ordered) if abs(step - middle) >= 2)
    consensus = method.consensus(ordered)
    return RoomItem(
        question.id, question.text, question.kind, responses, counts, options[median_index].label,
        options[median_index].level, mean, spread, method.disagrees(ordered, consensus), weak / responses, texts,
        notes, consensus, minority, question.scale.min_score, question.scale.max_score,
        question.scale.largest_step, question.need or "", median_score=options[median_index].score,
    )


def _classify(section: Section, question: Question, item: RoomItem, needs: list[RoomNeed], tracked: list[RoomFlag],
              low: list[RoomFlag], individual: list[RoomFlag]) -> None:
    if not question.scored or question.scale is None:
        return
    # Disagreement alone raises nothing: it puts the item to discuss (docs/method.md).
    raised = item.median_level == questionnaire.WEAK or item.weak_share >= WEAK_SHARE - 1e-9
    weak = round(item.weak_share * item.responses)
    if raised and method.individual_view(weak, item.responses):
        given = next(c.label for c in item.counts if c.level == questionnaire.WEAK and c.chosen)
        individual.append(RoomFlag(section.id, section.title, question.id, question.text, given, weak,
                                   item.responses))
        return
    if raised and section.raise_needs:
        weak_options = [o for o in question.scale.options if o.level == questionnaire.WEAK]
        by_id = {c.id: c.chosen for c in item.counts}
        median_option = question.scale.find(item.median or "")
        if median_option is not None and median_option.level == questionnaire.WEAK:
            basis = median_option
        else:
            # The most chosen weak answer; ties go to the worse one.
            basis = max(weak_options, key=lambda o: (by_id.get(o.id, 0), -o.score))
        high = item.weak_share >= HIGH_SHARE - 1e-9
        needs.append(RoomNeed(
            section.id, section.title, question.id, question.text, question.need or question.text,
            item.median or "", basis.id, question.actions_for(basis), weak, item.responses, item.disagreement,
            "high" if high else "normal", question.scale.severity(basis), question.scale.urgent(basis),
        ))
    elif raised:
        low.append(RoomFlag(section.id, section.title, question.id, question.text, item.median or "", weak,
                            item.responses))
    elif item.median_level == questionnaire.TRACKED:
        tracked.append(RoomFlag(section.id, section.title, question.id, question.text, item.median or "", weak,
                                item.responses))


def _section(section: Section, tally: _SectionTally, items: tuple[RoomItem, ...]) -> RoomSection:
    scored = section.scored
    scored_questions = [q for q in section.questions if q.scored and q.scale]
    full_max = sum(q.scale.max_score for q in scored_questions if q.scale)
    full_low = sum(q.scale.min_score for q in scored_questions if q.scale)
    totals = tally.totals
    required = section.required
    if not scored or not totals:
        return RoomSection(section.id, section.title, section.description, scored, tally.respondents, full_max,
                            None, None, None, None, None, items, None, 0, required, low=full_low)
    # Respondents who skipped questions are put on the full section pro rata, floor to ceiling, so totals compare.
    fractions = [(score - least) / (most - least) if most > least else 0.0 for score, most, least, _, _ in totals]
    scaled = sorted(full_low + f * (full_max - full_low) for f in fractions)
    percents = [f * 100 for f in fractions]
    percent = median(percents)
    # Which figures rest only on scaled totals: a figure someone reached by answering every question is not.
    skipped = [answered < len(scored_questions) for *_, answered, _ in totals]
    exact_at = {f for f, was_scaled in zip(fractions, skipped) if not was_scaled}
    range_scaled = (min(fractions) not in exact_at, max(fractions) not in exact_at)
    band = None
    if section.bands:
        if section.band_basis == "mean":
            value = median([score / answered for score, _, _, answered, _ in totals])
        else:
            # The median respondent's value: the band is one a respondent is actually in.
            value = band_value(section, full_low + percent / 100 * (full_max - full_low), full_max, full_low,
                               len(scored_questions), full_max, full_low)
        band = band_for(section.bands, value)
    return RoomSection(
        section.id, section.title, section.description, scored, tally.respondents, full_max,
        method.rounded(median(scaled), 2), method.rounded(scaled[0], 2), method.rounded(scaled[-1], 2),
        method.rounded(percent), band, items, percent, len(totals), required, tuple(row for *_, row in totals),
        low=full_low, scaled_respondents=sum(skipped), median_scaled=median(fractions) not in exact_at,
        range_scaled=range_scaled,
    )


def respondent_key(name: str) -> str:
    """A respondent's name as two assessments are matched on it: case and spacing ignored ('' for none)."""
    return " ".join(name.casefold().split())


class Roll:
    """Who answered: each answers file's respondent name (matched by ``respondent_key``) and where, and the files
    that name none. What compare --same-respondents reads first, to find who answered both times."""

    def __init__(self) -> None:
        self.named: dict[str, list[str]] = {}  # respondent key -> the files naming them, in order
        self.unnamed: list[str] = []

    def add(self, sheet: AnswerSheet, library: Library) -> None:
        """Note one respondent."""
        key = respondent_key(sheet.respondent)
        if key:
            self.named.setdefault(key, []).append(sheet.path)
        else:
            self.unnamed.append(sheet.path)

    def merge(self, other: Roll) -> None:
        """Fold in a roll of later files."""
        for key, paths in other.named.items():
            self.named.setdefault(key, []).extend(paths)
        self.unnamed.extend(other.unnamed)


def score_rooms(library: Library, sheets: list[AnswerSheet], keep_names: bool = False) -> Rooms:
    """Combine sheets by partnership (in order of first appearance, one whatever the case, spacing and punctuation
    of its name: matching.identity) into one room each."""
    tallies = Tallies(keep_names)
    for sheet in sheets:
        tallies.add(sheet, library)
    return tallies.finish(library)
