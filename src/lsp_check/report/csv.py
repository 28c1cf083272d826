"""CSV output for tables people open in a spreadsheet: action plans and cluster tables."""

from __future__ import annotations

import csv
import io
from typing import Any

from lsp_check.report import RenderOptions, kind_of

PLAN_HEADER = ["partnership", "horizon", "priority", "need", "section", "action", "source", "owner", "due", "reason"]


def plan_table(plans: list[Any]) -> list[list[str]]:
    """A header and one row per action, over every plan."""
    rows = [PLAN_HEADER]
    for plan in plans:
        for r in plan.rows:
            rows.append([plan.partnership, f"{r.horizon} months", "" if r.rank is None else str(r.rank), r.need,
                         r.section, r.action, r.source, r.owner, r.due, r.reason])
    return rows


def write(rows: list[list[str]]) -> str:
    """Rows as CSV text: comma-separated, quoted only where needed, CRLF line ends as spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel")
    writer.writerows(rows)
    return out.getvalue()


def render(result: Any, options: RenderOptions) -> str:
    """Render plans (or a cluster, which knows its own table) as CSV."""
    if hasattr(result, "csv_rows"):
        return write(result.csv_rows())
    if kind_of(result) == "plans":
        return write(plan_table(result))
    from lsp_check.problems import InputError, Problem

    raise InputError([Problem("--format csv", "CSV is available for action plans and cluster tables; "
                                              "use text, markdown or json for this report")])
