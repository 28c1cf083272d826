"""lsp-check collect, in process: where the room listens, the forms read strictly, the room's files, and every page
and refusal of the web application (driven through Starlette's test client, no socket opened).

The server as a process (kill -9 and restart, Ctrl-C, --minutes) is tested in test_collect_live.py, and the pages
in a real browser in test_collect_browser.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

pytest.importorskip("starlette", reason="the collect extra is not installed")

from starlette.testclient import TestClient  # noqa: E402

from lsp_check.collect import forms, security  # noqa: E402
from lsp_check.collect.app import Limits, Live, build  # noqa: E402
from lsp_check.collect.forms import Refused  # noqa: E402
from lsp_check.collect.pages import counts_view, shown  # noqa: E402
from lsp_check.collect.room import STATE_FILE, LiveRoom, RoomSettings  # noqa: E402
from lsp_check.collect.serve import report_writer  # noqa: E402

IDS = ("general", "leadership", "performance")
PARTNERSHIP = "Local Spelthorne Partnership"
GENERAL = {"real-results": "often", "common-interest": "sometimes", "we-language": "often",
           "mutual-accountability": "sometimes", "shared-rewards": "often", "trust": "always",
           "willing-to-change": "sometimes", "improve-performance": "often"}


# -- where the room listens ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["8.8.8.8", "0.0.0.0", "::", "2001:4860:4860::8888"])
def test_a_public_address_or_every_interface_is_refused_without_public(host):
    with pytest.raises(security.AddressError, match="--public"):
        security.check_host(host, public=False)
    assert security.check_host(host, public=True) == ipaddress.ip_address(host)


@pytest.mark.parametrize("host", ["192.168.1.23", "10.0.0.5", "172.20.10.2", "127.0.0.1", "localhost", "::1"])
def test_a_private_or_loopback_address_is_listened_on(host):
    assert not security.is_public(security.check_host(host, public=False))


def test_a_host_name_or_multicast_address_is_refused():
    with pytest.raises(security.AddressError, match="not an IP address"):
        security.check_host("laptop.example.org", public=True)
    with pytest.raises(security.AddressError, match="multicast"):
        security.check_host("224.0.0.1", public=True)


def test_the_default_address_is_the_first_private_one_and_never_loopback_or_public():
    found = security.private_lan_address(lambda: ["127.0.1.1", "8.8.8.8", "169.254.3.4", "not an address",
                                                  "192.168.1.23", "10.0.0.9"])
    assert found == ipaddress.ip_address("192.168.1.23")
    assert security.private_lan_address(lambda: ["127.0.0.1", "8.8.8.8"]) is None


def test_the_rate_limit_takes_a_burst_then_refills_over_time():
    now = [0.0]
    limit = security.RateLimit(burst=3, per_second=1, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")  # each client has its own bucket
    assert limit.retry_after("a") == 1
    now[0] = 1.0
    assert limit.allow("a") and not limit.allow("a")


def test_a_form_token_is_signed_for_one_purpose_and_one_subject():
    signer = security.Signer(b"k" * 32)
    token = signer.sign("answer", "device-1")
    assert signer.check("answer", "device-1", token)
    assert not signer.check("answer", "device-2", token)
    assert not signer.check("close", "device-1", token)
    assert not security.Signer(b"j" * 32).check("answer", "device-1", token)


def test_join_codes_are_random_and_easy_to_type():
    codes = {security.join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == security.JOIN_CODE_LENGTH and set(c) <= set(security.CODE_ALPHABET) for c in codes)
    assert not set("01ilo") & set(security.CODE_ALPHABET)


# -- the forms, read strictly ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body, status", [
    (b"a=1&a=2", 400),  # a field twice
    (b"csrf=%FF", 400),  # not UTF-8 inside
    ("note=caf\u00e9".encode(), 400),  # not ASCII on the wire
    (b"a&b", 400),  # no value
    (b"&".join(b"f%d=1" % n for n in range(forms.MAX_FIELDS + 1)), 400),  # too many fields
])
def test_a_malformed_form_is_refused(body, status):
    with pytest.raises(Refused) as refused:
        forms.parse_fields(body)
    assert refused.value.status == status


def _read(content_type, length, chunks, limit=100):
    async def stream():
        for chunk in chunks:
            yield chunk

    # On a thread of its own: where the session's browser (tests/conftest.py) runs in this worker, playwright's
    # event loop is running on this thread, and asyncio.run would refuse to start another.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, forms.read_body(content_type, length, stream(), limit)).result()


def test_a_body_over_the_limit_is_refused_by_its_length_or_as_it_arrives():
    with pytest.raises(Refused) as by_length:
        _read("application/x-www-form-urlencoded", "101", [])
    with pytest.raises(Refused) as streamed:
        _read("application/x-www-form-urlencoded", None, [b"a=" + b"x" * 60, b"y" * 60])
    assert by_length.value.status == streamed.value.status == 413
    assert _read("application/x-www-form-urlencoded; charset=UTF-8", "3", [b"a=1"]) == {"a": "1"}


def test_a_body_that_is_not_a_form_is_refused():
    for content_type in (None, "application/json", "multipart/form-data; boundary=x"):
        with pytest.raises(Refused) as refused:
            _read(content_type, "3", [b"a=1"])
        assert refused.value.status == 415
    with pytest.raises(Refused) as refused:
        _read("application/x-www-form-urlencoded", "three", [b"a=1"])
    assert refused.value.status == 400


def test_a_section_form_gives_labels_for_option_ids_and_keeps_notes(library):
    section = library.sections["general"]
    entries = forms.section_entries(section, {"q-real-results": "often", "n-real-results": "Line one\nline two",
                                              "n-trust": "A note without an answer", "q-we-language": ""})
    assert entries["real-results"].value == "Often" and entries["real-results"].note == "Line one\nline two"
    assert entries["trust"].value is None and entries["trust"].note == "A note without an answer"
    assert "we-language" not in entries


@pytest.mark.parametrize("fields, message", [
    ({"q-real-results": "Often"}, "not one of this question's options"),  # a label, not an option's id
    ({"q-real-results": "excellent"}, "not one of this question's options"),
    ({"q-no-such-question": "often"}, "does not ask"),
    ({"n-trust": "x" * (forms.MAX_NOTE + 1)}, "at most 2,000 characters"),
])
def test_a_section_form_with_a_value_the_page_does_not_offer_is_refused(library, fields, message):
    with pytest.raises(Refused, match=message) as refused:
        forms.section_entries(library.sections["general"], fields)
    assert refused.value.status == 400


def test_about_you_takes_an_organisation_and_one_of_the_offered_sectors():
    assert forms.about_header({"organisation": "  Spelthorne   BC ", "sector": "council"}) == \
        {"organisation": "Spelthorne BC", "sector": "council"}
    with pytest.raises(Refused, match="not a sector"):
        forms.about_header({"sector": "Council"})


# -- the room's files ------------------------------------------------------------------------------------------


def _settings(library, ids=IDS, min_group=3, partnership=PARTNERSHIP):
    return RoomSettings(partnership, "2006-02-24", ids, library.expand(ids), min_group)


@pytest.fixture
def room(tmp_path, library):
    return LiveRoom.open(tmp_path / "room", library, _settings(library))


def test_the_state_file_is_owner_only_and_keeps_no_device_token(room):
    token = room.add_delegate()
    room.save_state()
    state = room.directory / STATE_FILE
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    text = state.read_text(encoding="utf-8")
    assert token not in text and security.digest(token) in text
    assert room.facilitator not in text  # made afresh each run, kept only in the terminal


def test_a_room_resumes_with_its_delegates_only_with_the_same_questions_and_never_twice_at_once(tmp_path, library,
                                                                                                room):
    token = room.add_delegate()
    room.record(room.delegate(token), library.sections["general"],
                forms.section_entries(library.sections["general"], {"q-real-results": "often"}))
    room.save_state()
    with pytest.raises(Exception, match="a room that is running now"):
        LiveRoom.open(room.directory, library, _settings(library))
    room.release()  # as when its process ends, however it ends
    again = LiveRoom.open(room.directory, library, _settings(library)._replace(date=""))
    assert again.resumed and again.join == room.join and again.settings.date == "2006-02-24"
    assert again.delegate(token).draft.entries["general"]["real-results"].value == "Often"
    again.release()
    with pytest.raises(Exception, match="same questionnaires") as other:
        LiveRoom.open(room.directory, library, _settings(library, ids=("general",)))
    assert "holds the room of 'Local Spelthorne Partnership'" in str(other.value)
    with pytest.raises(Exception, match="same questionnaires"):
        LiveRoom.open(room.directory, library, _settings(library, partnership="Elsewhere"))


def test_a_folder_that_already_holds_files_is_not_made_a_room(tmp_path, library):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "someone.yaml").write_text("partnership: X\n", encoding="utf-8")
    with pytest.raises(Exception, match="already holds files"):
        LiveRoom.open(folder, library, _settings(library))
    assert sorted(p.name for p in folder.iterdir()) == ["someone.yaml"]


def test_a_change_the_answers_file_rules_refuse_writes_nothing_and_is_undone(room, library, monkeypatch):
    delegate = room.delegate(room.add_delegate())
    general = library.sections["general"]
    room.record(delegate, general, forms.section_entries(general, {"q-real-results": "often"}))
    before = delegate.path.read_bytes()
    monkeypatch.setattr("lsp_check.collect.room.MAX_YAML_BYTES", len(before) + 100)  # as 1 MiB, sooner
    with pytest.raises(Exception, match="larger than"):
        room.record(delegate, general, {"real-results": forms.Entry("Often", "x" * 200)})
    assert delegate.path.read_bytes() == before
    assert delegate.draft.entries["general"]["real-results"].note == ""


@settings(max_examples=150, deadline=None)
@given(notes=st.lists(st.text(max_size=60), min_size=2, max_size=2), organisation=st.text(max_size=40))
def test_whatever_a_delegate_types_is_written_so_that_it_reads_back_the_same(library, notes, organisation):
    from lsp_check.ask.draft import Entry
    from lsp_check.collect.room import DelegateDraft, check_text
    from lsp_check.load.answers import check_answers
    from lsp_check.load.yamlfile import load

    general = library.sections["general"]
    draft = DelegateDraft(Path("delegate.yaml"), (general,))
    draft.header = {"partnership": PARTNERSHIP, "date": "2006-02-24"}
    if " ".join(organisation.split()):
        draft.header["organisation"] = " ".join(organisation.split())
    draft.set(general, general.questions[0], Entry("Often", notes[0]))
    draft.set(general, general.questions[1], Entry(None, notes[1]))
    text = draft.text()
    assert yaml.safe_load(text) == draft.plain()  # libyaml's emitter, read back by PyYAML's own reader
    check_text(text, "delegate.yaml", library)
    sheet = check_answers(load(text, "delegate.yaml"), library)
    assert sheet.answers["general"]["real-results"].note == notes[0].strip()
    assert sheet.organisation == draft.header.get("organisation", "")


def test_a_device_that_only_joined_writes_no_file(room, library):
    delegate = room.delegate(room.add_delegate())
    room.record(delegate, header={"organisation": "Surrey Police", "sector": "police"})
    assert not delegate.path.exists()
    room.record(delegate, library.sections["general"], {"trust": forms.Entry("Always")})
    assert "organisation: Surrey Police" in delegate.path.read_text(encoding="utf-8")


def test_the_facilitator_sees_counts_below_the_threshold_as_fewer_than_it():
    assert [shown(n, 3) for n in (0, 1, 2, 3, 10)] == ["0", "fewer than 3", "fewer than 3", "3", "10"]


# -- the web application ---------------------------------------------------------------------------------------


class App:
    """The room's application in process, with as many phones (each its own cookie jar) as a test needs."""

    def __init__(self, room: LiveRoom, limits: Limits = Limits()) -> None:
        self.room = room
        self.stopped: list[str] = []
        self.live = Live(room, "testserver", "16:40", self.stopped.append, limits, report_writer(room))
        self.app = build(self.live)

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver", follow_redirects=False)

    def phone(self) -> Phone:
        return Phone(self)

    def facilitator(self) -> TestClient:
        client = self.client()
        response = client.get(f"/f/{self.room.facilitator}")
        assert response.status_code == 303 and response.headers["location"] == "/room"
        return client


class Phone:
    """A delegate's browser: joins, reads each form's tokens and posts answers."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.client = app.client()
        page = self.client.get(f"/j/{app.room.join}")
        assert page.status_code == 200, page.text
        joined = self.client.post(f"/j/{app.room.join}", data={"csrf": _field(page.text, "csrf")})
        assert joined.status_code == 303 and joined.headers["location"] == "/a/about"

    @property
    def delegate(self):
        return self.app.room.delegate(self.client.cookies.get("lsp_delegate"))

    def tokens(self, path: str) -> dict[str, str]:
        page = self.client.get(path)
        assert page.status_code == 200, page.text
        return {"csrf": _field(page.text, "csrf"), "rev": _field(page.text, "rev")}

    def answer(self, section: str, answers: dict[str, str], notes: dict[str, str] | None = None, go: str = "next",
               tokens: dict[str, str] | None = None, **kwargs):
        data = {**(tokens or self.tokens(f"/a/s/{section}")), "go": go,
                **{f"q-{q}": a for q, a in answers.items()}, **{f"n-{q}": n for q, n in (notes or {}).items()}}
        return self.client.post(f"/a/s/{section}", data=data, **kwargs)


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} in the page"
    return found.group(1)


def _files(room: LiveRoom) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(room.directory.iterdir())}


def test_a_delegate_answers_part_by_part_into_an_answers_file_that_validates_and_scores_like_one_written_by_hand(
        room, tmp_path):
    app = App(room)
    phone = app.phone()
    about = phone.client.post("/a/about", data={**phone.tokens("/a/about"), "organisation": "Runnymede BC",
                                                "sector": "council", "go": "next"})
    assert about.status_code == 303 and about.headers["location"] == "/a/s/general"
    saved = phone.answer("general", GENERAL, {"trust": "Built over <b>years</b>."})
    assert saved.status_code == 303 and saved.headers["location"] == "/a/s/leadership"
    back = phone.answer("leadership", {"common-vision": "needs-improving"}, go="back")
    assert back.headers["location"] == "/a/s/general"
    assert phone.client.get("/a").headers["location"] == "/a/s/leadership"  # the first part not yet answered whole
    path = phone.delegate.path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Answers for General; Leadership; Managing performance, written by 'lsp-check collect'")
    hand = tmp_path / "hand.yaml"
    hand.write_text("partnership: Local Spelthorne Partnership\ndate: 2006-02-24\norganisation: Runnymede BC\n"
                    "sector: council\nanswers:\n  general:\n" + "".join(
                        f"    {q}: {a.capitalize()}\n" for q, a in GENERAL.items() if q != "trust")
                    + "    trust: {answer: Always, note: Built over <b>years</b>.}\n"
                    "  leadership:\n    common-vision: YES - but needs improving\n  performance: {}\n", encoding="utf-8")
    runner = CliRunner(env={"NO_COLOR": "1"})
    assert runner.invoke(cli, ["validate", str(room.directory)]).exit_code == 0
    scored, by_hand = (json.loads(runner.invoke(cli, ["score", str(p), "-f", "json"]).stdout) for p in (path, hand))
    for report in (scored, by_hand):
        report.pop("source")
    assert scored == by_hand


def test_a_rooms_folder_is_input_for_compare_plan_and_trend_unchanged(tmp_path, library):
    room = LiveRoom.open(tmp_path / "room", library, _settings(library)._replace(date="2009-03-01"))
    app = App(room)
    for answer in ("often", "never", "always"):
        app.phone().answer("general", {**GENERAL, "trust": answer})
    runner = CliRunner(env={"NO_COLOR": "1"})
    years = [str(EXAMPLES / f"spelthorne-{y}.yaml") for y in (2006, 2007)]
    compared = runner.invoke(cli, ["compare", years[0], str(room.directory), "-f", "json"])
    trend = runner.invoke(cli, ["trend", *years, str(room.directory), "-f", "json"])
    plan = runner.invoke(cli, ["plan", str(room.directory), "-f", "json"])
    assert [r.exit_code for r in (compared, trend, plan)] == [0, 0, 0], (compared.stderr, trend.stderr, plan.stderr)
    assert json.loads(compared.stdout)["kind"] == "comparison"
    assert [step["date"] for step in json.loads(trend.stdout)["assessments"]][-1] == "2009-03-01"


def test_the_same_device_joining_twice_keeps_one_file(room):
    app = App(room)
    phone = app.phone()
    again = phone.client.get(f"/j/{room.join}")
    assert again.status_code == 303 and again.headers["location"] == "/a"
    assert len(room.delegates) == 1


def test_a_forged_post_is_refused_and_writes_nothing(room):
    app = App(room)
    phone, other = app.phone(), app.phone()
    phone.answer("general", {"trust": "often"})
    before = _files(room)
    tokens = phone.tokens("/a/s/general")
    no_token = phone.answer("general", {"trust": "never"}, tokens={"rev": tokens["rev"]})
    others_token = phone.answer("general", {"trust": "never"}, tokens={**tokens, "csrf": other.tokens(
        "/a/s/general")["csrf"]})
    other_site = phone.answer("general", {"trust": "never"}, tokens=tokens, headers={"origin": "http://evil.example"})
    stranger = app.client().post("/a/s/general", data={**tokens, "q-trust": "never", "go": "next"})
    assert [r.status_code for r in (no_token, others_token, other_site, stranger)] == [403, 403, 403, 403]
    assert "another site" in other_site.text and "has not joined" in stranger.text
    assert _files(room) == before
    assert phone.delegate.draft.entries["general"]["trust"].value == "Often"


def test_a_replayed_post_is_refused_and_shows_what_was_sent_unsaved(room):
    app = App(room)
    phone = app.phone()
    tokens = phone.tokens("/a/s/general")
    assert phone.answer("general", {"trust": "often"}, tokens=tokens).status_code == 303
    before = _files(room)
    replay = phone.answer("general", {"trust": "never"}, tokens=tokens)
    assert replay.status_code == 409
    assert "were not saved" in replay.text
    assert re.search(r'value="never" checked', replay.text)  # what was sent, for the delegate to check and send
    assert _field(replay.text, "rev") != tokens["rev"]
    stay = phone.answer("general", {"trust": "never"}, tokens=tokens, go="stay", headers={"accept": "application/json"})
    assert stay.status_code == 409 and stay.json()["saved"] is False
    assert _files(room) == before


def test_the_page_script_saves_each_answer_and_gets_the_next_revision(room):
    app = App(room)
    phone = app.phone()
    tokens = phone.tokens("/a/s/general")
    first = phone.answer("general", {"trust": "often"}, tokens=tokens, go="stay")
    assert first.status_code == 200 and first.json()["saved"] is True
    second = phone.answer("general", {"trust": "often", "we-language": "always"},
                          tokens={**tokens, "rev": first.json()["rev"]}, go="stay")
    assert second.status_code == 200
    assert "we-language: Always" in phone.delegate.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("body, content_type, status", [
    ("q-trust=" + "x" * forms.MAX_BODY, "application/x-www-form-urlencoded", 413),
    ("q-trust=often&q-trust=never", "application/x-www-form-urlencoded", 400),
    ("q-trust=%FF", "application/x-www-form-urlencoded", 400),
    ("q-trust=excellent", "application/x-www-form-urlencoded", 400),
    ("q-unknown=often", "application/x-www-form-urlencoded", 400),
    ('{"q-trust": "often"}', "application/json", 415),
    ("go=sideways", "application/x-www-form-urlencoded", 400),
])
def test_an_oversized_malformed_or_unknown_post_gets_4xx_and_writes_nothing(room, body, content_type, status):
    app = App(room)
    phone = app.phone()
    phone.answer("general", {"trust": "often"})
    before = _files(room)
    tokens = phone.tokens("/a/s/general")
    prefix = f"csrf={tokens['csrf']}&rev={tokens['rev']}&"
    response = phone.client.post("/a/s/general", content=(prefix if content_type.endswith("urlencoded") else "")
                                 + body, headers={"content-type": content_type})
    assert response.status_code == status, response.text
    assert _files(room) == before


def test_a_request_for_another_host_name_is_refused(room):
    response = App(room).client().get(f"/j/{room.join}", headers={"host": "attacker.example"})
    assert response.status_code == 421


def test_too_many_requests_from_one_device_wait(room):
    app = App(room, Limits(burst=5, per_second=0.001))
    client = app.client()
    statuses = [client.get(f"/j/{room.join}").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert int(client.get("/").headers["retry-after"]) >= 1


def test_guessing_join_codes_is_stopped_before_it_can_succeed(room):
    app = App(room, Limits(failures=3, failures_per_second=0.001))
    client = app.client()
    statuses = [client.get(f"/j/{security.join_code()}").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert client.get(f"/j/{room.join}").status_code == 200  # a right code is never counted as a failure


def test_every_response_carries_the_security_headers_and_pages_fetch_nothing(room):
    app = App(room)
    phone = app.phone()
    for response in (phone.client.get("/a/s/general"), phone.client.get("/nowhere"), app.facilitator().get("/room")):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'nonce-" in headers["content-security-policy"]
        assert not re.search(r'(src|href)="(https?:)?//', response.text)
        assert "<link" not in response.text


def test_the_facilitators_page_needs_the_facilitators_token(room):
    app = App(room)
    stranger = app.client()
    assert stranger.get("/room").status_code == 403
    assert stranger.get(f"/f/{security.secret_token()}").status_code == 404
    delegate = app.phone().client
    assert delegate.get("/room").status_code == 403
    assert delegate.get("/room/close").status_code == 403
    page = app.facilitator().get("/room")
    assert page.status_code == 200 and room.facilitator not in page.text  # nothing on the projector to copy
    assert f"/j/{room.join}" in page.text and "<svg" in page.text


def test_the_facilitator_sees_how_many_answered_each_question_never_who_nor_what(room):
    app = App(room)
    phones = [app.phone() for _ in range(3)]
    for n, phone in enumerate(phones[:2]):
        phone.client.post("/a/about", data={**phone.tokens("/a/about"), "organisation": f"Org{n} Ltd",
                                            "sector": "business"})
        phone.answer("general", {"trust": "never"}, {"trust": f"secret note {n}"})
    page = app.facilitator().get("/room").text
    assert re.search(r'data-count="joined">3<', page)
    assert re.search(r'data-count="general.trust">fewer than 3<', page)
    assert re.search(r'data-count="started">fewer than 3<', page)
    phones[2].answer("general", {"trust": "never"})
    page = app.facilitator().get("/room").text
    assert re.search(r'data-count="general.trust">3<', page)
    for private in ("secret note", "Org0", "business", "Never", "delegate-", *room.delegates):
        assert private not in page
    view = counts_view(room.counts(), 3, False)
    assert view["questions"]["general.trust"] == "3" and view["finished"] == "0"
    assert not {"secret note 0", "Never", "Org0 Ltd"} & set(json.dumps(view).split('"'))


def test_closing_shows_the_same_report_as_score_and_stops_taking_answers(room, tmp_path):
    app = App(room)
    phones = [app.phone() for _ in range(3)]
    for phone, answer in zip(phones, ("often", "never", "always")):
        phone.answer("general", {**GENERAL, "trust": answer})
    facilitator = app.facilitator()
    confirm = facilitator.get("/room/close")
    assert confirm.status_code == 200
    assert facilitator.post("/room/close", data={"csrf": "forged"}).status_code == 403
    assert not room.closed
    closed = facilitator.post("/room/close", data={"csrf": _field(confirm.text, "csrf")})
    assert closed.status_code == 200
    assert app.stopped == ["closed"]
    out = tmp_path / "scored.html"
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["score", str(room.directory), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert closed.text == out.read_text(encoding="utf-8") == (room.directory / "report.html").read_text("utf-8")
    assert "style-src 'unsafe-inline'" in closed.headers["content-security-policy"]
    late = phones[0].answer("general", {"trust": "never"}, tokens={"csrf": "x", "rev": "y"})
    assert late.status_code in (403, 410)
    assert phones[0].client.get("/a/s/general").status_code == 410
    assert json.loads((room.directory / STATE_FILE).read_text("utf-8"))["closed"] is True


def test_closing_a_room_of_fewer_than_the_threshold_shows_no_report(room):
    app = App(room)
    app.phone().answer("general", GENERAL)
    facilitator = app.facilitator()
    confirm = facilitator.get("/room/close")
    closed = facilitator.post("/room/close", data={"csrf": _field(confirm.text, "csrf")})
    assert closed.status_code == 200
    assert "Fewer than 3 delegates answered" in closed.text and "Overall Record" not in closed.text
    assert not (room.directory / "report.html").exists()


def test_text_from_the_questionnaire_partnership_and_delegates_is_shown_as_text(tmp_path, library):
    room = LiveRoom.open(tmp_path / "room", library, _settings(library, partnership="<b>Bold</b> & Partners"))
    app = App(room)
    phone = app.phone()
    phone.answer("general", {"trust": "often"}, {"trust": "</textarea><script>alert(1)</script>"})
    page = phone.client.get("/a/s/general").text
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Partners" in page and "<b>Bold" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in app.facilitator().get("/room").text


def test_every_delegate_page_works_without_javascript(room):
    phone = App(room).phone()
    page = phone.client.get("/a/s/general").text
    assert 'method="post"' in page and 'name="go" value="next"' in page and 'name="go" value="back"' in page
    assert page.count('type="radio"') == 8 * 4 and page.count("<details") == 8
    done = phone.client.get("/a/done")
    assert done.status_code == 200 and "You answered 0 of 18 questions" in done.text


# -- the command -------------------------------------------------------------------------------------------------


def _collect(*args: str, env: dict[str, str] | None = None):
    return CliRunner(env={"NO_COLOR": "1", **(env or {})}).invoke(
        cli, ["collect", "general", "--partnership", PARTNERSHIP, *args])


@pytest.mark.parametrize("host, said", [("8.8.8.8", "would take answers from the internet"),
                                        ("0.0.0.0", "every network this laptop is on"),
                                        ("my-laptop", "is not an IP address")])
def test_collect_refuses_a_public_address_without_public(tmp_path, host, said):
    result = _collect("-o", str(tmp_path / "room"), "--host", host)
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "room").exists()


def test_collect_refuses_to_listen_on_an_address_that_is_not_this_laptops(tmp_path):
    result = _collect("-o", str(tmp_path / "room"), "--host", "203.0.113.7", "--public", "--port", "0")
    assert result.exit_code == 2
    assert "203.0.113.7:0: is not an address of this laptop" in result.stderr


def test_collect_says_when_there_is_no_private_network(tmp_path, monkeypatch):
    monkeypatch.setattr(security, "private_lan_address", lambda: None)
    result = _collect("-o", str(tmp_path / "room"))
    assert result.exit_code == 2 and "found no private network address" in result.stderr


@pytest.mark.parametrize("args, said", [
    (("--date", "24/02/2006"), "expected YYYY-MM-DD"),
    (("--date", "2006-02-30"), "expected YYYY-MM-DD"),
    (("--partnership", " "), "the partnership's name is empty"),
    (("--min-group", "1"), "--min-group"),
    (("--minutes", "0"), "--minutes"),
])
def test_collect_refuses_bad_options(tmp_path, args, said):
    result = _collect("-o", str(tmp_path / "room"), "--host", "127.0.0.1", *args)
    assert result.exit_code == 2 and said in result.stderr


def test_collect_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "answers.yaml").write_text("partnership: X\n", encoding="utf-8")
    result = _collect("-o", str(tmp_path), "--host", "127.0.0.1")
    assert result.exit_code == 2 and "already holds files" in result.stderr


def test_collect_without_its_extra_says_how_to_install_it(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    result = _collect("-o", str(tmp_path / "room"), "--host", "127.0.0.1")
    assert result.exit_code == 2
    assert "collect needs uvicorn: pip install 'lsp-check[collect]'" in result.stderr


def test_no_other_command_imports_the_web_stack():
    commands = [["score", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "html", "-q"],
                ["validate", str(EXAMPLES / "spelthorne-2006.yaml"), "-q"], ["template", "general"],
                ["plan", str(EXAMPLES / "spelthorne-2006.yaml"), "-q"], ["collect", "--help"]]
    code = ("import sys; from lsp_check.cli.main import main\n"
            f"for command in {commands!r}:\n    try: main(command)\n    except SystemExit: pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "NO_COLOR": "1"})
    loaded = set(run.stderr.split())
    assert "lsp_check.cli.collect" in loaded and "lsp_check.report.html" in loaded, run.stderr[-2000:]
    assert not {m for m in loaded if m.split(".")[0] in ("starlette", "uvicorn", "segno", "anyio", "h11")
                or m.startswith("lsp_check.collect")}


def test_the_room_report_adapter_renders_what_score_renders(tmp_path, library):
    from lsp_check.collect.report import room_report

    folder = tmp_path / "room"
    folder.mkdir()
    for name in ("spelthorne-2006.yaml", "spelthorne-2007.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    out = tmp_path / "scored.html"
    assert CliRunner().invoke(cli, ["score", str(folder), "-f", "html", "-o", str(out)]).exit_code == 0
    assert room_report(folder, library) == out.read_text(encoding="utf-8")
    assert Path(out).stat().st_size > 1000
