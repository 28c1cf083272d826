"""The report models of a trend and of sectors side by side: their charts, headers and the sentences they say."""

from __future__ import annotations

from conftest import EXAMPLES
from lsp_check import api
from lsp_check.report.model.sectors import sectors_document
from lsp_check.report.model.trend import sparkline, trend_report

YEARS = [str(EXAMPLES / f"spelthorne-{year}.yaml") for year in (2006, 2007, 2008)]


def test_a_trends_chart_has_a_line_per_section_over_the_assessments(library):
    r = trend_report(api.trend(YEARS, library))
    assert r.chart is not None and r.chart.series == ("2006-02-24", "2007-03-02", "2008-03-07")
    assert [row.label for row in r.chart.rows] == [s.title for s in r.sections]
    assert r.chart.rows[0].values == (75.0, 75.0, 83.3)
    assert r.series_note.endswith("Changes in percentage points, worked out before rounding.")


def test_a_steps_empty_group_says_none_and_a_full_one_says_nothing_more(library):
    r = trend_report(api.trend(YEARS, library))
    groups = [g for step in r.steps for g in step.groups]
    assert {g.empty for g in groups if g.needs} == {""}
    assert all(g.empty == "None." for g in groups if not g.needs)


def test_sparkline_heights_follow_the_percentages():
    assert sparkline((0.0, 50.0, 100.0, None)) == "▁▅█·"


def test_sectors_title_headers_and_chart_come_from_the_model(library):
    document = sectors_document(api.assess_by(str(EXAMPLES / "sectors"), "sector", library))
    (r,) = document.reports
    assert document.title == r.title == "Sectors side by side: Runnymede Partnership"
    assert r.headers[0] == "Section" and r.headers[1] == "Whole room (13)" and r.differ_header == "Where they differ"
    assert r.chart is not None and r.chart.series == ("Whole room", *r.names)
    assert r.chart.title.endswith("the whole room first, then each sector shown")
    assert [t.caption for t in r.questions] == [f"{t.title}: each group's median answer" for t in r.questions]
