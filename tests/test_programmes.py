"""Compare a baseline with a follow-up, and rank a cluster's shared needs, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

BASELINE = str(EXAMPLES / "spelthorne-2006.yaml")
FOLLOWUP = str(EXAMPLES / "spelthorne-2007.yaml")


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))


def test_section_movement_checked_by_hand():
    data = json.loads(_invoke("compare", BASELINE, FOLLOWUP, "-f", "json").stdout)
    moves = {s["id"]: (s["then"], s["now"], s["change"], s["direction"]) for s in data["sections"]}
    # General 18/24 both times; Leadership 4/15 -> 9/15; Managing performance 12/15 -> 11/15.
    assert moves == {
        "general": (75.0, 75.0, 0.0, "level"),
        "leadership": (26.7, 60.0, 33.3, "up"),
        "performance": (80.0, 73.3, -6.7, "down"),
    }
    assert data["overall"] == {"then": 63.0, "now": 70.4, "change": 7.4, "title": "Overall", "sections": None}


def test_needs_resolved_new_and_persisting_checked_by_hand():
    data = json.loads(_invoke("compare", BASELINE, FOLLOWUP, "-f", "json").stdout)
    needs = {kind: [n["need"] for n in items] for kind, items in data["needs"].items()}
    assert needs == {
        # "action is in hand" is not resolved: nothing is working yet, so those needs are now in hand.
        "resolved": ["common vision", "aligning objectives", "objectives & milestones"],
        "in_hand": ["willingness to change", "project management & co-ordination"],
        "new": ["roles & responsibilities"],
        "persisting": ["added value", "support for partnership working", "resources"],
        "not_assessed": [], "improved": [], "lapsed": [], "not_reassessed": [],
    }


def test_question_movement():
    data = json.loads(_invoke("compare", BASELINE, FOLLOWUP, "-f", "json").stdout)
    q = next(q for q in data["questions"] if q["question"] == "added-value")
    assert (q["then"], q["now"], q["then_score"], q["now_score"], q["direction"]) == (
        "NO – action is needed", "YES – but needs improving", 0, 2, "up")


@pytest.mark.parametrize("order, min_change, status", [
    ((BASELINE, FOLLOWUP), "5", 0),  # Managing performance fell 6.7 points: one answer moving one step
    ((BASELINE, FOLLOWUP), "10", 0),  # ... which is less than the default 10 too
    ((FOLLOWUP, FOLLOWUP), "0", 0),
    ((BASELINE, str(EXAMPLES / "spelthorne-2008.yaml")), "10", 1),  # 80.0% -> 66.7%: two steps
])
def test_fail_on_regression_exits_1_on_a_fall_of_min_change_and_keeps_valid_json(order, min_change, status):
    result = _invoke("compare", *order, "-f", "json", "--fail-on-regression", "--min-change", min_change)
    assert result.exit_code == status
    data = json.loads(result.stdout)
    assert data["regressions"] == (["performance"] if status else [])
    assert ("FAIL" in result.stderr) == bool(status)


def test_without_the_gate_a_fall_still_exits_0():
    assert _invoke("compare", BASELINE, FOLLOWUP, "-f", "json").exit_code == 0


def test_compare_text_and_markdown_show_the_movement():
    text = _invoke("compare", BASELINE, FOLLOWUP).stdout
    assert re.search(r"\nLeadership +26\.7% +60\.0% +\+33\.3 +▲", text)
    markdown = _invoke("compare", BASELINE, FOLLOWUP, "-f", "markdown").stdout
    assert "| Managing performance (net 1 answer step down) | 80.0% | 73.3% | -6.7 | ▼ |" in markdown
    assert "## New needs (1)\n\n- roles & responsibilities (Managing performance)" in markdown


def test_compare_refuses_a_side_with_several_partnerships(tmp_path):
    result = _invoke("compare", str(EXAMPLES / "cluster"), FOLLOWUP)
    assert result.exit_code == 2
    assert "holds 5 partnerships" in result.stderr and result.stdout == ""


def _cluster_dir(tmp_path: Path) -> Path:
    """Five partnerships, each one respondent: 'resources' weak in four, 'roles' weak in two."""
    weak = {"A": ["resources"], "B": ["resources", "roles"], "C": ["resources"], "D": ["resources", "roles"], "E": []}
    for name, needs in weak.items():
        folder = tmp_path / f"lsp-{name.lower()}"
        folder.mkdir()
        lines = [f"    {q}: {'YES – but needs improving' if q in needs else 'YES – working well'}"
                 for q in ("structure", "roles", "objectives", "resources", "project-management")]
        (folder / "answers.yaml").write_text(f"partnership: lsp-{name.lower()}\nanswers:\n  performance:\n"
                                             + "\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_cluster_ranks_need_held_by_four_above_need_held_by_two_in_every_format(tmp_path):
    root = str(_cluster_dir(tmp_path))
    data = json.loads(_invoke("cluster", "--show-respondents", root, "-f", "json").stdout)
    assert [(n["need"], n["partnerships"]) for n in data["shared_needs"]] == [
        ("resources", 4), ("roles & responsibilities", 2)]
    assert [p["partnership"] for p in data["partnerships"]] == ["lsp-a", "lsp-b", "lsp-c", "lsp-d", "lsp-e"]
    text = _invoke("cluster", "--show-respondents", root).stdout
    assert text.index("resources") < text.index("roles & responsibilities")
    assert "4 of 5 partnerships" in text
    markdown = _invoke("cluster", "--show-respondents", root, "-f", "markdown").stdout
    assert "| 1 | resources | 4 of 5 |" in markdown and "| 2 | roles & responsibilities | 2 of 5 |" in markdown
    rows = list(csv.reader(io.StringIO(_invoke("cluster", "--show-respondents", root, "-f", "csv").stdout)))
    # One table: a column per shared need in rank order, filled for each partnership that has it.
    assert rows[0][6:] == ["resources (weak answers)", "roles & responsibilities (weak answers)"]
    assert [sum(1 for r in rows[1:] if r[column]) for column in (6, 7)] == [4, 2]


def test_cluster_shows_each_partnership_against_the_median(tmp_path):
    data = json.loads(_invoke("cluster", "--show-respondents", str(_cluster_dir(tmp_path)), "-f", "json").stdout)
    # Scores out of 15: A 14, B 13, C 14, D 13, E 15 -> median 14/15 = 93.3%.
    assert data["sections"][0]["median_percent"] == 93.3
    versus = {p["partnership"]: p["versus_median"]["performance"] for p in data["partnerships"]}
    assert versus == {"lsp-a": 0.0, "lsp-b": -6.7, "lsp-c": 0.0, "lsp-d": -6.7, "lsp-e": 6.7}


def test_bundled_cluster_example_runs():
    result = _invoke("cluster", str(EXAMPLES / "cluster"), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["shared_needs"][0]["need"] == "resources"
