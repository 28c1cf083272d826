"""The JSON report of sectors side by side (docs/formats.md): figures only, never a hidden group's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.figures import json_number as n
from lsp_check.report.json.periods import periods_data

if TYPE_CHECKING:
    from lsp_check.score.sectors import Sectors, SectorView



def sectors_data(result: Sectors, schema_version: int) -> dict[str, object]:
    """A room read by sector or organisation as JSON-ready data."""
    return {
        "schema_version": schema_version,
        "kind": "sectors",
        "by": result.by,
        "min_group": result.min_group,
        "partnerships": [_view(view, result.min_group) for view in result.views],
        "left_out": [{"partnership": name, "respondents": count} for name, count in result.left_out],
    }


def _view(view: SectorView, min_group: int) -> dict[str, object]:
    names = [g.name for g in view.groups]
    return {
        "partnership": view.partnership,
        "dates": list(view.room.dates),
        "fieldwork_periods": periods_data(view.room.periods, min_group),
        "respondents": view.room.respondents,
        "groups": [{"name": g.name, "respondents": g.respondents} for g in view.groups],
        "hidden": {"groups": view.hidden_groups, "respondents": view.hidden_respondents},
        "withheld_groups": [{"name": name, "respondents": count} for name, count in view.withheld],
        "sections": [
            {"id": s.id, "title": s.title, "scored": s.scored, "room_percent": n(s.room),
             "percents": {name: n(p) for name, p in zip(names, s.percents)},
             "withheld": _withheld(names, s.withheld),
             "questions_differ": s.differ,
             "questions": [
                 {"id": q.id, "text": q.text, "room_median": q.room,
                  "medians": dict(zip(names, q.medians)), "withheld": _withheld(names, q.withheld),
                  "consensus": q.consensus, "differ": q.differ, "ends": [names[i] for i in q.ends]}
                 for q in s.questions
             ]}
            for s in view.sections
        ],
    }


def _withheld(names: list[str], reasons: tuple[str, ...]) -> dict[str, str]:
    """The shown groups whose figure is withheld, with why (score/disclosure.py)."""
    return {name: reason for name, reason in zip(names, reasons) if reason}
