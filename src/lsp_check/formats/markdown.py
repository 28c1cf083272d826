"""The Markdown report: a write-up a facilitator can send, rendered by a jinja2 template."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsp_check.formats import RenderOptions, by_kind
from lsp_check.formats.escape import md, md_block, md_cell
from lsp_check.formats.numbers import num, pct
from lsp_check.result import Result, SectionResult

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(search_path: Iterable[Path] = (TEMPLATES,)) -> Any:
    """A jinja2 environment where every ``{{ value }}`` is Markdown-escaped unless marked safe."""
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return md(value)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=False,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = lambda v: Markup(md_cell(v))
    env.filters["block"] = lambda v: Markup(md_block(v))
    return env


def view(result: Result) -> dict[str, Any]:
    """The finished figures and wording a template needs; templates only lay them out."""
    meta = [f"Date: {result.date}" if result.date else "", f"Respondent: {result.respondent}" if result.respondent else ""]
    missing = result.overall.questions - result.overall.answered
    return {
        "kind": "result",
        "partnership": result.partnership or "(partnership not named)",
        "meta": " · ".join(m for m in meta if m),
        "missing_line": (
            f"{missing} question{'s' if missing != 1 else ''} unanswered: scores are out of the questions answered."
            if missing else ""
        ),
        "date": result.date,
        "respondent": result.respondent,
        "sections": [_section(s) for s in result.sections],
        "overall": {
            "score": num(result.overall.score),
            "max": num(result.overall.max),
            "percent": pct(result.overall.percent),
            "missing": result.overall.questions - result.overall.answered,
        },
        "needs": result.needs,
        "tracked": result.tracked,
        "low": result.low,
        "unanswered": result.unanswered,
        "any_scored": any(s.scored for s in result.sections),
    }


def _section(section: SectionResult) -> dict[str, Any]:
    from markupsafe import Markup

    answers = []
    for item in section.items:
        if item.kind == "list":
            answer = "; ".join(item.items)
        else:
            answer = item.answer or "(unanswered)"
        marker = {"weak": " ▲", "tracked": " ◆"}.get(item.level or "", "")
        note_cell = Markup(f"<br>*Note: {md_cell(item.note)}*") if item.note else ""
        answers.append({"text": item.text, "answer": answer, "entries": item.items, "kind": item.kind,
                        "marker": marker, "note_cell": note_cell,
                        "level": item.level, "note": item.note, "answered": bool(item.answer or item.items)})
    score_line = f"Score: {num(section.score)} out of a possible {num(section.max)} ({pct(section.percent)})."
    band = section.band
    band_line = ""
    if band:
        band_line = band.label + (" (estimated from the questions answered)" if section.band_estimated else "")
    return {
        "score_line": score_line,
        "missing_line": f"{section.missing} unanswered." if section.missing else "",
        "band_line": band_line,
        "id": section.id,
        "title": section.title,
        "description": section.description,
        "scored": section.scored,
        "score": num(section.score),
        "max": num(section.max),
        "percent": pct(section.percent),
        "missing": section.missing,
        "band": section.band,
        "band_estimated": section.band_estimated,
        "rows": answers,
    }


def render_result(result: Result, options: RenderOptions) -> str:
    """Render the Markdown report of one answers file."""
    return environment().get_template("report.md.j2").render(**view(result))


# The view a user's own Markdown template (--template) gets, by kind of result.
VIEWS: dict[type, Callable[[Any], dict[str, Any]]] = {Result: view}
render = by_kind("markdown", {Result: render_result})
