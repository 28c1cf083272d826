"""A JSON report carries the verdict a CI job needs: which gates were asked for, each read against its figure
unrounded, met or not, with the exit status; decided once (score/gates.py) for score, rooms, compare and trend."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
YEARS = [str(EXAMPLES / f"spelthorne-200{n}.yaml") for n in (6, 7, 8)]


def _json(args):
    result = CliRunner().invoke(cli, [*args, "-f", "json"])
    assert result.exit_code in (0, 1, 4), result.stderr
    data = json.loads(result.stdout)
    if "gates" in data:
        assert data["gates"]["status"] == result.exit_code  # the exit status the run ended with
        assert data["gates"]["verdict"] == result.stderr.strip().splitlines()[-1].removeprefix("lsp-check: ")
        assert list(data)[:2] == ["schema_version", "gates"]
    return result.exit_code, data


def test_without_a_gate_there_is_no_gates_field():
    assert "gates" not in _json(["score", SPELTHORNE])[1]


def test_a_failed_overall_gate_gives_the_unrounded_figure_that_failed():
    status, data = _json(["score", SPELTHORNE, "--fail-under", "63"])
    assert status == 1
    assert data["overall"]["percent"] == 63.0  # as printed: the gate reads the figure before rounding
    assert data["gates"]["met"] is False
    assert data["gates"]["checks"] == [{
        "gate": "--fail-under 63", "threshold": 63.0, "partnership": "Local Spelthorne Partnership",
        "subject": "overall", "section": None, "figure": pytest.approx(3400 / 54), "met": False,
        "reason": "overall 62.96% below --fail-under 63"}]


@pytest.mark.parametrize(("threshold", "met"), [("26.6", True), ("26.7", False)])
def test_a_section_gate_is_read_before_rounding_as_help_ci_says(threshold, met):
    status, data = _json(["score", SPELTHORNE, "--fail-under-section", f"leadership={threshold}"])
    assert status == (0 if met else 1)
    [check] = data["gates"]["checks"]
    assert (check["subject"], check["section"], check["met"]) == ("Leadership", "leadership", met)
    assert check["figure"] == pytest.approx(400 / 15)
    assert (check["reason"] is None) == met


def test_every_gate_is_listed_passed_or_failed():
    status, data = _json(["score", SPELTHORNE, "--fail-under", "60", "--fail-under-section", "leadership=40",
                          "--fail-under-section", "general=50"])
    assert status == 1
    assert [(c["gate"], c["met"]) for c in data["gates"]["checks"]] == [
        ("--fail-under 60", True), ("--fail-under-section leadership=40", False),
        ("--fail-under-section general=50", True)]


def test_a_room_and_its_sectors_are_gated_alike():
    for extra in ([], ["--by", "sector"]):
        status, data = _json(["score", str(EXAMPLES / "sectors"), "--fail-under", "99", *extra])
        assert status == 1
        [check] = data["gates"]["checks"]
        assert check["met"] is False and check["subject"] == "overall" and 0 < check["figure"] < 99


def test_compare_lists_each_sections_change_against_the_regression_gate():
    status, data = _json(["compare", YEARS[0], YEARS[1], "--fail-on-regression", "--min-change", "5"])
    checks = data["gates"]["checks"]
    assert [c["section"] for c in checks] == [s["id"] for s in data["sections"]]
    assert all(c["gate"] == "--fail-on-regression" and c["threshold"] == 5.0 for c in checks)
    assert data["gates"]["met"] is (status == 0) is all(c["met"] for c in checks)


def test_trend_lists_its_latest_steps_changes():
    status, data = _json(["trend", *YEARS, "--fail-on-regression"])
    checks = data["gates"]["checks"]
    assert checks and all(c["gate"] == "--fail-on-regression" for c in checks)
    assert data["gates"]["met"] is (status == 0)


def test_a_run_that_left_files_out_says_so_in_its_gates(tmp_path):
    import shutil

    room = tmp_path / "room"
    shutil.copytree(ROOT / "tests" / "fixtures" / "room", room)
    (room / "bad.yaml").write_text("partnership: Local Spelthorne Partnership\nanswers:\n  general:\n    trust: Oftne\n",
                                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(room), "--skip-invalid", "--fail-under", "1", "-f", "json"])
    assert result.exit_code == 4
    gates = json.loads(result.stdout)["gates"]
    assert gates["status"] == 4 and gates["met"] is True and gates["verdict"].startswith("INCOMPLETE: ")
