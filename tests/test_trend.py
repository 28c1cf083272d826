"""Follow one partnership over three or more assessments: date order, the refusals, rooms and the regression gate."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli
from lsp_check.report.html.charts import line_chart
from lsp_check.report.model.chart import LINES, Chart, ChartRow
from lsp_check.report.model.trend import sparkline

YEARS = [str(EXAMPLES / f"spelthorne-{year}.yaml") for year in (2006, 2007, 2008)]


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))


def _json(*args: str) -> dict:
    result = _invoke("trend", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _copy(source: str, target: Path, **changes: str) -> Path:
    text = Path(source).read_text(encoding="utf-8")
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("order", [(2, 0, 1), (1, 2, 0), (2, 1, 0)])
def test_assessments_are_put_in_date_order_whatever_the_argument_order(order):
    shuffled = [YEARS[i] for i in order]
    data = _json(*shuffled)
    assert [a["date"] for a in data["assessments"]] == ["2006-02-24", "2007-03-02", "2008-03-07"]
    assert _invoke("trend", *shuffled).stdout == _invoke("trend", *YEARS).stdout


def test_each_section_series_is_its_headline_figure_checked_by_hand():
    data = _json(*YEARS)
    series = {s["id"]: (s["percents"], s["change"]) for s in data["sections"]}
    # General 18, 18, 20 of 24; Leadership 4, 9, 12 of 15; Managing performance 12, 11, 10 of 15.
    assert series == {"general": ([75.0, 75.0, 83.3], 8.3), "leadership": ([26.7, 60.0, 80.0], 53.3),
                      "performance": ([80.0, 73.3, 66.7], -13.3)}
    assert data["overall"]["percents"] == [63.0, 70.4, 77.8]


def test_each_step_puts_needs_in_the_categories_compare_gives_them():
    trend = _json(*YEARS)
    for step, (then, now) in zip(trend["steps"], [(YEARS[0], YEARS[1]), (YEARS[1], YEARS[2])]):
        compared = json.loads(_invoke("compare", then, now, "-f", "json").stdout)["needs"]
        names = {key: sorted(n["need"] for n in items) for key, items in step["needs"].items()}
        assert names == {"resolved": sorted(n["need"] for n in compared["resolved"]),
                         "improved": sorted(n["need"] for n in compared["improved"]),
                         "in_hand": sorted(n["need"] for n in compared["in_hand"]),
                         "persisting": sorted(n["need"] for n in compared["persisting"]),
                         "lapsed": sorted(n["need"] for n in compared["lapsed"]),
                         "raised": sorted(n["need"] for n in compared["new"] + compared["not_assessed"]),
                         "not_reassessed": sorted(n["need"] for n in compared["not_reassessed"])}


def test_each_need_says_what_became_of_it():
    needs = {n["need"]: (n["states"], n["category"], n["since"]) for n in _json(*YEARS)["needs"]}
    assert needs["resources"] == (["need", "need", "need"], "persisting", "2006-02-24")
    assert needs["common vision"] == (["need", "met", "met"], "resolved", "2007-03-02")
    assert needs["support for partnership working"] == (["need", "need", "in_hand"], "in_hand", "2008-03-07")
    # in hand in 2007, needs improving again in 2008: compare calls that new, so it is raised again
    assert needs["willingness to change"] == (["need", "in_hand", "need"], "raised", "2008-03-07")


def test_the_text_report_shows_a_sparkline_and_each_need_in_words():
    out = _invoke("trend", *YEARS).stdout
    assert "Leadership            ▃▅▇" in out
    assert "resources (Managing performance)" in out and "persisting since 2006-02-24" in out


def test_fewer_than_three_assessments_points_to_compare():
    result = _invoke("trend", YEARS[0], YEARS[1])
    assert result.exit_code == 2
    assert "3 or more assessments" in result.stderr and "lsp-check compare" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_two_partnerships_are_refused_and_named(tmp_path):
    other = _copy(YEARS[2], tmp_path / "runnymede.yaml", Local_Spelthorne_Partnership="Runnymede Partnership")
    result = _invoke("trend", YEARS[0], YEARS[1], str(other))
    assert result.exit_code == 2
    assert "Local Spelthorne Partnership" in result.stderr and "Runnymede Partnership" in result.stderr
    assert str(other) in result.stderr
    assert result.stdout == ""


def test_a_missing_date_is_refused_naming_the_file(tmp_path):
    undated = _copy(YEARS[2], tmp_path / "undated.yaml", **{"date: 2008-03-07": ""})
    result = _invoke("trend", YEARS[0], YEARS[1], str(undated))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{undated}: has no date")


def test_a_date_that_is_not_a_date_is_refused(tmp_path):
    odd = _copy(YEARS[2], tmp_path / "odd.yaml", **{"2008-03-07": "spring 2008"})
    result = _invoke("trend", YEARS[0], YEARS[1], str(odd))
    assert result.exit_code == 2
    assert "'spring 2008'" in result.stderr and "2006-02-24" in result.stderr


def _room(folder: Path, dates: tuple[str, ...]) -> Path:
    folder.mkdir()
    for number, (source, date) in enumerate(zip(sorted((ROOT / "tests/fixtures/room").iterdir()), dates), 1):
        _copy(str(source), folder / f"delegate-{number}.yaml", **{"'2006-02-24'": date})
    return folder


def test_a_room_is_one_assessment_dated_by_its_median_respondent(tmp_path):
    room = _room(tmp_path / "2007-room", ("2007-05-01", "2007-05-03", "2007-05-02", "2007-05-01"))
    data = _json(YEARS[2], str(room), YEARS[0])
    assert [(a["date"], a["respondents"]) for a in data["assessments"]] == [
        ("2006-02-24", 1), ("2007-05-01", 4), ("2008-03-07", 1)]
    room_report = json.loads(_invoke("score", str(room), "-f", "json").stdout)["groups"][0]
    assert data["overall"]["percents"][1] == room_report["overall"]["percent"]


def test_a_room_holding_two_partnerships_is_refused(tmp_path):
    room = _room(tmp_path / "room", ("2007-05-01",) * 4)
    _copy(YEARS[2], room / "other.yaml", Local_Spelthorne_Partnership="Runnymede Partnership")
    result = _invoke("trend", YEARS[0], YEARS[1], str(room))
    assert result.exit_code == 2
    assert "holds 2 partnerships" in result.stderr and "Runnymede Partnership" in result.stderr


def test_the_regression_gate_reads_the_latest_step(tmp_path):
    # Managing performance 73.3% -> 66.7% between 2007 and 2008: one step, never a regression.
    passed = _invoke("trend", *YEARS, "--fail-on-regression", "--min-change", "5")
    assert passed.exit_code == 0
    assert "PASS" in passed.stderr and "is one answer moving one step at most" in passed.stderr
    # Two steps down (73.3% -> 60.0%): below the default 10 points, above 5.
    lower = tmp_path / "2008.yaml"
    lower.write_text(Path(YEARS[2]).read_text(encoding="utf-8").replace("roles: YES – working well",
                                                                        "roles: YES – but needs improving"),
                     encoding="utf-8")
    years = [YEARS[0], YEARS[1], str(lower)]
    assert _invoke("trend", *years, "--fail-on-regression").exit_code == 1
    failed = _invoke("trend", *years, "--fail-on-regression", "--min-change", "15")
    assert failed.exit_code == 0 and "no section fell by 15 points or more" in failed.stderr
    failed = _invoke("trend", *years, "--fail-on-regression")
    assert "FAIL" in failed.stderr and "Managing performance 73.3% → 60.0%" in failed.stderr
    assert "(2007-03-02 → 2008-03-07)" in failed.stderr
    assert ("At 2008-03-07, 1 section regressed, falling by 10 points or more since its last figure: Managing "
            "performance (since 2007-03-02).") in " ".join(failed.stdout.split())


def test_the_fall_from_the_first_year_is_not_a_regression_of_the_latest_step():
    # 2006 -> 2008 fell 13.3 points in Managing performance, but the gate compares the latest with the previous.
    data = _json(*YEARS, "--min-change", "10")
    assert data["regressions"] == []
    assert _invoke("trend", *YEARS, "--fail-on-regression").exit_code == 0


def test_without_the_flag_a_regression_does_not_fail():
    result = _invoke("trend", *YEARS, "--min-change", "5")
    assert result.exit_code == 0
    assert "FAIL" not in result.stderr


def test_sparkline_heights_follow_the_percent():
    assert sparkline((0.0, 50.0, 100.0, None)) == "▁▅█·"


def test_line_chart_end_labels_never_overlap():
    rows = tuple(ChartRow(f"Section {i}", (50.0, 60.0, 70.0 + i * 0.1)) for i in range(5))
    chart = line_chart(Chart(LINES, "", "", rows, ("2006", "2007", "2008")))
    ys = sorted(line.label_y for line in chart.lines)
    assert all(b - a >= 15 for a, b in zip(ys, ys[1:]))
    assert all(chart.top <= y <= chart.axis_y + 4 for y in ys)


def test_the_bundled_example_command_works_from_a_copy(tmp_path):
    for year in YEARS:
        shutil.copy(year, tmp_path)
    result = _invoke("trend", *sorted(str(p) for p in tmp_path.iterdir()), "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Trend: Local Spelthorne Partnership")


def test_the_json_trend_imports_no_rich_jinja2_or_docx():
    code = (f"import sys; from lsp_check.cli.main import main\ntry: main(['trend', *{YEARS!r}, '-f', 'json', '-q'])\n"
            "except SystemExit: pass\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT)
    loaded = set(run.stderr.split())
    assert '"kind": "trend"' in run.stdout
    assert loaded and not loaded & {"jinja2", "rich", "docx", "markupsafe"}, loaded & {"jinja2", "rich", "docx"}


def test_two_assessments_of_the_same_date_are_refused():
    result = _invoke("trend", YEARS[0], YEARS[1], YEARS[0])
    assert result.exit_code == 2
    assert "has the same date as" in result.stderr and "2006-02-24" in result.stderr
    assert result.stdout == ""


def test_each_line_of_the_trend_chart_and_its_name_read_on_white():
    from test_html_accessibility import WHITE, contrast

    chart = (ROOT / "src/lsp_check/report/html/templates/charts.html.j2").read_text(encoding="utf-8")
    colours = re.findall(r"\.line-\d \{ color: (#[0-9a-fA-F]{6}); \}", chart)
    assert len(colours) == 6
    # Each line's name is written in its colour, as text: 4.5:1 as for any text.
    assert all(contrast(colour, WHITE) >= 4.5 for colour in colours), colours


def _without(source: str, target: Path, *questions: str) -> Path:
    lines = Path(source).read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        key = line.strip().split(":")[0]
        if line.startswith("    ") and not line.startswith("      "):
            skipping = key in questions
        if not skipping:
            kept.append(line)
    target.write_text("".join(kept), encoding="utf-8")
    return target


def test_a_section_not_answered_enough_has_no_figure_that_year(tmp_path):
    thin = _without(YEARS[1], tmp_path / "2007.yaml", "common-vision", "added-value", "willing-to-change")
    data = _json(YEARS[0], str(thin), YEARS[2])
    leadership = next(s for s in data["sections"] if s["id"] == "leadership")
    assert leadership["percents"] == [26.7, None, 80.0]
    assert leadership["change"] == 53.3
    # The latest is compared with the last figure there is, 2006's, across the gap.
    assert (leadership["latest"]["since"], leadership["latest"]["change"]) == ("2006-02-24", 53.3)
    text = _invoke("trend", YEARS[0], str(thin), YEARS[2]).stdout
    assert "Leadership            ▃·▇" in text
    assert "Leadership: compared with 2006-02-24: not scored in 2007-03-02" in text


def test_a_need_never_answered_again_says_so(tmp_path):
    later = [_without(year, tmp_path / Path(year).name, "support-within-partners") for year in YEARS[1:]]
    needs = {n["need"]: n for n in _json(YEARS[0], *map(str, later))["needs"]}
    assert needs["support for partnership working"]["states"] == ["need", "not_answered", "not_answered"]
    assert needs["support for partnership working"]["category"] == "not_reassessed"
    markdown = _invoke("trend", YEARS[0], *map(str, later), "-f", "markdown").stdout
    assert "| support for partnership working (Leadership) | ▲ | – | – | not answered again after 2006-02-24 |" in markdown


def test_a_form_export_is_one_assessment_dated_by_its_latest_response():
    export = str(ROOT / "tests/fixtures/forms/microsoft-spelthorne.csv")
    data = _json(YEARS[2], export, YEARS[1])
    assert [(a["source"], a["date"], a["respondents"]) for a in data["assessments"]] == [
        (export, "2006-02-24", 3), (YEARS[1], "2007-03-02", 1), (YEARS[2], "2008-03-07", 1)]


def _trend(library, min_change=10.0):
    from lsp_check.load.answers import load_answers
    from lsp_check.score.engine import score
    from lsp_check.score.trend import trend

    return trend([(year, score(library, load_answers(year, library))) for year in reversed(YEARS)], min_change)


def test_the_report_model_decides_every_figure_and_word(library):
    from lsp_check.report.model.trend import trend_report

    r = trend_report(_trend(library, min_change=5))
    performance = r.sections[2]
    assert (performance.values, performance.spark, performance.change, performance.arrow, performance.latest) == (
        ("80.0%", "73.3%", "66.7%"), "▇▆▆", "-13.3", "▼", "-6.7")
    assert not performance.regressed and "not a regression: one answer moving one step at most" in performance.note
    assert r.regression_line.startswith("At 2008-03-07, no section regressed: none fell by 5 points or more")
    assert [s.heading for s in r.steps] == ["Needs, 2006-02-24 → 2007-03-02", "Needs, 2007-03-02 → 2008-03-07"]
    assert r.counts_line == ("Needs over all 3 assessments (2006-02-24 to 2008-03-07), each as the last comparison "
                             "that spoke of it leaves it: 4 resolved, 1 now in hand, 1 persisting, 3 raised.")


def test_the_pure_trend_refuses_fewer_than_three():
    from lsp_check.problems import InputError
    from lsp_check.score.trend import trend

    with pytest.raises(InputError, match="use 'lsp-check compare"):
        trend([("a.yaml", None), ("b.yaml", None)])


def test_a_room_without_dates_is_refused_naming_it(tmp_path):
    room = _room(tmp_path / "undated-room", ("''",) * 4)
    result = _invoke("trend", YEARS[0], YEARS[1], str(room))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{room}: has no date") and "respondents' answers files" in result.stderr
