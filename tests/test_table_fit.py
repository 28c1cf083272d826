"""Every table of every kind of HTML page fits its box in a real browser (headless chromium, driven by playwright:
the session's ``browser`` of tests/conftest.py).

At desktop widths no table's content may be wider than the box it sits in (which would hide its last columns
behind a scrollbar); on a 400-pixel-wide phone only the tables the page marks as wide (their box has the class
``wide``: more columns of figures than a phone shows) may scroll sideways inside their box, as designed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from lsp_check.cli.main import cli

# The browser tests run on one worker under pytest-xdist, so that one chromium serves them all (conftest.py).
pytestmark = pytest.mark.xdist_group("browser")

# Each kind of HTML page (conftest.py's HTML_PAGES, the one-file narrative report aside).
KINDS = ("single", "single-radar", "room", "sectors", "compare", "trend", "cluster", "plan")
DESKTOP = (1280, 1440, 1920)
PHONE = 400

# Every table's box: its caption (or class), the box's scrolling and visible widths, and whether it is wide.
MEASURE = """() => Array.from(document.querySelectorAll('table')).map(table => {
  const box = table.closest('.scroll') || table.parentElement;
  const caption = table.querySelector('caption');
  return {table: caption ? caption.textContent.trim() : table.className, content: box.scrollWidth,
          box: box.clientWidth, wide: box.classList.contains('wide')};
})"""


def _tables(browser, page_path: Path, width: int) -> list[dict]:
    return _measure(browser, page_path, (width,))[width]


def _measure(browser, page_path: Path, widths: tuple[int, ...]) -> dict[int, list[dict]]:
    """Every table's box at each viewport width in turn, the page loaded once (the layout is redone at each)."""
    page = browser.new_page(viewport={"width": widths[0], "height": 900})
    try:
        page.goto(page_path.as_uri())
        found = {}
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            found[width] = page.evaluate(MEASURE)
        return found
    finally:
        page.close()


@pytest.fixture(scope="module")
def measured(browser, html_page):
    """Each kind of page's tables at every width measured here, each page loaded once when first asked for."""
    found: dict[str, dict[int, list[dict]]] = {}

    def tables(kind: str, width: int) -> list[dict]:
        if kind not in found:
            found[kind] = _measure(browser, html_page(kind), (*DESKTOP, PHONE))
        return found[kind][width]

    return tables


def _overflowing(tables: list[dict], allow_wide: bool) -> list[str]:
    return [f"{t['table']}: content {t['content']}px in a box of {t['box']}px" for t in tables
            if t["content"] > t["box"] and not (allow_wide and t["wide"])]


@pytest.mark.parametrize("width", DESKTOP)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_html_summary_tables_keep_every_column_in_view_at_desktop_widths(measured, kind, width):
    tables = measured(kind, width)
    assert tables, f"{kind} has no table"
    hidden = _overflowing(tables, allow_wide=False)
    assert not hidden, f"{kind} at {width}px: " + "; ".join(hidden)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_html_tables_fit_a_phone_except_those_marked_wide(measured, kind):
    tables = measured(kind, PHONE)
    hidden = _overflowing(tables, allow_wide=True)
    assert not hidden, f"{kind} at {PHONE}px: " + "; ".join(hidden)


def test_a_one_file_summary_fits_a_phone_without_scrolling(measured):
    summary = next(t for t in measured("single", PHONE) if t["table"] == "Score of each section")
    assert not summary["wide"] and summary["content"] <= summary["box"]


def test_the_measure_finds_a_table_wider_than_its_box(browser, tmp_path):
    page = tmp_path / "overflow.html"
    page.write_text("<!DOCTYPE html><html lang='en'><head><title>x</title></head><body>"
                    "<div class='scroll' style='width:300px;overflow-x:auto'><table><caption>Too wide</caption>"
                    "<tr><td style='white-space:nowrap'>" + "wide " * 40 + "</td></tr></table></div>"
                    "<div class='scroll wide' style='width:300px;overflow-x:auto'><table><caption>Wide</caption>"
                    "<tr><td style='white-space:nowrap'>" + "wide " * 40 + "</td></tr></table></div>"
                    "</body></html>", encoding="utf-8")
    tables = _tables(browser, page, 1280)
    assert _overflowing(tables, allow_wide=False) == [
        f"Too wide: content {tables[0]['content']}px in a box of 300px",
        f"Wide: content {tables[1]['content']}px in a box of 300px"]
    assert _overflowing(tables, allow_wide=True) == [f"Too wide: content {tables[0]['content']}px in a box of 300px"]


def test_the_note_of_files_left_out_fits_and_passes_axe(browser, tmp_path):

    import axe_playwright_python

    room = tmp_path / "room"
    shutil.copytree(ROOT / "tests" / "fixtures" / "room", room)
    bad = room / "delegate-1.yaml"
    bad.write_text(bad.read_text("utf-8").replace("trust: Always", "trust: Oftne"), "utf-8")
    out = tmp_path / "room.html"
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["score", str(room), "--skip-invalid", "-f", "html",
                                                           "-o", str(out)])
    assert result.exit_code == 4
    axe = (Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(out.as_uri())
        page.add_script_tag(content=axe)
        for width in (1280, PHONE):  # the page loaded once, laid out again at each width
            page.set_viewport_size({"width": width, "height": 900})
            note = page.evaluate("() => { const a = document.querySelector('aside.skipped');"
                                 " return a && [a.scrollWidth, a.clientWidth, a.textContent]; }")
            found = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
                                  "'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})")
            page_width = page.evaluate("document.documentElement.scrollWidth")
            assert note and note[0] <= note[1] and "1 file was left out of this report" in note[2]
            assert not found["violations"], [v["id"] for v in found["violations"]]
            assert page_width <= width
    finally:
        page.close()
