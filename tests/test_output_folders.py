"""Every command's -o makes the folder a new output file goes in, as import -o and collect -o always did, so the
commands of docs/authoring.md run in a fresh folder; what a user wrote is still never overwritten."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")


@pytest.mark.parametrize("args", [
    ["schema", "questionnaire", "-o", "mine/questionnaire.schema.json"],
    ["schema", "answers", "-o", "mine/deeper/answers.schema.json"],
    ["template", "general", "-o", "sch/answers.yaml"],
    ["score", SPELTHORNE, "-f", "markdown", "-o", "reports/2006/spelthorne.md"],
    ["score", SPELTHORNE, "-f", "json", "-o", "reports/spelthorne.json"],
    ["plan", SPELTHORNE, "-f", "csv", "-o", "plans/plan.csv"],
])
def test_a_new_output_file_gets_its_folder(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    written = tmp_path / args[args.index("-o") + 1]
    assert written.is_file() and written.stat().st_size > 0


def test_template_schema_beside_into_a_new_folder_writes_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["template", "general", "--schema-beside", "-o", "sch/answers.yaml"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "sch").iterdir()) == ["answers.schema.json", "answers.yaml"]


def test_template_still_never_overwrites_a_file_in_a_folder_it_made_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["template", "general", "-o", "sch/answers.yaml"]).exit_code == 0
    (tmp_path / "sch" / "answers.yaml").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "general", "-o", "sch/answers.yaml"])
    assert result.exit_code == 2 and "already exists; lsp-check never overwrites it" in result.stderr
    assert (tmp_path / "sch" / "answers.yaml").read_text(encoding="utf-8") == "mine\n"


def test_a_file_in_the_way_of_the_folder_is_bad_input_and_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").write_text("notes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schema", "questionnaire", "-o", "mine/questionnaire.schema.json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "mine/questionnaire.schema.json: cannot be written: 'mine' is a file, not a directory"
    assert (tmp_path / "mine").read_text(encoding="utf-8") == "notes\n"
