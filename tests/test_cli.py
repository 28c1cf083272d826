"""Acceptance tests through click's CliRunner: exit status, stdout and stderr checked separately."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check import __version__
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def test_json_report_is_pure_json_on_stdout_with_verdict_on_stderr(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == 3
    assert data["overall"] == {"score": 34, "min": 0, "max": 54, "percent": 63.0, "status": "scored", "answered": 18,
                               "questions": 18}
    assert "overall 34 of 54 (63.0%), 8 needs" in result.stderr


# 34 of 54 is 62.96 %, shown 63.0 %: gates read the unrounded figure (docs/method.md, rule 5).
@pytest.mark.parametrize("threshold, status", [(62.9, 0), (62.96, 0), (63, 1), (63.1, 1), (80, 1), (0, 0)])
def test_fail_under_gates_on_overall_percentage_and_keeps_valid_json(runner, threshold, status):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--format", "json", "--fail-under", str(threshold)])
    assert result.exit_code == status
    assert json.loads(result.stdout)["overall"]["percent"] == 63.0
    assert ("FAIL" in result.stderr) == bool(status)
    assert ("PASS" in result.stderr) == (not status)


def test_quiet_hides_a_passing_verdict_but_never_a_failing_one(runner):
    passing = runner.invoke(cli, ["score", SPELTHORNE, "-f", "json", "-q"])
    failing = runner.invoke(cli, ["score", SPELTHORNE, "-f", "json", "-q", "--fail-under", "90"])
    assert passing.stderr == ""
    assert failing.exit_code == 1 and "FAIL" in failing.stderr


def test_output_file_gets_the_report_and_stdout_stays_empty(runner, tmp_path):
    out = tmp_path / "report.md"
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "markdown", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Partnership health check: Local Spelthorne Partnership")
    assert f"report written to {out}" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_failed_run_leaves_no_report_file(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers: {general: {real-results: Oftn}}\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(bad), "-o", str(tmp_path / "report.md")])
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_text_report_has_no_colour_codes_when_not_a_terminal(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "General" in result.stdout and "18/24" in result.stdout
    assert "▲ General: Common interest supersedes partner interest: Sometimes" in result.stdout


def test_questionnaires_lists_bundled_ones_with_question_counts(runner):
    result = runner.invoke(cli, ["questionnaires"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "(8 questions" in lines["general"]
    assert "(5 questions" in lines["leadership"] and "(5 questions" in lines["performance"]


def test_template_lists_every_question_with_its_allowed_answers(runner):
    result = runner.invoke(cli, ["template", "general", "leadership"])
    assert result.exit_code == 0
    assert "    real-results:\n" in result.stdout
    assert "# Never | Sometimes | Often | Always" in result.stdout
    assert "# NO – action is needed | No – but action is in hand | YES – but needs improving | YES – working well" in (
        result.stdout
    )
    assert result.stdout.count("\n    aligned-objectives:") == 1


def test_filled_in_template_validates_and_scores(runner, tmp_path):
    path = tmp_path / "answers.yaml"
    assert runner.invoke(cli, ["template", "leadership", "-o", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8").replace("common-vision:", "common-vision: yes - working well")
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["score", str(path), "-f", "json"])
    data = json.loads(result.stdout)
    assert data["sections"][0]["answered"] == 1
    assert len(data["unanswered"]) == 4


def test_template_never_overwrites_an_existing_file(runner, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(cli, ["template", "general", "-o", str(path)])
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "my notes\n"


def test_template_unknown_id_suggests_the_closest(runner):
    result = runner.invoke(cli, ["template", "leadrship"])
    assert result.exit_code == 2
    assert "did you mean 'leadership'" in result.stderr
    assert result.stdout == ""


def test_validate_passes_every_shipped_example(runner):
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    result = runner.invoke(cli, ["validate", "-v", *files])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("valid answers") == len(files)


@pytest.mark.parametrize("command", [[], ["score"], ["validate"], ["questionnaires"], ["template"], ["ask"]])
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_version_and_python_dash_m():
    run = subprocess.run([sys.executable, "-m", "lsp_check", "--version"], capture_output=True, text=True)
    assert run.returncode == 0
    assert __version__ in run.stdout


def test_internal_error_is_one_line_with_its_own_status(runner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("lsp_check.score.engine.score", broken)
    result = runner.invoke(cli, ["score", SPELTHORNE])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "lsp-check: internal error: RuntimeError: boom (this is a bug; run with --debug for the traceback)"
    ]
    assert "Traceback" not in result.stderr


def test_main_called_as_a_function_leaves_the_callers_collector_alone(capsys):
    import gc

    from lsp_check.cli.main import main

    before = gc.get_threshold()
    try:
        gc.set_threshold(500, 5, 5)
        with pytest.raises(SystemExit) as stop:
            main(["score", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "json", "--fail-under", "99"])
        assert gc.get_threshold() == (500, 5, 5)
    finally:
        gc.set_threshold(*before)
    assert stop.value.code == 1
    assert json.loads(capsys.readouterr().out)["overall"]["percent"] == 63.0


def _collections_in_a_run(*args: str) -> int:
    """How many cycle collections a fresh process runs while the console script's entry() runs the command."""
    code = ("import atexit, gc, sys\n"
            "import lsp_check.cli.main as cli\n"
            "runs, running, run = [], [], cli._main\n"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and running and runs.append(1))\n"
            "def counted(*args):\n"
            "    running.append(1)\n"
            "    try:\n"
            "        return run(*args)\n"
            "    finally:\n"
            "        running.clear()\n"
            "cli._main = counted\n"
            "atexit.register(lambda: print('collections', len(runs), file=sys.stderr))\n"
            f"sys.argv = ['lsp-check', *{list(args)!r}]\n"
            "cli.entry()\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode in (0, 2), run.stderr
    return int(run.stderr.split("collections ")[1].split()[0])


def test_a_short_report_runs_no_cycle_collection_but_a_long_run_still_collects(tmp_path):
    """The console script collects every COLLECT_EVERY new objects instead of every 700 (docs/performance.md)."""
    assert _collections_in_a_run("score", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "json", "-q") == 0
    big = tmp_path / "big.yaml"  # about 120,000 objects alive at once while it is read (and refused)
    big.write_text("answers:\n  leadership: &r\n    - *r\n" + "    - some text\n" * 19_000)
    assert _collections_in_a_run("score", str(big), "-f", "json", "-q") > 0


def _frozen_at_exit(call: str) -> int:
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
            "from lsp_check.cli.main import entry, main\n"
            f"sys.argv = ['lsp-check', 'score', {str(EXAMPLES / 'spelthorne-2006.yaml')!r}, '-f', 'json', '-q']\n"
            f"{call}\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return int(run.stderr.split("frozen ")[1].split()[0])


def test_entry_point_freezes_the_collector_at_exit():
    """The final full collection at interpreter exit is skipped: what is left is frozen first."""
    assert _frozen_at_exit("entry()") > 10_000


def test_main_called_as_a_function_freezes_nothing():
    """The collector's tuning belongs to the console script, not to main() called in a longer process."""
    assert _frozen_at_exit("main()") == 0
