"""The terminal view of action plans on their own (``lsp-check plan``): one per partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import plan_block

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.plan import PlansReport


def draw(console: Console, plans: PlansReport) -> None:
    """Each partnership's plan by horizon, a blank line between them."""
    for number, plan in enumerate(plans.reports):
        if number:
            console.print()
        plan_block(console, plan, standalone=True)
