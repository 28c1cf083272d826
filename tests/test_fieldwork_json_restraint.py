"""When a room's later period holds fewer than the anonymity threshold, the warning names no period, and neither
does the JSON: every kind that carries ``fieldwork_periods`` gives ``null``. Periods of the threshold or more are
listed with their dates, as the warning names them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.method import Period
from lsp_check.report.json.periods import periods_data

WORKING = "YES – working well"


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1"}).invoke(cli, list(args))


def _room(folder: Path, dates: list[str]) -> Path:
    for n, date in enumerate(dates, 1):
        (folder / f"d{n}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"d{n}.yaml").write_text(
            f"partnership: Testborough Partnership\ndate: {date}\nsector: {'council' if n % 2 else 'health'}\n"
            f"answers:\n  leadership:\n    common-vision: {WORKING}\n", encoding="utf-8")
    return folder


def _periods(args: list[str]) -> list[object]:
    result = _invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    holders = data.get("groups") or data.get("partnerships") or data.get("plans")
    return [holder["fieldwork_periods"] for holder in holders]


@pytest.mark.parametrize("command", [["score"], ["score", "--by", "sector"], ["plan"], ["cluster"]])
def test_a_late_period_of_one_is_not_listed_in_json(tmp_path, command):
    room = _room(tmp_path / "room", ["2024-03-14"] * 6 + ["2024-05-01"])
    assert _periods([*command, str(room)]) == [None]


@pytest.mark.parametrize("command", [["score"], ["plan"], ["cluster"]])
def test_periods_of_the_threshold_or_more_are_listed(tmp_path, command):
    room = _room(tmp_path / "room", ["2024-03-14"] * 3 + ["2024-05-01"] * 3)
    assert _periods([*command, str(room)]) == [[{"first_date": "2024-03-14", "last_date": "2024-03-14"},
                                                 {"first_date": "2024-05-01", "last_date": "2024-05-01"}]]


def test_the_header_still_gives_the_overall_dates(tmp_path):
    room = _room(tmp_path / "room", ["2024-03-14"] * 6 + ["2024-05-01"])
    result = _invoke("score", str(room))
    assert "7 respondents · 2024-03-14 to 2024-05-01" in result.stdout


def test_periods_data_on_literal_cases():
    one = (Period("2024-03-14", "2024-03-14", 7),)
    assert periods_data(one) == [{"first_date": "2024-03-14", "last_date": "2024-03-14"}]
    small = (Period("2024-03-14", "2024-03-14", 6), Period("2024-05-01", "2024-05-01", 2))
    assert periods_data(small) is None
    assert periods_data(small, 3) is None
    apart = (Period("2024-03-14", "2024-03-14", 4), Period("2024-05-01", "2024-05-01", 4))
    assert len(periods_data(apart) or []) == 2
    assert periods_data(apart, 5) is None
    assert periods_data(()) == []
