"""CSV output for tables people open in a spreadsheet: action plans and cluster tables.

Every cell goes through ``sanitise.csv_cell`` (no live formulas, no control characters), and the
file starts with a UTF-8 byte-order mark unless ``RenderOptions.bom`` is off, as Microsoft Forms'
own export does, so that Excel on Windows reads it as UTF-8 (see docs/formats.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from lsp_check.report import RenderOptions, kind_of
from lsp_check.sanitise import csv_cell

if TYPE_CHECKING:
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.plan import Plan, Plans

BOM = "\ufeff"

PLAN_HEADER = ["partnership", "horizon", "priority", "need", "section", "action", "source", "owner", "due", "reason"]


def plan_table(plans: Sequence[Plan]) -> list[list[str]]:
    """A header and one row per action, over every plan."""
    from lsp_check.report.model.plan import reason

    rows = [PLAN_HEADER]
    for plan in plans:
        for r in plan.rows:
            rows.append([plan.partnership, f"{r.horizon} months", "" if r.rank is None else str(r.rank), r.need,
                         r.section, r.action, r.source, r.owner, r.due, reason(r, plan.room)])
    return rows


def cluster_table(cluster: Cluster) -> list[list[str]]:
    """One table, to sort and filter in a spreadsheet: a row per partnership (then the cluster median) with each
    section's percentage and points from the median, then a column per shared need, in rank order, holding how
    many of that partnership's respondents gave a weak answer (blank where it is not a need)."""
    header = ["partnership", "respondents", "first date", "last date"]
    for _, title in cluster.sections:
        header += [f"{title} %", f"{title} vs median"]
    header += [f"{need.need} (weak answers)" for need in cluster.shared]
    weak = [dict(zip(need.partnerships, (w for w, _ in need.weak))) for need in cluster.shared]
    rows = [header]
    for row in cluster.rows:
        line = [row.partnership, str(row.respondents), *((row.dates[0], row.dates[-1]) if row.dates else ("", ""))]
        for sid, _ in cluster.sections:
            line += [_figure(row.percents.get(sid)), _figure(row.versus.get(sid), signed=True)]
        line += [str(counts[row.partnership]) if row.partnership in counts else "" for counts in weak]
        rows.append(line)
    line = ["cluster median (lower)", "", "", ""]  # the lower median, as the report's row says
    for sid, _ in cluster.sections:
        line += [_figure(cluster.medians.get(sid)), ""]
    rows.append(line + [""] * len(cluster.shared))
    return rows


def _figure(value: float | None, signed: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def _field(value: object) -> str:
    cell = csv_cell(value)
    # Quoted like csv's excel dialect (where needed), and always when it starts with the quote that
    # neutralises a formula, as OWASP advises.
    if cell.startswith("'") or any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write(rows: list[list[str]]) -> str:
    """Rows as CSV text: comma-separated, quoted where needed, CRLF line ends as spreadsheets expect."""
    return "".join(",".join(_field(value) for value in row) + "\r\n" for row in rows)


def render(result: object, options: RenderOptions) -> str:
    """Render plans (or a cluster, which knows its own table) as CSV."""
    start = BOM if options.bom else ""
    kind = kind_of(result)  # the result's type, by name: no result module is imported to tell
    if kind == "cluster":
        return start + write(cluster_table(cast("Cluster", result)))
    if kind == "plans":
        return start + write(plan_table(cast("Plans", result).plans))
    from lsp_check.report import not_rendered

    raise not_rendered("csv", kind, ("plans", "cluster"),
                       "; a result's action plan is rendered as CSV from its plans (lsp_check.plan(result), or "
                       "lsp-check plan -f csv), and any report as text, markdown or json")
