"""The HTML views of comparisons and clusters: movement in symbols and words, charts beside their tables."""

from __future__ import annotations

from typing import Any

from lsp_check.report.charts import paired_bars
from lsp_check.figures import num, pct

ARROWS = {"up": "▲", "down": "▼", "level": "="}


def _signed(value: float | None, places: str = ".1f") -> str:
    return "–" if value is None else format(value, "+" + places)


def _move(direction: str) -> dict[str, str]:
    """A direction as its arrow and its word, so it reads without the symbol (screen readers, print)."""
    return {"arrow": ARROWS[direction], "direction": direction}


def compare_view(c: Any) -> dict[str, Any]:
    """The finished figures, chart and wording of a comparison of a baseline with a follow-up."""
    partnership = c.partnership or "(partnership not named)"
    then_label, now_label = c.baseline.date or "Baseline", c.followup.date or "Follow-up"
    change = c.overall_change
    only = [f"{label}: {', '.join(titles)}." for label, titles in c.one_sided]
    return {
        "kind": "comparison",
        "title": f"Progress since the baseline: {partnership}",
        "partnership": partnership,
        "dates": f"{then_label} → {now_label}",
        "then_label": then_label,
        "now_label": now_label,
        "sections": [{"title": m.title, "then": pct(m.then), "now": pct(m.now), "change": _signed(m.change),
                      "band": m.now_band or "–", **_move(m.direction)} for m in c.sections],
        "overall": {"then": pct(c.overall_then), "now": pct(c.overall_now), "change": _signed(change),
                    **_move(c.overall_direction)},
        "chart": paired_bars([(m.title, m.then, m.now) for m in c.sections], then_label, now_label),
        "only": only,
        "moved": [{"text": m.text, "then": m.then_answer, "now": m.now_answer, "then_score": num(m.then_score),
                   "now_score": num(m.now_score), "change": _signed(m.change, ".2g"), **_move(m.direction)}
                  for m in c.items if m.direction != "level"],
        "need_blocks": [
            {"id": key, "title": title, "count": len(needs),
             "needs": [{"need": n.need, "section_title": n.section_title} for n in needs]}
            for key, title, needs in (("resolved", "Needs resolved", c.resolved), ("new", "New needs", c.new),
                                      ("persisting", "Needs persisting", c.persisting))
        ],
    }


def cluster_view(c: Any) -> dict[str, Any]:
    """The finished figures and wording of a cluster: partnerships × sections and the needs they share."""
    rows = []
    for r in c.rows:
        cells = []
        for sid, _ in c.sections:
            value, versus = r.percents.get(sid), r.versus.get(sid)
            direction = "level" if not versus else "up" if versus > 0 else "down"
            words = "" if versus is None else "at the median" if direction == "level" else (
                f"{_signed(versus)} {'above' if direction == 'up' else 'below'}")
            cells.append({"percent": pct(value), "versus": _signed(versus), "words": words, **_move(direction)})
        rows.append({"partnership": r.partnership, "respondents": r.respondents, "cells": cells})
    count = len(c.rows)
    return {
        "kind": "cluster",
        "title": f"Cluster of {count} partnership{'s' if count != 1 else ''}",
        "count": count,
        "section_titles": [title for _, title in c.sections],
        "rows": rows,
        "medians": [pct(c.medians.get(sid)) for sid, _ in c.sections],
        "shared": [{"rank": i, "need": s.need, "partnerships": f"{s.count} of {count}", "respondents": s.respondents,
                    "which": ", ".join(s.partnerships), "questions": list(s.questions)}
                   for i, s in enumerate(c.shared, 1)],
    }
