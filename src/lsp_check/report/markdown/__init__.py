"""The Markdown report: a write-up a facilitator can send, the report model laid out by a jinja2 template.

Each template is given the report model itself as ``report`` (report/model/), so it lays the report out and
decides nothing; every value it writes is Markdown-escaped unless marked safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from lsp_check.report import Rendered, RenderOptions, by_model, prepend
from lsp_check.report.markdown.escape import md, md_block, md_cell

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The bundled template of each kind of report.
TEMPLATE = {"single": "report.md.j2", "room": "room.md.j2", "comparison": "compare.md.j2",
            "cluster": "cluster.md.j2", "plans": "plan.md.j2", "sectors": "sectors.md.j2", "trend": "trend.md.j2"}
# The Markdown heading a plan's horizons take: under a report's "## Action plan", or under a plan's own title.
HORIZON_HEADING = {"plans": "##"}
DEFAULT_HORIZON_HEADING = "###"


def environment(search_path: Iterable[Path] = ()) -> jinja2.Environment:
    """A jinja2 environment where every ``{{ value }}`` is Markdown-escaped unless marked safe.

    Templates are looked for in ``search_path`` first, then among the bundled ones.
    """
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return md(value)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*(str(p) for p in search_path), str(TEMPLATES)]),
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


def context(kind: str, model: object) -> dict[str, object]:
    """What a Markdown template of this kind is given: the report model, and the heading its plan's horizons take."""
    from markupsafe import Markup

    return {"report": model, "heading": Markup(HORIZON_HEADING.get(kind, DEFAULT_HORIZON_HEADING))}


def _page(kind: str) -> Callable[[object, RenderOptions], str]:
    def render_page(model: object, options: RenderOptions) -> str:
        return environment().get_template(TEMPLATE[kind]).render(**context(kind, model))

    render_page.__doc__ = f"Render a {kind} report's model through {TEMPLATE[kind]}."
    return render_page


render = by_model("markdown", {kind: _page(kind) for kind in TEMPLATE})


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The report with the note of the files --skip-invalid left out at its top."""
    from lsp_check.report.model.skipped import skipped_note

    note = skipped_note(options.skipped, options.name_skipped)
    lines = [f"**{md(note.heading)}**", "", *(f"- {md(line)}" for line in note.lines)]
    if note.footnote:
        lines += ["", md(note.footnote)]
    return prepend(rendered, "\n".join(lines) + "\n\n")
