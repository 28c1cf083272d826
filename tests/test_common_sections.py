"""The Overall row of compare and trend, over the sections both (every) side scored: a section one side did not
answer never moves the headline (docs/method.md, "Overall across different sections")."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli

GENERAL = """  general:
    real-results: Often
    common-interest: Often
    we-language: Sometimes
    mutual-accountability: Often
    shared-rewards: Sometimes
    trust: Always
    willing-to-change: Often
    improve-performance: Always
"""
# The bundled Spelthorne baseline: General 18/24, Leadership 4/15, Managing performance 12/15.
BASELINE = """partnership: Local Spelthorne Partnership
date: 2006-02-24
answers:
""" + GENERAL + """  leadership:
    common-vision: YES – but needs improving
    added-value: NO – action is needed
    willing-to-change: NO – action is needed
    support-within-partners: NO – action is needed
    aligned-objectives: YES – but needs improving
  performance:
    structure: YES – working well
    roles: YES – working well
    objectives: YES – but needs improving
    resources: YES – but needs improving
    project-management: YES – but needs improving
"""
# A follow-up that answered Leadership (8/15) and Managing performance (11/15) only.
FOLLOWUP = """partnership: Local Spelthorne Partnership
date: 2007-11-12
answers:
  leadership:
    common-vision: YES – but needs improving
    added-value: YES – but needs improving
    willing-to-change: NO – action is needed
    support-within-partners: NO – action is needed
    aligned-objectives: YES – but needs improving
  performance:
    structure: YES – working well
    roles: YES – working well
    objectives: YES – but needs improving
    resources: YES – but needs improving
    project-management: YES – but needs improving
"""
LATER = FOLLOWUP.replace("2007-11-12", "2008-03-07").replace(
    "willing-to-change: NO – action is needed", "willing-to-change: YES – but needs improving")


def _run(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))


def _files(tmp_path: Path, *texts: str) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"a{i}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_compare_works_the_overall_over_the_sections_both_scored(tmp_path):
    # Whole files: 32/54 = 59.3% then, 18/30 = 60.0% now; on the two common sections 16/30 = 53.3% then.
    baseline, followup = _files(tmp_path, BASELINE, FOLLOWUP)
    result = _run("compare", baseline, followup)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("Overall"))
    assert row.split() == ["Overall,", "on", "the", "2", "sections", "both", "assessed", "53.3%", "60.0%", "+6.7",
                           "▲"]
    assert "59.3%" not in result.stdout
    assert "Only in the baseline: General." in result.output


def test_compare_json_markdown_and_html_say_the_same_overall(tmp_path):
    baseline, followup = _files(tmp_path, BASELINE, FOLLOWUP)
    data = json.loads(_run("compare", baseline, followup, "-f", "json").stdout)
    assert data["overall"] == {"then": 53.3, "now": 60.0, "change": 6.7,
                               "title": "Overall, on the 2 sections both assessed",
                               "sections": ["leadership", "performance"]}
    markdown = _run("compare", baseline, followup, "-f", "markdown").stdout
    assert "| **Overall, on the 2 sections both assessed** | **53.3%** | **60.0%** | **+6.7** |" in markdown
    html = _run("compare", baseline, followup, "-f", "html").stdout
    assert "<td>Overall, on the 2 sections both assessed</td><td class=\"num\">53.3%</td>" in html


def test_compare_of_the_same_sections_keeps_the_plain_overall(tmp_path):
    baseline, followup = _files(tmp_path, BASELINE, BASELINE.replace("2006-02-24", "2007-02-24"))
    data = json.loads(_run("compare", baseline, followup, "-f", "json").stdout)
    assert data["overall"] == {"then": 59.3, "now": 59.3, "change": 0.0, "title": "Overall", "sections": None}


def test_the_bundled_spelthorne_room_reads_as_a_rise_on_the_common_sections():
    from conftest import EXAMPLES

    result = _run("compare", str(EXAMPLES / "spelthorne-2006.yaml"), str(EXAMPLES / "cluster" / "spelthorne"))
    row = next(line for line in result.output.splitlines() if line.startswith("Overall"))
    assert "53.3%" in row and "56.7%" in row and "+3.3" in row and "▲" in row
    assert "63.0%" not in result.output


def test_trend_across_different_sections_works_the_overall_over_those_all_scored(tmp_path):
    # Leadership 4 → 6 → 8 of 15, Managing performance 12 → 12 → 12: on those two, 16, 18, 20 of 30.
    files = _files(tmp_path, BASELINE, FOLLOWUP, LATER)
    result = _run("trend", *files)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("Overall"))
    assert row.split()[-5:] == ["53.3%", "60.0%", "66.7%", "+13.3", "+6.7"]
    assert "59.3%" not in result.stdout
    markdown = _run("trend", *files, "-f", "markdown").stdout
    assert "| **Overall, on the 2 sections all 3 assessed** |" in markdown
    data = json.loads(_run("trend", *files, "-f", "json").stdout)
    assert data["overall"]["percents"] == [53.3, 60.0, 66.7]
    assert data["overall"]["latest_change"] == 6.7
    assert data["overall"]["title"] == "Overall, on the 2 sections all 3 assessed"
    assert data["overall"]["sections"] == ["leadership", "performance"]
    # Each assessment's own figure is still given beside it.
    assert [a["overall_percent"] for a in data["assessments"]] == [59.3, 60.0, 66.7]
