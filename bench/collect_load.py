"""Load test of `lsp-check collect`: 60 delegates answering at once on loopback.

Starts `lsp-check collect general leadership performance` on 127.0.0.1 (a free port, a temporary folder), lets 60
delegates join, then has all of them answer all 18 questions at the same moment, each answer saved as the page's
script saves it (the part's form posted whole, `go=stay`), with no pause between answers: every delegate posts its
next answer as soon as the last one is saved. Each delegate connects from its own loopback address (127.0.0.2,
127.0.0.3, ...), as phones on a network do, so the per-device rate limit applies as it would in a room.

The facilitator's page is open throughout (its stream of live counts read as it comes). Then it checks that the
page's last counts show every answer, that every answer is in its delegate's file (each file read by lsp-check's
own loader) and that the room's state file holds every device (a restart would carry on with all of them), and
prints the time per answer (median, 95th percentile, worst) against the target: p95 under 200 ms.

    python bench/collect_load.py                 # 60 delegates; exit 0 target met, 1 missed, 2 error
    python bench/collect_load.py --delegates 30 --json

Only loopback addresses are used; the run is bounded (60 x 18 answers) and times out after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

SECTIONS = ("general", "leadership", "performance")
TARGET_P95_MS = 200.0


class Connection:
    """One delegate's keep-alive HTTP/1.1 connection, from its own loopback address (a few lines, no client library,
    so that the client's own cost takes little from the two cores the server shares)."""

    def __init__(self, host: str, port: int, local: str) -> None:
        self.host, self.port, self.local = host, port, local
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, local_addr=(self.local, 0))

    async def request(self, method: str, path: str, form: dict[str, str] | None = None,
                      accept: str = "text/html") -> tuple[int, dict[str, str], bytes]:
        assert self.reader is not None and self.writer is not None
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Accept: {accept}",
                 f"Content-Length: {len(body)}"]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Origin: http://{self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = (await self.reader.readline()).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            if name.lower() == "set-cookie":
                cookie = value.strip().split(";")[0]
                key, _, val = cookie.partition("=")
                if val and val != '""':
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
            headers[name.lower()] = value.strip()
        data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _field(page: bytes, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"'.encode(), page)
    if not found:
        raise RuntimeError(f"no {name} field in the page")
    return found.group(1).decode()


async def delegate(number: int, host: str, port: int, code: str, line: StartLine,
                   questions: dict[str, list[tuple[str, list[str]]]], times: list[float]) -> None:
    """Join, wait for the start, then answer every question as fast as the room saves them."""
    conn = Connection(host, port, f"127.0.0.{2 + number}")
    await conn.open()
    try:
        status, _h, page = await conn.request("GET", f"/j/{code}")
        status, headers, _ = await conn.request("POST", f"/j/{code}", {"csrf": _field(page, "csrf")})
        if status != 303:
            raise RuntimeError(f"delegate {number}: joining gave {status}")
        status, _h, page = await conn.request("GET", f"/a/s/{SECTIONS[0]}")
        csrf, rev = _field(page, "csrf"), _field(page, "rev")
        await line.arrive()
        for section in SECTIONS:
            form: dict[str, str] = {"csrf": csrf}
            for n, (qid, options) in enumerate(questions[section]):
                form[f"q-{qid}"] = options[(number + n) % len(options)]
                form.update(rev=rev, go="stay")
                began = time.perf_counter()
                status, _h, data = await conn.request("POST", f"/a/s/{section}", form, accept="application/json")
                times.append(time.perf_counter() - began)
                if status != 200:
                    raise RuntimeError(f"delegate {number}: answer gave {status}: {data[:200]!r}")
                rev = json.loads(data)["rev"]
    finally:
        conn.close()


class StartLine:
    """Holds every delegate until all have joined, then lets them all go at once."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.arrived = 0
        self.all_here = asyncio.Event()
        self.go = asyncio.Event()

    async def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.count:
            self.all_here.set()
        await self.go.wait()


async def facilitator(host: str, port: int, token: str, events: list[dict[str, object]]) -> None:
    """The facilitator's page, open throughout: its stream of counts, read as it comes."""
    conn = Connection(host, port, "127.0.0.1")
    await conn.open()
    assert conn.reader is not None and conn.writer is not None
    try:
        status, _h, _body = await conn.request("GET", f"/f/{token}")
        if status != 303:
            raise RuntimeError(f"the facilitator's address gave {status}")
        cookies = "; ".join(f"{k}={v}" for k, v in conn.cookies.items())
        conn.writer.write(f"GET /room/events HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookies}\r\n\r\n"
                          .encode())
        await conn.writer.drain()
        while True:
            line = await conn.reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                events.append(json.loads(line[6:]))
    finally:
        conn.close()


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) a process has used so far, where /proc tells it (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_load(host: str, port: int, code: str, token: str, count: int,
                   questions: dict[str, list[tuple[str, list[str]]]],
                   cpu: Callable[[], float | None]) -> tuple[list[float], float, int, float | None]:
    line = StartLine(count)
    times: list[float] = []
    events: list[dict[str, object]] = []
    watching = asyncio.create_task(facilitator(host, port, token, events))
    tasks = [asyncio.create_task(delegate(n, host, port, code, line, questions, times)) for n in range(count)]
    here = asyncio.create_task(line.all_here.wait())
    await asyncio.wait([here, *tasks], return_when=asyncio.FIRST_COMPLETED)
    if not line.all_here.is_set():
        here.cancel()
        await asyncio.gather(*tasks)  # a delegate failed to join: raise its error
    began, cpu_before = time.perf_counter(), cpu()
    line.go.set()
    await asyncio.gather(*tasks)
    elapsed, cpu_after = time.perf_counter() - began, cpu()
    await asyncio.sleep(1)  # the last counts reach the page
    watching.cancel()
    last = events[-1]["questions"] if events else {}
    if not isinstance(last, dict) or set(last.values()) != {str(count)}:
        raise RuntimeError(f"the facilitator's page did not show every answer: {last}")
    used = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return times, elapsed, len(events), used


def writer_times(library: object, rounds: int = 200) -> tuple[float, float]:
    """Milliseconds to write one delegate's whole file (18 answers, notes on some), with libyaml's emitter and with
    PyYAML's pure-Python one, interleaved: what writing with libyaml buys (ask/draft.py)."""
    import yaml

    from lsp_check.ask import draft as drafts
    from lsp_check.ask.draft import Draft, Entry

    sections = library.expand(SECTIONS)  # type: ignore[attr-defined]
    draft = Draft(Path("delegate.yaml"), sections)
    draft.header = {"partnership": "Bench Partnership", "date": "2006-02-24"}
    for section in sections:
        for n, question in enumerate(section.questions):
            draft.set(section, question, Entry(question.scale.options[n % 4].label, "A note." if n % 3 else ""))
    samples: dict[str, list[float]] = {"c": [], "pure": []}
    chosen = drafts._DUMPER
    try:
        for _ in range(rounds):
            for name, dumper in (("c", getattr(yaml, "CSafeDumper", yaml.SafeDumper)), ("pure", yaml.SafeDumper)):
                drafts._DUMPER = dumper
                began = time.perf_counter()
                draft.text()
                samples[name].append((time.perf_counter() - began) * 1000)
    finally:
        drafts._DUMPER = chosen
    return statistics.median(samples["c"]), statistics.median(samples["pure"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=120.0, help="stop the whole run after this many seconds")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--python", default=sys.executable, help="an interpreter with lsp-check[collect] installed")
    args = parser.parse_args()
    if not 1 <= args.delegates <= 250:
        parser.error("--delegates goes from 1 to 250 (one loopback address each)")

    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library

    library, _ = load_library()
    questions = {sid: [(q.id, [o.id for o in q.scale.options]) for q in library.sections[sid].questions]
                 for sid in SECTIONS}
    total_questions = sum(len(v) for v in questions.values())

    with tempfile.TemporaryDirectory(prefix="lsp-check-collect-bench-") as tmp:
        room = Path(tmp) / "room"
        server = subprocess.Popen(
            [args.python, "-m", "lsp_check", "collect", *SECTIONS, "--partnership", "Bench Partnership", "-o",
             str(room), "--host", "127.0.0.1", "--port", "0", "--minutes", str(max(1.0, args.timeout / 60))],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "NO_COLOR": "1"})
        try:
            join, token = _addresses(server)
            host, port, code = re.match(r"http://([\d.]+):(\d+)/j/(\w+)", join).groups()  # type: ignore[union-attr]
            times, elapsed, updates, server_cpu = asyncio.run(asyncio.wait_for(
                run_load(host, int(port), code, token, args.delegates, questions, lambda: cpu_seconds(server.pid)),
                args.timeout))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        files = sorted(room.glob("delegate-*.yaml"))
        devices = len(json.loads((room / ".lsp-check-room.json").read_text(encoding="utf-8"))["delegates"])
        saved = sum(sum(len(a) for a in load_answers(f, library).answers.values()) for f in files)

    libyaml_ms, pure_ms = writer_times(library)
    expected = args.delegates * total_questions
    ms = sorted(t * 1000 for t in times)
    p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
    result = {
        "machine": f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, load average "
                   + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "delegates": args.delegates, "answers_posted": len(ms), "answers_saved": saved, "answers_expected": expected,
        "files": len(files), "devices_in_state": devices, "facilitator_updates": updates, "seconds": round(elapsed, 2), "answers_per_second": round(len(ms) / elapsed, 1),
        "server_cpu_ms_per_answer": round(server_cpu * 1000 / len(ms), 2) if server_cpu is not None else None,
        "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1), "max_ms": round(ms[-1], 1),
        "target_p95_ms": TARGET_P95_MS,
        "write_file_ms": {"libyaml": round(libyaml_ms, 3), "pure_python": round(pure_ms, 3)},
    }
    met = saved == expected and len(files) == devices == args.delegates and p95 < TARGET_P95_MS
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"machine:   {result['machine']}")
        print(f"python:    {result['python']}")
        print(f"delegates: {args.delegates}, each answering {total_questions} questions at once, no pause")
        print(f"saved:     {saved} of {expected} answers in {len(files)} files, {devices} devices in the room's "
              "state;")
        print(f"           the facilitator's page, open "
              f"throughout, got {updates} updates and shows every answer")
        print(f"time:      {result['seconds']} s, {result['answers_per_second']} answers/s")
        print(f"per answer: median {result['median_ms']} ms, p95 {result['p95_ms']} ms, worst {result['max_ms']} ms "
              f"(target p95 < {TARGET_P95_MS:g} ms): {'met' if met else 'MISSED'}")
        if server_cpu is not None:
            cpu_ms = result["server_cpu_ms_per_answer"]
            print(f"server:    {cpu_ms} ms of CPU per answer: with {args.delegates} posting back to back, each "
                  f"answer waits behind the others, about {cpu_ms * args.delegates:.0f} ms on free cores")
        print(f"writer:    one delegate's file in {libyaml_ms:.2f} ms with libyaml's emitter, {pure_ms:.2f} ms with "
              f"the pure-Python one ({pure_ms / libyaml_ms:.1f}x)")
    return 0 if met else 1


def _addresses(server: subprocess.Popen[str]) -> tuple[str, str]:
    """The delegates' address and the facilitator's token, from what the room says when it starts."""
    assert server.stderr is not None
    seen: list[str] = []
    while True:
        line = server.stderr.readline()
        if not line:
            raise RuntimeError(f"the room did not start:\n{''.join(seen)}")
        seen.append(line)
        found = re.search(r"Facilitator's page:\s+\S+/f/(\S+)", line)
        if found:
            join = re.search(r"join at:\s+(\S+)", "".join(seen))
            assert join is not None
            return join.group(1), found.group(1)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, asyncio.TimeoutError) as error:
        print(f"collect_load: {error}", file=sys.stderr)
        sys.exit(2)
