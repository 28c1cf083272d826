"""Online-form exports: Google Forms and Microsoft Forms CSV files read as answer sheets, and `lsp-check import`."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.load.answers import load_answers
from lsp_check.load.formdates import DateColumn
from lsp_check.load.forms import cell_name, read_responses
from lsp_check.problems import InputError
from lsp_check.questionnaire import Option

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"
GOOGLE = FORMS / "google-spelthorne.csv"
MICROSOFT = FORMS / "microsoft-spelthorne.csv"
SEMICOLON = FORMS / "microsoft-spelthorne-semicolon.csv"
EXPORTS = [GOOGLE, MICROSOFT, SEMICOLON]
SPELTHORNE = "Local Spelthorne Partnership"
REAL_RESULTS = "Partners can demonstrate real results through collaboration"
COMMON_INTEREST = "Common interest supersedes partner interest"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def ids(sheet):
    """A sheet's answers as plain ids and texts: {section: {question: option id | text | items}}."""
    return {
        section: {q: a.value.id if isinstance(a.value, Option) else a.value for q, a in answers.items()}
        for section, answers in sheet.answers.items()
    }


def expected(library):
    return [load_answers(FORMS / "yaml" / f"respondent-{n}.yaml", library) for n in (1, 2, 3)]


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(call):
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.problems


# --- the fixtures: each export equals the answers files written by hand ----------------------------------------


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.name)
def test_each_export_gives_the_same_answers_as_the_equivalent_answers_files(library, export):
    sheets = read_responses(export, library, partnership=SPELTHORNE)
    want = expected(library)
    assert [ids(s) for s in sheets] == [ids(w) for w in want]
    assert [list(s.answers) for s in sheets] == [["general", "leadership", "performance", "blockages"]] * 3
    assert {(s.partnership, s.date) for s in sheets} == {(SPELTHORNE, "2006-02-24")}


def test_each_sheet_names_its_file_and_row(library):
    sheets = read_responses(GOOGLE, library)
    assert [s.path for s in sheets] == [f"{GOOGLE}:row {n}" for n in (2, 3, 4)]


def test_microsoft_name_column_gives_the_respondent_and_partnership_column_wins(library):
    sheets = read_responses(MICROSOFT, library, partnership="Some Other Partnership")
    assert [s.respondent for s in sheets] == ["Respondent A", "Respondent B", "Respondent C"]
    assert {s.partnership for s in sheets} == {SPELTHORNE}


def test_google_export_without_names_is_anonymous_and_takes_the_partnership_given(library):
    sheets = read_responses(GOOGLE, library, partnership=SPELTHORNE)
    assert [s.respondent for s in sheets] == ["", "", ""]
    assert read_responses(GOOGLE, library)[0].partnership == ""


def test_unanswered_cells_are_left_out_and_an_untouched_section_is_kept_empty(library):
    third = read_responses(GOOGLE, library)[2]
    assert "aligned-objectives" not in third.answers["leadership"]
    assert len(third.answers["leadership"]) == 4
    assert third.answers["blockages"] == {}


# --- CSV details --------------------------------------------------------------------------------------------------


def test_google_fixture_has_a_byte_order_mark_that_does_not_spoil_the_first_heading(library):
    assert GOOGLE.read_bytes().startswith(codecs.BOM_UTF8)
    assert read_responses(GOOGLE, library)[0].date == "2006-02-24"  # from the "Timestamp" column


def test_a_byte_order_mark_before_a_question_heading_still_matches(library, tmp_path):
    path = write_csv(tmp_path / "bom.csv", f"\ufeff{REAL_RESULTS},{COMMON_INTEREST}\nOften,Never\n")
    assert ids(read_responses(path, library)[0]) == {"general": {"real-results": "often", "common-interest": "never"}}


def test_a_quoted_comma_stays_inside_its_cell(library):
    sheet = read_responses(GOOGLE, library)[0]
    assert sheet.answers["blockages"]["within-lsp"].value == ("Too many meetings, too little decided",)


def test_a_line_break_in_a_cell_separates_list_items(library):
    sheet = read_responses(MICROSOFT, library)[0]
    assert sheet.answers["blockages"]["among-partners"].value == (
        "Partners put their own organisation first",
        "Little sharing of data",
    )


def test_excel_dialect_crlf_and_doubled_quotes(library):
    raw = MICROSOFT.read_bytes()
    assert raw.count(b"\r\n") >= 4 and b'""partners""' in raw
    sheet = read_responses(MICROSOFT, library)[1]
    assert sheet.answers["blockages"]["within-lsp"].value[0] == (
        'Agendas are set by the council alone; "partners" just attend'
    )


def test_semicolon_delimited_european_excel_with_dotted_dates(library):
    assert MICROSOFT.read_text(encoding="utf-8").count(";") < SEMICOLON.read_text(encoding="utf-8").count(";")
    sheets = read_responses(SEMICOLON, library)
    assert [ids(s) for s in sheets] == [ids(s) for s in read_responses(MICROSOFT, library)]


def test_excel_unicode_text_utf16_tab_delimited(library, tmp_path):
    rows = list(csv.reader(io.StringIO(MICROSOFT.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab").writerows(rows)
    path = write_csv(tmp_path / "unicode.txt", "\ufeff" + out.getvalue(), encoding="utf-16-le")
    assert [ids(s) for s in read_responses(path, library)] == [ids(w) for w in expected(library)]


def test_excel_sep_line_sets_the_delimiter_and_counts_as_a_row(library, tmp_path):
    path = write_csv(tmp_path / "sep.csv", f"sep=;\r\n{REAL_RESULTS};{COMMON_INTEREST}\r\nOften;Never\r\n")
    sheets = read_responses(path, library)
    assert ids(sheets[0]) == {"general": {"real-results": "often", "common-interest": "never"}}
    assert sheets[0].path.endswith(":row 3")


def test_blank_rows_are_skipped_but_keep_row_numbers(library, tmp_path):
    path = write_csv(tmp_path / "blank.csv", f"{REAL_RESULTS}\nOften\n\n,\nNever\n")
    sheets = read_responses(path, library)
    assert [s.path.rsplit(":", 1)[1] for s in sheets] == ["row 2", "row 5"]


def test_invalid_utf8_is_located_and_says_how_to_fix_it(runner, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes(f"{REAL_RESULTS}\nOften\n".encode() + b"NO \x96 action\n")
    result = runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{path}:3:4: byte 0x96 is not valid UTF-8; save the file as UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


def test_binary_file_is_refused_as_not_a_form_export(library, tmp_path):
    path = tmp_path / "form.csv"
    path.write_bytes(b"\x00\x01binary")
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert "is a binary file, not text; expected a form export (CSV, or an Excel workbook)" in problem.message


def test_a_damaged_workbook_is_refused_as_damaged(library, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert problem.message.startswith("is damaged: it starts as a zip archive but cannot be read as one")


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("\n\n", "is empty"),
    (f"Timestamp,{REAL_RESULTS}\n", "has a header row but no responses"),
    ("Timestamp,Name\n2/24/2006 10:15:00,Respondent A\n", "has no question columns"),
])
def test_files_without_responses_are_refused(library, tmp_path, text, message):
    (problem,) = problems_of(lambda: read_responses(write_csv(tmp_path / "f.csv", text), library))
    assert message in problem.message


# --- mapping headings to questions --------------------------------------------------------------------------------


@pytest.mark.parametrize("heading", [
    REAL_RESULTS,
    "  partners CAN demonstrate   real results through collaboration?  ",
    "Partners can demonstrate real-results, through collaboration *",
    "1. Partners can demonstrate real results through collaboration",
    "12) Partners can demonstrate real results through collaboration",
    "general.real-results",
    "General.Real-Results",
    "real-results",
    "General [Partners can demonstrate real results through collaboration]",
    "General state of the LSP [real-results]",
])
def test_headings_match_by_text_or_id_ignoring_case_spacing_punctuation_and_numbering(library, tmp_path, heading):
    path = write_csv(tmp_path / "h.csv", f'"{heading}"\nOften\n')
    assert ids(read_responses(path, library)[0]) == {"general": {"real-results": "often"}}


def test_curly_quotes_in_a_heading_match_straight_ones(library, tmp_path):
    path = write_csv(tmp_path / "q.csv", '"Partners use ""we"" when talking about partner matters"\nAlways\n')
    assert ids(read_responses(path, library)[0]) == {"general": {"we-language": "always"}}


def test_google_grid_title_chooses_between_questions_sharing_an_id(library, tmp_path):
    path = write_csv(tmp_path / "g.csv", "Leadership [willing-to-change],General [willing-to-change]\n"
                                         "NO – action is needed,Never\n")
    assert ids(read_responses(path, library)[0]) == {
        "leadership": {"willing-to-change": "action-needed"},
        "general": {"willing-to-change": "never"},
    }


def test_a_shared_id_means_the_section_the_other_columns_answer(library, tmp_path):
    path = write_csv(tmp_path / "s.csv", "common-vision,willing-to-change\n"
                                         "YES – working well,NO – action is needed\n")
    assert ids(read_responses(path, library)[0]) == {
        "leadership": {"common-vision": "working-well", "willing-to-change": "action-needed"},
    }


def test_a_shared_id_with_nothing_to_settle_it_is_an_error_listing_the_choices(library, tmp_path):
    path = write_csv(tmp_path / "a.csv", "willing-to-change\nOften\n")
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert (problem.line, problem.column, problem.path) == (1, 1, "willing-to-change")
    assert "could be any of: general.willing-to-change, leadership.willing-to-change" in problem.message


def test_sections_argument_narrows_the_questions_headings_can_mean(library, tmp_path):
    path = write_csv(tmp_path / "n.csv", "willing-to-change\nOften\n")
    sheet = read_responses(path, library, sections=("general",))[0]
    assert ids(sheet) == {"general": {"willing-to-change": "often"}}
    (problem,) = problems_of(lambda: read_responses(path, library, sections=("leadership",)))
    assert "'Often' is not an answer on the 'action' scale" in problem.message
    (unknown,) = problems_of(lambda: read_responses(path, library, sections=("leadershp",)))
    assert "unknown questionnaire or section 'leadershp' (did you mean 'leadership'?)" in unknown.message


def test_two_columns_for_one_question_is_an_error(library, tmp_path):
    path = write_csv(tmp_path / "d.csv", f"real-results,{REAL_RESULTS}\nOften,Often\n")
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert (problem.line, problem.column) == (1, 2)
    assert "column B answers the same question (general.real-results) as column A" in problem.message


def test_an_unheaded_empty_column_is_ignored_but_an_unheaded_answer_is_not(library, tmp_path):
    quiet = write_csv(tmp_path / "e.csv", f"{REAL_RESULTS},\nOften,\n")
    assert ids(read_responses(quiet, library)[0]) == {"general": {"real-results": "often"}}
    loud = write_csv(tmp_path / "l.csv", f"{REAL_RESULTS},\nOften,Never\n")
    (problem,) = problems_of(lambda: read_responses(loud, library))
    assert (problem.line, problem.column) == (1, 2) and "column B has no heading" in problem.message


def test_answers_beyond_the_last_heading_are_an_error(library, tmp_path):
    path = write_csv(tmp_path / "x.csv", f"{REAL_RESULTS}\nOften,Never\n")
    (problem,) = problems_of(lambda: read_responses(path, library))
    assert (problem.line, problem.column) == (2, 2) and "cell B2" in problem.message


# --- cells --------------------------------------------------------------------------------------------------------


def test_choice_answers_tolerate_case_dashes_and_punctuation(library, tmp_path):
    path = write_csv(tmp_path / "c.csv", "common-vision,added-value,aligned-objectives\n"
                                         "yes - working well,\"YES, but needs improving\",needs-improving\n")
    assert ids(read_responses(path, library)[0]) == {"leadership": {
        "common-vision": "working-well", "added-value": "needs-improving", "aligned-objectives": "needs-improving"}}


def test_text_answers_are_kept_verbatim_with_their_line_breaks(library, tmp_path):
    path = write_csv(tmp_path / "t.csv", 'surrey-baseline.operations\r\n"Meets quarterly; chaired by the leader.\r\n'
                                         'Agendas: set by the executive, approved by the board."\r\n')
    answer = read_responses(path, library)[0].answers["surrey-baseline"]["operations"]
    assert answer.value == (
        "Meets quarterly; chaired by the leader.\nAgendas: set by the executive, approved by the board."
    )


def test_a_one_line_list_cell_splits_at_semicolons_as_microsoft_forms_joins_choices(library, tmp_path):
    path = write_csv(tmp_path / "m.csv", "blockages.within-lsp\nToo many meetings;No action plans;\n")
    answer = read_responses(path, library)[0].answers["blockages"]["within-lsp"]
    assert answer.value == ("Too many meetings", "No action plans")


@pytest.mark.parametrize("cell, iso", [
    ("2/24/2006 10:15:00", "2006-02-24"),
    ("24/02/2006 10:15", "2006-02-24"),
    ("2006/02/24 10:15:00 AM GMT", "2006-02-24"),
    ("2006-02-24T10:15:00Z", "2006-02-24"),
    ("2006-02-24", "2006-02-24"),
    ("24.02.2006 10:15", "2006-02-24"),
    ("24-Feb-06", "2006-02-24"),
    ("February 24, 2006 10:15", "2006-02-24"),
    ("3/5/2006 09:00:00", "2006-03-05"),
    ("05/03/2006 09:00", "2006-03-05"),
])
def test_dates_in_the_forms_and_spreadsheets_formats(cell, iso):
    assert DateColumn([cell]).iso(cell) == iso


def test_a_column_reads_ambiguous_dates_the_way_its_unambiguous_ones_show():
    uk = DateColumn(["3/5/2006 09:00", "24/2/2006 10:00"])
    us = DateColumn(["05/03/2006 09:00", "2/24/2006 10:00"])
    assert uk.iso("3/5/2006 09:00") == "2006-05-03"
    assert us.iso("05/03/2006 09:00") == "2006-05-03"
    assert us.iso("3/5/2006 09:00") == "2006-03-05"


def test_a_date_column_overrides_the_timestamp(library, tmp_path):
    path = write_csv(tmp_path / "dt.csv", f"Timestamp,Date,{REAL_RESULTS}\n3/1/2006 09:00:00,2006-02-24,Often\n")
    assert read_responses(path, library)[0].date == "2006-02-24"


def test_anonymous_microsoft_responses_have_no_respondent(library, tmp_path):
    path = write_csv(tmp_path / "an.csv", f"ID,Email,Name,{REAL_RESULTS}\n1,anonymous,,Often\n")
    assert read_responses(path, library)[0].respondent == ""


def test_cell_names_are_spreadsheet_references():
    assert [cell_name(3, n) for n in (1, 5, 26, 27, 52, 703)] == ["A3", "E3", "Z3", "AA3", "AZ3", "AAA3"]


# --- errors: everything at once, by row and column ----------------------------------------------------------------


BAD = (
    f"Timestamp,{REAL_RESULTS},Partners can demonstrate real resluts,Leadership [Partners are willing to make changes "
    "to achieve shared goals],Favourite colour\n"
    "2/24/2006 10:15:00,Often,Often,YES - working well,blue\n"
    "2/24/2006 10:16:00,Oftne,Often,Yes working,green\n"
    "yesterday,Often,,NO – action is needed,\n"
)


def test_every_unmatched_column_and_unrecognised_answer_is_reported_in_one_run(runner, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD)
    result = runner.invoke(cli, ["import", str(path), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:1:3", f"{path}:1:5", f"{path}:3:2", f"{path}:3:4", f"{path}:4:1",
    ]
    assert lines[0].endswith(
        "Partners can demonstrate real resluts: column C matches no question (did you mean "
        f"'{REAL_RESULTS}'?); head it with a question's text or id (section.question), or delete "
        "the column"
    )
    assert "Favourite colour: column E matches no question" in lines[1]
    assert f"{REAL_RESULTS}: cell B3: 'Oftne' is not an answer on the 'frequency' scale (did you mean 'Often'?); " \
           "expected one of: Never, Sometimes, Often, Always" in lines[2]
    assert "cell D3: 'Yes working' is not an answer on the 'action' scale (did you mean 'YES – working well'?)" \
           in lines[3]
    assert "Timestamp: cell A4: 'yesterday' is not a date" in lines[4]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_problems_carry_row_column_and_heading(library, tmp_path):
    problems = problems_of(lambda: read_responses(write_csv(tmp_path / "bad.csv", BAD), library, strict=True))
    assert [(p.line, p.column, p.path) for p in problems][2] == (3, 2, REAL_RESULTS)


# --- lsp-check import ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.name)
def test_import_writes_one_answers_file_per_respondent_that_loads_back_the_same(runner, library, tmp_path, export):
    out = tmp_path / "answers"
    result = runner.invoke(cli, ["import", str(export), "-o", str(out), "--partnership", SPELTHORNE])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"lsp-check: wrote 3 answers files to {out}"
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["respondent-001.yaml", "respondent-002.yaml", "respondent-003.yaml"]
    sheets = read_responses(export, library, partnership=SPELTHORNE)
    for file, sheet in zip(files, sheets):
        back = load_answers(file, library)
        assert back.answers == sheet.answers
        assert (back.partnership, back.date, back.respondent) == (sheet.partnership, sheet.date, sheet.respondent)
        assert all(a.note == "" for answers in back.answers.values() for a in answers.values())


def test_imported_files_use_option_labels_and_name_their_source_row(runner, tmp_path):
    out = tmp_path / "answers"
    runner.invoke(cli, ["import", str(MICROSOFT), "-o", str(out)])
    text = (out / "respondent-001.yaml").read_text(encoding="utf-8")
    assert f"# Imported by lsp-check from {MICROSOFT}, row 2.\n" in text
    assert "    common-vision: YES – but needs improving\n" in text
    assert "respondent: Respondent A\n" in text


def test_validate_accepts_every_imported_file(runner, tmp_path):
    out = tmp_path / "answers"
    assert runner.invoke(cli, ["import", str(GOOGLE), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["validate", "-v", *map(str, sorted(out.iterdir()))])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("valid answers (4 sections") == 3


def test_imported_answers_score_like_the_seed(runner, tmp_path):
    out = tmp_path / "answers"
    runner.invoke(cli, ["import", str(GOOGLE), "-o", str(out), "--partnership", SPELTHORNE])
    result = runner.invoke(cli, ["score", str(out / "respondent-001.yaml"), "-f", "json"])
    assert result.exit_code == 0
    assert '"score": 34' in result.stdout and '"max": 54' in result.stdout


def test_import_refuses_to_overwrite_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "answers"
    out.mkdir()
    (out / "respondent-002.yaml").write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(GOOGLE), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{out / 'respondent-002.yaml'}: already exists; lsp-check never overwrites it" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["respondent-002.yaml"]
    assert (out / "respondent-002.yaml").read_text(encoding="utf-8") == "my notes\n"


def test_import_creates_the_output_directory(runner, tmp_path):
    out = tmp_path / "a" / "b"
    assert runner.invoke(cli, ["import", str(MICROSOFT), "-o", str(out)]).exit_code == 0
    assert len(list(out.iterdir())) == 3


def test_import_needs_an_output_directory_and_an_existing_file(runner, tmp_path):
    missing_output = runner.invoke(cli, ["import", str(GOOGLE)])
    assert missing_output.exit_code == 2 and "-o" in missing_output.stderr
    missing_file = runner.invoke(cli, ["import", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "out")])
    assert missing_file.exit_code == 2
    assert f"{tmp_path / 'nope.csv'}: file not found" in missing_file.stderr


def test_import_numbers_respondents_in_row_order_with_enough_digits_to_sort(tmp_path):
    from lsp_check.author.dump import respondent_files

    assert [p.name for p in respondent_files(tmp_path, 3)] == ["respondent-001.yaml", "respondent-002.yaml",
                                                                "respondent-003.yaml"]
    many = respondent_files(tmp_path, 1200)
    assert many[0].name == "respondent-0001.yaml" and many[-1].name == "respondent-1200.yaml"
    assert [p.name for p in many] == sorted(p.name for p in many)
