"""The room's web application: the delegates' pages and the facilitator's, behind the guard every request passes.

Delegates join with the code in the QR code and get a device token (a cookie) that reaches their own answers file
and nothing else. The facilitator's page needs the facilitator's token, shown only in the terminal. Every form
carries a CSRF token signed for its device and the count of saves it was made after, so a forged, replayed or stale
post is refused; every request passes the guard: the Host the room was opened on, a rate limit per client, and
the security headers on every response.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lsp_check.collect.delegates import DelegatePages
from lsp_check.collect.facilitator import FacilitatorPages
from lsp_check.collect.forms import Refused
from lsp_check.collect.web import DEVICE_COOKIE, Limits, Live, refused, see_other

__all__ = ["Limits", "Live", "build"]

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # not no-referrer: browsers would then send "Origin: null" with forms
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
DEFAULT_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"


def build(live: Live) -> ASGIApp:
    """The room's application, behind its guard."""
    delegates = DelegatePages(live)
    facilitator = FacilitatorPages(live)

    async def home(request: Request) -> Response:
        if live.room.delegate(request.cookies.get(DEVICE_COOKIE, "")) is not None:
            return see_other("/a")
        if facilitator.is_facilitator(request):
            return see_other("/room")
        raise Refused(404, "Scan the QR code on the screen, or open the address under it, to join the room.")

    async def nothing(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask for an icon; there is none to fetch

    routes = [
        Route("/", home),
        Route("/favicon.ico", nothing),
        Route("/j/{code}", delegates.join_page, methods=["GET"]),
        Route("/j/{code}", delegates.join, methods=["POST"]),
        Route("/a", delegates.resume),
        Route("/a/about", delegates.about_page, methods=["GET"]),
        Route("/a/about", delegates.about, methods=["POST"]),
        Route("/a/s/{section}", delegates.section_page, methods=["GET"]),
        Route("/a/s/{section}", delegates.section, methods=["POST"]),
        Route("/a/done", delegates.done),
        Route("/f/{token}", facilitator.sign_in),
        Route("/room", facilitator.room_page),
        Route("/room/events", facilitator.events),
        Route("/room/close", facilitator.close_page, methods=["GET"]),
        Route("/room/close", facilitator.close, methods=["POST"]),
    ]

    async def on_refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        return refused(error)

    async def on_missing(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 404)
        return refused(Refused(status, "There is no such page here." if status == 404 else "Not allowed here."))

    app = Starlette(routes=routes, exception_handlers={Refused: on_refused, 404: on_missing, 405: on_missing})
    return Guard(app, live)


class Guard:
    """In front of every request: the Host the room was opened on, a rate limit per client, security headers."""

    def __init__(self, app: ASGIApp, live: Live) -> None:
        self.app = app
        self.live = live
        self.hosts = {live.address.lower().encode("latin-1")}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((value for name, value in scope["headers"] if name == b"host"), b"").lower()
        client = scope["client"][0] if scope.get("client") else ""
        if host not in self.hosts:
            # Another name for the laptop (or a rebound DNS name from a web page) does not reach the room.
            await _plain(send, 421, "This room answers only at the address shown on the screen.")
            return
        if not self.live.requests.allow(client):
            await _plain(send, 429, "Too many requests from this device; wait a few seconds.",
                         [(b"retry-after", str(self.live.requests.retry_after(client)).encode())])
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _value in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", DEFAULT_CSP))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded)


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               *SECURITY_HEADERS, (b"content-security-policy", DEFAULT_CSP), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
