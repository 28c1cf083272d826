"""The room's pages: views worked out here, laid out by jinja2 templates (autoescaped), with CSS and scripts inline.

Every page is whole in one response: no file, font or script is fetched from anywhere, so nothing leaves the laptop.
Each response gets a fresh nonce that its Content-Security-Policy allows for its own inline style and script only.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsp_check import questionnaire
from lsp_check.ask.draft import Entry
from lsp_check.collect.forms import MAX_NOTE, MAX_ORGANISATION, MAX_TEXT, SECTOR_CHOICES
from lsp_check.collect.room import Counts, LiveRoom
from lsp_check.questionnaire import Section

if TYPE_CHECKING:
    import jinja2

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
CSP = ("default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; "
       "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@cache
def environment() -> jinja2.Environment:
    """The templates' environment: autoescaped and strict about undefined names."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@cache
def asset(name: str) -> str:
    """A stylesheet or script, read once, to be put inline."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def render(template: str, view: dict[str, Any]) -> tuple[str, str]:
    """The page's HTML and the Content-Security-Policy that lets its own inline style and script run."""
    nonce = secrets.token_urlsafe(16)
    html = environment().get_template(template).render(nonce=nonce, css=asset("room.css"),
                                                       autosave=asset("autosave.js"), live=asset("live.js"), **view)
    return html, CSP.format(nonce=nonce)


# -- the delegates' pages -------------------------------------------------------------------------


def steps(room: LiveRoom) -> list[tuple[str, str]]:
    """Every page a delegate goes through, in order: (path, title)."""
    return ([("/a/about", "About you")] + [(f"/a/s/{s.id}", s.title) for s in room.settings.sections]
            + [("/a/done", "Finished")])


def step_view(room: LiveRoom, path: str) -> dict[str, Any]:
    """Where a page sits among the delegate's pages: where it is in words, and the page before it. Only the
    sections count as parts, as the joining page counts them ("8 questions in 1 part"); about you comes before
    them and the end after."""
    paths = [p for p, _title in steps(room)]
    index = paths.index(path)
    parts = len(room.settings.sections)
    if path == "/a/about":
        where = "Before the questions"
    elif path == "/a/done":
        where = "Finished"
    else:
        where = f"Part {index} of {parts}"  # the about page is index 0, so a section's index is its number
    return {"progress": where, "back": paths[index - 1] if index else None, "partnership": room.settings.partnership}


def question_view(section: Section, question: questionnaire.Question, number: int, entry: Entry) -> dict[str, Any]:
    """A question as its form shows it: the options (as in the questionnaire), the answer given and the note."""
    view: dict[str, Any] = {"id": question.id, "number": number, "text": question.text, "kind": question.kind,
                            "note": entry.note, "note_limit": MAX_NOTE, "text_limit": MAX_TEXT}
    if question.kind == questionnaire.CHOICE:
        assert question.scale is not None
        view["options"] = [{"id": o.id, "label": o.label, "checked": entry.value == o.label}
                           for o in question.scale.options]
    elif question.kind == questionnaire.LIST:
        view["value"] = "\n".join(entry.value or ()) if isinstance(entry.value, tuple) else ""
    else:
        view["value"] = entry.value if isinstance(entry.value, str) else ""
    return view


def section_view(room: LiveRoom, section: Section, entries: dict[str, Entry], first: int) -> dict[str, Any]:
    """A section's form: its questions numbered through the whole questionnaire."""
    return {
        "section": {"id": section.id, "title": section.title, "description": section.description},
        "questions": [question_view(section, q, first + n, entries.get(q.id, Entry(None)))
                      for n, q in enumerate(section.questions)],
        **step_view(room, f"/a/s/{section.id}"),
    }


def about_view(room: LiveRoom, header: dict[str, str]) -> dict[str, Any]:
    """The optional organisation and sector form."""
    sector = header.get("sector", "")
    return {"organisation": header.get("organisation", ""), "organisation_limit": MAX_ORGANISATION,
            "sectors": [{"id": s, "label": s.capitalize(), "selected": s == sector} for s in SECTOR_CHOICES],
            **step_view(room, "/a/about")}


def first_number(room: LiveRoom, section: Section) -> int:
    """The number of a section's first question, counting through every section of the room."""
    number = 1
    for other in room.settings.sections:
        if other.id == section.id:
            return number
        number += len(other.questions)
    return number


# -- the facilitator's page -----------------------------------------------------------------------


def shown(count: int, threshold: int) -> str:
    """A count as the facilitator sees it: exact from the anonymity threshold up, or 'fewer than N' below it.

    Zero is shown as it is: that nobody has answered says nothing about anybody.
    """
    return str(count) if count == 0 or count >= threshold else f"fewer than {threshold}"


def counts_view(counts: Counts, threshold: int, closed: bool) -> dict[str, Any]:
    """The counts the facilitator's page shows and its live updates send: how many, never who nor what."""
    return {
        "joined": str(counts.joined),
        "started": shown(counts.started, threshold),
        "finished": shown(counts.finished, threshold),
        "questions": {f"{c.section.id}.{c.question.id}": shown(c.answered, threshold) for c in counts.questions},
        "closed": closed,
    }


def facilitator_view(room: LiveRoom, join_url: str, stops_at: str) -> dict[str, Any]:
    """The facilitator's page: how to join, how many have, and how many answered each question."""
    import segno

    counts = counts_view(room.counts(), room.settings.min_group, room.closed)
    qr = segno.make(join_url, error="m", micro=False).svg_inline(omitsize=True, dark="#000", light="#fff",
                                                                  svgclass="qr", lineclass=None)
    number = 0
    sections = []
    for section in room.settings.sections:
        questions = []
        for question in section.questions:
            number += 1
            key = f"{section.id}.{question.id}"
            questions.append({"key": key, "number": number, "text": question.text, "count": counts["questions"][key]})
        sections.append({"title": section.title, "questions": questions})
    return {"partnership": room.settings.partnership, "join": join_url, "join_short": join_url.split("://", 1)[-1],
            "qr": qr, "counts": counts, "sections": sections, "threshold": room.settings.min_group,
            "stops_at": stops_at, "closed": room.closed}
