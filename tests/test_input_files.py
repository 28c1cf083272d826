"""Where input comes from, and what a user sees of it: standard input as '-', long names in every format, short echoes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli
from lsp_check.load.limits import shorten

SPELTHORNE = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
LONG_NAME = "The Very Long Local Strategic Partnership " * 8  # 336 characters: over Word's 255 for a title


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_score_reads_answers_from_standard_input_given_as_a_dash():
    result = invoke("score", "-", "-f", "json", stdin=SPELTHORNE)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["partnership"] == "Local Spelthorne Partnership"
    assert report["source"] == "<stdin>"
    assert report["overall"]["score"] == 34


def test_problems_in_standard_input_are_located_in_stdin():
    result = invoke("score", "-", stdin="partnership: Test\nanswers:\n  general:\n    trust: Oftn\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("<stdin>:4:12: answers.general.trust: 'Oftn' is not an answer")


def test_validate_names_standard_input_as_stdin():
    result = invoke("validate", "-v", "-", stdin=SPELTHORNE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "<stdin>: valid answers (3 sections, 18 answered)\n"


def test_help_says_a_dash_reads_standard_input():
    def words(*args: str) -> str:
        return " ".join(invoke(*args).stdout.split())  # help text is re-wrapped to the terminal

    assert "'-' reads an answers file from standard input" in words("score", "--help")
    assert "'-' reads one file from standard input" in words("validate", "--help")


@pytest.mark.parametrize("args", [
    ("score", "-f", "text"), ("score", "-f", "markdown"), ("score", "-f", "html"), ("score", "-f", "json"),
    ("score", "-f", "github"), ("score", "-f", "docx", "-o", "out.docx"), ("plan", "-f", "csv"),
    ("plan", "-f", "docx", "-o", "out.docx"), ("cluster", "-f", "docx", "-o", "out.docx"),
])
def test_a_partnership_name_over_255_characters_renders_in_every_format(tmp_path: Path, monkeypatch, args):
    pytest.importorskip("docx")
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "long.yaml"
    answers.write_text(SPELTHORNE.replace("Local Spelthorne Partnership", LONG_NAME.strip()), encoding="utf-8")
    result = invoke(*args[:1], str(answers), *args[1:])
    assert result.exit_code == 0, result.stderr
    if "docx" in args:
        import docx

        document = docx.Document(str(tmp_path / "out.docx"))
        assert len(document.core_properties.title) <= 255
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert LONG_NAME.strip() in "\n".join([p.text for p in document.paragraphs] + cells)
    else:
        assert LONG_NAME.strip() in " ".join(result.stdout.split())  # the text report wraps it


def test_echoed_values_show_80_characters_then_their_length():
    assert shorten("x" * 80) == "x" * 80
    assert shorten("y" * 1_000_000) == "y" * 80 + "... (1,000,000 characters)"


def test_a_long_bad_answer_is_echoed_cut_with_its_length(tmp_path: Path):
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  general:\n    trust: " + "Often" * 19_000 + "\n", encoding="utf-8")
    result = invoke("score", str(answers))
    assert result.exit_code == 2
    assert "'OftenOftenOften" in result.stderr and "... (95,000 characters)' is not an answer" in result.stderr
    assert len(result.stderr) < 1_000
