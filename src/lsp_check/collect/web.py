"""What the room's pages share: the running room (``Live``), its limits, and the responses, cookies and checks
every handler uses."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, NamedTuple

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from lsp_check.collect import forms, pages
from lsp_check.collect.forms import Refused
from lsp_check.collect.room import Delegate, LiveRoom
from lsp_check.collect.security import RateLimit

DEVICE_COOKIE = "lsp_delegate"
FACILITATOR_COOKIE = "lsp_facilitator"
JOIN_COOKIE = "lsp_join"
COOKIE_AGE = 12 * 3600  # a delegate who closes the browser at lunch carries on after it


class Limits(NamedTuple):
    """Rate limits per client address, and how many live-update streams the facilitator's page may hold open."""

    burst: float = 60.0  # requests at once
    per_second: float = 10.0  # then, sustained
    failures: float = 10.0  # wrong codes, tokens or forms before a client must wait
    failures_per_second: float = 1 / 6  # one more every six seconds
    streams: int = 4


class Live:
    """A running room: the room, the address it answers on, when it stops, and how to stop it."""

    def __init__(self, room: LiveRoom, address: str, stops_at: str, stop: Callable[[str], None],
                 limits: Limits = Limits(), write_report: Callable[[], tuple[str | None, str]] | None = None) -> None:
        self.room = room
        self.address = address  # host:port, as the Host header must give it
        self.stops_at = stops_at
        self.stop = stop
        self.limits = limits
        self.requests = RateLimit(limits.burst, limits.per_second)
        self.failures = RateLimit(limits.failures, limits.failures_per_second)
        self.streams = 0
        self.locks: dict[str, asyncio.Lock] = {}
        self.state_lock = asyncio.Lock()
        self.stopping = asyncio.Event()
        self.write_report = write_report

    @property
    def join_url(self) -> str:
        """The address delegates open: the QR code carries it."""
        return f"http://{self.address}/j/{self.room.join}"

    @property
    def facilitator_url(self) -> str:
        """The address the facilitator opens on the laptop: shown only in the terminal."""
        return f"http://{self.address}/f/{self.room.facilitator}"

    async def save_state(self) -> None:
        """Write the room's state file off the event loop, one write at a time, each with the state as it is
        then: a slower write of an older state can never land after a newer one."""
        from lsp_check.writing import write_atomic

        async with self.state_lock:
            await asyncio.to_thread(write_atomic, self.room.state_path, self.room.state_text())

    def lock(self, delegate: Delegate) -> asyncio.Lock:
        """The lock that keeps one device's saves in order."""
        return self.locks.setdefault(delegate.key, asyncio.Lock())

    def failed(self, request: Request, status: int, text: str) -> Refused:
        """A refusal that counts against the client: wrong codes and tokens cannot be guessed at speed."""
        if not self.failures.allow(request.client.host if request.client else ""):
            return Refused(429, "Too many wrong requests from this device; wait a minute and try again.")
        return Refused(status, text)

    def device(self, request: Request) -> Delegate:
        """The delegate whose cookie the request carries; refused (403) without one."""
        found = self.room.delegate(request.cookies.get(DEVICE_COOKIE, ""))
        if found is None:
            raise self.failed(request, 403, "This browser has not joined the room (or its cookie was cleared): "
                                            "scan the QR code on the screen, or open the address under it, to join.")
        return found

    async def form(self, request: Request, purpose: str, subject: str) -> forms.Fields:
        """A form's fields, once its origin and its CSRF token (signed for this purpose and subject) are checked."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"http://{self.address}":
            raise self.failed(request, 403, "This form was sent from another site, so it was refused.")
        fields = await forms.read_body(request.headers.get("content-type"), request.headers.get("content-length"),
                                       request.stream())
        if not self.room.signer.check(purpose, subject, fields.get("csrf", "")):
            raise self.failed(request, 403, "This form could not be checked as coming from this room's page, so "
                                            "it was refused; reload the page and try again.")
        return fields


def page(template: str, view: dict[str, Any], status: int = 200,
         background: BackgroundTask | None = None) -> HTMLResponse:
    """A page with its own Content-Security-Policy."""
    html, csp = pages.render(template, view)
    return HTMLResponse(html, status_code=status, headers={"content-security-policy": csp}, background=background)


def message(title: str, text: str, status: int = 200) -> HTMLResponse:
    """A page that says one thing."""
    return page("message.html.j2", {"title": title, "text": text}, status)


TITLES = {400: "Not saved", 403: "Not allowed", 404: "Not found", 409: "Not saved", 410: "The room is closed",
          413: "Too long", 415: "Not a form", 429: "Too many requests", 503: "Not saved"}


def refused(error: Refused) -> HTMLResponse:
    """A refused request's page: what went wrong, with its status."""
    response = message(TITLES.get(error.status, "Refused"), error.message, error.status)
    if error.status == 429:
        response.headers["retry-after"] = "6"
    return response


def see_other(path: str) -> RedirectResponse:
    """Go on to a page after a form (the browser then GETs it, so reloading never posts twice)."""
    return RedirectResponse(path, status_code=303)


def set_cookie(response: Response, name: str, value: str, max_age: int | None = COOKIE_AGE) -> None:
    """A cookie scripts cannot read and other sites' forms do not send."""
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax")
