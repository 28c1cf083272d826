"""The room's web application: the delegates' pages, the facilitator's page, and the guard in front of both.

Delegates join with the code in the QR code and get a device token (a cookie) that reaches their own answers file
and nothing else. The facilitator's page needs the facilitator's token, shown only in the terminal. Every form
carries a CSRF token signed for its device and the count of saves it was made at, so a forged, replayed or stale
post is refused; every request passes the guard: the right Host, a rate limit per client, a bounded body.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, NamedTuple

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lsp_check.ask.draft import Entry
from lsp_check.collect import forms, pages
from lsp_check.collect.forms import Refused
from lsp_check.collect.room import Closed, Delegate, Full, Room
from lsp_check.problems import InputError

DEVICE_COOKIE = "lsp_delegate"
FACILITATOR_COOKIE = "lsp_facilitator"
JOIN_COOKIE = "lsp_join"
COOKIE_AGE = 12 * 3600  # a delegate who closes the browser at lunch carries on after it
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
DEFAULT_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# The report at close has its own inline stylesheet and no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"


class Limits(NamedTuple):
    """Rate limits per client address, and how many live-update streams the facilitator's page may hold open."""

    burst: float = 60.0  # requests at once
    per_second: float = 10.0  # then, sustained
    failures: float = 10.0  # wrong codes, tokens or forms before a client must wait
    failures_per_second: float = 1 / 6  # one more every six seconds
    streams: int = 4


class Live:
    """A running room: the room, the address it answers on, when it stops, and how to stop it."""

    def __init__(self, room: Room, address: str, stops_at: str, stop: Callable[[str], None],
                 limits: Limits = Limits(), write_report: Callable[[], tuple[str | None, str]] | None = None) -> None:
        from lsp_check.collect.security import RateLimit

        self.room = room
        self.address = address  # host:port, as the Host header must give it
        self.stops_at = stops_at
        self.stop = stop
        self.limits = limits
        self.requests = RateLimit(limits.burst, limits.per_second)
        self.failures = RateLimit(limits.failures, limits.failures_per_second)
        self.streams = 0
        self.locks: dict[str, asyncio.Lock] = {}
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

    def lock(self, delegate: Delegate) -> asyncio.Lock:
        """The lock that keeps one device's saves in order."""
        return self.locks.setdefault(delegate.key, asyncio.Lock())


# -- responses -------------------------------------------------------------------------------------


def page(template: str, view: dict[str, Any], status: int = 200, background: BackgroundTask | None = None) -> HTMLResponse:
    """A page with its own Content-Security-Policy."""
    html, csp = pages.render(template, view)
    return HTMLResponse(html, status_code=status, headers={"content-security-policy": csp}, background=background)


def message(title: str, text: str, status: int = 200, link: tuple[str, str] | None = None) -> HTMLResponse:
    """A page that says one thing, with an optional link onwards."""
    return page("message.html.j2", {"title": title, "text": text, "link": link}, status)


def refused(error: Refused) -> HTMLResponse:
    """A refused request's page: what went wrong and that nothing was saved."""
    titles = {400: "Not saved", 403: "Not allowed", 404: "Not found", 409: "Not saved", 410: "The room is closed",
              413: "Too long", 415: "Not a form", 429: "Too many requests", 503: "The room is full"}
    response = message(titles.get(error.status, "Refused"), error.message, error.status)
    if error.status == 429:
        response.headers["retry-after"] = "6"
    return response


def see_other(path: str) -> RedirectResponse:
    """Go on to a page after a form (the browser then GETs it, so reloading never posts twice)."""
    return RedirectResponse(path, status_code=303)


def set_cookie(response: Response, name: str, value: str, max_age: int | None = COOKIE_AGE) -> None:
    """A cookie scripts cannot read and other sites' forms do not send."""
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax")


# -- the application -------------------------------------------------------------------------------


def build(live: Live) -> ASGIApp:
    """The room's application, behind its guard."""
    room = live.room

    def failed(request: Request, status: int, text: str) -> Refused:
        """A refusal that counts against the client: wrong codes and tokens cannot be guessed at speed."""
        client = request.client.host if request.client else ""
        if not live.failures.allow(client):
            return Refused(429, "Too many wrong requests from this device; wait a minute and try again.")
        return Refused(status, text)

    def device(request: Request) -> Delegate:
        found = room.delegate(request.cookies.get(DEVICE_COOKIE, ""))
        if found is None:
            raise failed(request, 403, "This browser has not joined the room (or its cookie was cleared): scan the "
                                       "QR code on the screen, or open the address under it, to join.")
        return found

    def is_facilitator(request: Request) -> bool:
        from lsp_check.collect.security import same

        return same(request.cookies.get(FACILITATOR_COOKIE, ""), room.facilitator)

    async def form(request: Request, purpose: str, subject: str) -> forms.Fields:
        """A form's fields, once its origin and CSRF token are checked."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"http://{live.address}":
            raise failed(request, 403, "This form was sent from another site, so it was refused.")
        fields = await forms.read_body(request.headers.get("content-type"), request.headers.get("content-length"),
                                       request.stream())
        if not room.signer.check(purpose, subject, fields.get("csrf", "")):
            raise failed(request, 403, "This form could not be checked as coming from this room's page, so it "
                                       "was refused; reload the page and try again.")
        return fields

    # -- joining ---------------------------------------------------------------------------------

    async def join_page(request: Request) -> Response:
        from lsp_check.collect.security import same, secret_token

        if not same(request.path_params["code"], room.join):
            raise failed(request, 404, "This is not the address of a room that is open here: check the address "
                                       "on the screen, or scan the QR code again.")
        if room.delegate(request.cookies.get(DEVICE_COOKIE, "")) is not None:
            return see_other("/a")
        if room.closed:
            return message("The room is closed", "The facilitator has closed this health check: no more answers "
                                                 "are taken. Thank you.", 410)
        browser = request.cookies.get(JOIN_COOKIE) or secret_token()
        titles = [s.title for s in room.settings.sections]
        questions = sum(len(s.questions) for s in room.settings.sections)
        response = page("join.html.j2", {"partnership": room.settings.partnership, "titles": titles,
                                         "questions": questions, "code": room.join,
                                         "csrf": room.signer.sign("join", browser)})
        set_cookie(response, JOIN_COOKIE, browser, max_age=3600)
        return response

    async def join(request: Request) -> Response:
        from lsp_check.collect.security import same

        if not same(request.path_params["code"], room.join):
            raise failed(request, 404, "This is not the address of a room that is open here.")
        await form(request, "join", request.cookies.get(JOIN_COOKIE, ""))
        if room.delegate(request.cookies.get(DEVICE_COOKIE, "")) is not None:
            return see_other("/a")  # the Start button pressed twice: one device, one file
        try:
            token = room.add_delegate()
        except Closed:
            raise Refused(410, "The facilitator has closed this health check: no more answers are taken.") from None
        except Full:
            raise Refused(503, "The room has as many delegates as it takes.") from None
        await asyncio.to_thread(room.save_state)
        response = see_other("/a/about")
        set_cookie(response, DEVICE_COOKIE, token)
        response.delete_cookie(JOIN_COOKIE, path="/")
        return response

    # -- answering -------------------------------------------------------------------------------

    def closed_page() -> Response:
        return message("The room is closed", "The facilitator has closed this health check. Your answers up to "
                                             "now were saved. Thank you.", 410)

    async def resume(request: Request) -> Response:
        delegate = device(request)
        draft = delegate.draft
        if draft.answered() == 0 and not (draft.header.get("organisation") or draft.header.get("sector")):
            return see_other("/a/about")
        for section in room.settings.sections:
            if any(not delegate.answered(q, section) for q in section.questions):
                return see_other(f"/a/s/{section.id}")
        return see_other("/a/done")

    async def about_page(request: Request) -> Response:
        delegate = device(request)
        if room.closed:
            return closed_page()
        return page("about.html.j2", {**pages.about_view(room, delegate.draft.header),
                                      **_form_view(room, delegate)})

    async def about(request: Request) -> Response:
        delegate = device(request)
        fields = await form(request, "answer", delegate.key)
        go = forms.move(fields)
        header = forms.about_header(fields)
        await save(request, delegate, fields, header=header)
        return _after(room, "/a/about", go, delegate)

    def section_of(request: Request) -> Any:
        section = next((s for s in room.settings.sections if s.id == request.path_params["section"]), None)
        if section is None:
            raise Refused(404, "This room asks no such section.")
        return section

    def section_page_for(delegate: Delegate, section: Any, entries: dict[str, Entry], notice: str = "",
                         status: int = 200) -> Response:
        view = pages.section_view(room, section, entries, pages.first_number(room, section))
        return page("section.html.j2", {**view, **_form_view(room, delegate), "notice": notice}, status)

    async def section_page(request: Request) -> Response:
        delegate = device(request)
        section = section_of(request)
        if room.closed:
            return closed_page()
        return section_page_for(delegate, section, delegate.draft.entries[section.id])

    async def section(request: Request) -> Response:
        delegate = device(request)
        section = section_of(request)
        fields = await form(request, "answer", delegate.key)
        go = forms.move(fields)
        entries = forms.section_entries(section, fields)
        stale = await save(request, delegate, fields, section=section, entries=entries)
        if stale is not None:
            if go == "stay":
                return JSONResponse({"saved": False, "rev": room.revision(delegate), "message": stale}, 409)
            # The answers sent are shown again, not saved: the delegate checks them and sends them on purpose.
            return section_page_for(delegate, section, entries, stale, 409)
        if go == "stay":
            return JSONResponse({"saved": True, "rev": room.revision(delegate), "message": "Saved."})
        return _after(room, f"/a/s/{section.id}", go, delegate)

    async def save(request: Request, delegate: Delegate, fields: forms.Fields, **change: Any) -> str | None:
        """Check and write a delegate's change, in order with the device's other saves: None when saved, or
        why the form was out of date (nothing written)."""
        if room.closed:
            raise Refused(410, "The facilitator has closed this health check; your answers up to now were saved.")
        async with live.lock(delegate):
            if fields.get("rev") != room.revision(delegate):
                return ("These answers were not saved: this page was older than your saved answers (it was sent "
                        "twice, opened in another tab, or the room restarted). Check them and press Next to save.")
            try:
                result = room.change(delegate, **change)
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
            room.committed(result)
        return None

    async def done(request: Request) -> Response:
        delegate = device(request)
        total = sum(len(s.questions) for s in room.settings.sections)
        sections = [{"path": f"/a/s/{s.id}", "title": s.title, "questions": len(s.questions),
                     "answered": sum(delegate.answered(q, s) for q in s.questions)} for s in room.settings.sections]
        return page("done.html.j2", {"answered": delegate.draft.answered(), "total": total, "sections": sections,
                                     "closed": room.closed, **pages.step_view(room, "/a/done")})

    # -- the facilitator -------------------------------------------------------------------------

    async def facilitator_login(request: Request) -> Response:
        from lsp_check.collect.security import same

        if not same(request.path_params["token"], room.facilitator):
            raise failed(request, 404, "This is not the facilitator's address of this room: copy it again from "
                                       "the terminal where lsp-check collect runs.")
        # The token leaves the address bar at once: the page is shown on a projector.
        response = see_other("/room")
        set_cookie(response, FACILITATOR_COOKIE, room.facilitator, max_age=None)
        return response

    def facilitator_only(request: Request) -> None:
        if not is_facilitator(request):
            raise failed(request, 403, "This page is the facilitator's: open the address shown in the terminal "
                                       "where lsp-check collect runs.")

    async def room_page(request: Request) -> Response:
        facilitator_only(request)
        view = pages.facilitator_view(room, live.join_url, live.stops_at)
        return page("facilitator.html.j2", {**view, "csrf": room.signer.sign("close", room.facilitator)})

    async def events(request: Request) -> Response:
        facilitator_only(request)
        if live.streams >= live.limits.streams:
            raise Refused(429, "Too many live pages are open; close one, or reload this page.")
        return StreamingResponse(_events(live), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    async def close_page(request: Request) -> Response:
        facilitator_only(request)
        return page("close.html.j2", {"partnership": room.settings.partnership, "closed": room.closed,
                                      "csrf": room.signer.sign("close", room.facilitator)})

    async def close(request: Request) -> Response:
        facilitator_only(request)
        await form(request, "close", room.facilitator)
        if not room.closed:
            await asyncio.to_thread(room.close)
        stop = BackgroundTask(live.stop, "closed")
        report, note = await asyncio.to_thread(live.write_report) if live.write_report else (None, "")
        if report is None:
            return page("closed.html.j2", {"partnership": room.settings.partnership, "note": note}, background=stop)
        return HTMLResponse(report, headers={"content-security-policy": REPORT_CSP}, background=stop)

    async def nothing(request: Request) -> Response:
        return Response(status_code=204)

    async def home(request: Request) -> Response:
        if room.delegate(request.cookies.get(DEVICE_COOKIE, "")) is not None:
            return see_other("/a")
        if is_facilitator(request):
            return see_other("/room")
        raise Refused(404, "Scan the QR code on the screen, or open the address under it, to join the room.")

    routes = [
        Route("/", home),
        Route("/favicon.ico", nothing),
        Route("/j/{code}", join_page, methods=["GET"]),
        Route("/j/{code}", join, methods=["POST"]),
        Route("/a", resume),
        Route("/a/about", about_page, methods=["GET"]),
        Route("/a/about", about, methods=["POST"]),
        Route("/a/s/{section}", section_page, methods=["GET"]),
        Route("/a/s/{section}", section, methods=["POST"]),
        Route("/a/done", done),
        Route("/f/{token}", facilitator_login),
        Route("/room", room_page),
        Route("/room/events", events),
        Route("/room/close", close_page, methods=["GET"]),
        Route("/room/close", close, methods=["POST"]),
    ]

    async def on_refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        return refused(error)

    async def on_missing(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 404)
        return refused(Refused(status, "There is no such page here." if status == 404 else "Not allowed here."))

    app = Starlette(routes=routes, exception_handlers={Refused: on_refused, 404: on_missing, 405: on_missing})
    return Guard(app, live)


def _write(delegate: Delegate, text: str) -> None:
    from lsp_check.writing import write_atomic

    write_atomic(delegate.path, text)


def _form_view(room: Room, delegate: Delegate) -> dict[str, str]:
    return {"csrf": room.signer.sign("answer", delegate.key), "rev": room.revision(delegate)}


def _after(room: Room, path: str, go: str, delegate: Delegate) -> Response:
    """The page after a saved form: the next or the one before."""
    paths = [p for p, _title in pages.steps(room)]
    index = paths.index(path)
    if go == "back":
        return see_other(paths[max(0, index - 1)])
    return see_other(paths[min(len(paths) - 1, index + 1)])


async def _events(live: Live) -> AsyncIterator[bytes]:
    """Server-sent events: the counts whenever they change, and a comment every 15 seconds to keep the line open."""
    room = live.room
    changed = asyncio.Event()

    def wake() -> None:
        changed.set()

    room.listeners.append(wake)
    live.streams += 1
    try:
        seen = -1
        while not live.stopping.is_set():
            if room.version != seen:
                seen = room.version
                view = pages.counts_view(room.counts(), room.settings.min_group, room.closed)
                yield f"data: {json.dumps(view)}\n\n".encode()
            changed.clear()
            if room.version != seen:
                continue
            stopping = asyncio.ensure_future(live.stopping.wait())
            waiting = asyncio.ensure_future(changed.wait())
            done, pending = await asyncio.wait({stopping, waiting}, timeout=15,
                                               return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            if not done:
                yield b": still here\n\n"
    finally:
        live.streams -= 1
        room.listeners.remove(wake)


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

