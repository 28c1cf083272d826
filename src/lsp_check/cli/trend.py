"""The trend command: three or more assessments of one partnership in date order, and the latest step's gate."""

from __future__ import annotations

import sys
from typing import Any

import click

from lsp_check.cli.common import (
    FormatChoice,
    assess_files,
    emit,
    output_option,
    questionnaire_library,
    questionnaires_option,
    quiet_option,
    report_format,
    say,
    skip_invalid_option,
    strict_option,
    width_option,
)
from lsp_check.cli.numbers import Points
from lsp_check.method import DEFAULT_MIN_CHANGE
from lsp_check.problems import InputError, Problem
from lsp_check.report import TREND_FORMATS
from lsp_check.score import gates as exits


@click.command(short_help="Follow one partnership over three or more checks.")
@click.argument("assessments", nargs=-1, required=True, metavar="FILE|DIR...")
@click.option("-f", "--format", "fmt", type=FormatChoice(TREND_FORMATS), default="text", show_default=True,
              help="Report format.")
@output_option
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when a section's percentage fell by at least --min-change points since the assessment "
              "before the latest.")
@click.option("--min-change", type=Points(0, 100), default=DEFAULT_MIN_CHANGE, show_default=True,
              metavar="POINTS", help="How many percentage points a section must fall to count as a regression.")
@skip_invalid_option
@width_option
@quiet_option
@strict_option
@questionnaires_option
def trend(assessments: tuple[str, ...], fmt: str, output: str | None, fail_on_regression: bool, min_change: float,
          skip_invalid: bool, width: int | None, quiet: bool, strict: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Follow one partnership over three or more assessments, in any order.

    \b
    Each argument is one assessment: an answers file, a form export (CSV, Excel)
    or a directory of respondents' files (a room). They are put in date
    order (a file's date, a room's latest date) and each section's headline
    figure is shown over time, with the needs raised, resolved, now in hand
    and persisting between one assessment and the next, as compare reads
    them ('lsp-check help method').
    """
    from lsp_check.score.trend import trend as run_trend

    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    skipped: list[Problem] | None = [] if skip_invalid else None
    inputs = [(arg, _one_partnership(arg, assess_files((arg,), library, output, strict=strict, skipped=skipped)))
              for arg in assessments]
    result = run_trend(inputs, min_change=min_change)
    decision = exits.with_skipped(exits.decide_trend(result, fail_on_regression), skipped or ())
    emit(fmt, result, output, decision, width=width, skipped=skipped)
    if not quiet or decision.status:
        say(decision.line + (f"; report written to {output}" if output else ""))
    sys.exit(decision.status)


def _one_partnership(arg: str, assessment: Any) -> Any:
    """The one partnership's result an argument holds; a room of several partnerships is bad input."""
    groups = getattr(assessment, "rooms", None)
    if groups is None:
        return assessment
    if len(groups) != 1:
        from lsp_check.matching import UNNAMED

        names = ", ".join(g.partnership or UNNAMED for g in groups)
        raise InputError([Problem(arg, f"holds {len(groups)} partnerships ({names}); each argument of trend is one "
                                       "assessment of one partnership")])
    return groups[0]
