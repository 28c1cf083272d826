"""How a form export was read (--explain) and the live room's messages fit the terminal, broken at whole words, as
every other report and message does (docs/forms.md, docs/reports.md)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
NAMES = ("microsoft.xlsx", "google-grid.csv", "surveymonkey-expanded.csv", "limesurvey-abbreviated.csv",
         "qualtrics-numeric.csv", "smartsurvey.csv")


def _explain(monkeypatch, name: str, *args: str, env: dict[str, str] | None = None, command: str = "import"):
    monkeypatch.chdir(EXPORTS)
    monkeypatch.delenv("COLUMNS", raising=False)
    return CliRunner(env={"NO_COLOR": "1", **(env or {})}).invoke(
        cli, [command, "--explain", name, "--questionnaires", "questionnaires", *args])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how, width", [(("--width", "60"), 60), (("--width", "80"), 80), ((), 100),
                                        (("--width", "120"), 120)])
def test_explain_fits_the_width_and_breaks_only_between_words(monkeypatch, name, how, width):
    result = _explain(monkeypatch, name, *how)
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= width, [line for line in lines if len(line) > width]
    assert _said(result.stdout) == _said(_explain(monkeypatch, name, "--width", "1000").stdout)


def _said(text: str) -> list[str]:
    """What an explanation says, line by line as it would be on an endless line: each line with the lines it goes on
    to (indented by 4 or more), and of a table's row what its column means (its heading is cut to fit)."""
    logical: list[str] = []
    for line in text.splitlines():
        if line.startswith("    ") and logical:
            logical[-1] += " " + line.strip()
        else:
            logical.append(line)
    return [" ".join(re.split(r"\s{2,}", line, maxsplit=3)[3].split()) if re.match(r"  [A-Z]{1,3} ", line)
            else " ".join(line.split()) for line in logical]


def test_explain_reads_columns_from_the_environment_as_every_report(monkeypatch):
    result = _explain(monkeypatch, "microsoft.xlsx", env={"COLUMNS": "80"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert ("  D   Email                               -> respondent's e-mail address, where\n"
            "                                             no name is given\n") in result.stdout


def test_the_explain_table_keeps_its_columns_with_the_meaning_under_itself(monkeypatch):
    result = _explain(monkeypatch, "surveymonkey-expanded.csv", "--width", "80")
    assert result.exit_code == 0, result.stderr
    assert ("  S   Which partners does the board h...  -> board-leadership.partners-heard,\n"
            "                                             option 'Voluntary and community\n"
            "                                             sector'\n") in result.stdout
    assert "  A   Respondent ID                       added by SurveyMonkey\n" in result.stdout


def test_validate_explain_fits_the_width_too(monkeypatch):
    result = _explain(monkeypatch, "qualtrics-numeric.csv", "--width", "80", command="validate")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("File:") and max(len(line) for line in lines) <= 80
    assert "    answer code (option" in result.stdout  # a cell's line goes on, indented


try:
    import pexpect
except ImportError:  # pexpect is in the test extra; without it (or on Windows) only this test is skipped
    pexpect = None


@pytest.mark.skipif(pexpect is None or sys.platform == "win32", reason="needs pexpect and a pseudo-terminal")
@pytest.mark.parametrize("columns", [60, 80])
def test_the_live_rooms_messages_fit_an_80_column_terminal(tmp_path, columns):
    pytest.importorskip("starlette", reason="the collect extra is not installed")
    folder = tmp_path / "a-room-folder-with-a-long-name-as-people-give-them" / "local-spelthorne-partnership-2026"
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    child = pexpect.spawn(sys.executable, ["-m", "lsp_check", "collect", "general", "--partnership",
                                           "Local Spelthorne Partnership", "-o", str(folder), "--host", "127.0.0.1",
                                           "--port", "0", "--minutes", "0.01"],
                          env={**env, "NO_COLOR": "1", "TERM": "dumb"}, timeout=60, encoding="utf-8",
                          dimensions=(24, columns))
    said = child.read()
    child.close()
    assert child.exitstatus == 0, said
    lines = said.replace("\r\n", "\n").rstrip("\n").split("\n")
    # A word longer than the line (the folder's path, here) stands whole on a line of its own.
    assert [line for line in lines if len(line) > columns and len(line.split()) > 1] == []
    text = " ".join(said.split())
    assert (f"Each answer is saved in {folder} as it is given. The room stops by itself at" in text
            and "(--minutes 0.01), or when you close it on the facilitator's page; Ctrl-C stops it too. Run the same "
                "command to carry on." in text)
    assert "the room stopped after 0.01 minutes: 0 delegates answered" in text
