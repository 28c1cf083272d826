"""Validation for questionnaire authors: each mistake rejected at its location; warnings and --strict."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

BASE = """\
id: mine
title: Mine
scales:
  yn:
    options:
      - {id: no, label: No, score: 0, level: weak}
      - {id: yes, label: Yes, score: 1}
sections:
  - id: mine
    title: Mine
    scale: yn
    bands:
      - {min: 0, max: 0, label: Low}
      - {min: 1, max: 2, label: High}
    questions:
      - id: a
        text: Statement A
        need: need A
        actions: [do A]
      - id: b
        text: Statement B
        need: need B
        actions: [do B]
"""


def _validate(tmp_path, text: str, *extra: str):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path, CliRunner().invoke(cli, ["validate", *extra, str(path)])


def test_control_questionnaire_is_valid(tmp_path):
    path, result = _validate(tmp_path, BASE)
    assert result.exit_code == 0, result.stderr
    assert f"{path}: valid questionnaire file (mine)" in result.stdout


@pytest.mark.parametrize(
    "change, line, column, words",
    [
        (("      - id: b\n", "      - id: a\n"), 20, 13, "duplicate question id 'a' (also question 1)"),
        (("      - {id: yes, label: Yes", "      - {id: no, label: Yes"), 7, 14, "duplicate option id 'no'"),
        (("      - {id: yes, label: Yes", "      - {id: yes, label: 'no'"), 7, 26, "duplicate option label 'no'"),
        (("        text: Statement B\n", "        text: '  '\n"), 21, 15, "found empty text; expected the question's text"),
        (("title: Mine\n", "title: ''\n"), 2, 8, "expected a title"),
        (("        actions: [do B]\n", "        actions: ['']\n"), 23, 19, "expected the text of an action"),
        (("    scale: yn\n", "    scale: yes-no\n"), 11, 12, "scale 'yes-no' is not defined"),
        (("      - {min: 1, max: 2, label: High}", "      - {min: 0, max: 2, label: High}"), 14, 9, "overlaps"),
        (("      - {min: 1, max: 2, label: High}", "      - {min: 1, max: 1, label: High}"), 14, 9,
         "no band covers 2, the highest possible total"),
    ],
)
def test_each_mistake_is_rejected_at_its_location(tmp_path, change, line, column, words):
    path, result = _validate(tmp_path, BASE.replace(*change))
    assert result.exit_code == 2
    assert f"{path}:{line}:{column}:" in result.stderr, result.stderr
    assert words in result.stderr


def test_all_mistakes_in_a_file_are_reported_in_one_pass(tmp_path):
    text = BASE.replace("title: Mine\n", "title: ''\n").replace("    scale: yn\n", "    scael: yn\n")
    path, result = _validate(tmp_path, text)
    assert result.exit_code == 2
    assert f"{path}:11:5: sections[0].scael: unknown key 'scael' (did you mean 'scale'?)" in result.stderr
    assert f"{path}:2:8: title: found empty text; expected a title" in result.stderr


def test_warnings_pass_unless_strict(tmp_path):
    text = BASE.replace("""    bands:
      - {min: 0, max: 0, label: Low}
      - {min: 1, max: 2, label: High}
""", "")
    path, result = _validate(tmp_path, text)
    assert result.exit_code == 0
    assert f"{path}:9:5: warning: sections[0]: section 'mine' has no bands" in result.stderr
    assert "valid, with warnings," in result.stdout
    _, strict = _validate(tmp_path, text, "--strict")
    assert strict.exit_code == 2
    assert "has no bands" in strict.stderr


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_shipped_example_scores_or_reports(example):
    result = CliRunner().invoke(cli, ["score", str(EXAMPLES / example), "-f", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Partnership health check:")
