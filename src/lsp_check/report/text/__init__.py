"""The terminal report, drawn with rich from the report model: tables with bars, bands, needs and actions.

One module per kind lays its model out (``single``, ``room``, ``plan``, ``compare``, ``cluster``, ``sectors``,
``trend``); the pieces they share are here: the console, line wrapping, bars and the blocks every health
check's report has (title, Overall Record, plan, lists). Colour follows each figure's tone (words.tone),
never the other way round.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from lsp_check.report import Rendered, RenderOptions, by_model, prepend

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lsp_check.report.model.health import Report
    from lsp_check.report.model.plan import PlanReport

M = TypeVar("M")

BAR_WIDTH = 20
SPARK = " ▁▂▃▄▅▆▇█"
# Each tone (words.tone) as a colour, and each movement.
TONE_STYLES = {"low": "red", "mid": "yellow", "high": "green", "none": "dim"}
MOVE_STYLES = {"up": "green", "down": "red", "level": "dim"}


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of block characters filled in proportion to a percentage."""
    if percent is None:
        return "·" * width
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def spark(counts: list[int]) -> str:
    """A compact histogram: one block per option, its height the option's share of the largest count."""
    top = max(counts) if counts else 0
    if not top:
        return " " * len(counts)
    return "".join(SPARK[0] if c == 0 else SPARK[max(1, round(c / top * 8))] for c in counts)


def console_for(options: RenderOptions) -> tuple[Console, io.StringIO]:
    """A console writing into a string, in colour only when asked, at the options' width."""
    from lsp_check.sanitise import console as safe_console

    out = io.StringIO()
    console = safe_console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    return console, out


def finish(text: str, options: RenderOptions) -> str:
    """The text as written: without colour, no trailing spaces."""
    return text if options.color else "\n".join(line.rstrip() for line in text.split("\n"))


def say(console: Console, text: str | Text, hang: int) -> None:
    """Print a line wrapped at whole words, its continuation lines indented by ``hang`` under its start."""
    from rich.text import Text

    if not isinstance(text, Text):
        text = Text(text)
    width = max(20, console.width - hang)
    if text.cell_len <= width:  # the common case: one line, nothing to wrap
        console.print(text, soft_wrap=True)
        return
    lines = text.wrap(console, width)
    indent = Text(" " * hang)
    console.print(Text("\n").join([lines[0], *(indent + line for line in lines[1:])]), soft_wrap=True)


def drawn(module: str, draw: str) -> Callable[[M, RenderOptions], str]:
    """A renderer that draws a model with ``module``'s ``draw`` function on a console, then finishes the text."""
    def render_kind(model: M, options: RenderOptions) -> str:
        console, out = console_for(options)
        getattr(importlib.import_module(f"lsp_check.report.text.{module}"), draw)(console, model)
        return finish(out.getvalue(), options)

    render_kind.__doc__ = f"Draw a report model with report/text/{module}.py."
    return render_kind


def title(console: Console, report: Report) -> None:
    """The report's title and the lines under it."""
    from rich.text import Text

    console.print(Text(report.title, style="bold"))
    for line in report.lines:
        console.print(Text(line, style="dim"))


NEED_BULLET = "■ "  # before each need of the Overall Record; its actions are bulleted "•" under it


def overall_record(console: Console, report: Report) -> None:
    """The needs of the report model, in its order, with their actions and notes. Not numbered: the plan's numbers
    are its priorities, and a need has one number in a report."""
    from rich.text import Text

    console.print()
    console.print(Text(report.needs_title, style="bold underline"))
    console.print(Text(report.needs_intro))
    for need in report.needs:
        line = Text(NEED_BULLET, style="bold")
        line.append(need.heading, style="bold red" if need.urgent else "bold")
        line.append(f"  ({need.brief})", style="dim")
        say(console, line, len(NEED_BULLET))
        for action in need.actions:
            say(console, f"   • {action}", 5)
        for note in need.notes:
            say(console, Text(f"   {note.line()}", style="dim"), 5)


def report_end(console: Console, report: Report) -> None:
    """What follows a health check's sections, for one answers file or a room: the Overall Record (when anything
    is scored), the action plan, the lists of answers and the legend."""
    from rich.text import Text

    if report.scored:
        overall_record(console, report)
    plan_block(console, report.plan)
    answer_lists(console, report)
    if report.legend:
        console.print()
        console.print(Text(report.legend, style="dim"))


def answer_lists(console: Console, report: Report) -> None:
    """The report model's lists of answers shown without suggestions, with the notes written on them."""
    from rich.text import Text

    for answers in report.lists:
        console.print()
        console.print(Text(f"{answers.title} ({len(answers.entries)})", style="bold underline"))
        console.print(Text(answers.intro, style="dim"))
        for entry in answers.entries:
            say(console, Text(f"  {answers.mark} {entry.line}", style="" if entry.answer else "dim"), 4)
            for note in entry.notes:
                say(console, Text(f"    {note.line()}", style="dim"), 6)


def plan_block(console: Console, plan: PlanReport | None, standalone: bool = False) -> None:
    """A plan's report model by horizon: agreed actions, then each need with its rank, reason and actions."""
    from rich.text import Text

    if plan is None:
        return
    if not standalone:  # under a report, set off from what comes before it
        console.print()
    console.print(Text(plan.title if standalone else plan.heading, style="bold underline"))
    if standalone and plan.date_line:
        console.print(Text(plan.date_line, style="dim"))
    say(console, Text(plan.intro, style="dim"), 0)
    for h in plan.horizons:
        console.print(Text(h.title, style="bold"))
        if h.nothing:
            console.print(Text(f"  {h.nothing}", style="dim"))
        for a in h.agreed:
            say(console, Text(f"  ☐ {a.action}  ({plan.agreed_tag}" + (f"; owner {a.owner}" if a.owner else "")
                              + (f"; due {a.due}" if a.due else "") + ")"), 4)
        for need in h.needs:
            number = f"  {need.rank}. "
            head = Text(f"{number}{need.need}", style="bold")
            head.append(f"  ({need.reason})", style="dim")
            # Continuation lines and actions hang under the item's text whatever the number's width: "10." hung
            # at one digit's width left a wrapped "– but action is in hand" reading as a bullet.
            hang = len(number)
            say(console, head, hang)
            for a in need.actions:
                say(console, f"{' ' * hang}☐ {a.action}", hang + 2)


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The report with the note of the files --skip-invalid left out at its top, wrapped to the options' width."""
    import textwrap

    from lsp_check.report.model.skipped import skipped_note

    note = skipped_note(options.skipped, options.name_skipped)

    def wrap(text: str, indent: str, hang: str) -> str:
        return textwrap.fill(text, options.width, initial_indent=indent, subsequent_indent=hang,
                             break_long_words=False, break_on_hyphens=False)

    # The heading and the footnote are paragraphs (flush left); each file's line hangs under its start.
    lines = [wrap(note.heading, "", ""), *(wrap(line, "  ", "    ") for line in note.lines)]
    if note.footnote:
        lines.append(wrap(note.footnote, "", ""))
    return prepend(rendered, "\n".join(lines) + "\n\n")


render = by_model("text", {
    "single": drawn("single", "draw"),
    "room": drawn("room", "draw"),
    "comparison": drawn("compare", "draw"),
    "cluster": drawn("cluster", "draw"),
    "plans": drawn("plan", "draw"),
    "sectors": drawn("sectors", "draw"),
    "trend": drawn("trend", "draw"),
})
