"""The text report fits the terminal: at any width from 60 to 200 columns no line is longer than the screen and
no word is broken in the middle (long text wraps at whole words, wide tables stack)."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, ROOT
from lsp_check.api import rooms_of, score_files_by
from lsp_check.load.answers import load_answers
from lsp_check.load.inputs import expand
from lsp_check.report import RenderOptions, render
from lsp_check.score.cluster import cluster
from lsp_check.score.compare import compare
from lsp_check.score.engine import score
from lsp_check.score.plan import Plans, make_plan
from lsp_check.score.room import Rooms
from lsp_check.score.trend import trend

WIDTHS = (60, 64, 72, 80, 90, 100, 120, 160, 200)


def _single(library, name):
    return score(library, load_answers(str(EXAMPLES / name), library))


def _rooms(library, *paths):
    return list(rooms_of(expand([str(ROOT / p) for p in paths]), library))


def _results(library):
    rooms = _rooms(library, "tests/fixtures/room")
    mixed = _rooms(library, "examples/cluster", "examples/a2p-diagnostic.yaml", "examples/smarter-partnerships.yaml",
                   "examples/ptp-self-assessment.yaml")
    return {
        "single": _single(library, "spelthorne-2006.yaml"),
        "single-a2p": _single(library, "a2p-diagnostic.yaml"),
        "single-half-answered": score(library, load_answers(str(ROOT / "tests/fixtures/partial.yaml"), library)),
        "room": Rooms(tuple(rooms)),
        "compare": compare(_single(library, "spelthorne-2006.yaml"), _single(library, "spelthorne-2007.yaml")),
        "cluster-mixed-instruments": cluster(mixed),
        "plans": Plans((make_plan(_single(library, "spelthorne-2006.yaml")), make_plan(rooms[0]))),
        "sectors": score_files_by(expand([str(EXAMPLES / "sectors")]), library, "sector", 3),
        "trend": trend([(name, _single(library, name)) for name in
                        ("spelthorne-2006.yaml", "spelthorne-2007.yaml", "spelthorne-2008.yaml")]),
    }


@pytest.fixture(scope="module")
def results(library):
    return _results(library)


def _words(text: str) -> set[str]:
    return {word.rstrip(":") for word in text.split()}


@pytest.mark.parametrize("kind", ["single", "single-a2p", "single-half-answered", "room", "compare",
                                  "cluster-mixed-instruments", "plans", "trend"])
def test_no_line_overflows_and_no_word_is_broken_at_any_width(results, kind):
    result = results[kind]
    whole = _words(render("text", result, RenderOptions(width=1000)))
    for width in WIDTHS:
        text = render("text", result, RenderOptions(width=width))
        lines = text.split("\n")
        too_long = [line for line in lines if len(line) > width]
        assert not too_long, (width, too_long[:3])
        broken = _words(text) - whole
        assert not broken, (width, sorted(broken)[:10])


def test_a_table_of_figures_too_wide_for_the_screen_is_printed_in_blocks_that_repeat_the_names(results, library):
    mixed = render("text", results["cluster-mixed-instruments"], RenderOptions(width=120)).split("\n")
    headers = [n for n, line in enumerate(mixed) if line.startswith("Partnership ")]
    assert len(headers) == 3  # eight sections in three blocks, each starting with the partnerships' names and dates
    for start in headers:
        assert mixed[start].split()[:3] == ["Partnership", "Resp.", "Dates"]
        assert any(line.startswith("Elmbridge Partnership   ") and line.split()[2:4] == ["3", "2007-11-12"]
                   for line in mixed[start:start + 8])
    two_sections = cluster(_rooms(library, "examples/cluster"))
    wide = render("text", two_sections, RenderOptions(width=80)).split("\n")
    # Its partnerships all answered on one day, said beside the title instead of in a column.
    assert wide[0] == "Cluster of 5 partnerships · every partnership's answers dated 2007-11-12"
    assert wide[2].split() == ["Partnership", "Resp.", "Leadership", "Managing", "performance"]


def test_the_bar_column_goes_before_the_band_is_squeezed(results):
    narrow = render("text", results["single"], RenderOptions(width=60))
    assert "█" not in narrow.split("Overall")[0] and "Leadership needs urgent attention" in narrow
    wide = render("text", results["single"], RenderOptions(width=100))
    assert "█" in wide.split("Overall")[0]
