"""The HTML reports in a real browser (headless chromium): they load without errors, the charts are drawn,
user text stays text, pages print on A4, every kind of page passes axe-core's WCAG 2.2 A and AA rules, and at a
400-pixel-wide screen no page is wider than the screen. Screenshots and PDFs go to tests/artifacts/ (not committed).

Every test opens its pages in the one browser of the session (conftest.py's ``browser``), which is skipped,
saying why, only where chromium is not installed, and fails instead with LSP_CHECK_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import HTML_PAGES
from lsp_check.cli.main import cli

# The browser tests run on one worker under pytest-xdist, so that one chromium serves them all (conftest.py).
pytestmark = pytest.mark.xdist_group("browser")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Injected into a test-only copy of the page: records errors (scripts, resources, console.error) into
# document.title, and after load writes each chart's drawn size and count of non-empty shapes on it.
PROBE = """<script>
(function () {
  var errors = [];
  function record(message) { errors.push(String(message)); document.title = "ERRORS: " + errors.join(" | "); }
  window.addEventListener("error", function (event) {
    var target = event.target || {};
    record(event.message || ("failed to load " + (target.src || target.href || target.tagName)));
  }, true);
  var original = console.error;
  console.error = function () { record(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
  window.addEventListener("load", function () {
    document.querySelectorAll("svg").forEach(function (svg) {
      var box = svg.getBoundingClientRect(), shapes = 0;
      svg.querySelectorAll("rect, polygon").forEach(function (shape) {
        var b = shape.getBBox();
        if (b.width > 0 && b.height > 0) { shapes += 1; }
      });
      svg.setAttribute("data-probe", Math.round(box.width) + "x" + Math.round(box.height) + ":" + shapes);
    });
    if (!errors.length) { document.title = "PROBE-OK"; }
  });
})();
</script>"""

PAYLOAD = ("<script>document.documentElement.setAttribute('data-pwned', 'script')</script>"
           "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned', 'img')\">")


def _report(tmp_path: Path, answers: Path, name: str, command: tuple[str, ...] = ("score",)) -> Path:
    out = tmp_path / f"{name}.html"
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [*command, str(answers), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


class _Dom(HTMLParser):
    """The parts of a dumped DOM the checks need: title, scripts, charts and their shapes."""

    def __init__(self) -> None:
        super().__init__()
        self.title, self.scripts, self.charts, self.root = "", 0, [], {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.root = a
        self._in_title = tag == "title" and not self.charts
        self.scripts += tag == "script"
        if tag == "svg":
            self.charts.append({"probe": a.get("data-probe", ""), "rects": [], "polygons": []})
        elif tag == "rect" and self.charts:
            self.charts[-1]["rects"].append(float(a.get("width") or 0))
        elif tag == "polygon" and self.charts:
            self.charts[-1]["polygons"].append({p for p in (a.get("points") or "").split()})

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def _load(browser, page: Path, shot: str = "") -> tuple[_Dom, str, list[str]]:
    """Open a probed copy of the page; return its DOM after load, its HTML then, and the errors the browser logged.

    With ``shot``, the page is then also saved as tests/artifacts/SHOT.png, laid out 1200 pixels wide (the probe
    changes nothing a reader sees)."""
    probed = page.with_name("probed-" + page.name)
    probed.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>\n" + PROBE, 1), encoding="utf-8")
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(probed.as_uri(), wait_until="load")
        html = tab.content()
        if shot:
            _screenshot(tab, shot)
    finally:
        tab.close()
    dom = _Dom()
    dom.feed(html)
    return dom, html, errors


def _screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    tab.set_viewport_size({"width": 1200, "height": 2000})
    tab.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    return shot


@pytest.mark.parametrize("example, kind, charts", [("spelthorne-2006", "single", 1),
                                                  ("smarter-partnerships", "single-radar", 2)])
def test_report_loads_without_errors_and_draws_its_charts(browser, html_page, example, kind, charts):
    page = html_page(kind)  # the report of examples/EXAMPLE.yaml
    dom, _, errors = _load(browser, page, shot=example)
    assert dom.title == "PROBE-OK", dom.title
    assert errors == []
    assert len(dom.charts) == charts
    for chart in dom.charts:
        size, shapes = chart["probe"].split(":")
        width, height = (int(n) for n in size.split("x"))
        assert width > 200 and height > 50 and int(shapes) > 0, chart["probe"]
        assert any(w > 0 for w in chart["rects"]) or any(len(p) >= 3 for p in chart["polygons"])
    bars = dom.charts[0]["rects"]
    assert len(bars) == 2 * (3 if example == "spelthorne-2006" else 1) and all(w > 0 for w in bars)
    if charts == 2:
        radar = dom.charts[1]["polygons"]
        assert len(radar) == 4 and len(radar[-1]) >= 3  # three rings and the answers' shape


def _loads_cleanly(browser, page: Path, shot: str) -> _Dom:
    dom, _, errors = _load(browser, page, shot)
    assert dom.title == "PROBE-OK", dom.title
    assert errors == []
    for chart in dom.charts:
        size, shapes = chart["probe"].split(":")
        width, height = (int(n) for n in size.split("x"))
        assert width > 0 and height > 0 and int(shapes) > 0, chart["probe"]
        assert any(w > 0 for w in chart["rects"])
    return dom


def test_group_report_loads_without_errors_and_draws_every_distribution(browser, html_page):
    page = html_page("room")  # tests/fixtures/room
    dom = _loads_cleanly(browser, page, "room")
    summary, distributions = dom.charts[0], dom.charts[1:]
    assert summary["probe"].startswith(tuple(f"{n}x" for n in range(200, 2000)))
    assert len(summary["rects"]) == 4 and all(w > 0 for w in summary["rects"])  # two sections: track and bar
    assert len(distributions) == 13
    for chart in distributions:  # segments fill the bar: their widths add up to its 160 units
        assert abs(sum(chart["rects"]) - 160) < 0.5, chart["rects"]


def test_comparison_loads_without_errors_and_draws_then_and_now(browser, html_page):
    out = html_page("compare")  # spelthorne-2006 against spelthorne-2007
    dom = _loads_cleanly(browser, out, "compare")
    assert len(dom.charts) == 1
    chart = dom.charts[0]
    size = chart["probe"].split(":")[0]
    assert int(size.split("x")[0]) > 200 and int(size.split("x")[1]) > 100
    # two legend keys, then per section a track and a bar for then and for now
    assert len(chart["rects"]) == 2 + 3 * 4


def test_script_in_an_answer_note_shows_as_text_in_the_browser(tmp_path, browser):
    answers = tmp_path / "nasty.yaml"
    note = PAYLOAD.replace('"', '\\"')
    answers.write_text(f'partnership: "{note}"\nanswers:\n  leadership:\n'
                       f'    common-vision: {{answer: NO - action is needed, note: "{note}"}}\n', encoding="utf-8")
    page = _report(tmp_path, answers, "nasty")
    raw = page.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw and "&lt;script&gt;" in raw
    dom, html, _errors = _load(browser, page, shot="escaped-note")
    assert dom.title == "PROBE-OK", dom.title
    assert "data-pwned" not in dom.root and 'data-pwned="' not in html  # the payload never ran
    assert dom.scripts == 1  # the probe only
    assert "&lt;script&gt;document.documentElement.setAttribute('data-pwned', 'script')&lt;/script&gt;" in html


def test_report_prints_on_a4(browser, html_page):
    page = html_page("single")  # examples/spelthorne-2006.yaml
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "spelthorne.pdf"
    pdf.unlink(missing_ok=True)
    tab = browser.new_page()
    try:
        tab.goto(page.as_uri(), wait_until="load")
        tab.pdf(path=str(pdf), prefer_css_page_size=True)  # the page's own @page size: A4
    finally:
        tab.close()
    assert pdf.is_file()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 is 595.28 x 841.89 points
        assert abs(float(width) - 595.28) < 1.5 and abs(float(height) - 841.89) < 1.5, (width, height)


def test_the_probe_reports_script_and_network_errors(tmp_path, browser):
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><head><title>x</title></head><body>"
                    "<script>notDefined();</script><img src=\"https://example.invalid/x.png\"></body></html>",
                    encoding="utf-8")
    dom, _, errors = _load(browser, page)
    assert dom.title.startswith("ERRORS: ") and "notDefined" in dom.title and "failed to load" in dom.title
    assert any("notDefined" in error for error in errors)


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW = 400  # pixels: a phone held upright


def _axe_script() -> str:
    import axe_playwright_python  # ships axe-core's axe.min.js; pinned in pyproject.toml

    return (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(encoding="utf-8")


def _audit(browser, page_path: Path, widths: tuple[int, ...]) -> list[tuple[int, list[dict], int]]:
    """axe-core's WCAG A and AA violations on the page at each viewport width, and the page's scrolling width there.

    One page is loaded and audited at each width in turn (axe-core is injected once).
    """
    page = browser.new_page(viewport={"width": widths[0], "height": 900})
    found = []
    try:
        page.goto(page_path.as_uri())
        page.add_script_tag(content=_axe_script())
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            audit = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                  "resultTypes: ['violations']})", WCAG_TAGS)
            found.append((width, audit["violations"], page.evaluate("document.documentElement.scrollWidth")))
    finally:
        page.close()
    return found


def _described(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: " + ", ".join(
        " ".join(node["target"]) for node in v["nodes"][:5]) for v in violations)


@pytest.mark.parametrize("kind", sorted(HTML_PAGES))
def test_every_kind_of_page_meets_wcag_a_and_aa_and_fits_a_narrow_screen(browser, html_page, kind):
    out = html_page(kind)
    audits = _audit(browser, out, (1280, NARROW))
    for width, violations, _ in audits:
        assert not violations, f"{kind} at {width}px:\n{_described(violations)}"
    narrow_width = audits[-1][2]
    assert narrow_width <= NARROW, f"{kind} is {narrow_width}px wide on a {NARROW}px screen"


def test_the_accessibility_check_finds_violations_and_overflow(tmp_path, browser):
    page = tmp_path / "inaccessible.html"
    page.write_text("<!DOCTYPE html><html><head><title>x</title></head><body>"
                    "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
                    "<p style=\"color:#bbb\">faint</p><table><tr><td style=\"white-space:nowrap\">"
                    + "wide " * 60 + "</td></tr></table></body></html>", encoding="utf-8")
    ((_, violations, page_width),) = _audit(browser, page, (NARROW,))
    assert {"image-alt", "color-contrast", "html-has-lang"} <= {v["id"] for v in violations}, _described(violations)
    assert page_width > NARROW
