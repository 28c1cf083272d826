"""The report model of a comparison: a baseline and a follow-up of one partnership, decided once for every format.

Titles, lines, movement in symbol and word, signed changes, the note on a section compared over fewer
questions or not counted a regression, who was compared on each side, the need groups and their order are
worked out here; text, Markdown, HTML and Word lay them out.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.figures import num, pct, short_fall
from lsp_check.method import fall_to_explain, short_of_min_change
from lsp_check.report.model.chart import PAIRS, Chart, ChartRow
from lsp_check.report.model.privacy import small_room
from lsp_check.report.model.words import (
    ARROWS,
    MOVEMENT,
    NONE,
    mixed_movement,
    partnership_name,
    plural,
    signed,
    signed_mean,
)
from lsp_check.score.compare import (
    BASELINE,
    FOLLOWUP,
    Comparison,
    ItemMove,
    NeedChange,
    SectionMove,
    moved_direction,
    moved_up,
)

# A baseline need the follow-up no longer raises while some answers to it are still weak: not "resolved" (the
# method keeps that word for no weak answer left), and said so that it agrees with the follow-up's own Overall
# Record, which no longer lists it.
IMPROVED_TITLE = "No longer a need but with weak answers"
# Each group of needs by what became of them, under its heading (score/compare.py NEED_GROUPS).
NEED_GROUP_TITLES = {"resolved": "Needs resolved", "improved": IMPROVED_TITLE,
                     "in_hand": "Needs now in hand", "persisting": "Needs persisting",
                     "lapsed": "Lapsed: in place at the baseline, now only in hand", "new": "New needs",
                     "not_assessed": "Needs not assessed at the baseline",
                     "not_reassessed": "Needs not reassessed at the follow-up"}
SECTIONS_TITLE = "Sections then and now"
SECTION_HEADERS = ("Section", "Then", "Now", "Change", "Movement", "Band now")
MOVED_TITLE = "Questions that moved"
MOVED_HEADERS = ("Question", "Then", "Now", "Change", "Movement")
MEAN = "mean"
MOVED_NOTE = ("A room's answer here is its median answer, and the arrow and movement follow it; a room's figures are "
              "the mean score of its answers (mean then → now, change), which can move the other way when a few "
              "answers move.")
CHANGE_NOTE = "Change in percentage points, worked out before rounding."
SAID_IN_STEPS = 2  # a change between two answers files of at most this many answer steps is also said in steps
ONLY = {BASELINE: "Only in the baseline", FOLLOWUP: "Only in the follow-up"}


class Move(NamedTuple):
    """A figure then and now: both shown, the signed change, and the movement as a symbol and a word."""

    title: str
    then: str
    now: str
    change: str
    direction: str  # "up", "down" or "level"
    arrow: str
    word: str
    band: str = ""  # the band now, for a section
    then_value: float | None = None
    now_value: float | None = None
    then_basis: str = ""  # 'mean' when the score then is a room's mean, which its answer (its median) may not follow
    now_basis: str = ""  # the same, now
    mixed: str = ""  # a moved question's 'median up, mean down' when its median and mean moved different ways

    @property
    def text(self) -> str:
        """The question's statement (a section's title)."""
        return self.title

    @property
    def then_score(self) -> str:
        """The score then, as reports write numbers."""
        return num(self.then_value)

    @property
    def now_score(self) -> str:
        """The score now, as reports write numbers."""
        return num(self.now_value)

    @property
    def then_figure(self) -> str:
        """The score then, labelled when it is a room's mean: '2', 'mean 2'."""
        return f"{self.then_basis} {self.then_score}" if self.then_basis else self.then_score

    @property
    def now_figure(self) -> str:
        """The score now, labelled when it is a room's mean."""
        return f"{self.now_basis} {self.now_score}" if self.now_basis else self.now_score

    @property
    def scores(self) -> str:
        """A moved question's scores and change: '1→2, +1', two rooms' 'mean 2 → 2.5, +0.5', a file's against a
        room's '3 → mean 2.5, -0.5'."""
        mixed = f"; {self.mixed}" if self.mixed else ""
        if self.then_basis and self.now_basis == self.then_basis:
            return f"{self.then_basis} {self.then_score} → {self.now_score}, {self.change}{mixed}"
        if self.then_basis or self.now_basis:
            return f"{self.then_figure} → {self.now_figure}, {self.change}{mixed}"
        return f"{self.then_score}→{self.now_score}, {self.change}{mixed}"


class NeedRef(NamedTuple):
    """A need named with its section, and what is still to say of it ('2 of 7 answers still weak')."""

    need: str
    section_title: str
    detail: str = ""

    @property
    def line(self) -> str:
        """'need (section)', with its detail after a colon."""
        return f"{self.need} ({self.section_title})" + (f": {self.detail}" if self.detail else "")


class NeedGroup(NamedTuple):
    """Needs resolved, new or persisting, under their heading; ``empty`` is what is said when there are none."""

    key: str
    title: str
    needs: tuple[NeedRef, ...]
    empty: str  # 'None.' when the group has no need, else ''

    @property
    def id(self) -> str:
        """A name for element ids: the group's key."""
        return self.key

    @property
    def total(self) -> int:
        """How many needs the group has."""
        return len(self.needs)

    @property
    def heading(self) -> str:
        """'Needs resolved (3)'."""
        return f"{self.title} ({self.total})"


class ComparisonReport(NamedTuple):
    """What a comparison of a baseline with a follow-up says."""

    partnership: str
    title: str
    then_label: str
    now_label: str
    dates: str  # 'then → now'
    partnerships_note: str  # said when the two sides are different partnerships (--allow-different), else ''
    lines: tuple[str, ...]  # who was compared on each side, and warnings: a room that changed size, reversed dates
    sections_title: str
    section_headers: tuple[str, ...]
    sections: tuple[Move, ...]
    overall: Move
    change_note: str
    notes: tuple[str, ...]  # sections answered on one side only
    moved_title: str
    moved_headers: tuple[str, ...]
    moved: tuple[Move, ...]  # questions whose answer moved: then and now are answers
    need_groups: tuple[NeedGroup, ...]
    chart: Chart | None
    regressions: tuple[str, ...] = ()  # each section that fell by --min-change or more, in a sentence
    moved_note: str = ""  # what a room's moved questions' figures are (means), when any is a room's, else ''


def moved_headers(moved: tuple[Move, ...]) -> tuple[str, ...]:
    """The moved questions' headers where a side is a room: its answer is its median, its change the mean's (a
    file's own score against a room's mean is a change in score)."""
    rooms = (any(m.then_basis for m in moved), any(m.now_basis for m in moved))
    return ("Question", "Then (median)" if rooms[0] else "Then", "Now (median)" if rooms[1] else "Now",
            "Change in the mean" if all(rooms) else "Change in score", "Movement")


def need_group(key: str, title: str, needs: tuple[NeedRef, ...]) -> NeedGroup:
    """A group of needs under its heading, saying 'None.' when it has none."""
    return NeedGroup(key, title, needs, "" if needs else NONE)


def section_note(move: SectionMove, then: str = BASELINE, now: str = FOLLOWUP, min_change: float | None = None,
                 respondents: tuple[int, int] = (1, 1)) -> str:
    """Why a section's figures are not the whole section's (compared over the questions answered both times, or
    not at all), how many respondents each side counts where that is not the sides' ``respondents``, the change
    in answer steps for two answers files, and why a fall shown at ``min_change`` or more is not a regression;
    the two assessments named ``then`` and ``now`` (dates, in a trend)."""
    names = {BASELINE: then, FOLLOWUP: now}
    if move.short:
        sides = " and ".join(("the " + names[side]) if names[side] in (BASELINE, FOLLOWUP) else names[side]
                             for side in move.short)
        return f"not compared: not enough answers to score in {sides}"
    parts = []
    if move.common is not None:
        parts.append(f"over the {move.common} question{'s' if move.common != 1 else ''} answered both times; "
                     f"{then} answered {move.then_answered}, {now} {move.now_answered}")
    if (move.then_n or move.now_n) and (move.then_n, move.now_n) != respondents:
        parts.append(f"respondents {move.then_n} → {move.now_n}")
    whole = None if move.steps is None else round(move.steps)
    # A move of one or two answer steps reads better in steps: a few points there are one answer moving.
    if whole and abs(whole) <= SAID_IN_STEPS and move.steps is not None and abs(move.steps - whole) < 1e-6:
        parts.append(f"net {plural(abs(whole), 'answer step')} {'down' if whole < 0 else 'up'}")
    if min_change is not None and fall_to_explain(move.change, move.exact_change, min_change) and not move.regressed:
        exact = move.exact_change
        if exact is not None and short_of_min_change(exact, min_change):
            parts.append(f"not a regression: {short_fall(exact, min_change)}")
        elif move.within_one_step:
            parts.append("not a regression: one answer moving one step at most")
        elif move.least_withheld:  # the figure would give away a respondent's total (score/disclosure.py)
            parts.append("not a regression: it rests on one respondent (with any one of them left out, it is not a "
                         "fall of that size)")
        else:
            parts.append(f"not a regression: with one respondent left out the change is {signed(move.least_fall)}")
    return "; ".join(parts)


def overall_title(common: tuple[str, ...] | None, sides: str) -> str:
    """The Overall row's title: 'Overall', or, when the sides scored different sections and the figures are
    re-worked over those ``sides`` ('both', 'all 3') scored, 'Overall, on the 2 sections both assessed'."""
    if common is None:
        return "Overall"
    return f"Overall, on the {plural(len(common), 'section')} {sides} assessed"


def partnerships_note(c: Comparison) -> str:
    """The sentence every format shows when two different partnerships were compared, else ''."""
    if not c.different_partnerships:
        return ""
    return (f"Two different partnerships are compared: the baseline is {c.baseline.partnership}, "
            f"the follow-up is {c.followup.partnership}.")


def fell(c: Comparison) -> tuple[str, ...]:
    """Each section that fell by at least the comparison's --min-change: 'Leadership fell from 70.0% to 50.0%, by
    5 points or more (--min-change)'."""
    return tuple(f"{m.title} fell from {pct(m.then)} to {pct(m.now)}, by {num(c.min_change)} points or more "
                 "(--min-change)" for m in c.regressions)


def compared_lines(c: Comparison) -> tuple[str, ...]:
    """Who each side counts, when either is a room; who --same-respondents left out; a warning when the room
    changed size or the follow-up is dated before the baseline."""
    a, b = c.baseline, c.followup
    lines = []
    if c.reversed:
        lines.append(f"The follow-up ({b.day}) is dated before the baseline ({a.day}): the changes run backwards in "
                     "time.")
    if max(a.respondents, b.respondents) > 1:
        line = f"Respondents: {a.respondents} at the baseline, {b.respondents} at the follow-up."
        if c.left_out is not None:
            line = (f"Respondents: only the {plural(b.respondents, 'respondent')} who answered both times "
                    f"(left out: {c.left_out[0]} of the baseline's, {c.left_out[1]} of the follow-up's).")
        elif c.room_changed:
            line += (" The room changed size: a figure can move with who answered rather than with what they "
                     "think. With named respondents, --same-respondents compares only those who answered both "
                     "times.")
        lines.append(line)
    lines += [small_room(s.respondents, s.threshold, where) for s, where in ((a, "at the baseline"),
                                                                          (b, "at the follow-up"))
              if s.small and s.threshold is not None]
    return tuple(lines)


def need_ref(n: NeedChange, key: str, c: Comparison | None = None) -> NeedRef:
    """A need named with its section and what is still to say of it in comparison ``c``."""
    return _need_ref(n, key, c)


def _need_ref(n: NeedChange, key: str, c: Comparison | None = None) -> NeedRef:
    detail = f"{n.weak} of {n.responses} answers still weak" if key == "improved" else ""
    up = None if c is None else moved_up(c.baseline, c.followup, (n.section, n.question))
    if up is not None:
        detail = moved_up_words(*up)
    return NeedRef(n.need, n.section_title, detail)


def moved_up_words(then: str, now: str) -> str:
    """What is said of a need whose answer moved up from in hand to a weak answer (score/compare.py moved_up)."""
    return f"the answer moved up, from {then} to {now}, which raises a need"


def _move(title: str, then: float | None, now: float | None, change: float | None, direction: str,
          band: str = "", places: str = ".1f") -> Move:
    return Move(title=title, then=pct(then), now=pct(now), change=signed(change, places), direction=direction,
                arrow=ARROWS[direction], word=MOVEMENT[direction], band=band, then_value=then, now_value=now)


def _moved(title: str, m: ItemMove) -> Move:
    """A moved question's row: its arrow follows the answers shown (a room's median), and when the mean score moved
    another way the word says both ('median up, mean down'), so no bare ▲ stands beside a fall."""
    direction = moved_direction(m)
    mixed = mixed_movement(direction, m.direction)
    return Move(title=title, then=m.then_answer, now=m.now_answer, change=signed_mean(m.change),
                direction=direction, arrow=ARROWS[direction], word=mixed or MOVEMENT[direction],
                then_value=m.then_score, now_value=m.now_score, then_basis=MEAN if m.then_mean else "",
                now_basis=MEAN if m.now_mean else "", mixed=mixed)


def comparison_report(c: Comparison) -> ComparisonReport:
    """The report model of a comparison."""
    name = partnership_name(c.partnership)
    then_label, now_label = c.baseline.date or "Baseline", c.followup.date or "Follow-up"
    sections = []
    for m in c.sections:
        note = section_note(m, min_change=c.min_change,
                            respondents=(c.baseline.respondents, c.followup.respondents))
        sections.append(_move(m.title + (f" ({note})" if note else ""), m.then, m.now, m.change, m.direction,
                              m.now_band or "–"))
    overall = _move(overall_title(c.overall_sections, "both"), c.overall_then, c.overall_now, c.overall_change,
                    c.overall_direction)
    # A question moved when its answer did (a room's median answer), whichever way its mean went: a room's mean
    # may shift while its median stays, and a row reading "Often → Often" would say nothing moved. Each names its
    # section. Its arrow and word follow the answers shown; a room's scores are means, said so, as the mean may
    # move the other way.
    titles = {m.id: m.title for m in c.sections}
    moved = tuple(_moved(f"{titles.get(m.section, m.section)}: {m.text}", m)
                  for m in c.items if moved_direction(m) != "level" and m.then_answer != m.now_answer)
    means = any(m.then_basis or m.now_basis for m in moved)
    moved_note = MOVED_NOTE if means else ""
    groups = tuple(
        need_group(key.replace("_", "-"), NEED_GROUP_TITLES[key], tuple(_need_ref(n, key, c) for n in needs))
        for key, needs in c.need_groups
    )
    notes = tuple(f"{ONLY[side]}: {', '.join(titles)}." for side, titles in
                  ((BASELINE, c.only_baseline), (FOLLOWUP, c.only_followup)) if titles)
    chart = Chart(kind=PAIRS,
                  title=f"Each section's percentage of the possible score: {then_label} above, {now_label} below",
                  caption=f"Each section's percentage of the possible score, {then_label} above {now_label}; the "
                          "table gives the same figures.",
                  rows=tuple(ChartRow(m.title, (m.then_value, m.now_value)) for m in sections),
                  series=(then_label, now_label))
    return ComparisonReport(
        partnership=name, title=f"Progress since the baseline: {name}", then_label=then_label, now_label=now_label,
        dates=f"{then_label} → {now_label}", partnerships_note=partnerships_note(c), lines=compared_lines(c),
        sections_title=SECTIONS_TITLE,
        section_headers=SECTION_HEADERS, sections=tuple(sections), overall=overall, change_note=CHANGE_NOTE,
        notes=notes, moved_title=MOVED_TITLE, moved_headers=moved_headers(moved) if means else MOVED_HEADERS, moved=moved, need_groups=groups,
        chart=chart if chart.rows else None, regressions=fell(c), moved_note=moved_note,
    )
