"""The terminal report, drawn with rich: a section table with bars, bands, needs and actions."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from lsp_check.figures import num
from lsp_check.report import RenderOptions, by_kind
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lsp_check.report.model.health import Report
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.plan import Plan, Plans
    from lsp_check.score.room import GroupItem, GroupResult, Rooms
    from lsp_check.score.sectors import Sectors
    from lsp_check.score.trend import Trend

R = TypeVar("R")

BAR_WIDTH = 20


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of block characters filled in proportion to a percentage."""
    if percent is None:
        return "·" * width
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


SPARK = " ▁▂▃▄▅▆▇█"


def spark(counts: list[int]) -> str:
    """A compact histogram: one block per option, its height the option's share of the largest count."""
    top = max(counts) if counts else 0
    if not top:
        return " " * len(counts)
    return "".join(SPARK[0] if c == 0 else SPARK[max(1, round(c / top * 8))] for c in counts)


def _drawn(draw: Callable[[Console, R], None]) -> Callable[[R, RenderOptions], str]:
    """A renderer that draws a result on a console, then finishes the text (no trailing spaces without colour)."""
    def render_kind(result: R, options: RenderOptions) -> str:
        console, out = _console(options)
        draw(console, result)
        return _finish(out.getvalue(), options)

    render_kind.__doc__ = draw.__doc__
    return render_kind


def _compare(console: Console, result: Comparison) -> None:
    """A comparison of a baseline with a follow-up."""
    from lsp_check.report.text import compare as text_programmes

    text_programmes.render_compare(console, result, _say)


def _cluster(console: Console, result: Cluster) -> None:
    """Partnerships side by side and the needs they share."""
    from lsp_check.report.text import compare as text_programmes

    text_programmes.render_cluster(console, result, _say)


def _sectors(console: Console, result: Sectors) -> None:
    """Each sector's view side by side."""
    from lsp_check.report.text import sectors as text_sectors

    text_sectors.render_sectors(console, result, _say)


def _trend(console: Console, result: Trend) -> None:
    """One partnership over three or more assessments."""
    from lsp_check.report.text import trend as text_trend

    text_trend.render_trend(console, result, _say)


def _plans(console: Console, result: Plans) -> None:
    """Standalone action plans, one per partnership."""
    for number, plan in enumerate(result.plans):
        if number:
            console.print()
        _plan_block(console, plan, standalone=True)


def _groups(result: Rooms, options: RenderOptions) -> str:
    """A room: one report per partnership."""
    return _finish(_render_groups(result.groups, options), options)


def _single(result: Result, options: RenderOptions) -> str:
    """One answers file."""
    return _finish(_render_single(result, options), options)


def _finish(text: str, options: RenderOptions) -> str:
    return text if options.color else "\n".join(line.rstrip() for line in text.split("\n"))


def _console(options: RenderOptions) -> tuple[Console, io.StringIO]:
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


def _say(console: Console, text: str | Text, hang: int) -> None:
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


def _title(console: Console, report: Report) -> None:
    from rich.text import Text

    console.print(Text(report.title, style="bold"))
    for line in report.lines:
        console.print(Text(line, style="dim"))


def _overall_record(console: Console, report: Report) -> None:
    """The needs of the report model, numbered, with their actions and notes."""
    from rich.text import Text

    console.print()
    console.print(Text(report.needs_title, style="bold underline"))
    console.print(Text(report.needs_intro))
    for need in report.needs:
        line = Text(f"{need.number}. ", style="bold")
        line.append(need.heading, style="bold red" if need.urgent else "bold")
        line.append(f"  ({need.brief})", style="dim")
        _say(console, line, len(f"{need.number}. "))
        for action in need.actions:
            _say(console, f"   • {action}", 5)
        for note in need.notes:
            _say(console, Text(f"   {note.line()}", style="dim"), 5)


def _answer_lists(console: Console, report: Report, keys: tuple[str, ...]) -> None:
    """The report model's lists of answers shown without suggestions, with the notes written on them."""
    from rich.text import Text

    for answers in report.lists:
        if answers.key not in keys:
            continue
        console.print()
        console.print(Text(f"{answers.title} ({len(answers.entries)})", style="bold underline"))
        console.print(Text(answers.intro, style="dim"))
        for entry in answers.entries:
            _say(console, Text(f"  {answers.mark} {entry.line}", style="" if entry.answer else "dim"), 4)
            for note in entry.notes:
                _say(console, Text(f"    {note.line()}", style="dim"), 6)


def _plan_block(console: Console, plan: Plan | None, standalone: bool = False) -> None:
    """The plan's report model by horizon: agreed actions, then each need with its rank, reason and actions."""
    from rich.text import Text

    from lsp_check.report.model.plan import plan_report

    if plan is None or not plan.rows:
        return
    report = plan_report(plan)
    if not standalone:  # under a report, set off from what comes before it
        console.print()
    console.print(Text(report.title if standalone else "Action plan", style="bold underline"))
    if standalone and report.date_line:
        console.print(Text(report.date_line, style="dim"))
    for h in report.horizons:
        console.print(Text(h.title, style="bold"))
        if h.empty:
            console.print(Text("  nothing planned", style="dim"))
        for a in h.agreed:
            _say(console, Text(f"  ☐ {a.action}  (agreed" + (f"; owner {a.owner}" if a.owner else "")
                               + (f"; due {a.due}" if a.due else "") + ")"), 4)
        for need in h.needs:
            head = Text(f"  {need.rank}. {need.need}", style="bold")
            head.append(f"  ({need.reason})", style="dim")
            _say(console, head, 5)
            for a in need.actions:
                _say(console, f"     ☐ {a.action}", 7)


# The least room a statement keeps beside its figures in a room report before it goes on a line of its own.
STATEMENT_ROOM = 40


def _item_figures(item: GroupItem) -> list[Text]:
    """A room question's figures: its distribution as a sparkline and counts, median and mean, disagreement."""
    from rich.text import Text

    counts = [c.chosen for c in item.counts]
    return [
        Text(" ▕" + spark(counts) + "▏", style="cyan"),
        Text("·".join(str(c) for c in counts)),
        Text(f"median {item.median or '–'}, mean {num(item.mean)}", style="dim"),
        Text("⚠ disagree", style="bold yellow") if item.disagreement else Text(""),
    ]


def _render_groups(groups: Sequence[GroupResult], options: RenderOptions) -> str:
    from rich.text import Text

    from lsp_check.report.model.health import room_report
    from lsp_check.report.text.columns import Columns

    console, out = _console(options)
    for number, group in enumerate(groups):
        report = room_report(group)
        if number:
            console.print()
            console.rule()
        _title(console, report)
        scored = [s for s in group.sections if s.scored]
        if scored:
            table = Columns()
            for name, justify in (("Section", "left"), ("Resp.", "right"), ("Median", "right"), ("Range", "right"),
                                  ("%", "right")):
                table.add_column(name, justify)
            table.add_column("", optional=True)
            table.add_column("Band")
            for part in report.sections:
                if not part.scored:
                    continue
                table.add_row(Text(part.title), part.respondents, part.fraction, part.range,
                              part.percent, Text(bar(part.percent_value), style=_style(part.percent_value)),
                              Text(part.band_cell))
            o = report.overall
            table.add_row(Text(o.title, style="bold"), "", "", "", o.percent,
                          Text(bar(o.percent_value), style=_style(o.percent_value)), "")
            console.print()
            console.print(table)
            _say(console, Text(report.summary_note, style="dim"), 0)
        for s, part in zip(group.sections, report.sections):
            console.print()
            console.print(Text(part.title, style="bold underline"))
            _say(console, Text(part.score_line, style="dim" if part.covered or not part.scored else "yellow"), 0)
            if part.band_text:
                _say(console, Text(f"Median in band '{part.band_heading}': {part.band_text}"), 0)
            choice = [item for item in s.items if item.counts]
            if choice:
                _say(console, Text("  answers: " + " · ".join(c.label for c in choice[0].counts), style="dim"), 4)
                figures = [_item_figures(item) for item in choice]
                widest = max(sum(cell.cell_len for cell in cells) + 2 * len(cells) for cells in figures)
                if console.width - widest >= STATEMENT_ROOM:
                    rows = Columns(show_header=False)
                    for _ in range(5):
                        rows.add_column()
                    for item, cells in zip(choice, figures):
                        rows.add_row(*cells, Text(item.text))
                    console.print(rows)
                else:  # too narrow for the statement beside its figures: the statement, then its figures under it
                    for item, cells in zip(choice, figures):
                        _say(console, Text("  " + item.text), 2)
                        _say(console, Text("  ").join(cell for cell in cells if cell.plain), 6)
            for item in s.items:
                if item.counts:
                    continue
                if item.texts:
                    console.print(Text("  " + item.text, style="bold"))
                    for who, text in item.texts:
                        _say(console, f"    • {who + ': ' if who else ''}{text}", 6)
                else:
                    console.print(Text(f"  {item.text}: (no answers)", style="dim"))
        if scored:
            _overall_record(console, report)
        _plan_block(console, group.plan)
        _answer_lists(console, report, ("discuss", "low", "tracked", "unanswered"))
        if report.legend:
            console.print()
            console.print(Text(report.legend, style="dim"))
    return out.getvalue()


def _render_single(result: Result, options: RenderOptions) -> str:
    from rich.text import Text

    from lsp_check.report.model.health import single_report
    from lsp_check.report.text.columns import Columns

    report = single_report(result)
    console, out = _console(options)
    _title(console, report)

    scored = [s for s in result.sections if s.scored]
    if scored:
        table = Columns()
        table.add_column("Section")
        table.add_column("Score", "right")
        table.add_column("%", "right")
        table.add_column("", optional=True)
        table.add_column("Band")
        for part in report.sections:
            if not part.scored:
                continue
            table.add_row(
                Text(part.title),
                part.fraction,
                part.percent,
                Text(bar(part.percent_value), style=_style(part.percent_value)),
                Text(part.band_cell),
            )
        o = report.overall
        table.add_row(Text(o.title, style="bold"), o.fraction, o.percent,
                      Text(bar(o.percent_value), style=_style(o.percent_value)), "")
        console.print()
        console.print(table)
        if report.summary_note:
            _say(console, Text(report.summary_note, style="yellow"), 0)

    for s, part in zip(result.sections, report.sections):
        console.print()
        heading = Text(part.title, style="bold underline")
        if part.scored and not part.covered:
            heading.append(f"  {part.band_cell}", style="bold yellow")
        elif part.scored:
            heading.append(f"  {part.score_of}", style="bold")
            if part.band_heading:
                heading.append(f"  {part.band_heading}", style="bold " + _style(part.percent_value))
        console.print(heading)
        if part.scored and not part.covered:
            _say(console, Text(part.score_line, style="yellow"), 0)
        if part.band_text:
            console.print(Text(part.band_text))
        if not s.scored:
            for item in s.items:
                console.print(Text(item.text, style="bold"))
                if item.items:
                    for entry in item.items:
                        console.print(Text("  • " + entry))
                else:
                    console.print(Text("  " + (item.answer or "(unanswered)"), style="" if item.answer else "dim"))

    if any(s.scored for s in result.sections):
        _overall_record(console, report)

    _plan_block(console, result.plan)
    _answer_lists(console, report, ("low", "tracked", "unanswered"))
    return out.getvalue()


def _style(percent: float | None) -> str:
    if percent is None:
        return "dim"
    if percent < 40:
        return "red"
    if percent < 70:
        return "yellow"
    return "green"


render = by_kind("text", {
    "single": _single,
    "groups": _groups,
    "comparison": _drawn(_compare),
    "cluster": _drawn(_cluster),
    "plans": _drawn(_plans),
    "sectors": _drawn(_sectors),
    "trend": _drawn(_trend),
})
