"""The facilitator's pages: signing in with the token from the terminal, the room's counts (updated live by
server-sent events), and closing the room with its report."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse

from lsp_check.collect import pages
from lsp_check.collect.forms import Refused
from lsp_check.collect.security import same
from lsp_check.collect.web import FACILITATOR_COOKIE, Live, page, see_other, set_cookie

EVERY = 0.5  # seconds between two updates of the counts, at most
# The report at close has its own inline stylesheet and no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"


class FacilitatorPages:
    """The handlers of the facilitator's pages, for one running room."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.room = live.room

    def is_facilitator(self, request: Request) -> bool:
        """Whether the request carries the facilitator's cookie."""
        return same(request.cookies.get(FACILITATOR_COOKIE, ""), self.room.facilitator)

    def _only(self, request: Request) -> None:
        if not self.is_facilitator(request):
            raise self.live.failed(request, 403, "This page is the facilitator's: open the address shown in the "
                                                 "terminal where lsp-check collect runs.")

    async def sign_in(self, request: Request) -> Response:
        """The address from the terminal: a cookie, then the room's page, so the token leaves the address bar
        before anything is projected."""
        if not same(request.path_params["token"], self.room.facilitator):
            raise self.live.failed(request, 404, "This is not the facilitator's address of this room: copy it "
                                                 "again from the terminal where lsp-check collect runs.")
        response = see_other("/room")
        set_cookie(response, FACILITATOR_COOKIE, self.room.facilitator, max_age=None)
        return response

    async def room_page(self, request: Request) -> Response:
        """The QR code, the short address and the counts."""
        self._only(request)
        view = pages.facilitator_view(self.room, self.live.join_url, self.live.stops_at)
        return page("facilitator.html.j2", {**view, "csrf": self.room.signer.sign("close", self.room.facilitator)})

    async def events(self, request: Request) -> Response:
        """The counts as server-sent events, whenever they change."""
        self._only(request)
        if self.live.streams >= self.live.limits.streams:
            raise Refused(429, "Too many live pages are open; close one, or reload this page.")
        return StreamingResponse(_events(self.live), media_type="text/event-stream")

    async def close_page(self, request: Request) -> Response:
        """Close the room? (Asked once more, with a form that works without JavaScript.)"""
        self._only(request)
        return page("close.html.j2", {"partnership": self.room.settings.partnership, "closed": self.room.closed,
                                      "threshold": self.room.settings.min_group,
                                      "csrf": self.room.signer.sign("close", self.room.facilitator)})

    async def close(self, request: Request) -> Response:
        """Stop taking answers, show the room's report, and stop once the page is sent."""
        self._only(request)
        await self.live.form(request, "close", self.room.facilitator)
        if not self.room.closed:
            self.room.close()  # in the event loop: it wakes the live-update streams
            await self.live.save_state()
        stop = BackgroundTask(self.live.stop, "closed")
        report, note = await asyncio.to_thread(self.live.write_report) if self.live.write_report else (None, "")
        if report is None:
            return page("closed.html.j2", {"partnership": self.room.settings.partnership, "note": note},
                        background=stop)
        return HTMLResponse(report, headers={"content-security-policy": REPORT_CSP}, background=stop)


async def _pause(live: Live, seconds: float) -> None:
    try:
        await asyncio.wait_for(live.stopping.wait(), seconds)
    except asyncio.TimeoutError:
        pass


async def _events(live: Live) -> AsyncIterator[bytes]:
    """Server-sent events: the counts whenever they change, and a comment every 15 seconds to keep the line open."""
    room = live.room
    changed = asyncio.Event()
    room.listeners.append(changed.set)
    live.streams += 1
    try:
        seen = -1
        while not live.stopping.is_set():
            if room.version != seen:
                seen = room.version
                view = pages.counts_view(room.counts(), room.settings.min_group, room.closed)
                yield f"data: {json.dumps(view)}\n\n".encode()
                # A room answering fast changes hundreds of times a second: the counts go out twice a second
                # at most, so the page keeps up without the counting taking time from saving answers.
                await _pause(live, EVERY)
            changed.clear()
            if room.version != seen:
                continue
            waits = {asyncio.ensure_future(live.stopping.wait()), asyncio.ensure_future(changed.wait())}
            done, pending = await asyncio.wait(waits, timeout=15, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            if not done:
                yield b": still here\n\n"
    finally:
        live.streams -= 1
        room.listeners.remove(changed.set)
