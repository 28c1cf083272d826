"""What docs/ci.md (`lsp-check help ci`) says a CI job gets is what it gets: the gate examples it states pass and
fail as it says, and its console example prints what it shows ("…" standing for what the page leaves out)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from conftest import ROOT
from lsp_check.cli.main import cli

PAGE = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
SPELTHORNE = "examples/spelthorne-2006.yaml"


def _run(monkeypatch, args):
    monkeypatch.chdir(ROOT)
    return CliRunner().invoke(cli, args)


def test_the_page_no_longer_says_gates_read_the_printed_figure():
    for claim in ("as reported", "as printed", "to one decimal place"):
        assert claim not in PAGE


def _gate_example():
    found = re.search(r"`--fail-under-section (\S+)=([\d.]+)` passes\s+and `\1=([\d.]+)` fails, the verdict saying "
                      r"why \(`([^`]+)`\)", PAGE)
    assert found, "docs/ci.md states which section gate passes and which fails"
    return found.group(1), found.group(2), found.group(3), " ".join(found.group(4).split())


def test_the_gate_the_page_says_passes_passes(monkeypatch):
    section, passes, _, _ = _gate_example()
    result = _run(monkeypatch, ["score", SPELTHORNE, f"--fail-under-section={section}={passes}", "-q"])
    assert result.exit_code == 0, result.stderr


def test_the_gate_the_page_says_fails_fails_with_the_verdict_it_quotes(monkeypatch):
    section, _, fails, verdict = _gate_example()
    result = _run(monkeypatch, ["score", SPELTHORNE, f"--fail-under-section={section}={fails}", "-q"])
    assert result.exit_code == 1
    assert verdict in result.stderr


def _console_examples():
    for block in re.findall(r"```console\n(.*?)```", PAGE, re.S):
        command, _, shown = block.partition("\n")
        assert command.startswith("$ lsp-check ")
        yield command[len("$ lsp-check "):], shown.rstrip("\n").split("\n")


def _pattern(shown):
    """The lines shown as a regular expression: a line '…' stands for any lines, '…' in a line for any text."""
    parts = []
    for line in shown:
        if line == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.split("…")) + r"\n")
    return "".join(parts)


@pytest.mark.parametrize(("command", "shown"), list(_console_examples()))
def test_each_console_example_prints_what_the_page_shows(monkeypatch, command, shown):
    result = _run(monkeypatch, shlex.split(command))
    assert result.exit_code in (0, 1), result.stderr
    printed = result.stdout + result.stderr  # the page shows the verdict (stderr) after the report
    assert re.fullmatch(_pattern(shown), printed), printed
