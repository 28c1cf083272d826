"""Survey tools' exports read by their layout: each fixture equals the answers files it was written from, scores
the same, and round-trips through `lsp-check import`; ticked options are split by the question's own options;
--explain says how a file is read; and bad exports get located errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.load.answers import load_answers
from lsp_check.load.forms import read_export, read_responses
from lsp_check.load.layouts import SOURCES
from lsp_check.load.questionnaires import load_library
from lsp_check.load.ticked import split_ticked
from lsp_check.problems import InputError
from lsp_check.questionnaire import Option

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
QUESTIONNAIRES = EXPORTS / "questionnaires"
ANSWERS = EXPORTS / "answers"
PARTNERSHIP = "Test Borough Partnership"
# Every layout and file type, and the tool each is told to be from its headings.
FIXTURES = {
    "google-columns.csv": "google",
    "google-grid.csv": "google",
    "microsoft.xlsx": "microsoft",
    "microsoft.csv": "microsoft",
    "surveymonkey-expanded.csv": "surveymonkey",
    "surveymonkey-expanded.xlsx": "surveymonkey",
    "surveymonkey-condensed.csv": "surveymonkey",
    "surveymonkey-condensed.xlsx": "surveymonkey",
    "qualtrics.csv": "qualtrics",
    "smartsurvey.csv": "smartsurvey",
    "limesurvey-codes.csv": "limesurvey",
    "limesurvey-full.csv": "limesurvey",
    "limesurvey-abbreviated.csv": "limesurvey",
}
CHOICES = ("Council, police and fire", "Health trusts", "Voluntary and community sector", "Businesses")


@pytest.fixture(scope="module")
def board():
    """The bundled questionnaires and the board check the fixtures answer."""
    return load_library([QUESTIONNAIRES])[0]


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def ids(sheet):
    """A sheet's answers as plain ids and texts."""
    return {section: {q: a.value.id if isinstance(a.value, Option) else a.value for q, a in answers.items()}
            for section, answers in sheet.answers.items()}


def facts(sheet):
    return sheet.partnership, sheet.date, sheet.sector, ids(sheet)


def expected(board):
    return [load_answers(ANSWERS / f"respondent-{n}.yaml", board) for n in range(1, 7)]


def score_json(runner, *paths):
    result = runner.invoke(cli, ["score", *map(str, paths), "-f", "json", "--questionnaires", str(QUESTIONNAIRES)])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def problems_of(call):
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.problems


# --- every fixture: the same answers as the answers files, told from its headings -----------------------------------


def test_the_fixtures_cover_every_tool_and_the_answers_have_what_the_tests_need(board):
    assert set(FIXTURES.values()) == set(SOURCES)
    sheets = expected(board)
    assert len(sheets) == 6
    assert sum(1 for s in sheets for a in s.answers["board-general"].values()) == 23  # one of 24 left blank
    heard = [s.answers["board-leadership"]["partners-heard"].value for s in sheets]
    assert any("Parish councils" in items for items in heard)  # an "other" answer
    assert any("Council, police and fire" in items for items in heard)  # an option holding a comma


@pytest.mark.parametrize("name", FIXTURES)
def test_each_export_reads_as_the_answers_files_it_was_written_from(board, name):
    reading = read_export(EXPORTS / name, board, partnership=PARTNERSHIP)
    assert reading.problems == ()
    assert (reading.layout.name, reading.detected) == (FIXTURES[name], True)
    assert [facts(s) for s in reading.sheets] == [facts(w) for w in expected(board)]


@pytest.mark.parametrize("name", FIXTURES)
def test_each_export_scores_as_the_answers_files_do(runner, name):
    from_export = score_json(runner, EXPORTS / name)
    from_answers = score_json(runner, ANSWERS)
    # The export names no partnership, and a folder's name is never taken for one.
    assert [g.pop("partnership") for g in from_export["groups"]] == [""]
    assert [g.pop("partnership") for g in from_answers["groups"]] == [PARTNERSHIP]
    assert from_export == from_answers


@pytest.mark.parametrize("name", FIXTURES)
def test_each_export_round_trips_through_import_unchanged(runner, board, tmp_path, name):
    out = tmp_path / "answers"
    result = runner.invoke(cli, ["import", str(EXPORTS / name), "-o", str(out), "--partnership", PARTNERSHIP,
                                 "--questionnaires", str(QUESTIONNAIRES)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"lsp-check: wrote 6 answers files to {out}"
    written = sorted(out.iterdir())
    assert [facts(load_answers(f, board)) for f in written] == [facts(w) for w in expected(board)]
    assert score_json(runner, out) == score_json(runner, ANSWERS)
    text = written[4].read_text(encoding="utf-8")
    assert "date: '2026-03-11'\n" in text  # an ISO date, whatever the tool wrote
    assert "      - Council, police and fire\n" in text and "      - Parish councils\n" in text


def test_first_and_last_names_give_the_respondent_and_anonymous_rows_stay_anonymous(board, tmp_path):
    lines = (EXPORTS / "surveymonkey-expanded.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[2].split(",")
    cells[6:8] = ["Ada", "Lovelace"]
    path = tmp_path / "named.csv"
    path.write_text("\n".join(lines[:2] + [",".join(cells)] + lines[3:]) + "\n", encoding="utf-8")
    sheets = read_responses(path, board)
    assert [s.respondent for s in sheets] == ["Ada Lovelace", "", "", "", "", ""]


# --- ticked options are split by the question's own options ---------------------------------------------------------


@pytest.mark.parametrize("cell, options, others", [
    ("Council, police and fire, Health trusts", ["Council, police and fire", "Health trusts"], []),
    ("Health trusts;Council, police and fire;", ["Council, police and fire", "Health trusts"], []),
    ("Council, police and fire,Businesses", ["Council, police and fire", "Businesses"], []),
    ("council,  POLICE and fire, Parish councils", ["Council, police and fire"], ["Parish councils"]),
    ("Parish councils, and the college; Businesses", ["Businesses"], ["Parish councils, and the college"]),
    ("Businesses in the town centre", [], ["Businesses in the town centre"]),
    ("Council", [], ["Council"]),
    ("", [], []),
])
def test_a_cell_of_ticked_options_is_split_by_the_options_not_by_commas(cell, options, others):
    ticked = split_ticked(cell, CHOICES)
    assert (list(ticked.options), list(ticked.others)) == (options, others)


def test_a_tool_other_marker_is_dropped_where_the_other_answer_has_its_own_column(board):
    sheets = read_responses(EXPORTS / "qualtrics.csv", board)
    assert sheets[4].answers["board-leadership"]["partners-heard"].value == (
        "Council, police and fire", "Businesses", "Parish councils")
    assert "Other (please specify)" in (EXPORTS / "qualtrics.csv").read_text(encoding="utf-8-sig")


# --- the questionnaire's options of a multiple-choice question ------------------------------------------------------


@pytest.mark.parametrize("question, message", [
    ("{id: q, text: Q, scale: frequency, need: n, actions: [a], options: [A, B]}", "only a list question takes"),
    ("{id: q, text: Q, kind: list, options: [Same, ' same ']}", "duplicate option 'same' (also option 1)"),
    ("{id: q, text: Q, kind: list, options: [Alone]}", "expected at least 2"),
    ("{id: q, text: Q, kind: list, options: [A, 3]}", "expected the text of an option"),
])
def test_options_are_checked_where_they_are_written(runner, tmp_path, question, message):
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "mine.yaml").write_text(f"id: mine\ntitle: Mine\nsections:\n  - id: mine\n    title: Mine\n"
                                      f"    raise_needs: false\n    questions:\n      - {question}\n",
                                      encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(folder / "mine.yaml")])
    assert result.exit_code == 2
    assert "mine.yaml:" in result.stderr and message in result.stderr


def test_questionnaires_show_and_template_list_a_questions_options(runner):
    shown = runner.invoke(cli, ["questionnaires", "show", "board-leadership", "--questionnaires", str(QUESTIONNAIRES)])
    assert shown.exit_code == 0
    assert ("     options: Council, police and fire | Health trusts | Voluntary and community sector | Businesses\n"
            in shown.stdout)
    blank = runner.invoke(cli, ["template", "board-leadership", "--questionnaires", str(QUESTIONNAIRES)])
    assert "    # a list of any of: Council, police and fire | Health trusts | Voluntary and community sector | " \
           "Businesses (or others)\n    partners-heard:\n" in blank.stdout


# --- --explain ------------------------------------------------------------------------------------------------------


def test_explain_without_output_prints_how_the_file_is_read_and_writes_nothing(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["import", str(EXPORTS / "surveymonkey-expanded.csv"), "--explain",
                                 "--questionnaires", str(QUESTIONNAIRES), "--width", "200"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and list(tmp_path.iterdir()) == []
    out = result.stdout
    assert "Layout:      SurveyMonkey, told from its headings\n" in out
    assert "Headings:    rows 1 and 2\nRespondents: 6 (rows 3 to 8)\n" in out
    assert "  A   Respondent ID" in out and "added by SurveyMonkey" in out
    assert "-> board-leadership.partners-heard, option 'Council, police and fire'" in out
    assert "-> board-leadership.partners-heard, its other answers" in out
    assert "Cells not read (0):\n  none\n" in out


def test_explain_lists_each_cell_not_read_with_the_nearest_option_and_still_exits_2(runner, tmp_path):
    text = (EXPORTS / "google-grid.csv").read_text(encoding="utf-8").replace("YES – working well", "Yes working", 1)
    path = tmp_path / "google.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), "--explain", "-o", str(tmp_path / "out"),
                                 "--questionnaires", str(QUESTIONNAIRES), "--width", "200"])
    assert result.exit_code == 2
    assert ("Cells not read (1):\n  row 2, column H (Leadership [The chair leads the board effecti...): "
            "'Yes working'; nearest option 'YES – working well'\n") in result.stdout
    assert f"{path}:2:8: Leadership [The chair leads the board effectively]: cell H2: 'Yes working'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_explain_says_blank_rows_were_left_out(runner, tmp_path):
    lines = (EXPORTS / "google-grid.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(lines[:3] + [",,,", ""] + lines[3:]) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), "--explain", "--questionnaires", str(QUESTIONNAIRES)])
    assert result.exit_code == 0, result.stderr
    assert "Respondents: 6 (rows 2 to 9, blank rows left out)\n" in result.stdout


def test_validate_explains_every_form_export_and_says_the_answers_codes_hint(runner):
    result = runner.invoke(cli, ["validate", "--explain", str(EXPORTS / "limesurvey-abbreviated.csv"),
                                 str(EXPORTS / "qualtrics-numeric.csv"), "--questionnaires", str(QUESTIONNAIRES),
                                 "--width", "200"])
    assert result.exit_code == 2
    assert result.stdout.count("File:        ") == 2
    assert "-> board-general.meetings-decide (abbreviated: taken in the questionnaire's order)" in result.stdout
    assert ("'3'; an answer code (option 3 in the questionnaire's order is 'Often')" in result.stdout)
    assert ("qualtrics-numeric.csv:4:19: cell S4: '3' and 58 more cells hold answer codes, not the answers' text; "
            "in Qualtrics, download the data table again choosing 'Use choice text'") in result.stderr


def test_limesurvey_answer_codes_are_refused_with_the_export_option_to_choose(runner, tmp_path):
    result = runner.invoke(cli, ["import", str(EXPORTS / "limesurvey-answer-codes.csv"), "-o", str(tmp_path / "o"),
                                 "--questionnaires", str(QUESTIONNAIRES)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "cell I2: 'A3' and 52 more cells hold answer codes" in result.stderr
    assert "choosing 'Full answers' (not 'Answer codes')" in result.stderr


def test_import_needs_an_output_directory_or_explain(runner):
    result = runner.invoke(cli, ["import", str(EXPORTS / "qualtrics.csv")])
    assert result.exit_code == 2
    assert "give -o DIR to write the answers files (or --explain to see how FILE is read)" in result.stderr


# --- telling the layout apart ---------------------------------------------------------------------------------------


def test_source_names_the_layout_when_the_headings_do_not_show_it(runner, board, tmp_path):
    # SurveyMonkey's two heading rows without its own columns: nothing tells which tool wrote it.
    rows = (EXPORTS / "surveymonkey-expanded.csv").read_text(encoding="utf-8-sig").splitlines()
    trimmed = "\r\n".join(",".join(line.split(",")[9:]) for line in rows) + "\r\n"
    path = tmp_path / "responses.csv"
    path.write_text(trimmed, encoding="utf-8")
    (problem,) = problems_of(lambda: read_export(path, board))
    assert problem.message == (
        "cannot be told apart: its headings run over more than one row, but none of the columns a survey tool adds "
        f"(dates, ids) were found (tried {', '.join(SOURCES)}); give --source NAME to lsp-check import or validate")
    result = runner.invoke(cli, ["import", str(path), "--source", "surveymonkey", "--explain",
                                 "--questionnaires", str(QUESTIONNAIRES)])
    assert result.exit_code == 0, result.stderr
    assert "Layout:      SurveyMonkey, as --source says\n" in result.stdout


def test_an_unknown_source_is_a_usage_error_listing_the_tools(runner):
    result = runner.invoke(cli, ["import", str(EXPORTS / "qualtrics.csv"), "--explain", "--source", "typeform"])
    assert result.exit_code == 2
    assert "'typeform' is not one of 'google', 'microsoft', 'surveymonkey'" in result.stderr


def test_headings_of_two_tools_cannot_be_told_apart(board, tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("Respondent ID,Collector ID,ID,Start time,Completion time,general.trust\r\n"
                    ",,,,,Response\r\n1,2,3,,,Often\r\n", encoding="utf-8")
    (problem,) = problems_of(lambda: read_export(path, board))
    assert "cannot be told apart: its headings look like exports of Microsoft Forms and SurveyMonkey" in problem.message
    assert "give --source NAME" in problem.message


def test_a_missing_second_heading_row_of_surveymonkey_is_located(board, tmp_path):
    lines = (EXPORTS / "surveymonkey-expanded.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "monkey.csv"
    path.write_text("\r\n".join([lines[0]] + lines[2:]) + "\r\n", encoding="utf-8")
    (problem,) = problems_of(lambda: read_export(path, board))
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message.startswith("row 2 should be SurveyMonkey's second heading row, but cell A2 under "
                                      "'Respondent ID' holds '11400007919': the second heading row is missing")


def test_a_missing_heading_row_of_qualtrics_is_located(board, tmp_path):
    lines = (EXPORTS / "qualtrics.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "qualtrics.csv"
    path.write_text("\r\n".join(lines[:2] + lines[3:]) + "\r\n", encoding="utf-8")
    (problem,) = problems_of(lambda: read_export(path, board))
    assert (problem.line, problem.column) == (3, 1)
    assert "row 3 should be Qualtrics' third heading row" in problem.message and "a heading row is missing" in \
        problem.message


def test_a_first_row_of_answers_means_the_heading_row_is_missing(board, tmp_path):
    path = tmp_path / "noheading.csv"
    path.write_text("2026/03/10 9:14:05 AM GMT,Often,Sometimes,Always\r\n2026/03/10,Never,Often,Often\r\n",
                    encoding="utf-8")
    (problem,) = [p for p in problems_of(lambda: read_responses(path, board)) if p.severity == "error"]
    assert problem.line == 1
    assert problem.message.startswith("row 1 holds answers ('2026/03/10 9:14:05 AM GMT', 'Often', 'Sometimes'), not "
                                      "headings: the heading row is missing")


def test_surveymonkey_dates_are_month_first_even_when_every_day_is_12_or_less(board, tmp_path):
    text = (EXPORTS / "surveymonkey-expanded.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "monkey.csv"
    path.write_text(text.replace("03/10/2026", "03/05/2026").replace("03/11/2026", "03/06/2026"), encoding="utf-8")
    assert {s.date for s in read_responses(path, board)} == {"2026-03-05", "2026-03-06"}


# --- the docs show what --explain says -----------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "forms"
EXPLAINED = re.compile(r"<!-- explain: (?P<name>[^ ]+) -->\n```text\n(?P<text>.*?)```", re.DOTALL)


def test_each_tool_has_a_page_that_shows_what_explain_says_of_its_exports(runner, monkeypatch):
    monkeypatch.chdir(EXPORTS)
    shown = {}
    for page in sorted(DOCS.glob("*.md")):
        for block in EXPLAINED.finditer(page.read_text(encoding="utf-8")):
            result = runner.invoke(cli, ["import", block.group("name"), "--explain", "--questionnaires",
                                         "questionnaires", "--width", "100"])
            assert result.exit_code == 0, result.stderr
            assert block.group("text") == result.stdout, (
                f"{page.name} shows an old explanation of {block.group('name')}: run "
                "python tests/fixtures/exports/make_exports.py --docs")
            shown[block.group("name")] = page.stem
    assert {FIXTURES[name] for name in shown} == set(SOURCES)
    assert {page.stem for page in DOCS.glob("*.md")} == set(SOURCES)
