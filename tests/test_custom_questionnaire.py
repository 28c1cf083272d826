"""An author's own questionnaire, in a temporary directory, scored by the installed command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CUSTOM = """\
id: board-check
title: Board check
scales:
  agree5:
    options:
      - {id: sd, label: Strongly disagree, score: 1, level: weak}
      - {id: d, label: Disagree, score: 2, level: weak}
      - {id: n, label: Neither agree nor disagree, score: 3, level: tracked}
      - {id: a, label: Agree, score: 4}
      - {id: sa, label: Strongly agree, score: 5}
sections:
  - id: board
    title: The board
    scale: agree5
    band_basis: mean
    bands:
      - {min: 1, max: 2.49, label: Weak}
      - {min: 2.5, max: 3.99, label: Developing}
      - {min: 4, max: 5, label: Strong}
    questions:
      - id: purpose
        text: The board is clear about its purpose
        need: clarity of purpose
        actions:
          sd: [hold a facilitated session to agree the board's purpose]
          d: [review the terms of reference]
      - id: attendance
        text: The right people attend
        need: attendance
        actions: [agree who should attend and follow up absences]
"""


def _command() -> list[str]:
    found = shutil.which("lsp-check", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "lsp_check"]


@pytest.fixture
def custom_dir(tmp_path):
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "board-check.yaml").write_text(CUSTOM, encoding="utf-8")
    return directory


def _score(tmp_path, custom_dir, purpose: str, attendance: str) -> dict:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        f"partnership: Test LSP\nanswers:\n  board:\n    purpose: {purpose}\n    attendance: {attendance}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        _command() + ["score", str(answers), "-f", "json", "--questionnaires", str(custom_dir)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    "purpose, attendance, mean, band",
    [
        ("Strongly disagree", "Strongly disagree", 1.0, "Weak"),       # lowest possible
        ("Disagree", "Disagree", 2.0, "Weak"),                         # 2.0, below the 2.5 edge
        ("Disagree", "Neither agree nor disagree", 2.5, "Developing"),  # exactly on the 2.5 edge
        ("Neither agree nor disagree", "Agree", 3.5, "Developing"),     # below the 4 edge
        ("Agree", "Agree", 4.0, "Strong"),                             # exactly on the 4 edge
        ("Strongly agree", "Strongly agree", 5.0, "Strong"),           # highest possible
    ],
)
def test_five_point_scale_bands_by_mean_on_both_sides_of_each_edge(tmp_path, custom_dir, purpose, attendance, mean,
                                                                   band):
    data = _score(tmp_path, custom_dir, purpose, attendance)
    section = data["sections"][0]
    assert section["mean"] == mean
    assert section["band"]["label"] == band
    assert section["max"] == 10


def test_custom_scale_actions_per_option_level(tmp_path, custom_dir):
    data = _score(tmp_path, custom_dir, "sd", "Agree")
    assert data["needs"][0]["actions"] == ["hold a facilitated session to agree the board's purpose"]
    data = _score(tmp_path, custom_dir, "d", "n")
    assert data["needs"][0]["actions"] == ["review the terms of reference"]
    assert [t["question"] for t in data["tracked"]] == ["attendance"]


def test_overriding_a_bundled_questionnaire_is_reported(tmp_path, custom_dir):
    override = CUSTOM.replace("id: board-check", "id: leadership").replace("id: board\n", "id: leadership\n")
    (custom_dir / "board-check.yaml").write_text(override, encoding="utf-8")
    run = subprocess.run(_command() + ["questionnaires", "--questionnaires", str(custom_dir)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "questionnaire 'leadership'" in run.stderr and "overrides the bundled one" in run.stderr
    assert "Board check (2 questions" in run.stdout


def test_questionnaires_dir_from_environment(tmp_path, custom_dir):
    run = subprocess.run(_command() + ["questionnaires"], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "LSP_CHECK_QUESTIONNAIRES": str(custom_dir)})
    assert run.returncode == 0, run.stderr
    assert "board-check" in run.stdout


def test_show_prints_scale_questions_needs_actions_and_bands(tmp_path, custom_dir):
    run = subprocess.run(_command() + ["questionnaires", "show", "board-check", "--questionnaires", str(custom_dir)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    for expected in ["Scale 'agree5'", "Strongly disagree  (sd)  [weak]", "need: clarity of purpose",
                     "- review the terms of reference", "Bands by mean:", "2.5–3.99  Developing"]:
        assert expected in run.stdout
