"""The report model of comparisons and clusters: what each says, decided once for every format.

As in ``model.py`` for one answers file or a room: titles, lines, movement in
symbol and word, signed changes, need groups and their order are worked out
here; text, Markdown, HTML and Word only lay them out.
"""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

from typing import TYPE_CHECKING, NamedTuple

from lsp_check.figures import num, pct
from lsp_check.report.model.words import ARROWS, MOVEMENT, partnership_name, plural, signed

if TYPE_CHECKING:
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison

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


class NeedRef(NamedTuple):
    """A need named with its section."""

    need: str
    section_title: str

    @property
    def line(self) -> str:
        """'need (section)'."""
        return f"{self.need} ({self.section_title})"


class NeedGroup(NamedTuple):
    """Needs resolved, new or persisting."""

    key: str
    title: str
    needs: tuple[NeedRef, ...]

    @property
    def id(self) -> str:
        """A name for element ids: the group's key."""
        return self.key

    @property
    def total(self) -> int:
        """How many needs the group has."""
        return len(self.needs)


class ComparisonReport(NamedTuple):
    """What a comparison of a baseline with a follow-up says."""

    partnership: str
    title: str
    then_label: str
    now_label: str
    dates: str  # 'then → now'
    partnerships_note: str  # said when the two sides are different partnerships (--allow-different), else ''
    sections: tuple[Move, ...]
    overall: Move
    notes: tuple[str, ...]  # sections answered on one side only
    moved_title: str
    moved: tuple[Move, ...]  # questions whose answer moved: then and now are answers
    need_groups: tuple[NeedGroup, ...]


def _move(title: str, then: float | None, now: float | None, change: float | None, direction: str,
          band: str = "", places: str = ".1f") -> Move:
    return Move(title, pct(then), pct(now), signed(change, places), direction, ARROWS[direction],
                MOVEMENT[direction], band, then, now)


def comparison_report(c: "Comparison") -> ComparisonReport:
    """The report model of a comparison."""
    name = partnership_name(c.partnership)
    then_label, now_label = c.baseline.date or "Baseline", c.followup.date or "Follow-up"
    sections = tuple(_move(m.title + (f" ({m.note})" if m.note else ""), m.then, m.now, m.change, m.direction,
                           m.now_band or "–") for m in c.sections)
    overall = _move("Overall", c.overall_then, c.overall_now, c.overall_change, c.overall_direction)
    moved = tuple(
        Move(m.text, m.then_answer, m.now_answer, signed(m.change, ".2g"), m.direction, ARROWS[m.direction],
             MOVEMENT[m.direction], "", m.then_score, m.now_score)
        for m in c.items if m.direction != "level"
    )
    groups = tuple(
        NeedGroup(key.replace("_", "-"), title, tuple(NeedRef(n.need, n.section_title) for n in needs))
        for key, title, needs in c.need_groups
    )
    notes = tuple(f"{label}: {', '.join(titles)}." for label, titles in c.one_sided)
    return ComparisonReport(name, f"Progress since the baseline: {name}", then_label, now_label,
                            f"{then_label} → {now_label}", c.partnerships_note, sections, overall, notes,
                            "Questions that moved", moved, groups)


class ClusterCell(NamedTuple):
    """A partnership's percentage in a section and where it stands against the cluster median."""

    percent: str
    versus: str  # signed points, or '–'
    words: str  # '+4.2 above', '-1.0 below', 'at the median', or ''
    direction: str
    arrow: str
    value: float | None
    versus_value: float | None

    @property
    def text(self) -> str:
        """'76.0% (+4.2)', or the percentage alone when there is nothing to compare."""
        return self.percent + ("" if self.versus_value is None else f" ({self.versus})")


class ClusterRow(NamedTuple):
    """One partnership of a cluster: respondents and a cell per section."""

    partnership: str
    respondents: int
    cells: tuple[ClusterCell, ...]


class SharedNeed(NamedTuple):
    """A need shared by partnerships of a cluster, ranked."""

    rank: int
    need: str
    partnerships: str  # '4 of 5'
    partnership_count: int
    respondents: int
    which: str
    questions: tuple[str, ...]


class ClusterReport(NamedTuple):
    """What a cluster view says: partnerships × sections against the median, and shared needs ranked."""

    title: str
    partnership_count: int
    section_titles: tuple[str, ...]
    rows: tuple[ClusterRow, ...]
    medians: tuple[str, ...]
    table_note: str
    shared_title: str
    shared_intro: str
    shared: tuple[SharedNeed, ...]


def _cell(value: float | None, versus: float | None) -> ClusterCell:
    direction = "level" if not versus else "up" if versus > 0 else "down"
    words = "" if versus is None else "at the median" if direction == "level" else (
        f"{signed(versus)} {'above' if direction == 'up' else 'below'}")
    return ClusterCell(pct(value), signed(versus), words, direction, ARROWS[direction], value, versus)


def cluster_report(c: "Cluster") -> ClusterReport:
    """The report model of a cluster."""
    count = len(c.rows)
    rows = tuple(
        ClusterRow(r.partnership, r.respondents, tuple(_cell(r.percents.get(sid), r.versus.get(sid))
                                                        for sid, _ in c.sections))
        for r in c.rows
    )
    shared = tuple(
        SharedNeed(i, s.need, f"{s.partnership_count} of {count}", s.partnership_count, s.respondents, s.which,
                   s.questions)
        for i, s in enumerate(c.shared, 1)
    )
    return ClusterReport(
        f"Cluster of {plural(count, 'partnership')}", count, tuple(title for _, title in c.sections), rows,
        tuple(pct(c.medians.get(sid)) for sid, _ in c.sections),
        "The median respondent's percentage in each section; in brackets, points above (+) or below (-) the "
        "cluster median.",
        "Shared needs",
        "Ranked by how many partnerships have them, then by the share of each one’s respondents who gave a weak "
        "answer (shown beside each): the needs a "
        "joint event or support module would serve most widely.",
        shared,
    )


