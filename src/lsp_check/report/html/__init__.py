"""The HTML report: one self-contained page (inline CSS and SVG charts, no scripts, nothing fetched).

Each page's template (``templates/``) is given the report model itself as ``report`` (report/model/) and
every chart of it drawn as ``drawn`` (``charts.py`` works out the coordinates): templates only lay them out,
with autoescaping on, so questionnaire and answer text is always data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from lsp_check.report import Rendered, RenderOptions, by_model

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The bundled page of each kind of report (templates are named html/NAME, as user templates name them).
TEMPLATE = {"single": "html/result.html.j2", "room": "html/room.html.j2", "comparison": "html/compare.html.j2",
            "cluster": "html/cluster.html.j2", "plans": "html/plan.html.j2", "sectors": "html/sectors.html.j2",
            "trend": "html/trend.html.j2"}


def environment(search_path: Iterable[Path] = ()) -> jinja2.Environment:
    """A jinja2 environment for HTML: autoescaped, and strict about undefined names.

    Templates are looked for in ``search_path`` first, then among the bundled ones, named ``html/NAME``.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(p) for p in search_path]),
                                    jinja2.PrefixLoader({"html": jinja2.FileSystemLoader(str(TEMPLATES))})]),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def context(kind: str, model: object) -> dict[str, object]:
    """What an HTML template is given: the report model, and each of its charts drawn (looked up by the chart)."""
    from lsp_check.report.html.charts import drawings

    return {"report": model, "drawn": drawings(model)}


def _page(kind: str) -> Callable[[object, RenderOptions], str]:
    def render_page(model: object, options: RenderOptions) -> str:
        return environment().get_template(TEMPLATE[kind]).render(**context(kind, model))

    render_page.__doc__ = f"Render a {kind} report's model as the page {TEMPLATE[kind]}."
    return render_page


render = by_model("html", {kind: _page(kind) for kind in TEMPLATE})


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The page with the note of the files --skip-invalid left out at the top of its main content."""
    from html import escape

    from lsp_check.report.model.skipped import skipped_note

    note = skipped_note(options.skipped, options.name_skipped)
    items = "".join(f"<li>{escape(line)}</li>" for line in note.lines)
    footnote = f"<p>{escape(note.footnote)}</p>" if note.footnote else ""
    aside = (f'<aside class="skipped" role="note">\n<p><strong>{escape(note.heading)}</strong></p>\n<ul>{items}</ul>'
             f"{footnote}\n</aside>\n")
    if not isinstance(rendered, str) or "<main>\n" not in rendered:
        return rendered
    return rendered.replace("<main>\n", "<main>\n" + aside, 1)
