"""The terminal report, drawn with rich: a section table with bars, bands, needs and actions."""

from __future__ import annotations

import io

from lsp_check.formats import RenderOptions, by_kind
from lsp_check.formats.numbers import num, pct
from lsp_check.result import Result

BAR_WIDTH = 20


def bar(percent: float | None, width: int = BAR_WIDTH) -> str:
    """A bar of block characters filled in proportion to a percentage."""
    if percent is None:
        return "·" * width
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def render_result(result: Result, options: RenderOptions) -> str:
    """Render the text report; colour only when options.color is set."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    title = Text("Partnership health check: ", style="bold")
    title.append(result.partnership or "(partnership not named)", style="bold")
    console.print(title)
    meta = " · ".join(x for x in (result.date, result.respondent) if x)
    if meta:
        console.print(Text(meta, style="dim"))

    scored = [s for s in result.sections if s.scored]
    if scored:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        table.add_column("Section")
        table.add_column("Score", justify="right")
        table.add_column("%", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("Band")
        for s in scored:
            style = _style(s.percent)
            table.add_row(
                Text(s.title),
                f"{num(s.score)}/{num(s.max)}",
                pct(s.percent),
                Text(bar(s.percent), style=style),
                Text(s.band.label + (" (est.)" if s.band_estimated else "") if s.band else "–"),
            )
        o = result.overall
        table.add_row(Text("Overall", style="bold"), f"{num(o.score)}/{num(o.max)}", pct(o.percent),
                      Text(bar(o.percent), style=_style(o.percent)), "")
        console.print()
        console.print(table)
        missing = o.questions - o.answered
        if missing:
            console.print(Text(f"{missing} of {o.questions} questions unanswered: scores are out of those answered.",
                               style="yellow"))

    for s in result.sections:
        console.print()
        heading = Text(s.title, style="bold underline")
        if s.scored:
            heading.append(f"  {num(s.score)} of {num(s.max)}", style="bold")
            if s.band:
                heading.append(f"  {s.band.label}", style="bold " + _style(s.percent))
        console.print(heading)
        if s.band and s.band.text:
            console.print(Text(s.band.text))
        if not s.scored:
            for item in s.items:
                console.print(Text(item.text, style="bold"))
                if item.items:
                    for entry in item.items:
                        console.print(Text("  • " + entry))
                else:
                    console.print(Text("  " + (item.answer or "(unanswered)"), style="" if item.answer else "dim"))
        for flag in [f for f in result.low if f.section == s.id]:
            line = Text("  ▲ low: ", style="yellow")
            line.append(f"{flag.question_text}: ")
            line.append(flag.answer, style="bold")
            console.print(line)

    if any(s.scored for s in result.sections):
        console.print()
        console.print(Text("Overall Record: needs and actions worth considering", style="bold underline"))
        if not result.needs:
            console.print(Text("No answers raised a need."))
        for i, need in enumerate(result.needs, 1):
            line = Text(f"{i}. ", style="bold")
            line.append(need.need, style="bold red" if need.level == "action-needed" else "bold")
            line.append(f"  ({need.section_title}: {need.answer})", style="dim")
            console.print(line)
            for action in need.actions:
                console.print(Text(f"   • {action}"))
            if need.note:
                console.print(Text(f"   note: {need.note}", style="dim"))

    if result.tracked:
        console.print()
        console.print(Text("Action in hand (tracked, no new suggestions)", style="bold underline"))
        for flag in result.tracked:
            line = Text(f"  ◆ {flag.section_title}: {flag.question_text}: ")
            line.append(flag.answer, style="bold")
            console.print(line)

    if result.unanswered:
        console.print()
        console.print(Text(f"Unanswered ({len(result.unanswered)})", style="bold underline"))
        for m in result.unanswered:
            console.print(Text(f"  ? {m.section_title}: {m.question_text}", style="dim"))
    text = out.getvalue()
    return text if options.color else "\n".join(line.rstrip() for line in text.split("\n"))


def _style(percent: float | None) -> str:
    if percent is None:
        return "dim"
    if percent < 40:
        return "red"
    if percent < 70:
        return "yellow"
    return "green"


render = by_kind("text", {Result: render_result})
