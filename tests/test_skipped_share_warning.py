"""A report made with --skip-invalid, beside a later one with the fixed files, gives away what those files answered:
the later report's distributions less this one's are their answers. When fewer than the anonymity threshold were
left out, the report and stderr say so and ask for one report or the other to be shared, never both."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from lsp_check.cli.main import cli

ROOM = ROOT / "tests" / "fixtures" / "room"
HEAD = "partnership: Local Spelthorne Partnership\ndate: '2006-02-24'\n"
WARNING = "Do not share this report beside a later one that includes"


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "400"}).invoke(cli, list(args))


def _room(folder, typos: int):
    shutil.copytree(ROOM, folder)
    for i in range(typos):
        (folder / f"late-{i}.yaml").write_text(HEAD + "answers:\n  general:\n    trust: Oftn\n    real-results: Never\n",
                                               encoding="utf-8")
    return folder


def _distribution(folder, *extra: str) -> dict[str, list[int]]:
    data = json.loads(_invoke("score", str(folder), "-f", "json", *extra).stdout)
    room = data["groups"][0]
    return {q["question"]: [c["count"] for c in q["distribution"]]
            for s in room["sections"] if s["id"] == "general" for q in s["items"] if q["question"] == "real-results"}


def test_the_two_reports_together_give_the_file_left_out_away_so_the_first_says_so(tmp_path):
    folder = _room(tmp_path / "room", 1)
    first = _invoke("score", str(folder), "--skip-invalid")
    assert first.exit_code == 4
    draft = _distribution(folder, "--skip-invalid")
    (folder / "late-0.yaml").write_text(HEAD + "answers:\n  general:\n    trust: Often\n    real-results: Never\n",
                                        encoding="utf-8")
    final = _distribution(folder)
    # The attack: the final less the draft is the late respondent's answer, 'Never' (the first option).
    difference = [b - a for a, b in zip(draft["real-results"], final["real-results"])]
    assert difference == [1, 0, 0, 0]
    # So the draft says it must not be shared beside the final, in the report and on stderr.
    report = " ".join(first.stdout.split())
    assert ("Do not share this report beside a later one that includes the file left out: with fewer than 3 left "
            "out, the two together would show what its respondent answered. Share one or the other.") in report
    assert f"lsp-check: warning: {WARNING} the file left out" in first.stderr


@pytest.mark.parametrize("fmt", ["markdown", "html", "github"])
def test_every_format_with_a_note_warns(tmp_path, fmt):
    folder = _room(tmp_path / "room", 2)
    result = _invoke("score", str(folder), "--skip-invalid", "-f", fmt)
    assert result.exit_code == 4
    assert WARNING in " ".join(result.stdout.split()) and "the 2 files left out" in result.stdout


def test_three_files_left_out_are_a_group_the_threshold_allows(tmp_path):
    folder = _room(tmp_path / "room", 3)
    result = _invoke("score", str(folder), "--skip-invalid")
    assert result.exit_code == 4 and "3 files were left out" in result.stdout
    assert WARNING not in result.stdout and WARNING not in result.stderr


def test_plan_and_cluster_warn_on_stderr_too(tmp_path):
    folder = _room(tmp_path / "room", 1)
    for command in ("plan", "cluster"):
        result = _invoke(command, str(folder), "--skip-invalid")
        assert result.exit_code == 4, result.stderr
        assert WARNING in result.stderr
