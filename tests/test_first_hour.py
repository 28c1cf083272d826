"""The facilitator's first hour (issue 12): what a new user runs into, one test (or a few) per item."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
FOLLOWUP = str(EXAMPLES / "spelthorne-2007.yaml")
CLUSTER = EXAMPLES / "cluster"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    monkeypatch.delenv("LSP_CHECK_DEBUG", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


# Item 5: --format docx without python-docx.

@pytest.mark.parametrize("args", [
    ["score", SPELTHORNE],
    ["plan", SPELTHORNE],
    ["compare", SPELTHORNE, FOLLOWUP],
    ["cluster", str(CLUSTER)],
], ids=["score", "plan", "compare", "cluster"])
def test_docx_without_python_docx_gives_the_install_hint_on_every_command(runner, monkeypatch, tmp_path, args):
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` fail
    out = tmp_path / "report.docx"
    result = runner.invoke(cli, [*args, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 2, result.stderr
    assert "pip install 'lsp-check[docx]'" in result.stderr
    assert "internal error" not in result.stderr
    assert not out.exists()


# Item 11: --debug before and after the subcommand.

@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_is_accepted_before_and_after_the_subcommand(runner, monkeypatch, where):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("lsp_check.engine.score", broken)
    args = ["--debug", "score", SPELTHORNE] if where == "before" else ["score", SPELTHORNE, "--debug"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr


def test_debug_after_the_subcommand_does_not_change_a_normal_run(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--format", "json", "--debug"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")


# Item 12: the smaller things.

def test_plan_help_lists_html_and_docx(runner):
    result = runner.invoke(cli, ["plan", "--help"])
    assert result.exit_code == 0
    assert "html" in result.stdout and "docx" in result.stdout


def test_top_level_help_names_every_exit_1_gate(runner):
    result = runner.invoke(cli, ["--help"])
    text = " ".join(result.stdout.split())
    for gate in ("--fail-under", "--fail-under-section", "--fail-on-regression"):
        assert gate in text


# Item 4: compare of two different partnerships.

RUNNYMEDE = str(CLUSTER / "runnymede")


def test_compare_of_different_partnerships_is_refused_without_allow_different(runner):
    result = runner.invoke(cli, ["compare", SPELTHORNE, RUNNYMEDE])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Runnymede Partnership" in result.stderr and "Local Spelthorne Partnership" in result.stderr
    assert "--allow-different" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_of_the_same_partnership_needs_no_allow_different(runner):
    result = runner.invoke(cli, ["compare", SPELTHORNE, FOLLOWUP, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"different_partnerships": false' in result.stdout
    assert "Two different partnerships" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "docx"])
def test_compare_with_allow_different_says_so_in_every_format(runner, tmp_path, fmt):
    out = tmp_path / f"compare.{fmt}"
    result = runner.invoke(cli, ["compare", SPELTHORNE, RUNNYMEDE, "--allow-different", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        import json

        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["different_partnerships"] is True
        assert data["baseline"]["partnership"] == "Local Spelthorne Partnership"
        assert data["followup"]["partnership"] == "Runnymede Partnership"
        return
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = " ".join(out.read_text(encoding="utf-8").split())
    assert ("Two different partnerships are compared: the baseline is Local Spelthorne Partnership, "
            "the follow-up is Runnymede Partnership.") in text


# Item 6: score DIR skips lsp-check's own outputs and files that are plainly not answers.

@pytest.fixture
def answers_with_outputs(runner, tmp_path):
    """A folder of three respondents' answers with a plan, a cluster table and reports written beside them."""
    import shutil

    folder = tmp_path / "answers"
    shutil.copytree(CLUSTER / "spelthorne", folder)
    for args in (["plan", str(folder), "-f", "csv", "-o", str(folder / "plan.csv")],
                 ["cluster", str(CLUSTER), "-f", "csv", "-o", str(folder / "cluster.csv")],
                 ["score", str(folder), "-f", "json", "-o", str(folder / "report.json")],
                 ["score", str(folder), "-f", "markdown", "-o", str(folder / "report.md")],
                 ["score", str(folder), "-f", "html", "-o", str(folder / "report.html")],
                 ["score", str(folder), "-f", "docx", "-o", str(folder / "report.docx")]):
        assert runner.invoke(cli, args).exit_code == 0
    return folder


def test_score_dir_skips_own_outputs_and_reports_saying_so_in_one_line(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"respondents": 3' in result.stdout
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert skipped[0].startswith("lsp-check: skipped 6 files that are not answers: ")
    assert "cluster.csv (a cluster table written by lsp-check)" in skipped[0]
    assert "plan.csv (an action plan written by lsp-check)" in skipped[0]
    assert skipped[0].endswith("and 3 more")


@pytest.mark.parametrize("command", [["validate"], ["cluster"], ["plan"]])
def test_other_commands_on_a_dir_skip_own_outputs_too(runner, answers_with_outputs, command):
    result = runner.invoke(cli, [*command, str(answers_with_outputs)])
    assert result.exit_code == 0, result.stderr
    assert "lsp-check: skipped 6 files" in result.stderr


def test_compare_of_dirs_skips_own_outputs(runner, answers_with_outputs):
    result = runner.invoke(cli, ["compare", str(answers_with_outputs), str(answers_with_outputs), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert "lsp-check: skipped 6 files" in result.stderr


def test_a_plan_csv_named_on_its_own_says_it_is_not_answers(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "plan.csv")])
    assert result.exit_code == 2
    assert "plan.csv: is an action plan written by lsp-check, not an answers file" in result.stderr


# Item 12: files that are not answers say what they are.

def test_score_report_html_says_it_is_not_an_answers_file(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "report.html")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("report.html: is an HTML report, not an answers file; expected answers "
                                          "(YAML) or an online-form export (CSV)")


def test_score_json_report_says_it_is_a_report(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "report.json")])
    assert result.exit_code == 2
    assert "is a report written by lsp-check, not an answers file" in result.stderr


def test_score_questionnaire_file_says_it_is_a_questionnaire_file(runner):
    from conftest import ROOT

    result = runner.invoke(cli, ["score", str(ROOT / "questionnaires" / "general.yaml")])
    assert result.exit_code == 2
    assert "general.yaml:" in result.stderr
    assert "is a questionnaire file, not answers" in result.stderr
    assert "Traceback" not in result.stderr


def test_answers_of_own_questionnaire_scored_without_it_hint_at_questionnaires(runner, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("partnership: X\nanswers:\n  our-own:\n    q1: Often\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(answers)])
    assert result.exit_code == 2
    assert f"{answers}:3:3: answers.our-own: unknown section 'our-own'" in result.stderr
    assert "give --questionnaires DIR" in result.stderr
