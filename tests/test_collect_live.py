"""lsp-check collect as a real server process on 127.0.0.1: killed with SIGKILL mid-session and run again, it loses
nothing saved and carries on; it stops by itself after --minutes, and on Ctrl-C even with the facilitator's page
streaming; the live updates stream counts and nothing else. Every server is killed at the end of its test."""

from __future__ import annotations

import http.client
import json
import re
import signal

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli

pytest.importorskip("uvicorn", reason="the collect extra is not installed")

from roomserver import Facilitator, Phone, RoomServer  # noqa: E402

GENERAL = {"real-results": "often", "common-interest": "sometimes", "we-language": "often",
           "mutual-accountability": "sometimes", "shared-rewards": "often", "trust": "always",
           "willing-to-change": "sometimes", "improve-performance": "often"}


def _contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("delegate-*.yaml"))}


def test_a_room_killed_mid_session_loses_nothing_saved_and_carries_on_when_run_again(tmp_path):
    folder = tmp_path / "room"
    with RoomServer(folder) as server:
        first, second = Phone(server).join(), Phone(server).join()
        assert first.answer("general", GENERAL)[0] == 303
        assert second.answer("general", {**GENERAL, "trust": "never"})[0] == 303
        before_kill = first.tokens("/a/s/leadership")
        status, _h, body = first.answer("leadership", {"common-vision": "needs-improving"}, go="stay",
                                        tokens=before_kill)
        assert status == 200 and json.loads(body)["saved"]
        stale = {**before_kill, "rev": json.loads(body)["rev"]}
        saved = _contents(folder)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        old_port, old_code = server.port, server.code
    assert _contents(folder) == saved and len(saved) == 2
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0

    with RoomServer(folder, port=None) as again:  # no --port: the room listens where it did, so phones reconnect
        assert (again.port, again.code) == (old_port, old_code)
        assert "carrying on the room" in "".join(again.said)
        first.server = second.server = again
        status, headers, _page = first.get("/a")
        assert status == 303 and headers["location"] == "/a/s/leadership"  # where the delegate was
        status, _h, page = first.get("/a/s/leadership")
        assert re.search(r'value="needs-improving" checked', page)
        late = first.answer("leadership", {"common-vision": "working-well"}, tokens=stale)
        assert late[0] == 409 and "were not saved" in late[2]  # a form from before the restart is not saved over
        assert _contents(folder) == saved
        assert first.answer("leadership", {"common-vision": "working-well"})[0] == 303
        facilitator = Facilitator(again)
        status, _h, page = facilitator.get("/room/close")
        status, _h, page = facilitator.request("POST", "/room/close", {"csrf": re.search(
            r'name="csrf" value="([^"]*)"', page).group(1)})
        assert status == 200 and "Fewer than 3 delegates answered" in page
        code, said = again.wait()
    assert code == 0
    assert "room closed: 2 delegates answered" in said
    after = _contents(folder)
    assert sorted(after) == sorted(saved)
    changed = [name for name in saved if after[name] != saved[name]]
    assert len(changed) == 1 and "common-vision: YES – working well".encode() in after[changed[0]]
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0


def test_the_room_stops_by_itself_after_its_minutes(tmp_path):
    with RoomServer(tmp_path / "room", "--minutes", "0.005") as server:
        code, said = server.wait(timeout=15)
    assert code == 0
    assert "the room stopped after 0.005 minutes: 0 delegates answered" in said


def test_the_live_updates_send_counts_and_nothing_else_and_ctrl_c_stops_with_every_answer_saved(tmp_path):
    with RoomServer(tmp_path / "room") as server:
        phones = [Phone(server).join() for _ in range(3)]
        facilitator = Facilitator(server)
        stream = http.client.HTTPConnection(server.host, server.port, timeout=10)
        stream.request("GET", "/room/events", headers={"Cookie": "; ".join(
            f"{k}={v}" for k, v in facilitator.cookies.items())})
        response = stream.getresponse()
        assert response.status == 200 and response.getheader("content-type").startswith("text/event-stream")

        def event():
            while True:
                line = response.fp.readline().decode()
                if line.startswith("data: "):
                    return json.loads(line[6:])

        first = event()
        assert first["joined"] == "3" and first["questions"]["general.trust"] == "0"
        for phone in phones:
            phone.answer("general", {"trust": "never"})
        counts = event()
        while counts["questions"]["general.trust"] != "3":
            counts = event()
        assert set(counts) == {"joined", "started", "finished", "questions", "closed"}
        assert "never" not in json.dumps(counts).lower()
        stranger = Phone(server)
        assert stranger.get("/room/events")[0] == 403
        server.interrupt()  # with the facilitator's page still streaming
        code, said = server.wait()
        stream.close()
    assert code == 130
    assert "room stopped: 3 delegates answered" in said and "Traceback" not in said
    assert len(_contents(tmp_path / "room")) == 3
