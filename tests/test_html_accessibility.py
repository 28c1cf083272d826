"""What the HTML reports do for accessibility that can be checked without a browser (test_browser.py runs
axe-core on them in one): colours with the contrast WCAG 2.2 AA asks for, including text drawn inside the charts,
which axe-core cannot judge (it reports text in an SVG image as needing review); every table in a scrolling box
that is named and takes keyboard focus; ids unique, so that each name points at one thing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import GOLDEN

CSS = (Path(__file__).resolve().parent.parent / "src" / "lsp_check" / "report" / "html" / "templates" / "report.css").read_text(
    encoding="utf-8")
WHITE = "#fff"


def _colour(name: str) -> str:
    """A custom property of :root, or a fill set by a rule for an SVG class."""
    if name.startswith("--"):
        found = re.search(rf"{name}:\s*(#[0-9a-fA-F]{{3,6}})", CSS)
    else:
        found = re.search(rf"svg \.{name} {{ fill: (#[0-9a-fA-F]{{3,6}}); }}", CSS)
    assert found, f"{name} is not set in report.css"
    return found.group(1)


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_is_wcags():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("tone", ["--ink", "--muted", "--low", "--mid", "--high"])
def test_text_in_each_tone_reads_on_white(tone):
    # Tones colour text (bands, movement, flags) on the white page: normal text needs 4.5:1.
    assert contrast(_colour(tone), WHITE) >= 4.5


@pytest.mark.parametrize("tone", ["--low", "--mid", "--high", "--muted"])
def test_counts_in_white_read_on_each_segment(tone):
    # The room report writes each option's count in white on its segment of the distribution bar.
    assert contrast(WHITE, _colour(tone)) >= 4.5


@pytest.mark.parametrize("bar", ["then", "now"])
def test_comparison_bars_stand_out_from_the_page(bar):
    # Graphics needed to read a chart need 3:1 against what is next to them (WCAG 1.4.11).
    assert contrast(_colour(bar), WHITE) >= 3


HTML_PAGES = sorted(GOLDEN.glob("*.html"))
WRAPPER = re.compile(r'<div class="scroll(?: wide)?" role="region" tabindex="0" aria-labelledby="([^"]+)">\n<table')


def test_the_golden_pages_cover_every_kind_of_html_report():
    assert {p.name for p in HTML_PAGES} >= {"spelthorne.html", "room.html", "compare.html", "cluster.html",
                                            "plan.html"}


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: p.name)
def test_every_table_scrolls_in_its_own_named_focusable_box(page):
    html = page.read_text(encoding="utf-8")
    labels = WRAPPER.findall(html)
    assert html.count("<table") == len(labels) > 0
    ids = re.findall(r'\bid="([^"]+)"', html)
    for label in labels:
        assert label in ids, f"aria-labelledby names no element: {label}"


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: p.name)
def test_ids_are_unique(page):
    ids = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
