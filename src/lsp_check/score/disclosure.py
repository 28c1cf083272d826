"""Disclosure control: which figures a report may show without letting anyone's answers be worked out. Pure.

Facts only: what is withheld and why, as codes; the report model says it in words (docs/privacy.md gives every
rule, its reason and the attacks it stops). The rules:

- **One threshold**, ``threshold`` (3 unless set, never below 3), for any group shown apart: a sector, an
  organisation, a room.
- **A room** smaller than the threshold is left out of a report of several partnerships (``leave_out_small``);
  on its own it is shown, saying that its respondents cannot be kept anonymous from one another, with its notes
  listed apart from their questions' answers and its pooled figures withheld.
- **Respondents kept apart from their rooms** (compare ``--same-respondents``, which compares only those who answered
  both times): beside each room's own report, the room less those kept is those left out, so the rule for groups
  holds (``check_kept``): when anyone is left out, at least ``threshold`` must be kept, and each room must leave out
  none or at least ``threshold``.
- **A section's range** (its lowest and highest respondent's totals) is shown only when at least
  ``threshold + 3`` respondents count in it: the lowest, the median and the highest are three respondents' exact
  totals, and the answers' distributions give the sum of all of them, so fewer would leave fewer than
  ``threshold`` totals unknown (in a room of three, none).
- **A change read with one respondent left out** (compare's and trend's regression rule reads each): with one of a
  room's respondents left out, its median moves to a neighbour, another respondent's exact total, which the figure
  then gives against the other side's. It is shown only when each room compared counts at least
  ``threshold + 4`` respondents (``leave_one_out_shown``): one total more than a range gives away, beside the
  range's three, still leaves ``threshold`` unknown. The regression rule still reads it; the report says only
  that the fall rests on one respondent.
- **Anonymous notes and free-text answers** are listed in the order of their text, not of the files, whose order
  (names, times of submission) can point at their writers.
- **Groups** (``plan_groups``): a sector or organisation with fewer respondents than the threshold is hidden and
  never named. Because a room's figures are published whole, the groups shown must not let a smaller set of
  respondents be isolated by subtraction, in the report by sector, the report by organisation, or both together:
  respondents are split into *classes* by which shown sector and which shown organisation they belong to, and
  every class must hold no one or at least ``threshold`` respondents. Where one does not, more groups are
  withheld (complementary suppression) until every class does. The same holds question by question and section
  by section among the respondents who answered: a group's figure is shown only when at least ``threshold`` of
  its respondents answered, and figures are withheld until every class of those who answered is empty or at
  least ``threshold`` strong, and until every class found only by subtraction that holds respondents of a group
  too small to show holds two different answers (one answer would be each one's). A group's section figure goes
  with a question's figure withheld to protect another group. The rules are judged as if every figure shown gave
  its group's whole distribution, which a median does not, so they hold for medians.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from lsp_check.method import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from lsp_check.method import LOWEST_THRESHOLD as LOWEST_THRESHOLD
from lsp_check.score.room import AtomTally, LooseNote, Room, RoomDisclosure, RoomItem, Rooms

# A range is shown only with at least threshold + RANGE_MARGIN respondents: see the module's rules.
RANGE_MARGIN = 3
# A change read with one respondent left out is shown only with at least threshold + LEAVE_ONE_OUT_MARGIN: one more
# respondent's exact total than a range gives away (see the module's rules).
LEAVE_ONE_OUT_MARGIN = RANGE_MARGIN + 1

# Why a figure is withheld: the report model words each one.
SMALL_ROOM = "small-room"  # a room below the threshold: its respondents are not anonymous from one another
RANGE = "range"  # a section's lowest and highest totals
NOTES_APART = "notes-apart"  # a small room's notes, listed apart from their questions' answers
POOLED = "pooled"  # a small room's pooled total and percent
FEW_ANSWERS = "few-answers"  # a group's figure that fewer than the threshold of its respondents answered
COMPLEMENT = "complement"  # withheld so that a smaller group's answers cannot be worked out by subtraction

SECTOR, ORGANISATION = "sector", "organisation"
GROUPINGS = (SECTOR, ORGANISATION)

Atom = tuple[str, str]  # a respondent's (sector, organisation), each by its identity (matching.identity)
Item = tuple[str, ...]  # (): respondents; (section,): respondents scored in it; (section, question): who answered
Group = tuple[int, str]  # (0 for a sector, 1 for an organisation; its identity)


def check_threshold(threshold: int) -> None:
    """Refuse a threshold below the lowest (a programming error: the command line refuses it first)."""
    if threshold < LOWEST_THRESHOLD:
        raise ValueError(f"the anonymity threshold must be at least {LOWEST_THRESHOLD}, not {threshold}")


def protect_room(group: Room, threshold: int = DEFAULT_THRESHOLD) -> Room:
    """A room's result as an anonymous report may show it (the module's rules); unchanged when respondents are
    named (``--show-respondents``: the report names them anyway)."""
    check_threshold(threshold)
    if group.names:
        return group
    withheld: list[str] = []
    small = group.respondents < threshold
    if small:
        withheld.append(SMALL_ROOM)
    sections = []
    ranges = []
    loose: list[LooseNote] = []
    for s in group.sections:
        if s.low_score is not None and s.scored_respondents < threshold + RANGE_MARGIN:
            # Whether each end was a scaled total is a fact about that respondent too: it goes with the range.
            s = s._replace(low_score=None, high_score=None, range_scaled=(False, False))
            ranges.append(s.id)
        items = tuple(_ordered(i) for i in s.items)
        if small:
            loose += [LooseNote(s.id, s.title, i.question, i.text, text) for i in items for _, text in i.notes]
            items = tuple(i._replace(notes=()) for i in items)
        sections.append(s._replace(items=items))
    if ranges:
        withheld.append(RANGE)
    if loose:
        withheld.append(NOTES_APART)
    if small:
        withheld.append(POOLED)
    disclosure = RoomDisclosure(threshold, tuple(withheld), tuple(ranges), tuple(loose))
    return group._replace(sections=tuple(sections), disclosure=disclosure,
                          pooled_percent=None if small else group.pooled_percent)


def leave_one_out_shown(counted: int, threshold: int | None) -> bool:
    """Whether a figure read with one of a room's ``counted`` respondents left out may be shown; ``threshold`` None is
    a side that is one answers file or names its respondents (nothing to withhold), and one respondent has no one
    to leave out."""
    return threshold is None or counted < 2 or counted >= threshold + LEAVE_ONE_OUT_MARGIN


def _ordered(item: RoomItem) -> RoomItem:
    """Anonymous notes and free-text answers in the order of their text, not of the files."""
    return item._replace(texts=tuple(sorted(item.texts, key=lambda pair: pair[1])),
                         notes=tuple(sorted(item.notes, key=lambda pair: pair[1])))


def protect_rooms(rooms: Rooms, threshold: int = DEFAULT_THRESHOLD) -> Rooms:
    """Every room protected by ``protect_room``."""
    return rooms._replace(rooms=tuple(protect_room(g, threshold) for g in rooms.rooms))


class KeptApart(NamedTuple):
    """Whether respondents kept apart from their rooms may be reported: ``too_few_kept`` when fewer than the threshold
    are kept, and ``exposed`` the rooms (by their place) that leave out fewer than the threshold but not none."""

    too_few_kept: bool
    exposed: tuple[int, ...]

    @property
    def allowed(self) -> bool:
        """Whether nothing is exposed."""
        return not self.too_few_kept and not self.exposed


def check_kept(kept: int, left_out: tuple[int, ...], threshold: int = DEFAULT_THRESHOLD) -> KeptApart:
    """Whether ``kept`` respondents, present in every room, may be reported apart from rooms that each leave out
    ``left_out`` of theirs (the module's rules); nothing left out is each room whole."""
    check_threshold(threshold)
    if not any(left_out):
        return KeptApart(False, ())
    return KeptApart(kept < threshold, tuple(i for i, n in enumerate(left_out) if 0 < n < threshold))


def leave_out_small(rooms: Rooms, threshold: int = DEFAULT_THRESHOLD) -> Rooms:
    """A report of several partnerships without those whose rooms are below the threshold (``left_out`` names
    them with their respondents); a report of one partnership is left as it is."""
    check_threshold(threshold)
    if len(rooms.rooms) < 2:
        return rooms
    kept = tuple(g for g in rooms.rooms if g.respondents >= threshold)
    out = tuple((g.partnership, g.respondents) for g in rooms.rooms if g.respondents < threshold)
    return Rooms(kept, rooms.left_out + out, threshold if rooms.left_out + out else rooms.left_out_below)


# Groups: sectors and organisations.


class GroupPlan(NamedTuple):
    """Which groups of one way of grouping (by sector or by organisation) a report shows, and which figures not.

    Groups are named by identity (matching.identity). ``cells`` maps (group, item) to why that figure of a shown
    group is withheld: FEW_ANSWERS or COMPLEMENT; an item is ``(section,)`` for a section's percent or
    ``(section, question)`` for a question's median answer.
    """

    shown: frozenset[str]
    small: frozenset[str]  # below the threshold: never shown, never named
    complement: frozenset[str]  # at or above it, withheld to protect a smaller group
    cells: Mapping[tuple[str, Item], str]


def plan_groups(atoms: Mapping[Atom, AtomTally], by: str, threshold: int = DEFAULT_THRESHOLD) -> GroupPlan:
    """The groups ``by`` sector or organisation that a room's report may show, judged with both ways of grouping
    together (the module's rules), from what the respondents of each (sector, organisation) answered."""
    check_threshold(threshold)
    which = GROUPINGS.index(by)
    people = {atom: tally.counts.get((), 0) for atom, tally in atoms.items()}
    members = _members(people)
    eligible = {g for g, n in members.items() if n >= threshold}
    shown = _suppress(_Figure(people, {}, set()), eligible, threshold)
    cells: dict[tuple[str, Item], str] = {}
    scored: dict[Item, dict[Group, int]] = {}  # each section's respondents scored in it, by group
    for item in sorted({item for tally in atoms.values() for item in tally.counts if item}):
        answered = {atom: tally.counts.get(item, 0) for atom, tally in atoms.items()}
        counts = _members(answered)
        if len(item) == 1:
            scored[item] = counts
        # Those whose group (either way of grouping) has fewer than the threshold answering are protected: their
        # answers must not be told apart from others' by subtraction, nor be the only answer of a class.
        few = {g for g, n in counts.items() if 0 < n < threshold}
        figure = _Figure(answered, {atom: tally.values.get(item, set()) for atom, tally in atoms.items()},
                         {atom for atom in atoms if (0, atom[0]) in few or (1, atom[1]) in few})
        published = {g for g in shown if counts.get(g, 0) >= threshold}
        kept = _suppress(figure, published, threshold)
        for g in shown:
            if g[0] != which or g in kept or not counts.get(g, 0):
                continue
            cells[(g[1], item)] = COMPLEMENT if g in published else FEW_ANSWERS
    # A group's section figure sums its questions: where one of them is withheld to protect another group, the
    # section's figure could help work it out again, so it goes too.
    for (key, item), why in list(cells.items()):
        if why == COMPLEMENT and len(item) == 2 and scored.get((item[0],), {}).get((which, key), 0):
            cells.setdefault((key, (item[0],)), COMPLEMENT)
    mine = {g[1] for g in members if g[0] == which}
    return GroupPlan(frozenset(g[1] for g in shown if g[0] == which),
                     frozenset(key for key in mine if members[(which, key)] < threshold),
                     frozenset(g[1] for g in eligible - shown if g[0] == which), cells)


class _Figure(NamedTuple):
    """One figure's respondents by (sector, organisation): how many count in it, the different answers they gave
    (none for a group's respondents as such), and which of them are protected (in a group too small to show)."""

    sizes: Mapping[Atom, int]
    values: Mapping[Atom, set[object]]
    protected: set[Atom]


def _members(sizes: Mapping[Atom, int]) -> dict[Group, int]:
    """How many respondents each sector and each organisation has, from the atoms'."""
    found: dict[Group, int] = {}
    for (sector, organisation), n in sizes.items():
        for group in ((0, sector), (1, organisation)):
            found[group] = found.get(group, 0) + n
    return found


Signature = tuple[str | None, str | None]


class _Class:
    """Respondents in the same shown sector and the same shown organisation (None: none shown)."""

    __slots__ = ("size", "values", "protected")

    def __init__(self) -> None:
        self.size = 0
        self.values: set[object] = set()
        self.protected = False


def _classes(figure: _Figure, shown: set[Group]) -> dict[Signature, _Class]:
    classes: dict[Signature, _Class] = {}
    for atom, n in figure.sizes.items():
        if n:
            sector, organisation = atom
            key = (sector if (0, sector) in shown else None, organisation if (1, organisation) in shown else None)
            found = classes.get(key)
            if found is None:
                found = classes[key] = _Class()
            found.size += n
            found.values |= figure.values.get(atom, set())
            found.protected = found.protected or atom in figure.protected
    return classes


def _violating(classes: dict[Signature, _Class], members: Mapping[Group, int],
               threshold: int) -> dict[Signature, _Class]:
    """The classes subtraction could single out: fewer than ``threshold`` respondents, or, where the class is found
    only by subtraction (it is not one shown group whole), respondents of a group too small to show all giving one
    answer, which would then be each one's. With one class there is nothing to subtract (it is everyone the figure
    counts, published whole as the room's), and when the whole room gave one answer, the room's own figures say so.
    A shown group whose respondents all gave one answer says so of itself: that is its figure, of at least
    ``threshold`` respondents."""
    if len(classes) < 2:
        return {}
    diverse = len(set().union(*(c.values for c in classes.values()))) >= 2

    def derived(key: Signature, c: _Class) -> bool:
        return not any(g is not None and members.get((i, g)) == c.size for i, g in enumerate(key))

    return {key: c for key, c in classes.items()
            if c.size < threshold or (diverse and c.protected and len(c.values) < 2 and derived(key, c))}


def _exposed(figure: _Figure, shown: set[Group], threshold: int) -> int:
    """How many respondents are in classes that subtraction could single out."""
    return sum(c.size for c in _violating(_classes(figure, shown), _members(figure.sizes), threshold).values())


def _suppress(figure: _Figure, shown: set[Group], threshold: int) -> set[Group]:
    """The groups left shown once no class can be singled out (complementary suppression): each step withholds
    the group (or, where one cannot help, the pair) that frees the most respondents, the smallest first on a tie,
    then by name, so the choice is the same on every run."""
    shown = set(shown)
    members = _members(figure.sizes)
    while shown:
        exposed = _exposed(figure, shown, threshold)
        if not exposed:
            break
        singles, pairs = _candidates(figure, shown, threshold)
        best = min(((_exposed(figure, shown - {g}, threshold), members.get(g, 0), g) for g in singles), default=None)
        if best is not None and best[0] < exposed:
            shown.discard(best[2])
            continue
        best_pair = min(((_exposed(figure, shown - set(p), threshold), sum(members.get(g, 0) for g in p), p)
                         for p in pairs), default=None)
        if best_pair is not None and best_pair[0] < exposed:
            shown.difference_update(best_pair[2])
            continue
        shown.discard(min(shown, key=lambda g: (members.get(g, 0), g)))  # rarely needed: always makes progress
    return shown


def _candidates(figure: _Figure, shown: set[Group],
                threshold: int) -> tuple[set[Group], set[tuple[Group, Group]]]:
    """The groups whose withholding would merge a class that can be singled out into another, and the pairs of a
    sector and an organisation that must go together to merge a class of respondents in neither shown group."""
    classes = _classes(figure, shown)
    singles: set[Group] = set()
    pairs: set[tuple[Group, Group]] = set()
    for sector, organisation in _violating(classes, _members(figure.sizes), threshold):
        if sector is not None:
            singles.add((0, sector))
        if organisation is not None:
            singles.add((1, organisation))
        for other_sector, other_organisation in classes:
            if sector is None and other_organisation == organisation and other_sector is not None:
                singles.add((0, other_sector))
            if organisation is None and other_sector == sector and other_organisation is not None:
                singles.add((1, other_organisation))
            if sector is None and organisation is None and other_sector is not None and other_organisation is not None:
                pairs.add(((0, other_sector), (1, other_organisation)))
    return singles, pairs
