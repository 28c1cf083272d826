"""A live room for tests: `lsp-check collect` as a process on 127.0.0.1 and a free port, always killed at the end,
and phones that join and answer it over plain HTTP (the standard library's client, with cookies kept by hand)."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

IDS = ("general", "leadership", "performance")
PARTNERSHIP = "Local Spelthorne Partnership"


class RoomServer:
    """`lsp-check collect` running in a process of its own; used as a context manager, it is always killed."""

    def __init__(self, folder: Path, *extra: str, ids: tuple[str, ...] = IDS, port: str | None = "0") -> None:
        args = [sys.executable, "-m", "lsp_check", "collect", *ids, "--partnership", PARTNERSHIP, "-o", str(folder),
                "--host", "127.0.0.1", *(("--port", port) if port is not None else ()), *extra]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "NO_COLOR": "1"})
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.said: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.join_url = self._wait_for(r"join at:\s+(\S+)")
        self.facilitator_url = self._wait_for(r"Facilitator's page:\s+(\S+)")
        parts = urlsplit(self.join_url)
        self.host, self.port = parts.hostname or "", parts.port or 80
        self.code = parts.path.rsplit("/", 1)[-1]
        self.base = f"http://{parts.netloc}"

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def _wait_for(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.said.append(line)
            found = re.search(pattern, line)
            if found:
                return found.group(1)
        self.kill()
        raise AssertionError(f"collect did not say {pattern!r}:\n{''.join(self.said)}")

    def wait(self, timeout: float = 20) -> tuple[int, str]:
        """The exit status and everything it said on stderr, once it has stopped by itself."""
        try:
            status = self.process.wait(timeout=timeout)
        finally:
            self.kill()
        self._reader.join(timeout=5)
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.said.append(line)
        return status, "".join(self.said)

    def interrupt(self) -> None:
        """Ctrl-C."""
        self.process.send_signal(signal.SIGINT)

    def kill(self) -> None:
        """SIGKILL, as a laptop losing power would."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> RoomServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


class Client:
    """A browser without a browser: one connection at a time, cookies kept, redirects not followed."""

    def __init__(self, server: RoomServer) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        sent = {"Accept": "text/html", **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form)
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.server.base})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, val = value.split(";")[0].partition("=")
                    if val and val != '""':
                        self.cookies[key] = val
                    else:
                        self.cookies.pop(key, None)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)


class Phone(Client):
    """A delegate's phone: joins with the room's code and posts whole parts, as the pages do without JavaScript."""

    def join(self) -> Phone:
        status, _headers, page = self.get(f"/j/{self.server.code}")
        assert status == 200, page
        status, headers, page = self.request("POST", f"/j/{self.server.code}", {"csrf": field(page, "csrf")})
        assert status == 303, page
        return self

    def tokens(self, path: str) -> dict[str, str]:
        status, _headers, page = self.get(path)
        assert status == 200, page
        return {"csrf": field(page, "csrf"), "rev": field(page, "rev")}

    def answer(self, section: str, answers: dict[str, str], go: str = "next",
               tokens: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        form = {**(tokens or self.tokens(f"/a/s/{section}")), "go": go, **{f"q-{q}": a for q, a in answers.items()}}
        return self.request("POST", f"/a/s/{section}", form)


class Facilitator(Client):
    """The facilitator's browser on the laptop, signed in with the address shown in the terminal."""

    def __init__(self, server: RoomServer) -> None:
        super().__init__(server)
        status, headers, _page = self.get(urlsplit(server.facilitator_url).path)
        assert status == 303 and headers["location"] == "/room"


def field(page: str, name: str) -> str:
    """A hidden field's value in a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} field in:\n{page[:2000]}"
    return found.group(1)
