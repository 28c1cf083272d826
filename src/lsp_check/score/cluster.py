"""A cluster or programme view: several partnerships side by side and the needs they share. Pure."""

from __future__ import annotations

from typing import Any, NamedTuple

from lsp_check.score.room import median
from lsp_check.matching import normalise


class ClusterRow(NamedTuple):
    """One partnership: its respondents and, per section, its percentage and distance from the cluster median."""

    partnership: str
    respondents: int
    percents: dict  # section id -> percent or None
    versus: dict  # section id -> points above (+) or below (-) the cluster median, or None


class SharedNeed(NamedTuple):
    """A need and the partnerships that have it."""

    need: str
    partnerships: tuple[str, ...]
    respondents: int
    questions: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many partnerships have the need."""
        return len(self.partnerships)


class Cluster(NamedTuple):
    """Partnerships × sections, the cluster medians, and shared needs ranked by how many have them."""

    kind = "cluster"  # what report formats dispatch on, without importing this module

    sections: tuple[tuple[str, str], ...]
    rows: tuple[ClusterRow, ...]
    medians: dict
    shared: tuple[SharedNeed, ...]

    def csv_rows(self) -> list[list[str]]:
        """The partnerships × sections table, then the ranked shared needs, as CSV rows."""
        header = ["partnership", "respondents"]
        for _, title in self.sections:
            header += [f"{title} %", f"{title} vs median"]
        rows = [header]
        for row in self.rows:
            line = [row.partnership, str(row.respondents)]
            for sid, _ in self.sections:
                line += [_fmt(row.percents.get(sid)), _fmt(row.versus.get(sid), signed=True)]
            rows.append(line)
        line = ["cluster median", ""]
        for sid, _ in self.sections:
            line += [_fmt(self.medians.get(sid)), ""]
        rows.append(line)
        rows.append([])
        rows.append(["rank", "shared need", "partnerships", "of", "respondents with a weak answer", "which",
                     "questions"])
        total = str(len(self.rows))
        for rank, need in enumerate(self.shared, 1):
            rows.append([str(rank), need.need, str(need.count), total, str(need.respondents),
                         "; ".join(need.partnerships), "; ".join(need.questions)])
        return rows


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def cluster(groups: list[Any]) -> Cluster:
    """Build the cluster view from one group result per partnership."""
    sections: dict[str, str] = {}
    for g in groups:
        for s in g.sections:
            if s.scored:
                sections.setdefault(s.id, s.title)
    exact = [{s.id: s.exact_percent for s in g.sections if s.scored} for g in groups]
    exact_medians = {}
    for sid in sections:
        values = sorted(p[sid] for p in exact if p.get(sid) is not None)
        exact_medians[sid] = median(values) if values else None
    medians = {sid: None if m is None else round(m, 1) for sid, m in exact_medians.items()}
    rows = []
    for g, p in zip(groups, exact):
        # Differences are taken before rounding, so they agree with the exact figures.
        versus = {sid: (round(p[sid] - exact_medians[sid], 1) if p.get(sid) is not None
                        and exact_medians[sid] is not None else None) for sid in sections}
        shown = {sid: None if value is None else round(value, 1) for sid, value in p.items()}
        rows.append(ClusterRow(g.partnership, g.respondents, shown, versus))
    shared: dict[str, dict[str, Any]] = {}
    for g in groups:
        for need in g.needs:
            entry = shared.setdefault(normalise(need.need), {"need": need.need, "who": [], "respondents": 0,
                                                             "questions": []})
            if g.partnership not in entry["who"]:
                entry["who"].append(g.partnership)
            entry["respondents"] += need.weak
            where = f"{need.section_title}: {need.question_text}"
            if where not in entry["questions"]:
                entry["questions"].append(where)
    ranked = sorted(shared.values(), key=lambda e: (-len(e["who"]), -e["respondents"], e["need"].casefold()))
    return Cluster(
        tuple(sections.items()), tuple(rows), medians,
        tuple(SharedNeed(e["need"], tuple(e["who"]), e["respondents"], tuple(e["questions"])) for e in ranked),
    )
