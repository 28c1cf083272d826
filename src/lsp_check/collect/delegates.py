"""The delegates' pages: joining with the room's code, about you, one part at a time, and the end.

Every page works without JavaScript: each part is a form posted whole (Save and go on, Save and go back), and the
browser is sent on with a redirect, so a reload never posts twice. Where JavaScript runs, the page also saves each
answer as it is chosen (``go=stay``, answered in JSON).
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lsp_check.ask.draft import Entry
from lsp_check.collect import forms, pages
from lsp_check.collect.forms import Refused
from lsp_check.collect.room import Closed, Delegate, Full
from lsp_check.collect.security import same, secret_token
from lsp_check.collect.web import DEVICE_COOKIE, JOIN_COOKIE, Live, message, page, see_other, set_cookie
from lsp_check.problems import InputError
from lsp_check.questionnaire import Section

STALE = ("These answers were not saved: this page was older than your saved answers (it was sent twice, opened in "
         "another tab, or the room restarted). Check them and press Save and go on to save them.")


class DelegatePages:
    """The handlers of the delegates' pages, for one running room."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.room = live.room

    # -- joining ---------------------------------------------------------------------------------

    def _check_code(self, request: Request) -> None:
        if not same(request.path_params["code"], self.room.join):
            raise self.live.failed(request, 404, "This is not the address of a room that is open here: check the "
                                                 "address on the screen, or scan the QR code again.")

    def _joined(self, request: Request) -> bool:
        return self.room.delegate(request.cookies.get(DEVICE_COOKIE, "")) is not None

    async def join_page(self, request: Request) -> Response:
        """The page the QR code opens: what the check is, what is kept, and Start."""
        self._check_code(request)
        if self._joined(request):
            return see_other("/a")
        if self.room.closed:
            return message("The room is closed", "The facilitator has closed this health check: no more answers "
                                                 "are taken. Thank you.", 410)
        browser = request.cookies.get(JOIN_COOKIE) or secret_token()
        sections = self.room.settings.sections
        response = page("join.html.j2", {"partnership": self.room.settings.partnership,
                                         "titles": [s.title for s in sections],
                                         "questions": sum(len(s.questions) for s in sections),
                                         "code": self.room.join, "csrf": self.room.signer.sign("join", browser)})
        set_cookie(response, JOIN_COOKIE, browser, max_age=3600)
        return response

    async def join(self, request: Request) -> Response:
        """Start: a device token (its cookie) and a file of its own."""
        self._check_code(request)
        await self.live.form(request, "join", request.cookies.get(JOIN_COOKIE, ""))
        if self._joined(request):
            return see_other("/a")  # Start pressed again: one device, one file
        try:
            token = self.room.add_delegate()
        except Closed:
            raise Refused(410, "The facilitator has closed this health check: no more answers are taken.") from None
        except Full:
            raise Refused(503, "The room has as many delegates as it takes.") from None
        await self.live.save_state()
        response = see_other("/a/about")
        set_cookie(response, DEVICE_COOKIE, token)
        response.delete_cookie(JOIN_COOKIE, path="/")
        return response

    # -- answering -------------------------------------------------------------------------------

    def _closed(self) -> Response:
        return message("The room is closed", "The facilitator has closed this health check. Your answers up to "
                                             "now were saved. Thank you.", 410)

    async def resume(self, request: Request) -> Response:
        """Where the delegate was: the first part with a question unanswered."""
        delegate = self.live.device(request)
        draft = delegate.draft
        if draft.answered() == 0 and not (draft.header.get("organisation") or draft.header.get("sector")):
            return see_other("/a/about")
        for section in self.room.settings.sections:
            if any(not delegate.answered(q, section) for q in section.questions):
                return see_other(f"/a/s/{section.id}")
        return see_other("/a/done")

    async def about_page(self, request: Request) -> Response:
        """Organisation and sector, both optional."""
        delegate = self.live.device(request)
        if self.room.closed:
            return self._closed()
        return page("about.html.j2", {**pages.about_view(self.room, delegate.draft.header),
                                      **self._tokens(delegate), "notice": ""})

    async def about(self, request: Request) -> Response:
        """Save organisation and sector, and go on."""
        delegate = self.live.device(request)
        fields = await self.live.form(request, "answer", delegate.key)
        go = forms.move(fields)
        stale = await self._save(delegate, fields, header=forms.about_header(fields))
        if go == "stay":
            return self._saved_json(delegate, stale)
        if stale is not None:
            return page("about.html.j2", {**pages.about_view(self.room, forms.about_header(fields)),
                                          **self._tokens(delegate), "notice": stale}, 409)
        return self._after("/a/about", go)

    def _section(self, request: Request) -> Section:
        section = next((s for s in self.room.settings.sections if s.id == request.path_params["section"]), None)
        if section is None:
            raise Refused(404, "This room asks no such part.")
        return section

    def _section_page(self, delegate: Delegate, section: Section, entries: dict[str, Entry], notice: str = "",
                      status: int = 200) -> Response:
        view = pages.section_view(self.room, section, entries, pages.first_number(self.room, section))
        return page("section.html.j2", {**view, **self._tokens(delegate), "notice": notice}, status)

    async def section_page(self, request: Request) -> Response:
        """One part's questions, with the delegate's answers and notes as saved."""
        delegate = self.live.device(request)
        section = self._section(request)
        if self.room.closed:
            return self._closed()
        return self._section_page(delegate, section, delegate.draft.entries[section.id])

    async def section(self, request: Request) -> Response:
        """Save one part (or, from the page's script, its answer just chosen)."""
        delegate = self.live.device(request)
        section = self._section(request)
        fields = await self.live.form(request, "answer", delegate.key)
        go = forms.move(fields)
        entries = forms.section_entries(section, fields)
        stale = await self._save(delegate, fields, section=section, entries=entries)
        if go == "stay":
            return self._saved_json(delegate, stale)
        if stale is not None:
            # What was sent is shown again, not saved: the delegate checks it and sends it on purpose.
            return self._section_page(delegate, section, entries, stale, 409)
        return self._after(f"/a/s/{section.id}", go)

    async def done(self, request: Request) -> Response:
        """The end: how many answered, and a way back to each part until the room closes."""
        delegate = self.live.device(request)
        sections = self.room.settings.sections
        view = [{"path": f"/a/s/{s.id}", "title": s.title, "questions": len(s.questions),
                 "answered": sum(delegate.answered(q, s) for q in s.questions)} for s in sections]
        return page("done.html.j2", {"answered": delegate.draft.answered(), "sections": view,
                                     "total": sum(len(s.questions) for s in sections), "closed": self.room.closed,
                                     **pages.step_view(self.room, "/a/done")})

    # -- saving ----------------------------------------------------------------------------------

    async def _save(self, delegate: Delegate, fields: forms.Fields, **change: Any) -> str | None:
        """Check and write a delegate's change, in order with the device's other saves: None when saved, or
        why the form was out of date (nothing written)."""
        if self.room.closed:
            raise Refused(410, "The facilitator has closed this health check; your answers up to now were saved.")
        async with self.live.lock(delegate):
            if fields.get("rev") != self.room.revision(delegate):
                return STALE
            try:
                result = self.room.change(delegate, **change)
            except InputError as error:
                raise Refused(400, "Not saved: " + "; ".join(p.message for p in error.problems[:3])) from None
            except Closed:
                raise Refused(410, "The facilitator has closed this health check.") from None
            if result.text is not None:
                try:
                    await asyncio.to_thread(_write, delegate, result.text)
                except InputError as error:
                    result.undo()
                    raise Refused(503, "Your answers could not be saved on the laptop: "
                                       f"{error.problems[0].message}. Tell the facilitator.") from None
            self.room.committed(result)
        return None

    def _saved_json(self, delegate: Delegate, stale: str | None) -> Response:
        if stale is not None:
            return JSONResponse({"saved": False, "rev": self.room.revision(delegate), "message": stale}, 409)
        return JSONResponse({"saved": True, "rev": self.room.revision(delegate), "message": "Saved."})

    def _tokens(self, delegate: Delegate) -> dict[str, str]:
        return {"csrf": self.room.signer.sign("answer", delegate.key), "rev": self.room.revision(delegate)}

    def _after(self, path: str, go: str) -> Response:
        """The page after a saved form: the next or the one before."""
        paths = [p for p, _title in pages.steps(self.room)]
        index = paths.index(path)
        return see_other(paths[max(0, index - 1)] if go == "back" else paths[min(len(paths) - 1, index + 1)])


def _write(delegate: Delegate, text: str) -> None:
    from lsp_check.writing import write_atomic

    write_atomic(delegate.path, text)
