"""Running a live room: listen only where told, say in the terminal how to join and how to reach the facilitator's
page, and stop at close, after ``--minutes``, or at Ctrl-C, with every saved answer already on disk."""

from __future__ import annotations

import asyncio
import datetime
import errno
import os
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import NamedTuple

import uvicorn

from lsp_check.collect.app import Limits, Live, build
from lsp_check.collect.room import LiveRoom
from lsp_check.collect.security import IPAddress, url_host
from lsp_check.problems import fail

REPORT_FILE = "report.html"
# Connections at once: 60 phones each keep one or two open; past this the server answers 503 at once.
MAX_CONNECTIONS = 400


class Stopped(NamedTuple):
    """Why the room stopped ('closed', 'time' or 'interrupted') and what it holds."""

    reason: str
    respondents: int
    report: Path | None


def listen(address: IPAddress, port: int) -> socket.socket:
    """A listening socket on exactly this address (port 0: any free port); a clear message when it cannot be."""
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":
            # A restart right after a crash must not wait for the old connections' TIME_WAIT to pass. (On Windows
            # the option would let another program take the port while the room holds it.)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((str(address), port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        where = f"{url_host(address)}:{port}"
        if error.errno == errno.EADDRINUSE:
            raise fail(where, "is in use by another program; give another --port (or --port 0 for any free one)") \
                from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise fail(where, "is not an address of this laptop; leave out --host to use its address on the "
                              "network it is on, or give one of its own") from None
        raise fail(where, f"cannot be listened on: {error.strerror or error}") from None
    return sock


def report_writer(room: LiveRoom) -> Callable[[], tuple[str | None, str]]:
    """At close: the room's report and where it was saved, or why it is not shown (too few respondents)."""

    def write() -> tuple[str | None, str]:
        from lsp_check.collect.report import room_report
        from lsp_check.writing import write_atomic

        answered = room.respondents()
        threshold = room.settings.min_group
        if answered < threshold:
            who = "Nobody" if not answered else f"Fewer than {threshold} delegates"
            return None, (f"{who} answered, so the room's report is not shown: with so few, it would show one "
                          f"person's answers. Anything answered is saved in the room's folder "
                          f"({room.directory}).")
        html = room_report(room.directory, room.library)
        path = room.directory / REPORT_FILE
        write_atomic(path, html)
        return html, str(path)

    return write


def serve(room: LiveRoom, address: IPAddress, sock: socket.socket, minutes: float,
          say: Callable[[str], None], limits: Limits = Limits()) -> Stopped:
    """Run the room until it is closed, its time is up, or Ctrl-C; say in the terminal what happens."""
    port = sock.getsockname()[1]
    stops = datetime.datetime.now() + datetime.timedelta(minutes=minutes)
    reason: list[str] = []

    def stop(why: str) -> None:
        # Called from the event loop (the timer) or a worker thread (after the close page is sent): it only
        # sets flags; the server's own shutdown, in the loop, ends the live-update streams.
        if not reason:
            reason.append(why)
        server.should_exit = True

    live = Live(room, f"{url_host(address)}:{port}", stops.strftime("%H:%M"), stop, limits, report_writer(room))
    config = uvicorn.Config(
        build(live), log_level="warning", access_log=False, lifespan="off", http="h11", loop="asyncio", ws="none",
        proxy_headers=False, server_header=False, date_header=False, limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5, timeout_graceful_shutdown=2, h11_max_incomplete_event_size=16 * 1024)
    server = _Server(config, live)

    async def run() -> None:
        timer = asyncio.get_running_loop().call_later(minutes * 60, stop, "time")
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            # The addresses are given once the room answers (and Ctrl-C is the server's to handle).
            while not server.started and not serving.done():
                await asyncio.sleep(0.01)
            if server.started:
                _announce(room, live, minutes, say)
            await serving
        finally:
            timer.cancel()

    try:
        asyncio.run(run())
    finally:
        sock.close()
    why = reason[0] if reason else "interrupted"
    report = room.directory / REPORT_FILE if why == "closed" and (room.directory / REPORT_FILE).exists() else None
    return Stopped(why, room.respondents(), report)


class _Server(uvicorn.Server):
    """uvicorn's server, ending the room's live-update streams as it stops, and stopping gracefully on Ctrl-C or
    SIGTERM without raising the signal again afterwards (the command says why it stopped, and exits 130)."""

    def __init__(self, config: uvicorn.Config, live: Live) -> None:
        super().__init__(config)
        self.live = live

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Stop after the requests in hand; a second Ctrl-C stops at once (the answers are on disk already)."""
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        self.should_exit = True

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """End the live-update streams first, so that stopping does not wait for the facilitator's page."""
        self.live.stopping.set()
        await super().shutdown(sockets)


def _announce(room: LiveRoom, live: Live, minutes: float, say: Callable[[str], None]) -> None:
    from lsp_check.sanitise import visible

    sections = room.settings.sections
    questions = sum(len(s.questions) for s in sections)
    if room.resumed:
        say(f"lsp-check: carrying on the room in {room.directory}: {len(room.delegates)} joined so far, "
            f"{room.respondents()} answered")
    say(f"lsp-check: the room of {visible(room.settings.partnership)} is open: "
        f"{'; '.join(visible(s.title) for s in sections)} ({questions} questions)")
    say(f"  Delegates join at:   {live.join_url}")
    say("                       (the QR code is on the facilitator's page)")
    say(f"  Facilitator's page:  {live.facilitator_url}")
    say("                       open it on this laptop; keep it to yourself: it can close the room")
    say(f"  Each answer is saved in {room.directory} as it is given. The room stops by itself at {live.stops_at} "
        f"(--minutes {minutes:g}), or when you close it on the facilitator's page; Ctrl-C stops it too. Run the same "
        "command to carry on.")
