"""Action plans in Word: a table per horizon under a report, or plans on their own (``lsp-check plan``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.plan import PlanReport, PlansReport


def add_plan(doc: Document, plan: PlanReport, level: int = 2, heading: bool = True) -> None:
    """A plan's report model as a table per horizon: priority, need, action, owner and due (blank unless agreed)."""
    if heading:
        doc.add_heading(clean(plan.heading), level=level)
    para(doc, plan.intro)
    for h in plan.horizons:
        doc.add_heading(clean(h.title), level=level + 1)
        rows = [["", "", f"{plan.agreed_tag.capitalize()}: {a.action}", a.owner, a.due] for a in h.agreed]
        rows += [[str(need.rank) if need.rank is not None else "", need.need, a.action, "", ""]
                 for need in h.needs for a in need.actions]
        if rows:
            table(doc, list(plan.headers), rows, numeric=(0,))
        else:
            para(doc, h.nothing, italic=True)


def document(plans: PlansReport) -> Document:
    """The Word document of plans on their own, one part per partnership."""
    doc = new_document(plans.title)
    for plan in plans.reports:
        doc.add_heading(clean(plan.title), level=1)
        if plan.date_line:
            para(doc, plan.date_line)
        add_plan(doc, plan, level=2, heading=False)
    return doc
