"""The terminal report, drawn with rich: a section table with bars, bands, needs and actions."""

from __future__ import annotations

import io
from typing import Any

from lsp_check.report import RenderOptions, kind_of
from lsp_check.figures import num, pct
from lsp_check.model import URGENT
from lsp_check.score.result import Result

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


def render(result: Any, options: RenderOptions) -> str:
    """Render the text report of one answers file, or of groups; colour only when options.color is set."""
    kind = kind_of(result)

    if kind in ("comparison", "cluster"):
        from lsp_check.report import text_programmes

        console, out = _console(options)
        if kind == "comparison":
            text_programmes.render_compare(console, result)
        else:
            text_programmes.render_cluster(console, result)
        return _finish(out.getvalue(), options)
    if kind == "plans":
        console, out = _console(options)
        for plan in result:
            _plan_block(console, plan, f"Action plan: {plan.partnership or '(partnership not named)'}")
        return _finish(out.getvalue(), options)
    if isinstance(result, list):
        return _finish(_render_groups(result, options), options)
    return _finish(_render_single(result, options), options)


def _finish(text: str, options: RenderOptions) -> str:
    return text if options.color else "\n".join(line.rstrip() for line in text.split("\n"))


def _console(options: RenderOptions) -> tuple[Any, io.StringIO]:
    from rich.console import Console

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
    return console, out


def _overall_record(console: Any, entries: list[tuple[str, bool, str, tuple[str, ...], str]]) -> None:
    """The needs, each as (name, urgent, detail, actions, note), numbered, with their actions."""
    from rich.text import Text

    console.print()
    console.print(Text("Overall Record: needs and actions worth considering", style="bold underline"))
    if not entries:
        console.print(Text("No answers raised a need."))
    for i, (name, urgent, detail, actions, note) in enumerate(entries, 1):
        line = Text(f"{i}. ", style="bold")
        line.append(name, style="bold red" if urgent else "bold")
        line.append(f"  ({detail})", style="dim")
        console.print(line)
        for action in actions:
            console.print(Text(f"   • {action}"))
        if note:
            console.print(Text(f"   note: {note}", style="dim"))


def _plan_block(console: Any, plan: Any, title: str = "Action plan") -> None:
    from rich.text import Text

    if plan is None or not plan.rows:
        return
    console.print()
    console.print(Text(title, style="bold underline"))
    for months in (6, 12):
        rows = plan.horizon(months)
        console.print(Text(f"Next {months} months", style="bold"))
        if not rows:
            console.print(Text("  nothing planned", style="dim"))
        last = None
        for row in rows:
            if row.source == "agreed":
                console.print(Text(f"  ☐ {row.action}  (agreed"
                                   + (f"; owner {row.owner}" if row.owner else "")
                                   + (f"; due {row.due}" if row.due else "") + ")"))
                continue
            if row.rank != last:
                head = Text(f"  {row.rank}. {row.need}", style="bold")
                head.append(f"  ({row.section}: {row.reason})", style="dim")
                console.print(head)
                last = row.rank
            console.print(Text(f"     ☐ {row.action}"))


def _render_groups(groups: list[Any], options: RenderOptions) -> str:
    from rich.text import Text

    from lsp_check.report.columns import Columns

    console, out = _console(options)
    for number, group in enumerate(groups):
        if number:
            console.print()
            console.rule()
        title = Text("Partnership health check: ", style="bold")
        title.append(group.partnership or "(partnership not named)", style="bold")
        console.print(title)
        meta = f"{group.respondents} respondent{'s' if group.respondents != 1 else ''}"
        if group.dates:
            meta += " · " + (group.dates[0] if len(group.dates) == 1 else f"{group.dates[0]} to {group.dates[-1]}")
        console.print(Text(meta, style="dim"))
        if group.names:
            console.print(Text("Respondents: " + ", ".join(group.names), style="dim"))
        scored = [s for s in group.sections if s.scored]
        if scored:
            table = Columns()
            for name, justify in (("Section", "left"), ("Resp.", "right"), ("Median", "right"), ("Range", "right"),
                                  ("%", "right"), ("", "left"), ("Band", "left")):
                table.add_column(name, justify)
            for s in scored:
                rng = f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–"
                table.add_row(Text(s.title), str(s.respondents), f"{num(s.median_score)}/{num(s.max)}", rng,
                              pct(s.median_percent), Text(bar(s.median_percent), style=_style(s.median_percent)),
                              Text(s.band.label if s.band else "–"))
            o = group.overall
            table.add_row(Text("Overall", style="bold"), "", "", "", pct(o.percent),
                          Text(bar(o.percent), style=_style(o.percent)), "")
            console.print()
            console.print(table)
            console.print(Text("Median and range of respondents' totals; overall is all answers pooled.", style="dim"))
        for s in group.sections:
            console.print()
            heading = Text(s.title, style="bold underline")
            heading.append(f"  {s.respondents} answering", style="dim")
            console.print(heading)
            if s.band and s.band.text:
                console.print(Text(f"Median in band '{s.band.label}': {s.band.text}"))
            choice = [item for item in s.items if item.counts]
            if choice:
                console.print(Text("  answers: " + " · ".join(c.label for c in choice[0].counts), style="dim"))
                rows = Columns(show_header=False)
                for _ in range(4):
                    rows.add_column()
                rows.add_column()
                for item in choice:
                    counts = [c.count for c in item.counts]
                    rows.add_row(
                        Text(" ▕" + spark(counts) + "▏", style="cyan"),
                        "·".join(str(c) for c in counts),
                        Text(f"median {item.median or '–'}, mean {num(item.mean)}", style="dim"),
                        Text("⚠ disagree", style="bold yellow") if item.disagreement else "",
                        Text(item.text),
                    )
                console.print(rows)
            for item in s.items:
                if item.counts:
                    continue
                if item.texts:
                    console.print(Text("  " + item.text, style="bold"))
                    for who, text in item.texts:
                        console.print(Text(f"    • {who + ': ' if who else ''}{text}"))
                else:
                    console.print(Text(f"  {item.text}: (no answers)", style="dim"))
        if scored:
            entries = []
            for need in group.needs:
                detail = f"{need.section_title}: median {need.answer}; {need.weak} of {need.responses} weak"
                detail += ", answers disagree" if need.disagreement else ""
                detail += "; HIGH PRIORITY" if need.priority == "high" else ""
                entries.append((need.need, need.priority == "high", detail, need.actions, ""))
            _overall_record(console, entries)
        _plan_block(console, group.plan)
        for label, flags in (("Low answers (read through the band)", group.low),
                             ("Action in hand (tracked)", group.tracked),
                             ("Answered by nobody", group.unanswered)):
            if flags:
                console.print()
                console.print(Text(label, style="bold underline"))
                for flag in flags:
                    console.print(Text(f"  {flag.section_title}: {flag.question_text}"
                                       + (f": median {flag.answer}" if flag.answer else "")))
    return out.getvalue()


def _render_single(result: Result, options: RenderOptions) -> str:
    from rich.text import Text

    from lsp_check.report.columns import Columns

    console, out = _console(options)
    title = Text("Partnership health check: ", style="bold")
    title.append(result.partnership or "(partnership not named)", style="bold")
    console.print(title)
    meta = " · ".join(x for x in (result.date, result.respondent) if x)
    if meta:
        console.print(Text(meta, style="dim"))

    scored = [s for s in result.sections if s.scored]
    if scored:
        table = Columns()
        table.add_column("Section")
        table.add_column("Score", "right")
        table.add_column("%", "right")
        table.add_column("")
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
        _overall_record(console, [(need.need, need.severity >= URGENT, f"{need.section_title}: {need.answer}",
                                   need.actions, need.note) for need in result.needs])

    _plan_block(console, result.plan)

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
    return out.getvalue()


def _style(percent: float | None) -> str:
    if percent is None:
        return "dim"
    if percent < 40:
        return "red"
    if percent < 70:
        return "yellow"
    return "green"
