"""The facilitator's first hour (issue 12): what a new user runs into, one test (or a few) per item."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
FOLLOWUP = str(EXAMPLES / "spelthorne-2007.yaml")
CLUSTER = EXAMPLES / "cluster"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    monkeypatch.delenv("LSP_CHECK_DEBUG", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


# Item 5: --format docx without python-docx.

@pytest.mark.parametrize("args", [
    ["score", SPELTHORNE],
    ["plan", SPELTHORNE],
    ["compare", SPELTHORNE, FOLLOWUP],
    ["cluster", str(CLUSTER)],
], ids=["score", "plan", "compare", "cluster"])
def test_docx_without_python_docx_gives_the_install_hint_on_every_command(runner, monkeypatch, tmp_path, args):
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` fail
    out = tmp_path / "report.docx"
    result = runner.invoke(cli, [*args, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 2, result.stderr
    assert "pip install 'lsp-check[docx]'" in result.stderr
    assert "internal error" not in result.stderr
    assert not out.exists()


# Item 11: --debug before and after the subcommand.

@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_is_accepted_before_and_after_the_subcommand(runner, monkeypatch, where):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("lsp_check.score.engine.score", broken)
    args = ["--debug", "score", SPELTHORNE] if where == "before" else ["score", SPELTHORNE, "--debug"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr


def test_debug_after_the_subcommand_does_not_change_a_normal_run(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--format", "json", "--debug"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")


# Item 12: the smaller things.

def test_plan_help_lists_html_and_docx(runner):
    result = runner.invoke(cli, ["plan", "--help"])
    assert result.exit_code == 0
    assert "html" in result.stdout and "docx" in result.stdout


def test_top_level_help_names_every_exit_1_gate(runner):
    result = runner.invoke(cli, ["--help"])
    text = " ".join(result.stdout.split())
    for gate in ("--fail-under", "--fail-under-section", "--fail-on-regression"):
        assert gate in text


# Item 4: compare of two different partnerships.

RUNNYMEDE = str(CLUSTER / "runnymede")


def test_compare_of_different_partnerships_is_refused_without_allow_different(runner):
    result = runner.invoke(cli, ["compare", SPELTHORNE, RUNNYMEDE])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Runnymede Partnership" in result.stderr and "Local Spelthorne Partnership" in result.stderr
    assert "--allow-different" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_of_the_same_partnership_needs_no_allow_different(runner):
    result = runner.invoke(cli, ["compare", SPELTHORNE, FOLLOWUP, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"different_partnerships": false' in result.stdout
    assert "Two different partnerships" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "docx"])
def test_compare_with_allow_different_says_so_in_every_format(runner, tmp_path, fmt):
    out = tmp_path / f"compare.{fmt}"
    result = runner.invoke(cli, ["compare", SPELTHORNE, RUNNYMEDE, "--allow-different", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        import json

        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["different_partnerships"] is True
        assert data["baseline"]["partnership"] == "Local Spelthorne Partnership"
        assert data["followup"]["partnership"] == "Runnymede Partnership"
        return
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = " ".join(out.read_text(encoding="utf-8").split())
    assert ("Two different partnerships are compared: the baseline is Local Spelthorne Partnership, "
            "the follow-up is Runnymede Partnership.") in text


# Item 6: score DIR skips lsp-check's own outputs and files that are plainly not answers.

@pytest.fixture(scope="module")
def answers_with_outputs(tmp_path_factory):
    """A folder of three respondents' answers with a plan, a cluster table and reports written beside them: made
    once for the module (its tests only read it)."""
    import shutil

    folder = tmp_path_factory.mktemp("outputs") / "answers"
    shutil.copytree(CLUSTER / "spelthorne", folder)
    with pytest.MonkeyPatch.context() as patch:  # as the runner fixture has it
        patch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
        patch.delenv("LSP_CHECK_DEBUG", raising=False)
        runner = CliRunner(env={"NO_COLOR": "1"})
        for args in (["plan", str(folder), "-f", "csv", "-o", str(folder / "plan.csv")],
                     ["cluster", str(CLUSTER), "-f", "csv", "-o", str(folder / "cluster.csv")],
                     ["score", str(folder), "-f", "json", "-o", str(folder / "report.json")],
                     ["score", str(folder), "-f", "markdown", "-o", str(folder / "report.md")],
                     ["score", str(folder), "-f", "html", "-o", str(folder / "report.html")],
                     ["score", str(folder), "-f", "docx", "-o", str(folder / "report.docx")]):
            assert runner.invoke(cli, args).exit_code == 0
    return folder


def test_score_dir_skips_own_outputs_and_reports_saying_so_in_one_line(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"respondents": 3' in result.stdout
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert skipped[0].startswith("lsp-check: skipped 6 files that are not answers: ")
    assert "cluster.csv (a cluster table written by lsp-check)" in skipped[0]
    assert "plan.csv (an action plan written by lsp-check)" in skipped[0]
    assert skipped[0].endswith("and 3 more")


@pytest.mark.parametrize("command", [["validate"], ["cluster"], ["plan"]])
def test_other_commands_on_a_dir_skip_own_outputs_too(runner, answers_with_outputs, command):
    result = runner.invoke(cli, [*command, str(answers_with_outputs)])
    assert result.exit_code == 0, result.stderr
    assert "lsp-check: skipped 6 files" in result.stderr


def test_compare_of_dirs_skips_own_outputs(runner, answers_with_outputs):
    result = runner.invoke(cli, ["compare", str(answers_with_outputs), str(answers_with_outputs), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert "lsp-check: skipped 6 files" in result.stderr


def test_each_own_output_is_named_for_what_it_is(answers_with_outputs):
    from lsp_check.load.inputs import not_answers

    found = {path.name: not_answers(str(path)) for path in answers_with_outputs.iterdir()}
    assert found == {
        "respondent-1.yaml": "", "respondent-2.yaml": "", "respondent-3.yaml": "",
        "plan.csv": "an action plan written by lsp-check", "cluster.csv": "a cluster table written by lsp-check",
        "report.json": "a JSON report written by lsp-check", "report.md": "a Markdown file",
        "report.html": "an HTML file", "report.docx": "a Word document",
    }


def test_a_plan_csv_named_on_its_own_says_it_is_not_answers(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "plan.csv")])
    assert result.exit_code == 2
    assert "plan.csv: is an action plan written by lsp-check, not an answers file" in result.stderr


# Item 12: files that are not answers say what they are.

def test_score_report_html_says_it_is_not_an_answers_file(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "report.html")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("report.html: is an HTML file, not an answers file; expected answers "
                                          "(YAML) or a form export (CSV, or an Excel workbook)")


def test_score_json_report_says_it_is_a_report(runner, answers_with_outputs):
    result = runner.invoke(cli, ["score", str(answers_with_outputs / "report.json")])
    assert result.exit_code == 2
    assert "report.json: is a JSON report written by lsp-check, not an answers file" in result.stderr


def test_answers_written_as_json_still_load(runner, tmp_path):
    import json

    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"partnership": "X", "answers": {"general": {"trust": "Often"}}}), encoding="utf-8")
    result = runner.invoke(cli, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr


def test_score_questionnaire_file_says_it_is_a_questionnaire_file(runner):
    from conftest import ROOT

    result = runner.invoke(cli, ["score", str(ROOT / "questionnaires" / "general.yaml")])
    assert result.exit_code == 2
    assert "general.yaml:" in result.stderr
    assert "is a questionnaire file, not answers" in result.stderr
    assert "Traceback" not in result.stderr


def test_answers_of_own_questionnaire_scored_without_it_hint_at_questionnaires(runner, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("partnership: X\nanswers:\n  our-own:\n    q1: Often\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(answers)])
    assert result.exit_code == 2
    assert f"{answers}:3:3: answers.our-own: unknown section 'our-own'" in result.stderr
    assert "give --questionnaires DIR" in result.stderr


# Item 3: validate takes everything score takes.

FORMS = EXAMPLES.parent / "tests" / "fixtures" / "forms"
GOOGLE = FORMS / "google-spelthorne.csv"


def test_validate_takes_a_directory_like_score(runner):
    result = runner.invoke(cli, ["validate", str(CLUSTER)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "lsp-check: 15 files valid: 15 answers files"


def test_validate_takes_a_glob_pattern_like_score(runner):
    result = runner.invoke(cli, ["validate", str(CLUSTER / "*" / "respondent-1.yaml")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "lsp-check: 5 files valid: 5 answers files"


def test_validate_checks_a_form_export_without_scoring_it(runner):
    result = runner.invoke(cli, ["validate", "-v", str(GOOGLE)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{GOOGLE}: valid form export (3 responses, 4 sections)\n"
    # The export has no Partnership column: said once, as scoring says it.
    assert result.stderr.strip().splitlines() == [
        f"{GOOGLE}:2: warning: names no partnership (nor do the answers of 2 other respondents); the report "
        "calls it (partnership not named) (add 'partnership: NAME' to each answers file, or a Partnership column to "
        "the form export)",
        "lsp-check: 1 file valid: 1 form export (3 responses); 1 file with warnings"]


def test_validate_reports_a_form_exports_bad_answer_by_cell(runner, tmp_path):
    text = GOOGLE.read_text(encoding="utf-8-sig").replace(",Often,", ",Oftne,", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad), SPELTHORNE])
    assert result.exit_code == 2
    assert "'Oftne' is not an answer on the 'frequency' scale (did you mean 'Often'?)" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == \
        "lsp-check: 1 file with 1 problem; 1 file valid: 1 answers file"


# Item 7: an extra column in a form export.

def _with_columns(tmp_path, *columns: tuple[str, list[str]]):
    """The Google export with extra columns (heading, one value per respondent) appended."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(GOOGLE.read_text(encoding="utf-8-sig"))))
    for heading, values in columns:
        rows[0].append(heading)
        for row, value in zip(rows[1:], values):
            row.append(value)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "responses.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_extra_form_column_warns_once_by_letter_and_heading_and_scoring_carries_on(runner, tmp_path):
    path = _with_columns(tmp_path, ("Favourite colour", ["blue", "red", "green"]))
    result = runner.invoke(cli, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"respondents": 3' in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line and "no partnership" not in line]
    assert warnings == [f"{path}:1:23: warning: 1 column matches no question and is left out: W 'Favourite colour' "
                        "(--strict refuses them; head a column with a question's text or id to score it)"]


def test_many_extra_form_columns_are_listed_bounded(runner, tmp_path):
    path = _with_columns(tmp_path, *[(f"Extra {n}", ["x", "y", "z"]) for n in range(1, 7)])
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if "warning:" in line and "no partnership" not in line]
    assert "6 columns match no question and are left out: W 'Extra 1', X 'Extra 2', Y 'Extra 3', and 3 more" \
        in warning
    assert result.stderr.strip().splitlines()[-1] == \
        "lsp-check: 1 file valid: 1 form export (3 responses); 1 file with warnings"


@pytest.mark.parametrize("command", ["score", "validate", "import"])
def test_strict_refuses_an_extra_form_column_for_ci(runner, tmp_path, command):
    path = _with_columns(tmp_path, ("Favourite colour", ["blue", "red", "green"]))
    extra = ["-o", str(tmp_path / "out")] if command == "import" else []
    result = runner.invoke(cli, [command, str(path), "--strict", *extra])
    assert result.exit_code == 2
    assert f"{path}:1:23: Favourite colour: column W matches no question" in result.stderr
    assert "warning:" not in result.stderr


def test_organisation_and_sector_columns_become_respondent_information(runner, library, tmp_path):
    from lsp_check.load.forms import read_responses

    path = _with_columns(
        tmp_path,
        ("Which organisation do you represent?", ["Spelthorne  Borough Council", "Surrey Police", "Voluntary Support"]),
        ("Sector", ["Local Authority", "POLICE", "Community and voluntary"]),
    )
    warnings: list = []
    sheets = read_responses(path, library, warnings=warnings)
    assert warnings == []
    assert [(s.organisation, s.sector) for s in sheets] == [
        ("Spelthorne Borough Council", "council"), ("Surrey Police", "police"), ("Voluntary Support", "voluntary"),
    ]
    out = tmp_path / "answers"
    result = runner.invoke(cli, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    first = (out / "respondent-001.yaml").read_text(encoding="utf-8")
    assert "organisation: Spelthorne Borough Council\n" in first
    assert "sector: council\n" in first
    report = runner.invoke(cli, ["score", str(out / "respondent-002.yaml"), "-f", "json"])
    assert report.exit_code == 0, report.stderr
    import json

    data = json.loads(report.stdout)
    assert (data["organisation"], data["sector"]) == ("Surrey Police", "police")


@pytest.mark.parametrize("written, sector", [
    ("Borough Council", "council"), ("  county   COUNCIL ", "council"), ("NHS Surrey", "health"),
    ("Primary Care Trust", "health"), ("Council for Voluntary Service", "voluntary"), ("Third sector", "voluntary"),
    ("Chamber of Commerce", "business"), ("Private sector", "business"), ("Surrey Police", "police"),
    ("Fire and Rescue", "fire"), ("  Parish   Clerk ", "parish clerk"),
])
def test_sector_values_are_normalised(written, sector):
    from lsp_check.load.sectors import normalise_sector

    assert normalise_sector(written) == sector


@pytest.mark.parametrize("heading, role", [
    ("Organisation", "organisation"), ("Which organisation do you represent?", "organisation"),
    ("Organization name", "organisation"), ("Sector", "sector"), ("Which sector are you from?", "sector"),
    ("Favourite colour", ""),
])
def test_organisation_and_sector_headings_are_matched_by_word(heading, role):
    from lsp_check.load.sectors import info_role

    assert info_role(heading) == role


def test_answers_file_carries_sector_and_organisation(runner, tmp_path, library):
    from lsp_check.load.answers import load_answers

    path = tmp_path / "answers.yaml"
    path.write_text("partnership: X\norganisation: Runnymede BC\nsector: Borough council\n"
                    "answers:\n  general:\n    real-results: Often\n", encoding="utf-8")
    sheet = load_answers(path, library)
    assert (sheet.organisation, sheet.sector) == ("Runnymede BC", "council")


# Item 9: long runs are summarised.

def _many_partnerships(tmp_path, count: int):
    folder = tmp_path / "region"
    folder.mkdir()
    names = sorted(p.name for p in CLUSTER.iterdir())
    for i in range(count):
        source = (CLUSTER / names[i % len(names)] / "respondent-1.yaml").read_text(encoding="utf-8")
        lines = [f"partnership: Partnership {i + 1:02d}" if line.startswith("partnership:") else line
                 for line in source.splitlines()]
        (folder / f"p{i + 1:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_verdict_for_many_partnerships_gives_counts_and_the_worst_few(runner, tmp_path):
    folder = _many_partnerships(tmp_path, 12)
    # Rooms of one respondent are shown beside others only when respondents are named (docs/privacy.md).
    result = runner.invoke(cli, ["score", str(folder), "-f", "json", "--fail-under", "90", "--show-respondents"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("lsp-check: FAIL: 12 partnerships, 12 respondents; median overall ")
    assert line.count("below --fail-under 90") == 4  # the worst three, and the count
    assert line.endswith("more")
    assert len(line) < 400


def test_verdict_for_two_partnerships_still_names_each(runner):
    result = runner.invoke(cli, ["score", str(CLUSTER / "elmbridge"), str(CLUSTER / "guildford"), "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr.count("Partnership: 3 respondents") == 2


def test_verdict_for_more_than_two_partnerships_fits_a_line(runner):
    result = runner.invoke(cli, ["score", str(CLUSTER), "-f", "json"])
    assert result.exit_code == 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("lsp-check: 5 partnerships, 15 respondents; median overall ") and len(line) < 200


def test_validate_prints_one_summary_line_for_valid_files_and_detail_on_request(runner, tmp_path):
    folder = _many_partnerships(tmp_path, 12)
    quiet = runner.invoke(cli, ["validate", str(folder)])
    assert quiet.exit_code == 0
    assert quiet.stdout == ""
    assert quiet.stderr == "lsp-check: 12 files valid: 12 answers files\n"
    verbose = runner.invoke(cli, ["validate", "--verbose", str(folder)])
    assert verbose.stdout.count(": valid answers (") == 12


# Item 12: plurals, --quiet.

def test_plurals_for_one_partnership_and_one_respondent(runner, tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    (one / "r.yaml").write_text((CLUSTER / "runnymede" / "respondent-1.yaml").read_text(encoding="utf-8"),
                                encoding="utf-8")
    for fmt in ("text", "markdown"):
        result = runner.invoke(cli, ["cluster", str(one), "-f", fmt])
        assert result.exit_code == 0, result.stderr
        assert "Cluster of 1 partnership" in result.stdout and "1 partnerships" not in result.stdout
        assert "1 respondents" not in result.stdout
    assert "1 partnership, " in result.stderr
    scored = runner.invoke(cli, ["score", str(one)])
    assert "1 respondent," in scored.stderr and "1 respondents" not in scored.stdout + scored.stderr


@pytest.mark.parametrize("args", [
    ["score", SPELTHORNE, "-f", "json"],
    ["plan", SPELTHORNE],
    ["compare", SPELTHORNE, FOLLOWUP],
    ["cluster", str(CLUSTER)],
    ["validate", SPELTHORNE],
], ids=lambda a: a[0])
def test_quiet_on_every_command_that_prints_a_verdict(runner, args):
    loud = runner.invoke(cli, args)
    assert loud.exit_code == 0 and loud.stderr.startswith("lsp-check: ")
    quiet = runner.invoke(cli, [*args, "--quiet"])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout


# Item 10: the schema line points somewhere stable.

SCHEMA_LINE = "# yaml-language-server: $schema=answers.schema.json\n"


def test_template_schema_beside_writes_the_schema_and_refers_to_it_relatively(runner, tmp_path):
    import json

    from lsp_check.author.schemas import load_schema

    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["template", "general", "-o", str(out), "--schema-beside"])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith(SCHEMA_LINE)
    schema = tmp_path / "answers.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == load_schema("answers")
    assert str(tmp_path) not in out.read_text(encoding="utf-8")


def test_import_schema_beside_refers_every_file_to_one_schema_in_the_folder(runner, tmp_path):
    out = tmp_path / "answers"
    result = runner.invoke(cli, ["import", str(GOOGLE), "-o", str(out), "--schema-beside"])
    assert result.exit_code == 0, result.stderr
    files = sorted(out.glob("respondent-*.yaml"))
    assert len(files) == 3
    assert all(f.read_text(encoding="utf-8").startswith(SCHEMA_LINE) for f in files)
    assert (out / "answers.schema.json").is_file()
    scored = runner.invoke(cli, ["score", str(out), "-f", "json"])  # the schema beside them is not "answers"
    assert scored.exit_code == 0, scored.stderr
    assert "skipped" not in scored.stderr


def test_no_written_file_points_inside_the_installation(runner, tmp_path):
    import lsp_check

    install = str(lsp_check.__file__).rsplit("/", 1)[0]
    template = runner.invoke(cli, ["template", "general", "-o", str(tmp_path / "t.yaml")])
    imported = runner.invoke(cli, ["import", str(GOOGLE), "-o", str(tmp_path / "i")])
    assert template.exit_code == imported.exit_code == 0
    for path in [tmp_path / "t.yaml", *sorted((tmp_path / "i").iterdir())]:
        text = path.read_text(encoding="utf-8")
        assert "file://" not in text and install not in text


def test_schema_command_writes_the_schema_and_never_overwrites_another_file(runner, tmp_path):
    target = tmp_path / "answers.schema.json"
    assert runner.invoke(cli, ["schema", "answers", "-o", str(target)]).exit_code == 0
    assert '"$id"' in target.read_text(encoding="utf-8")
    mine = tmp_path / "mine.json"
    mine.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(cli, ["schema", "answers", "-o", str(mine)])
    assert result.exit_code == 2
    assert "never overwrites it" in result.stderr
    assert mine.read_text(encoding="utf-8") == "{}\n"


# Item 12: ask with piped input.

def test_ask_with_piped_input_refuses_clearly_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="3\n3\n3\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("lsp-check: ask reads answers typed at a terminal, but its input is piped")
    assert "lsp-check template general" in result.stderr
    assert not out.exists()


# Item 12: questionnaires show takes section ids; shell completion of ids.

def test_questionnaires_show_accepts_section_ids_as_template_does(runner):
    result = runner.invoke(cli, ["questionnaires", "show", "blockages"])
    assert result.exit_code == 0, result.stderr
    assert "Section 'blockages'" in result.stdout
    assert "Section 'opportunities-threats'" not in result.stdout  # only the section asked for
    both = runner.invoke(cli, ["questionnaires", "show", "general", "leadership"])
    assert "Section 'general'" in both.stdout and "Section 'leadership'" in both.stdout


def test_questionnaires_show_unknown_id_suggests_the_closest(runner):
    result = runner.invoke(cli, ["questionnaires", "show", "leadershp"])
    assert result.exit_code == 2
    assert "did you mean 'leadership'" in result.stderr


@pytest.mark.parametrize("args, incomplete, expected", [
    (["template"], "lea", ["leadership"]),
    (["ask", "general"], "perf", ["performance"]),
    (["questionnaires", "show"], "a2p-d", ["a2p-delivery", "a2p-diagnostic"]),
    (["score", "x.yaml", "--fail-under-section"], "lead", ["leadership="]),
])
def test_shell_completion_of_questionnaire_and_section_ids(args, incomplete, expected):
    from click.shell_completion import ShellComplete

    completion = ShellComplete(cli, {}, "lsp-check", "_LSP_CHECK_COMPLETE")
    assert sorted(item.value for item in completion.get_completions(args, incomplete)) == expected


def test_own_csv_outputs_are_recognised_with_a_byte_order_mark_or_a_sep_line(tmp_path):
    from lsp_check.load.inputs import not_answers

    plan = tmp_path / "plan.csv"
    plan.write_text("\ufeffpartnership,horizon,priority,need\r\nX,6 months,1,trust\r\n", encoding="utf-8")
    cluster = tmp_path / "cluster.csv"
    cluster.write_text("sep=,\npartnership,respondents,General %\nX,3,50.0\n", encoding="utf-8")
    form = tmp_path / "form.csv"
    form.write_text("Timestamp,Partnership,Partners strive to develop and maintain trust\n", encoding="utf-8")
    assert not_answers(str(plan)) == "an action plan written by lsp-check"
    assert not_answers(str(cluster)) == "a cluster table written by lsp-check"
    assert not_answers(str(form)) == ""


def test_ask_resume_keeps_organisation_and_sector(runner, monkeypatch, tmp_path, library):
    from lsp_check.load.answers import load_answers

    monkeypatch.setattr("lsp_check.cli.commands._stdin_is_terminal", lambda: True)
    path = tmp_path / "answers.yaml"
    path.write_text("partnership: X\ndate: '2006-02-24'\nrespondent: ''\norganisation: Surrey Police\n"
                    "sector: police\nanswers:\n  leadership:\n    common-vision: YES – working well\n",
                    encoding="utf-8")
    result = runner.invoke(cli, ["ask", "leadership", "-o", str(path)], input="q\n")
    assert result.exit_code == 0, result.stderr
    sheet = load_answers(path, library)
    assert (sheet.organisation, sheet.sector) == ("Surrey Police", "police")


# --- Item 2: notes never vanish -----------------------------------------------------------------------------------

LOW_NOTE = "Each partner still reports only to its own board."
IN_HAND_NOTE = "A joint posts review starts in January."


def test_a_note_on_a_low_or_an_in_hand_answer_shows_in_the_text_report(runner):
    from conftest import ROOT

    result = runner.invoke(cli, ["score", str(ROOT / "tests/fixtures/partial.yaml"), "-q"])
    text = " ".join(result.stdout.split())
    assert result.exit_code == 0
    assert f"Note: {LOW_NOTE}" in text and f"Note: {IN_HAND_NOTE}" in text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_group_reports_show_notes_anonymously_unless_respondents_are_named(runner, tmp_path, fmt):
    for name, who, answer, note in (("a.yaml", "Chair", "Never", LOW_NOTE), ("b.yaml", "Vice-chair", "Never", ""),
                                    ("c.yaml", "Treasurer", "Sometimes", "")):
        noted = f"{{answer: {answer}, note: {note}}}" if note else answer
        (tmp_path / name).write_text(f"partnership: P\nrespondent: {who}\nanswers:\n  general:\n"
                                     f"    common-interest: {noted}\n    trust: Often\n", encoding="utf-8")
    anonymous = runner.invoke(cli, ["score", str(tmp_path), "-f", fmt, "-q"]).stdout
    named = runner.invoke(cli, ["score", str(tmp_path), "-f", fmt, "-q", "--show-respondents"]).stdout
    assert LOW_NOTE in " ".join(anonymous.split()) and "Chair" not in anonymous
    assert LOW_NOTE in " ".join(named.split()) and "Chair" in named


def test_validate_warns_that_a_blank_answers_file_is_not_filled_in_yet(runner, tmp_path):
    blank = tmp_path / "a.yaml"
    assert runner.invoke(cli, ["template", "general", "-o", str(blank)]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(blank)])
    assert result.exit_code == 0
    assert "warning: has no partnership, no date, no answers yet" in result.stderr
    assert runner.invoke(cli, ["validate", "--strict", str(blank)]).exit_code == 2
