"""The delegates' forms read strictly: a bounded body, known fields only, each value one the questionnaire offers.

Anything else is refused with a 4xx status before anything is written. What passes is then checked once more, as a
whole answers file, by the rules every answers file is read with (room.check_text).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

from lsp_check import questionnaire
from lsp_check.ask.draft import Entry
from lsp_check.load.sectors import SECTORS
from lsp_check.questionnaire import Section

# A section of the longest bundled questionnaire, every note filled to its limit, is under 40 KB.
MAX_BODY = 64 * 1024
MAX_FIELDS = 400
MAX_NOTE = 2000
MAX_TEXT = 4000
MAX_ITEMS = 30
MAX_ORGANISATION = 200
# The fields every form carries besides its own: the CSRF token, the save count it was made at, and where to go.
FORM_FIELDS = ("csrf", "rev", "go")
MOVES = ("next", "back", "stay")
SECTOR_CHOICES = tuple(name for name, _words in SECTORS)


class Refused(Exception):
    """A request refused with an HTTP status and a sentence saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


Fields = dict[str, str]


async def read_body(content_type: str | None, content_length: str | None, chunks: AsyncIterator[bytes],
                    limit: int = MAX_BODY) -> Fields:
    """A form's fields from an urlencoded body of at most ``limit`` bytes; each field given once."""
    if (content_type or "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise Refused(415, "expected a form (application/x-www-form-urlencoded)")
    if content_length is not None:
        if not content_length.strip().isdigit():
            raise Refused(400, "the request's length is not a number")
        if int(content_length) > limit:
            raise Refused(413, f"the form is larger than {limit // 1024} KB")
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise Refused(413, f"the form is larger than {limit // 1024} KB")
    return parse_fields(bytes(body))


def parse_fields(body: bytes) -> Fields:
    """Decode an urlencoded body strictly: ASCII on the wire, UTF-8 inside, no repeated or empty names."""
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=bool(body),
                          encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, f"the form could not be read ({str(error)[:80]})") from None
    fields: Fields = {}
    for name, value in pairs:
        if name in fields:
            raise Refused(400, f"the field {name[:40]!r} is given twice")
        fields[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return fields


def _only(fields: Fields, allowed: set[str]) -> None:
    unknown = sorted(set(fields) - allowed - set(FORM_FIELDS))
    if unknown:
        raise Refused(400, f"the form has a field this page does not ask: {unknown[0][:40]!r}")


def move(fields: Fields) -> str:
    """Where the delegate asked to go: next, back, or stay (a save as an answer is chosen)."""
    go = fields.get("go", "next")
    if go not in MOVES:
        raise Refused(400, f"'{go[:40]}' is not a way to go; expected next or back")
    return go


def section_entries(section: Section, fields: Fields) -> dict[str, Entry]:
    """A section's answers and notes from its form: radio values are option ids, texts are bounded."""
    allowed = {f"{kind}-{q.id}" for q in section.questions for kind in ("q", "n")}
    _only(fields, allowed)
    entries: dict[str, Entry] = {}
    for question in section.questions:
        raw = fields.get(f"q-{question.id}", "").strip()
        note = _bounded(fields.get(f"n-{question.id}", "").strip(), MAX_NOTE, "a note")
        value: str | tuple[str, ...] | None = None
        if question.kind == questionnaire.CHOICE:
            value = _option(question, raw) if raw else None
        elif question.kind == questionnaire.LIST:
            items = tuple(line.strip() for line in raw.split("\n") if line.strip())
            if len(items) > MAX_ITEMS:
                raise Refused(400, f"a list may hold at most {MAX_ITEMS} items")
            value = tuple(_bounded(item, MAX_TEXT, "an item") for item in items) or None
        else:
            value = _bounded(raw, MAX_TEXT, "an answer") or None
        if value or note:
            entries[question.id] = Entry(value, note)
    return entries


def about_header(fields: Fields) -> dict[str, str]:
    """The delegate's organisation and sector, both optional."""
    _only(fields, {"organisation", "sector"})
    organisation = " ".join(_bounded(fields.get("organisation", ""), MAX_ORGANISATION, "an organisation").split())
    sector = fields.get("sector", "")
    if sector and sector not in SECTOR_CHOICES:
        raise Refused(400, f"'{sector[:40]}' is not a sector this form offers")
    return {"organisation": organisation, "sector": sector}


def _option(question: questionnaire.Question, raw: str) -> str:
    assert question.scale is not None
    for option in question.scale.options:
        if option.id == raw:
            return option.label
    raise Refused(400, f"'{raw[:40]}' is not one of this question's options")


def _bounded(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise Refused(400, f"{what} may be at most {limit:,} characters long")
    return text
