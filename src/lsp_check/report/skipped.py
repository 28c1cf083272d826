"""The note a report carries when --skip-invalid left files out: what it says, decided once, and its layout in
each format, put at the top of whatever the format rendered (every kind of result alike).

A file's name may name its respondent, so a document names the files left out only where respondents may be
named (``RenderOptions.name_skipped``, set by --show-respondents); otherwise it gives each file's first problem
by line and column. The github format names them, as stderr does: it is a CI log, and its annotations are
attached to the files. CSV carries no note (a spreadsheet table has no place for one): stderr and the exit
status say it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from lsp_check.problems import Problem
from lsp_check.report import Rendered, RenderOptions


class SkippedNote(NamedTuple):
    """What a report says of the files left out: a heading, and one line per file."""

    heading: str
    lines: tuple[str, ...]
    footnote: str


def skipped_note(skipped: tuple[Problem, ...], named: bool) -> SkippedNote:
    """The words of the note, naming the files or not."""
    count = len(skipped)
    heading = (f"{count} file{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} left out of this report "
               f"because {'each has' if count != 1 else 'it has'} a problem (--skip-invalid):")
    lines = tuple(str(problem) if named else _unnamed(problem) for problem in skipped)
    footnote = "" if named else ("Files are not named here, as a file's name may name its respondent; "
                                 "lsp-check names them on stderr.")
    return SkippedNote(heading, lines, footnote)


def _unnamed(problem: Problem) -> str:
    where = ""
    if problem.line is not None:
        where = f"line {problem.line}" + (f", column {problem.column}" if problem.column is not None else "") + ": "
    return f"{where}{problem.path + ': ' if problem.path else ''}{problem.message}"


def add(name: str, rendered: Rendered, options: RenderOptions) -> Rendered:
    """The rendered report with the note of the files left out at its top (unchanged when none were)."""
    layout = LAYOUTS.get(name)
    if not options.skipped or layout is None:
        return rendered
    if name == "github":
        return layout(rendered, skipped_note(options.skipped, True), options)
    return layout(rendered, skipped_note(options.skipped, options.name_skipped), options)


def _prepend(rendered: Rendered, head: str) -> Rendered:
    if isinstance(rendered, str):
        return head + rendered
    if isinstance(rendered, bytes):
        return head.encode("utf-8") + rendered

    def chunks(rest: Iterator[str]) -> Iterator[str]:
        yield head
        yield from rest

    return chunks(rendered)


def _text(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    import textwrap

    def wrap(text: str, indent: str) -> str:
        return textwrap.fill(text, options.width, initial_indent=indent, subsequent_indent=indent + "  ",
                             break_long_words=False, break_on_hyphens=False)

    lines = [wrap(note.heading, ""), *(wrap(line, "  ") for line in note.lines)]
    if note.footnote:
        lines.append(wrap(note.footnote, ""))
    return _prepend(rendered, "\n".join(lines) + "\n\n")


def _markdown(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    from lsp_check.report.escape import md

    lines = [f"**{md(note.heading)}**", "", *(f"- {md(line)}" for line in note.lines)]
    if note.footnote:
        lines += ["", md(note.footnote)]
    return _prepend(rendered, "\n".join(lines) + "\n\n")


def _html(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    from html import escape

    items = "".join(f"<li>{escape(line)}</li>" for line in note.lines)
    footnote = f"<p>{escape(note.footnote)}</p>" if note.footnote else ""
    aside = f'<aside class="skipped" role="note">\n<p><strong>{escape(note.heading)}</strong></p>\n<ul>{items}</ul>' \
            f"{footnote}\n</aside>\n"
    if not isinstance(rendered, str) or "<main>\n" not in rendered:
        return rendered
    return rendered.replace("<main>\n", "<main>\n" + aside, 1)


def _docx(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    import io

    import docx

    if not isinstance(rendered, bytes):
        return rendered
    document = docx.Document(io.BytesIO(rendered))
    first = document.paragraphs[0]
    heading = first.insert_paragraph_before()
    heading.add_run(note.heading).bold = True
    for line in note.lines:
        first.insert_paragraph_before(line, style="List Bullet")
    if note.footnote:
        first.insert_paragraph_before(note.footnote)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _json(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    """The files left out as the report's "skipped" field, right after its schema_version."""
    from lsp_check.report.json import pretty

    named = options.name_skipped
    entries = [{"file": p.file if named else None, "line": p.line, "column": p.column, "path": p.path,
                "message": p.message} for p in options.skipped]
    field = f'  "skipped": {pretty(entries, 1)},\n'

    def placed(text: str) -> str:
        start = text.index('"schema_version"')
        end = text.index("\n", start) + 1
        return text[:end] + field + text[end:]

    if isinstance(rendered, str):
        return placed(rendered)
    if isinstance(rendered, bytes):
        return rendered

    def chunks(rest: Iterator[str]) -> Iterator[str]:
        head = ""
        for chunk in rest:
            head += chunk
            if '"schema_version"' in head and "\n" in head[head.index('"schema_version"'):]:
                break
        yield placed(head)
        yield from rest

    return chunks(iter(rendered))


def _github(rendered: Rendered, note: SkippedNote, options: RenderOptions) -> Rendered:
    from lsp_check.report.github import TITLE, _file, command

    lines = []
    for problem in options.skipped:
        where = _file(problem.file)
        if where and problem.line is not None:
            where["line"] = str(problem.line)
            if problem.column is not None:
                where["col"] = str(problem.column)
        message = f"{problem.path + ': ' if problem.path else ''}{problem.message}"
        lines.append(command("warning", f"{problem.file}: left out (--skip-invalid): {message}",
                             title=f"{TITLE}: file left out", **where))
    text = "".join(lines)
    if not isinstance(rendered, str):
        return rendered
    debug, _, rest = rendered.partition("\n")  # the schema_version line stays first
    return f"{debug}\n{text}{rest}"


LAYOUTS: dict[str, Callable[[Rendered, SkippedNote, RenderOptions], Rendered]] = {
    "text": _text,
    "markdown": _markdown,
    "html": _html,
    "docx": _docx,
    "json": _json,
    "github": _github,
}
