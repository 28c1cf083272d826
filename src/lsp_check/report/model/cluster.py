"""The report model of a cluster: partnerships side by side against the cluster median, and the needs they share.

Each cell's percentage and its distance from the median in symbol and words, the shared needs ranked with
each partnership's share of weak answers, and every heading are worked out here; formats lay them out. The
CSV table (report/csv.py) writes the same words for its columns.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.figures import pct
from lsp_check.report.model.words import (
    ARROWS,
    NO_FIGURE,
    combined_assessments,
    date_range,
    partnership_name,
    plural,
    signed,
)
from lsp_check.score.cluster import Cluster, SharedNeed
from lsp_check.score.disclosure import DEFAULT_THRESHOLD

TABLE_TITLE = "Partnerships by section"
# The lower median, as every median of the method (docs/method.md rule 3): said on the row and in the note, as a
# reader works out the usual median (the mean of the two middle figures) when the count is even.
MEDIAN_ROW = "Cluster median (lower)"
TABLE_NOTE = ("The median respondent's percentage in each section, with how many points it is above (+) or below (-) "
              "the cluster median: with an even number of partnerships, the lower of the two middle figures, as "
              "every median of the method.")
DATES = "Dates"  # the column of the first and last date each partnership's respondents gave
SHARED_TITLE = "Shared needs"
SHARED_INTRO = ("Ranked by how many partnerships have them, then by the share of each one’s respondents who gave a weak "
                "answer (shown beside each, of those who answered it): the needs a joint event or support module "
                "would serve most widely. Respondents counts each respondent once, however many of the need's "
                "questions they answered.")
SHARED_HEADERS = ("Rank", "Need", "Partnerships", "Respondents", "Which")
NO_SHARED = "No partnership raised a need."


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


class PartnershipRow(NamedTuple):
    """One partnership of a cluster: its name, respondents and a cell per section."""

    partnership: str
    respondents: int
    cells: tuple[ClusterCell, ...]
    dates: str = ""  # '2007-11-12', or '2007-11-12 to 2008-03-05': the first and last date its respondents gave


class RankedNeed(NamedTuple):
    """A need shared by partnerships of a cluster, ranked, with who has it and where it was raised."""

    rank: int
    need: str
    partnerships: str  # '4 of 5'
    partnership_count: int
    respondents: str  # '11 of 12': respondents with a weak answer, of those who answered it, in those partnerships
    which: str  # 'Elmbridge (3 of 4), Woking (1 of 3)'
    questions: tuple[str, ...]  # 'Section: question', each question that raised it

    @property
    def spread(self) -> str:
        """'4 of 5 partnerships, 11 of 12 respondents with a weak answer' ('1 of 1 respondent …')."""
        noun = "respondent" if self.respondents.rsplit(" ", 1)[-1] == "1" else "respondents"
        return f"{self.partnerships} partnerships, {self.respondents} {noun} with a weak answer"


class ClusterReport(NamedTuple):
    """What a cluster view says: partnerships × sections against the median, and shared needs ranked."""

    title: str
    partnership_count: int
    table_title: str
    headers: tuple[str, ...]  # 'Partnership', 'Respondents', 'Dates', then each section's title
    short_headers: tuple[str, ...]  # the same, named for a narrow layout (the terminal)
    section_titles: tuple[str, ...]
    rows: tuple[PartnershipRow, ...]
    median_row: str
    medians: tuple[str, ...]
    table_note: str
    shared_title: str
    shared_intro: str
    shared_headers: tuple[str, ...]
    shared: tuple[RankedNeed, ...]
    no_shared: str  # 'No partnership raised a need.' when none did (said instead of the table), else ''
    warnings: tuple[str, ...] = ()  # a line for each partnership whose answers look like separate assessments
    # When every partnership's answers have the same dates, they said once ('' otherwise): a narrow layout (the
    # terminal) says them beside the title (``title_line``) instead of in a Dates column.
    dates_line: str = ""

    @property
    def title_line(self) -> str:
        """The title, with the dates every partnership shares: 'Cluster of 12 partnerships · every partnership's
        answers dated 2007-11-12'."""
        return f"{self.title} · {self.dates_line}" if self.dates_line else self.title


def which(need: SharedNeed, separator: str = ", ") -> str:
    """The partnerships with a need, each with its weak answers: 'Elmbridge (3 of 4), Woking (1 of 3)'."""
    if not need.weak:
        return separator.join(need.partnerships)
    return separator.join(f"{p} ({w} of {n})" for p, (w, n) in zip(need.partnerships, need.weak))


def where(need: SharedNeed) -> tuple[str, ...]:
    """Each question that raised a shared need: 'Section: question'."""
    return tuple(f"{section}: {question}" for section, question in need.questions)


def _cell(value: float | None, versus: float | None) -> ClusterCell:
    direction = "level" if not versus else "up" if versus > 0 else "down"
    words = "" if versus is None else "at the median" if direction == "level" else (
        f"{signed(versus)} {'above' if direction == 'up' else 'below'}")
    return ClusterCell(percent=pct(value), versus=signed(versus), words=words, direction=direction,
                       arrow=ARROWS[direction], value=value, versus_value=versus)


def cluster_report(c: Cluster) -> ClusterReport:
    """The report model of a cluster."""
    count = len(c.rows)
    rows = tuple(
        PartnershipRow(partnership=partnership_name(r.partnership), respondents=r.respondents,
                       cells=tuple(_cell(r.percents.get(sid), r.versus.get(sid)) for sid, _ in c.sections),
                       dates=date_range((r.dates[0], r.dates[-1])) if r.dates else NO_FIGURE)
        for r in c.rows
    )
    warnings = left_out_note(c) + tuple(f"Warning: {row.partnership}: {said}." for row, r in zip(rows, c.rows)
                                        if (said := combined_assessments(r.periods, DEFAULT_THRESHOLD)))
    shared = tuple(
        RankedNeed(rank=i, need=s.need, partnerships=f"{s.partnership_count} of {count}",
                   partnership_count=s.partnership_count,
                   respondents=f"{s.respondents} of {s.answered}" if s.answered else str(s.respondents),
                   which=which(s._replace(partnerships=tuple(partnership_name(p) for p in s.partnerships))),
                   questions=where(s))
        for i, s in enumerate(c.shared, 1)
    )
    titles = tuple(title for _, title in c.sections)
    same = _same_dates(rows)
    return ClusterReport(
        title=f"Cluster of {plural(count, 'partnership')}", partnership_count=count, table_title=TABLE_TITLE,
        headers=("Partnership", "Respondents", DATES, *titles), short_headers=("Partnership", "Resp.", *(() if same else (DATES,)), *titles),
        section_titles=titles, rows=rows, median_row=MEDIAN_ROW,
        medians=tuple(pct(c.medians.get(sid)) for sid, _ in c.sections), table_note=TABLE_NOTE,
        shared_title=SHARED_TITLE, shared_intro=SHARED_INTRO, shared_headers=SHARED_HEADERS, shared=shared,
        no_shared="" if shared else NO_SHARED, warnings=warnings, dates_line=same,
    )


def left_out_note(c: Cluster) -> tuple[str, ...]:
    """The sentence saying how many partnerships were left out for anonymity (none named: stderr names them)."""
    if not c.left_out:
        return ()
    count = len(c.left_out)
    were = "was" if count == 1 else "were"
    each, its = ("it had", "its") if count == 1 else ("each had", "their")
    below = c.left_out_below or DEFAULT_THRESHOLD
    return (f"{plural(count, 'partnership')} {were} left out: {each} fewer than {below} respondents, too few to "
            f"report anonymously beside the others, and none of {its} figures is in this report.",)


def _same_dates(rows: tuple[PartnershipRow, ...]) -> str:
    """The line saying the dates every partnership's answers share, when there are several and they share them."""
    spans = {row.dates for row in rows}
    if len(rows) < 2 or len(spans) != 1 or NO_FIGURE in spans:
        return ""
    return f"every partnership's answers dated {spans.pop()}"
