"""The composite GitHub Action (action.yml): valid by the published GitHub Actions schema, and its shell steps
run for real the way the runner runs them (bash -eo pipefail, the inputs as the step's environment variables,
$GITHUB_STEP_SUMMARY a file) against the bundled examples."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, GOLDEN, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
INPUT_REFERENCE = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # how the runner runs `shell: bash`


def _check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions",
                           str(path)], capture_output=True, text=True, check=False, timeout=120)


def test_action_is_valid_by_the_github_actions_schema():
    run = _check_jsonschema(ROOT / "action.yml")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_catches_a_broken_action(tmp_path):
    broken = tmp_path / "action.yml"
    # A composite step's `run` needs its `shell`: the mistake the schema is there to catch.
    broken.write_text((ROOT / "action.yml").read_text(encoding="utf-8").replace("shell: bash", "", 1),
                      encoding="utf-8")
    assert _check_jsonschema(broken).returncode == 1


def test_every_input_is_declared_and_used():
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(INPUT_REFERENCE.findall(text))
    assert used == set(ACTION["inputs"]) == {"files", "fail-under", "fail-under-section", "format", "questionnaires"}
    assert all(spec.get("description") for spec in ACTION["inputs"].values())


def _step(name: str) -> dict:
    return next(step for step in ACTION["runs"]["steps"] if step["name"] == name)


def _run_step(name: str, tmp_path: Path, inputs: dict[str, str], path: str | None = None
              ) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run one step's script as the runner would; return the run and what it wrote to the job summary."""
    step = _step(name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LSP_CHECK_", "GITHUB_"))}
    for key, value in step.get("env", {}).items():
        found = INPUT_REFERENCE.fullmatch(value)
        assert found, f"{key}: the action passes inputs to its scripts only as whole environment variables"
        env[key] = inputs.get(found.group(1), ACTION["inputs"][found.group(1)].get("default", ""))
    summary, runner_temp = tmp_path / "step-summary.md", tmp_path / "runner-temp"
    summary.write_text("", encoding="utf-8")
    runner_temp.mkdir(exist_ok=True)
    env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_PATH=str(tmp_path / "github-path"),
               GITHUB_ACTION_PATH=str(ROOT), RUNNER_TEMP=str(runner_temp), NO_COLOR="1",
               PATH=(path or str(Path(sys.executable).parent)) + os.pathsep + env.get("PATH", ""))
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    run = subprocess.run([*BASH, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                         timeout=600)
    return run, summary.read_text(encoding="utf-8")


SCORE = "Score and gate"


def test_passing_gates_publish_each_report_and_annotate(tmp_path):
    run, summary = _run_step(SCORE, tmp_path, {"files": "examples/spelthorne-2006.yaml\ntests/fixtures/room\n",
                                               "fail-under": "50"})
    assert run.returncode == 0, run.stderr
    # The job summary is the Markdown report of each input in turn, exactly as `--format markdown` writes it.
    assert summary == (GOLDEN / "spelthorne.md").read_text(encoding="utf-8") + (GOLDEN / "room.md").read_text(
        encoding="utf-8")
    assert "::warning title=lsp-check%3A need%3A common vision,file=examples/spelthorne-2006.yaml::" in run.stdout
    assert "::error" not in run.stdout
    assert "lsp-check: PASS" in run.stderr


def test_a_failed_section_gate_fails_the_step_with_status_1(tmp_path):
    run, summary = _run_step(SCORE, tmp_path, {"files": "examples/spelthorne-2006.yaml",
                                               "fail-under-section": "leadership=40, performance=20"})
    assert run.returncode == 1, run.stderr
    assert ("::error title=lsp-check%3A gate failed%3A --fail-under-section leadership=40,"
            "file=examples/spelthorne-2006.yaml::") in run.stdout
    assert "performance=20" not in run.stdout  # that gate passed
    assert summary.startswith("# Partnership health check: Local Spelthorne Partnership")


def test_bad_input_fails_with_status_2_after_scoring_the_rest(tmp_path):
    run, summary = _run_step(SCORE, tmp_path, {"files": "examples/nowhere.yaml examples/spelthorne-2006.yaml",
                                               "fail-under": "50"})
    assert run.returncode == 2
    assert "examples/nowhere.yaml" in run.stderr and "Traceback" not in run.stderr
    assert summary.startswith("**lsp-check could not score `examples/nowhere.yaml`** (exit status 2): see the log.")
    assert "# Partnership health check: Local Spelthorne Partnership" in summary


def test_patterns_and_own_questionnaires(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "board-check.yaml").write_text(
        "id: board-check\ntitle: Board check\nsections:\n  - id: board\n    title: The board\n    scale: action\n"
        "    questions:\n      - {id: purpose, text: The board is clear about its purpose, need: clarity of purpose,"
        " actions: [agree it]}\n", encoding="utf-8")
    (tmp_path / "board.yaml").write_text("partnership: Board LSP\nanswers:\n  board:\n    purpose: YES – working well\n",
                                         encoding="utf-8")
    run, summary = _run_step(SCORE, tmp_path, {"files": f"examples/spelthorne-200*.yaml {tmp_path}/board.yaml",
                                               "questionnaires": str(mine), "format": "json",
                                               "fail-under-section": "board=50"})
    # The spelthorne files do not answer the board section, so its gate cannot be met there.
    assert run.returncode == 1, run.stderr
    files = len(list(EXAMPLES.glob("spelthorne-200*.yaml"))) + 1  # one report per file, as the action scores each
    assert summary.count("# Partnership health check: ") == files
    assert "# Partnership health check: Board LSP" in summary
    assert run.stdout.count('"schema_version"') == files


def test_inputs_are_data_not_commands(tmp_path):
    run, _ = _run_step(SCORE, tmp_path, {"files": "$(touch pwned) `touch pwned`", "fail-under": "$(touch pwned)"})
    assert run.returncode == 2
    assert not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()


def test_an_unknown_format_is_refused(tmp_path):
    run, summary = _run_step(SCORE, tmp_path, {"files": "examples/spelthorne-2006.yaml", "format": "docx"})
    assert run.returncode == 2
    assert "::error title=lsp-check::format 'docx' is not one of github, text, markdown, json" in run.stdout
    assert summary == ""


@pytest.mark.slow
def test_install_step_installs_lsp_check_from_the_action_and_puts_it_on_the_path(tmp_path):
    run, _ = _run_step("Install lsp-check", tmp_path, {}, path=os.defpath)
    assert run.returncode == 0, run.stderr
    bin_dir = (tmp_path / "github-path").read_text(encoding="utf-8").strip()
    assert Path(bin_dir).parent == tmp_path / "runner-temp" / "lsp-check-venv"
    scored = subprocess.run([str(Path(bin_dir) / "lsp-check"), "score", str(EXAMPLES / "spelthorne-2006.yaml"),
                             "--format", "json"], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert scored.returncode == 0 and '"schema_version"' in scored.stdout, scored.stderr
