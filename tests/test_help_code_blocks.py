"""`lsp-check help TOPIC` never wraps a code block: every line of every topic's code blocks is printed whole, at any
width, so that a command copied from the page runs as written."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import code_lines
from lsp_check.cli.help import docs_dir, render, topics
from lsp_check.cli.main import cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


TOPICS = sorted(topics())


def test_every_topic_is_read():
    assert len(TOPICS) > 20 and "ci" in TOPICS and "forms/limesurvey" in TOPICS


@pytest.mark.parametrize("columns", ["60", "80"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_code_line_of_a_topic_is_printed_whole(topic, columns):
    result = CliRunner(env={"COLUMNS": columns}).invoke(cli, ["help", topic])
    assert result.exit_code == 0, result.stderr
    printed = result.stdout.split("\n")
    for line in code_lines((docs_dir() / f"{topic}.md").read_text(encoding="utf-8")):
        assert any(out.rstrip().endswith(line) and not out[:len(out) - len(line)].strip() for out in printed), \
            f"{topic} at {columns} columns: {line!r} is not printed whole on a line of its own"


def test_the_commands_the_trial_copied_are_whole_at_80_columns():
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["help", "forms/limesurvey"])
    assert " lsp-check import limesurvey-codes.csv --explain --questionnaires questionnaires\n" in result.stdout
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["help", "collect"])
    assert 'lsp-check collect general leadership performance --partnership "Local Spelthorne Partnership" -o room/' \
        in result.stdout


def test_code_is_whole_in_colour_too_and_prose_still_wraps():
    page = ("Some prose long enough to be wrapped at forty columns, as a paragraph is.\n\n"
            "```sh\nlsp-check score answers/ --format markdown --fail-under-section leadership=40\n```\n\n"
            "1. A step:\n\n   ```sh\n   lsp-check collect general --partnership \"A Long Partnership Name\" -o room/\n   ```\n")
    for colour in (False, True):
        out = ANSI.sub("", render(page, 40, colour))
        assert "lsp-check score answers/ --format markdown --fail-under-section leadership=40" in out
        assert 'lsp-check collect general --partnership "A Long Partnership Name" -o room/' in out
        assert all(len(line) <= 40 for line in out.split("\n") if "lsp-check" not in line)
