"""The pre-commit hook `lsp-check-validate` (.pre-commit-hooks.yaml), run by pre-commit itself in throwaway
repositories, from a config naming this checkout's hook as a user's config does: `pre-commit run`, and a `git
commit` with the hook installed.

pre-commit installs the hook's own environment from a copy of this checkout (pip, from PyPI) once into the
module's PRE_COMMIT_HOME, and every test's run reuses it: the tests run on one worker under pytest-xdist, so
that it is built once. Marked slow, and run by CI all the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

# What pip needs to install the hook's repository, as pre-commit does.
HOOK_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "src", "questionnaires", "docs", "examples")
# The module's tests share one hook environment (pre_commit_home): under pytest-xdist they run on one worker.
pytestmark = pytest.mark.xdist_group("pre-commit")
GIT = shutil.which("git")
if GIT is None:
    pytest.skip("git is not installed, so pre-commit cannot run the hook", allow_module_level=True)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run([GIT, "-c", "user.name=lsp-check tests", "-c", "user.email=tests@example.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


def _rev(repo: Path) -> str:
    return subprocess.run([GIT, "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A git repository holding this checkout's hook files, committed (pre-commit installs from a commit)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the hook under test")
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    """pre-commit's cache of hook environments, shared by this module's tests and nobody else."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _run_hook(hook_repo: Path, home: Path, project: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Write FILES into a new git repository and run the hook on all of them with `pre-commit run`, from a config
    naming the hook's repository at its commit (what `pre-commit try-repo` writes, but kept in PRE_COMMIT_HOME)."""
    project.mkdir()
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    config = project.parent / "pre-commit-config.yaml"
    config.write_text(f"repos:\n  - repo: {hook_repo}\n    rev: {_rev(hook_repo)}\n    hooks:\n"
                      "      - id: lsp-check-validate\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_", "LSP_CHECK_"))}
    env.update(PRE_COMMIT_HOME=str(home), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--all-files",
                           "--verbose", "--color=never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_the_hooks_file_is_a_valid_pre_commit_manifest():
    run = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


SPELTHORNE = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
CUSTOM = """\
id: board-check
title: Board check
scales:
  agree3:
    options:
      - {id: disagree, label: Disagree, score: 0, level: weak}
      - {id: unsure, label: Unsure, score: 1}
      - {id: agree, label: Agree, score: 2}
sections:
  - id: board
    title: The board
    scale: agree3
    bands: [{min: 0, max: 1, label: Weak}, {min: 2, max: 3, label: Developing}, {min: 4, max: 4, label: Strong}]
    questions:
      - {id: purpose, text: The board is clear about its purpose, need: clarity of purpose, actions: [agree it]}
      - {id: attendance, text: The right people attend, need: attendance, actions: [follow up absences]}
"""
BOARD_ANSWERS = "partnership: Test LSP\nanswers:\n  board:\n    purpose: Agree\n    attendance: Disagree\n"
WORKFLOW = "name: checks\non: push\njobs: {}\n"


@pytest.mark.slow
def test_hook_passes_answers_and_questionnaire_files_together(hook_repo, pre_commit_home, tmp_path):
    run = _run_hook(hook_repo, pre_commit_home, tmp_path / "project", {
        "health-checks/spelthorne.yaml": SPELTHORNE,
        "health-checks/board.yaml": BOARD_ANSWERS,  # answers to the questionnaire below, given in the same run
        "questionnaires/board-check.yaml": CUSTOM,
        ".github/workflows/checks.yml": WORKFLOW,  # another tool's YAML: not an answers file, left alone
        "notes.txt": "not YAML\n",
    })
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "lsp-check validate" in output and "Passed" in output
    assert "health-checks/spelthorne.yaml: valid answers (3 sections, 18 answered)" in output
    assert "health-checks/board.yaml: valid answers (1 section, 2 answered)" in output
    assert "questionnaires/board-check.yaml: valid questionnaire file (board-check)" in output
    assert "checks.yml" not in output and "notes.txt" not in output


@pytest.mark.slow
def test_hook_fails_the_commit_naming_each_problem_by_file_line_and_column(hook_repo, pre_commit_home, tmp_path):
    run = _run_hook(hook_repo, pre_commit_home, tmp_path / "project", {
        "health-checks/spelthorne.yaml": SPELTHORNE,
        "health-checks/typo.yaml": SPELTHORNE.replace("YES – but needs improving", "YES – but needs improvment", 1),
        "questionnaires/board-check.yaml": CUSTOM.replace("scale: agree3", "scale: agree4"),
    })
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Failed" in output
    assert "health-checks/spelthorne.yaml: valid answers" in output  # the good file is still checked
    assert "questionnaires/board-check.yaml:12:12: sections[0].scale: scale 'agree4' is not defined" in output
    assert "did you mean 'agree3'?" in output
    assert ("health-checks/typo.yaml:16:20: answers.leadership.common-vision: 'YES – but needs improvment' is not "
            "an answer on the 'action' scale (did you mean 'YES – but needs improving'?)") in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_hook_installed_from_a_config_stops_a_commit_of_a_broken_answers_file(hook_repo, pre_commit_home, tmp_path):
    # The set-up docs/ci.md shows: only the health-check folders, and the repository's own questionnaires.
    project = tmp_path / "project"
    config = (f"repos:\n  - repo: {hook_repo}\n    rev: {_rev(hook_repo)}\n    hooks:\n"
              "      - id: lsp-check-validate\n        files: ^(health-checks|questionnaires)/\n"
              "        args: [--questionnaires, questionnaires]\n")
    files = {".pre-commit-config.yaml": config, "questionnaires/board-check.yaml": CUSTOM,
             "health-checks/board.yaml": BOARD_ANSWERS, "ci/other.yaml": "not: an answers file\n"}
    project.mkdir()
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_", "LSP_CHECK_"))}
    env.update(PRE_COMMIT_HOME=str(pre_commit_home), NO_COLOR="1")

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([GIT, "-c", "user.name=lsp-check tests", "-c", "user.email=tests@example.invalid",
                               "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)

    git("init", "-q")
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env,
                             capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    git("add", "-A")
    first = git("commit", "-m", "the board's questionnaire and first answers")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "lsp-check validate" in first.stdout + first.stderr and "Passed" in first.stdout + first.stderr

    # A later commit changes only the answers: the hook is passed that file alone, and finds the typo.
    (project / "health-checks/board.yaml").write_text(BOARD_ANSWERS.replace("Disagree", "Disagre"), encoding="utf-8")
    git("add", "-A")
    second = git("commit", "-m", "a typo")
    output = second.stdout + second.stderr
    assert second.returncode != 0, output
    assert ("health-checks/board.yaml:5:17: answers.board.attendance: 'Disagre' is not an answer on the 'agree3' "
            "scale (did you mean 'Disagree'?)") in output
    assert git("rev-list", "--count", "HEAD").stdout.strip() == "1"  # the commit was stopped
