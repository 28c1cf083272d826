"""The live room in a real browser (headless chromium, driven by playwright): a delegate answers on a 390-pixel phone
while the facilitator's page updates itself; a phone without JavaScript answers at 320 pixels, and every page meets
WCAG 2.2 A and AA (axe-core) and never scrolls sideways. The server runs as a process on 127.0.0.1
and a free port, and is killed at the end of each test.

The browser is the session's (``browser`` in tests/conftest.py): skipped, saying why, only where chromium is not
installed; with LSP_CHECK_REQUIRE_BROWSER=1 it fails instead.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the collect extra is not installed")

from roomserver import Phone, RoomServer  # noqa: E402

# The browser tests run on one worker under pytest-xdist, so that one chromium serves them all (conftest.py).
pytestmark = pytest.mark.xdist_group("browser")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE, SMALL_PHONE = 390, 320


@functools.cache
def _axe_script() -> str:
    import axe_playwright_python  # ships axe-core's axe.min.js; pinned in pyproject.toml

    return (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(encoding="utf-8")


def _audit(page, name: str, width: int) -> None:
    """No WCAG A or AA violation on the page, and nothing wider than the screen."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy (its own inline script only)
    # holds for everything else.
    page.evaluate(_axe_script())
    # Only violations are read: axe-core gathers no details of the rules that pass.
    found = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                          "resultTypes: ['violations']})", WCAG_TAGS)
    described = [f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]]
    assert not described, f"{name} at {width}px:\n" + "\n".join(described)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}px"


def _count(page, key: str) -> str:
    return page.locator(f'[data-count="{key}"]').text_content() or ""


def test_a_delegate_answers_on_a_phone_while_the_facilitators_page_updates_itself(tmp_path, browser):
    with RoomServer(tmp_path / "room") as server:
        for _ in range(3):  # enough delegates for the counts to show as numbers
            Phone(server).join().answer("general", {"real-results": "often"})
        screen = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        screen.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        screen.goto(server.facilitator_url)
        assert screen.url.endswith("/room")  # the token has left the address bar
        screen.wait_for_function("() => document.documentElement.getAttribute('data-live') === 'on'")
        screen.evaluate("window.sameLoad = true")
        assert _count(screen, "general.real-results") == "3" and _count(screen, "joined") == "3"

        phone = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True)
        delegate = phone.new_page()
        delegate.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        delegate.goto(server.join_url)
        delegate.get_by_role("button", name="Start").click()
        screen.wait_for_function("() => document.querySelector('[data-count=\"joined\"]').textContent === '4'",
                                 timeout=5000)
        delegate.get_by_label("Your organisation").fill("Spelthorne Borough Council")
        delegate.get_by_label("Your sector").select_option("council")
        delegate.get_by_role("button", name="Save and go on").click()
        delegate.wait_for_url("**" + "/a/s/general")
        first = delegate.get_by_role("group", name=re.compile(r"^1\. Partners can demonstrate"))
        first.get_by_label("Often").check()  # saved at once by the page's script
        screen.wait_for_function(
            "() => document.querySelector('[data-count=\"general.real-results\"]').textContent === '4'",
            timeout=5000)
        # The room hears of the answer as the server takes it, which may be before the phone hears back.
        delegate.wait_for_function("() => document.querySelector('#saved').textContent === 'Saved.'", timeout=5000)
        _audit(delegate, "a part, an answer saved by the page's script", PHONE)
        assert screen.evaluate("window.sameLoad") is True  # updated in place, never reloaded
        first.get_by_text("Add a note (optional)").click()
        first.get_by_label("Note on question 1").fill("Joint bids for funding.")
        delegate.get_by_role("group", name=re.compile(r"^6\. Partners strive")).get_by_label("Always").check()
        delegate.get_by_role("button", name="Save and go on").click()
        delegate.wait_for_url("**" + "/a/s/leadership")
        assert delegate.evaluate("document.documentElement.scrollWidth") <= PHONE
        delegate.get_by_role("button", name="Save and go back").click()
        delegate.wait_for_url("**" + "/a/s/general")
        assert delegate.get_by_role("group", name=re.compile(r"^6\. ")).get_by_label("Always").is_checked()
        delegate.reload()  # a reload (or a locked phone) carries on where the delegate was
        assert delegate.get_by_label("Note on question 1").input_value() == "Joint bids for funding."
        screen.wait_for_function(  # one answer: it is not seen to arrive
            "() => document.querySelector('[data-count=\"general.trust\"]').textContent === 'fewer than 3'",
            timeout=5000)
        files = list((tmp_path / "room").glob("delegate-*.yaml"))
        mine = [f.read_text(encoding="utf-8") for f in files if "Spelthorne Borough Council" in f.read_text("utf-8")]
        assert len(mine) == 1 and "note: Joint bids for funding." in mine[0] and "trust: Always" in mine[0]
        assert "Joint bids" not in screen.content() and "Spelthorne Borough Council" not in screen.content()
        assert not errors, errors


def test_without_javascript_a_phone_answers_at_320_pixels_and_every_page_meets_wcag_a_and_aa(tmp_path, browser):
    with RoomServer(tmp_path / "room") as server:
        Phone(server).join().answer("general", {"trust": "often"})
        Phone(server).join().answer("general", {"trust": "always"})  # with the page's delegate, 3: a report at close
        context = browser.new_context(viewport={"width": SMALL_PHONE, "height": 640}, java_script_enabled=False)
        page = context.new_page()
        page.goto(server.join_url)
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/a/about")
        page.get_by_role("button", name="Save and go on").click()  # about you left blank
        for section in ("general", "leadership"):
            page.wait_for_url(f"**/a/s/{section}")
            for group in page.locator("fieldset").all():
                group.get_by_role("radio").first.check()
            if section == "general":
                page.get_by_text("Add a note (optional)").first.click()
                page.get_by_label("Note on question 1").fill("Said without a script.")
            assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE
            page.get_by_role("button", name="Save and go on").click()
        page.wait_for_url("**/a/s/performance")
        page.get_by_role("button", name="Save and go back").click()
        page.wait_for_url("**/a/s/leadership")
        assert page.get_by_role("radio", checked=True).count() == 5
        text = next(f for f in (tmp_path / "room").glob("delegate-*.yaml")
                    if "Said without" in f.read_text(encoding="utf-8")).read_text(encoding="utf-8")
        assert "note: Said without a script." in text and "common-vision: NO – action is needed" in text
        context.close()

        # axe-core needs scripts to run: the same pages in a phone that runs them (the HTML is the same).
        phone = browser.new_page(viewport={"width": SMALL_PHONE, "height": 800})
        phone.goto(server.join_url)
        _audit(phone, "joining", SMALL_PHONE)
        phone.get_by_role("button", name="Start").click()
        phone.wait_for_url("**/a/about")
        _audit(phone, "about you", SMALL_PHONE)
        phone.get_by_role("button", name="Save and go on").click()
        phone.wait_for_url("**/a/s/general")
        phone.get_by_text("Add a note (optional)").first.click()
        _audit(phone, "a part, with a note open", SMALL_PHONE)
        phone.goto(f"{server.base}/a/done")
        _audit(phone, "finished", SMALL_PHONE)
        phone.goto(f"{server.base}/nowhere")
        _audit(phone, "not found", SMALL_PHONE)

        screen = browser.new_page(viewport={"width": 1280, "height": 900})
        screen.goto(server.facilitator_url)
        _audit(screen, "the facilitator's page", 1280)
        screen.goto(f"{server.base}/room/close")
        _audit(screen, "closing the room", 1280)
        screen.set_viewport_size({"width": PHONE, "height": 800})
        for path in ("/room", "/room/close"):
            screen.goto(server.base + path)
            assert screen.evaluate("document.documentElement.scrollWidth") <= PHONE, path
        screen.get_by_role("button", name="Close the room and show the report").click()
        screen.wait_for_load_state()
        assert screen.title() == "Partnership health check: Local Spelthorne Partnership"
        code, said = server.wait()
    assert code == 0 and "report written to" in said
