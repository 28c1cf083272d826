"""Smaller things a new user met: render's errors for Python callers, a form export's row located as file:row:,
ask's date prompt, and the live room's phone pages counting only the questionnaire's sections as parts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import lsp_check
from conftest import EXAMPLES
from lsp_check.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
# Three respondents of a Google form with no Partnership column: their rows are warned about.
FORM = "Timestamp,General [Partners can demonstrate real results through collaboration]\n" \
       "2026/03/10 9:14:05 AM GMT,Often\n2026/03/10 9:20:11 AM GMT,Always\n2026/03/10 9:31:40 AM GMT,Sometimes\n"


def _run(*args: str, **kwargs):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "250"}).invoke(cli, list(args), **kwargs)


# -- render's errors ------------------------------------------------------------------------------------------------


def test_render_of_a_report_as_csv_raises_a_documented_value_error_worded_for_python():
    result = lsp_check.assess(SPELTHORNE)
    with pytest.raises(lsp_check.FormatError) as raised:
        lsp_check.render(result, "csv")
    assert isinstance(raised.value, ValueError) and raised.value.format == "csv"
    said = str(raised.value)
    assert said.startswith("the csv format does not render a single report (it renders: cluster, plans)")
    assert "lsp_check.plan(result)" in said and "--format" not in said
    assert lsp_check.render(lsp_check.plan(result), "csv").startswith("\ufeffpartnership,horizon,priority,need")


def test_render_of_an_unknown_format_raises_the_same_error():
    with pytest.raises(lsp_check.FormatError, match="unknown format 'pdf'; expected one of: text, markdown"):
        lsp_check.render(lsp_check.assess(SPELTHORNE), "pdf")


def test_the_command_line_names_its_option_before_the_same_words():
    result = _run("score", str(EXAMPLES / "sectors"), "--by", "sector", "-f", "github")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("lsp-check: --format github: the github format does not render a sectors "
                                    "report (it renders: ")


# -- a form export's row is located as file:row: ----------------------------------------------------------------------


@pytest.fixture
def form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("form.csv").write_text(FORM, encoding="utf-8")
    return "form.csv"


def test_a_rows_warning_reads_file_row_as_a_line_does(form):
    result = _run("validate", form)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0].startswith("form.csv:2: warning: names no partnership (nor do the answers "
                                                    "of 2 other respondents)")
    assert ":row " not in result.stderr


def test_a_rows_warning_in_json_and_github_gives_the_row_as_its_line(form):
    data = json.loads(_run("validate", form, "-f", "json").stdout)
    (warning,) = data["warnings"]
    assert (warning["file"], warning["line"], warning["column"]) == ("form.csv", 2, None)
    github = _run("validate", form, "-f", "github").stdout
    assert re.search(r"::warning title=[^,]*,file=form\.csv,line=2::form\.csv:2: names no partnership", github)


def test_score_says_the_row_the_same_way(form):
    result = _run("score", form)
    assert result.exit_code == 0
    assert "form.csv:2: warning: names no partnership" in result.stderr


# -- ask's date prompt -----------------------------------------------------------------------------------------------


def test_the_date_prompt_has_one_pair_of_brackets_the_default(tmp_path, monkeypatch):
    monkeypatch.setattr("lsp_check.cli.commands._stdin_is_terminal", lambda: True)
    result = _run("ask", "general", "-o", str(tmp_path / "a.yaml"), input="Local Spelthorne Partnership\n\nq\n")
    assert re.search(r"Date, YYYY-MM-DD \(\d{4}-\d{2}-\d{2}\): ", result.stderr), result.stderr
    assert "(YYYY-MM-DD)" not in result.stderr


# -- the live room's parts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ids, parts", [(("general",), 1), (("general", "leadership", "performance"), 3)])
def test_the_phone_pages_count_only_the_sections_as_parts(tmp_path, library, ids, parts):
    pytest.importorskip("starlette", reason="the collect extra is not installed")
    from starlette.testclient import TestClient

    from lsp_check.collect.app import Limits, Live, build
    from lsp_check.collect.room import LiveRoom, RoomSettings
    from lsp_check.collect.serve import report_writer

    room = LiveRoom.open(tmp_path / "room", library, RoomSettings("Local Spelthorne Partnership", "2006-02-24",
                                                                  ids, library.expand(ids), 3))
    client = TestClient(build(Live(room, "testserver", "16:40", lambda _: None, Limits(), report_writer(room))),
                        base_url="http://testserver", follow_redirects=False)
    page = client.get(f"/j/{room.join}")
    questions = sum(len(s.questions) for s in library.expand(ids))
    assert f"{questions} questions in {parts} part{'s' if parts != 1 else ''}:" in page.text
    csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)
    assert client.post(f"/j/{room.join}", data={"csrf": csrf}).status_code == 303

    def progress(path: str) -> str:
        return re.search(r'<p class="progress">([^<]*) · ', client.get(path).text).group(1)

    assert progress("/a/about") == "Before the questions"
    assert [progress(f"/a/s/{section}") for section in ids] == [f"Part {n} of {parts}" for n in range(1, parts + 1)]
    assert progress("/a/done") == "Finished"
