"""The first hour, second pass: what a new user ran into at 80 columns, in a room, as an author and in CI; a test
(or a few) named for each item."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, widest_prose
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
YEARS = [str(EXAMPLES / f"spelthorne-{year}.yaml") for year in (2006, 2007, 2008)]
ROOM = ROOT / "tests" / "fixtures" / "room"


@pytest.fixture
def runner(monkeypatch):
    for name in ("LSP_CHECK_QUESTIONNAIRES", "LSP_CHECK_DEBUG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def _widest(text: str) -> int:
    return max(len(line) for line in text.split("\n"))


def _words(text: str) -> set[str]:
    return set(text.split())


# -- Item 3: piped output honours --width N and COLUMNS --------------------------------------------------------

TEXT_COMMANDS = {
    "score": ["score", str(ROOM)],
    "score-one": ["score", SPELTHORNE],
    "sectors": ["score", str(EXAMPLES / "sectors"), "--by", "sector"],
    "compare": ["compare", *YEARS[:2]],
    "trend": ["trend", *YEARS],
    "cluster": ["cluster", str(EXAMPLES / "cluster")],
    "plan": ["plan", SPELTHORNE, "-f", "text"],
    "questionnaires": ["questionnaires"],
    "questionnaires-show": ["questionnaires", "show", "general", "leadership"],
}


@pytest.mark.parametrize("command", sorted(TEXT_COMMANDS))
def test_piped_text_output_honours_columns(runner, command):
    wide = runner.invoke(cli, TEXT_COMMANDS[command])
    narrow = runner.invoke(cli, TEXT_COMMANDS[command], env={"COLUMNS": "80"})
    assert wide.exit_code == narrow.exit_code == 0, narrow.stderr
    assert _widest(narrow.stdout) <= 80
    assert _widest(wide.stdout) > 80  # piped without COLUMNS: 100 columns, as before
    assert _words(narrow.stdout) <= _words(wide.stdout) | _words(narrow.stdout.replace("\n", " "))


@pytest.mark.parametrize("command", sorted(TEXT_COMMANDS))
def test_piped_text_output_honours_the_width_option(runner, command):
    args = TEXT_COMMANDS[command]
    where = 2 if args[0] == "questionnaires" and len(args) > 1 else 1
    result = runner.invoke(cli, [*args[:where], "--width", "64", *args[where:]], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert _widest(result.stdout) <= 64
    assert _widest(result.stdout) > 56


def test_the_width_option_beats_columns_and_is_written_to_a_file_too(runner, tmp_path):
    out = tmp_path / "report.txt"
    result = runner.invoke(cli, ["score", str(ROOM), "--width", "72", "-o", str(out)], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert 64 < _widest(out.read_text(encoding="utf-8")) <= 72


def test_a_width_too_narrow_for_tables_is_a_usage_error(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--width", "30"])
    assert result.exit_code == 2
    assert "--width" in result.stderr and "60" in result.stderr


def test_score_piped_to_a_pager_in_an_80_column_terminal_fits(tmp_path):
    # The installed command, its stdout a pipe (as in `score room/ | less`), COLUMNS exported by the shell.
    run = subprocess.run([sys.executable, "-m", "lsp_check", "score", str(ROOM)], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}, check=False)
    assert run.returncode == 0, run.stderr
    assert _widest(run.stdout) <= 80


# -- Item 6: at 80 columns ---------------------------------------------------------------------------------------

def test_questionnaires_show_wraps_at_whole_words_at_80_columns(runner):
    result = runner.invoke(cli, ["questionnaires", "show", "leadership"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = result.stdout
    assert _widest(text) <= 80
    assert "2006)" in _words(text) and "opportunities" in _words(text)  # not "200" / "6)", "oppo" / "rtunities"
    # a wrapped question continues under its text, not under its number
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if line.startswith("  1. Partners share a common vision"))
    assert lines[first + 1].startswith("     ") and not lines[first + 1].startswith("      ")


def test_trend_need_history_keeps_the_status_on_one_line_at_80_columns(runner):
    result = runner.invoke(cli, ["trend", *YEARS], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    history = result.stdout.split("Each need over the assessments")[1]
    assert _widest(history) <= 80
    assert re.search(r"^resources \(Managing performance\) +▲ ▲ ▲  persisting since 2006-02-24$", history, re.M)


@pytest.fixture
def twelve_partnerships(tmp_path):
    """Twelve partnerships of three respondents each, answering General, Leadership and Managing performance."""
    names = ["Elmbridge", "Epsom and Ewell", "Guildford", "Mole Valley", "Reigate and Banstead", "Runnymede",
             "Spelthorne", "Surrey Heath", "Tandridge", "Waverley", "Woking", "Tunbridge Wells"]
    general = ("  general:\n" + "".join(f"    {q}: {a}\n" for q, a in zip(
        ("real-results", "common-interest", "we-language", "mutual-accountability", "shared-rewards", "trust",
         "willing-to-change", "improve-performance"), ("Often", "Sometimes", "Always", "Often", "Often", "Always",
                                                       "Often", "Always"))))
    sources = sorted((EXAMPLES / "cluster").iterdir())
    for n, name in enumerate(names):
        folder = tmp_path / name.lower().replace(" ", "-")
        folder.mkdir()
        for source in sorted(sources[n % len(sources)].glob("*.yaml")):
            text = re.sub(r"(?m)^partnership: .*$", f"partnership: {name} Partnership", source.read_text("utf-8"))
            (folder / source.name).write_text(text.replace("answers:\n", "answers:\n" + general, 1), "utf-8")
    return tmp_path


def test_cluster_of_twelve_partnerships_is_a_table_not_a_list_at_80_columns(runner, twelve_partnerships):
    result = runner.invoke(cli, ["cluster", str(twelve_partnerships)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("Shared needs")[0]
    assert _widest(table) <= 80
    assert "Resp.:" not in table  # not stacked, one block per partnership
    rows = [line for line in table.split("\n") if re.search(r"\d\.\d% \([+-]\d", line)]
    assert len(rows) == 12
    # The dates all twelve share are said once, above the table, so that no name wraps: one line a partnership.
    assert table.startswith("Cluster of 12 partnerships · every partnership's answers dated 2007-11-12\n")
    assert len(table.strip().split("\n")) <= 21  # the table, its median row, and its note of three lines


def test_mixed_instruments_cluster_prints_its_sections_in_blocks_at_80_columns(runner):
    args = ["cluster", str(EXAMPLES / "cluster"), str(EXAMPLES / "a2p-diagnostic.yaml"),
            str(EXAMPLES / "smarter-partnerships.yaml"), str(EXAMPLES / "ptp-self-assessment.yaml")]
    table = runner.invoke(cli, args, env={"COLUMNS": "80"}).stdout.split("Shared needs")[0]
    assert _widest(table) <= 80
    blocks = [line for line in table.split("\n") if line.startswith("Partnership ") and "Resp." in line]
    assert len(blocks) >= 2
    assert all(block.split()[:3] == ["Partnership", "Resp.", "Dates"] for block in blocks)
    assert "Resp.:" not in table


HELP_COMMANDS = [[], ["score"], ["plan"], ["compare"], ["trend"], ["cluster"], ["validate"], ["template"], ["ask"],
                 ["import"], ["schema"], ["questionnaires"], ["questionnaires", "show"], ["help"]]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "lsp-check")
def test_every_help_text_fits_80_columns(runner, command):
    result = runner.invoke(cli, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert _widest(result.stdout) <= 80, [line for line in result.stdout.split("\n") if len(line) > 80]


def test_messages_on_a_terminal_are_wrapped_at_whole_words(monkeypatch, capsys):
    from lsp_check.cli import common

    monkeypatch.setattr(common, "_stderr_columns", lambda: 40)
    common.say("room/delegate-1.yaml:11:12: answers.general.trust: 'Oftne' is not an answer on the "
               "'frequency' scale (did you mean 'Often'?)")
    lines = capsys.readouterr().err.rstrip("\n").split("\n")
    assert lines[0] == "room/delegate-1.yaml:11:12:"
    assert all(len(line) <= 40 for line in lines) and all(line.startswith("  ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines).endswith("(did you mean 'Often'?)")


def test_messages_piped_stay_one_line_each(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: X\nanswers:\n  general:\n    trust: Oftne\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)], env={"COLUMNS": "40"})
    assert result.exit_code == 2
    assert result.stderr.split("\n")[0].startswith(f"{bad}:4:12: answers.general.trust: 'Oftne' is not an answer")


try:
    import pexpect
except ImportError:
    pexpect = None
pty_only = pytest.mark.skipif(pexpect is None or sys.platform == "win32", reason="needs pexpect and a pseudo-terminal")


def _in_a_terminal(*args: str, columns: int = 80) -> str:
    """What a command prints in an 80-column terminal (stdout and stderr both), line endings as typed."""
    child = pexpect.spawn(sys.executable, ["-m", "lsp_check", *args], env={**os.environ, "NO_COLOR": "1",
                          "TERM": "xterm"}, dimensions=(50, columns), encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    return child.before.replace("\r\n", "\n")


@pty_only
@pytest.mark.parametrize("args", [
    ["compare", *YEARS[:2]],
    ["trend", *YEARS],
    ["validate", str(ROOT / "tests" / "fixtures" / "forms")],
], ids=["compare", "trend", "validate"])
def test_verdict_lines_and_messages_fit_an_80_column_terminal(args):
    shown = _in_a_terminal(*args)
    assert _widest(shown) <= 80, [line for line in shown.split("\n") if len(line) > 80]


def test_compare_and_trend_verdict_lines_are_short(runner):
    compared = runner.invoke(cli, ["compare", *YEARS[:2]]).stderr.strip()
    trended = runner.invoke(cli, ["trend", *YEARS]).stderr.strip()
    assert compared == ("lsp-check: Local Spelthorne Partnership: 1 section up, 1 down, 1 level; "
                        "needs: 3 resolved, 2 in hand, 3 persisting, 1 new")
    assert trended == ("lsp-check: Local Spelthorne Partnership: 3 assessments, 2006-02-24 to 2008-03-07; latest step "
                       "(2007-03-02 → 2008-03-07): 2 sections up, 1 down, 0 level; needs at that step: 2 resolved, "
                       "1 in hand, 1 persisting, 3 raised")


def test_ask_messages_wrap_at_the_terminal_width(monkeypatch):
    import io

    from lsp_check.ask.terminal import RichTerminal

    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setenv("COLUMNS", "50")
    terminal = RichTerminal()
    terminal.say("Enter a number, an option or its id, and a note after a colon if you like (2: why); Enter skips.")
    terminal.say("Score it with: lsp-check score /a/long/path/to/the/answers/file/of/the/board.yaml", wrap=False)
    lines = stderr.getvalue().rstrip("\n").split("\n")
    assert all(len(line) <= 50 for line in lines[:-1]) and len(lines) == 3
    assert lines[-1] == "Score it with: lsp-check score /a/long/path/to/the/answers/file/of/the/board.yaml"
    assert terminal.width == 50


# -- Item 9: ask's notes, and organisation and sector in ask and template -----------------------------------------

@pytest.fixture
def asking(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    monkeypatch.setattr("lsp_check.cli.commands._stdin_is_terminal", lambda: True)
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "250"})


def _answers(path: Path, library):
    from lsp_check.load.answers import load_answers

    return load_answers(str(path), library)


def test_ask_takes_a_note_after_a_colon_and_never_prompts_for_one(asking, tmp_path, library):
    out = tmp_path / "answers.yaml"
    # A fast typist's answers, one per line: none of them may be taken for a note.
    typed = "LSP\n2006-02-24\n\n\n\n" + "3\n7\n2: Partners still put their own organisation first.\n1\nq\n"
    result = asking.invoke(cli, ["ask", "general", "-o", str(out)], input=typed)
    assert result.exit_code == 0, result.stderr
    assert "Note (optional)" not in result.stderr
    assert "'7' is not an answer here" in result.stderr
    general = _answers(out, library).answers["general"]
    assert [(a.value.label, a.note) for a in general.values()] == [
        ("Often", ""), ("Sometimes", "Partners still put their own organisation first."), ("Never", "")]


def test_ask_clears_a_note_with_a_dash_and_keeps_it_on_enter(asking, tmp_path, library):
    out = tmp_path / "answers.yaml"
    out.write_text("partnership: X\ndate: 2006-02-24\nrespondent: ''\norganisation: ''\nsector: ''\nanswers:\n"
                   "  general:\n    real-results: {answer: Often, note: Old note.}\n"
                   "    common-interest: {answer: Often, note: Keep me.}\n"
                   "    we-language: {answer: Often, note: Change me.}\n", encoding="utf-8")
    # Question 4 is the first unanswered: back to 3 (a new answer), back to 2 (Enter), back to 1 (clear the note);
    # after each, ask carries on at the first unanswered question.
    typed = "b\n4\n" + "b\nb\n\n" + "b\nb\nb\n3: -\n" + "q\n"
    result = asking.invoke(cli, ["ask", "general", "-o", str(out)], input=typed)
    assert result.exit_code == 0, result.stderr
    assert "Note: Old note. (kept unless you give another; ': -' after the answer clears it)" in result.stderr
    general = _answers(out, library).answers["general"]
    assert general["real-results"].note == ""
    assert general["common-interest"].note == "Keep me."
    assert (general["we-language"].value.label, general["we-language"].note) == ("Always", "Change me.")
    assert "note: -" not in out.read_text(encoding="utf-8")


def test_an_option_label_with_a_colon_is_still_that_option():
    from lsp_check.ask.session import _answer
    from lsp_check.questionnaire import Option, Scale

    scale = Scale.build("s", (Option("a", "Yes: fully", 1, "ok"), Option("b", "No", 0, "weak")))
    assert _answer(scale, "Yes: fully") == (scale.options[0], None)
    assert _answer(scale, "no: not yet") == (scale.options[1], "not yet")
    assert _answer(scale, "2:") == (scale.options[1], "")
    assert _answer(scale, "maybe: x") is None


def test_ask_asks_organisation_and_sector_and_by_sector_reads_them(asking, tmp_path, library):
    out = tmp_path / "answers.yaml"
    typed = "LSP\n2006-02-24\nA delegate\nRunnymede Borough Council\nBorough Council\n" + "3\n" * 8
    result = asking.invoke(cli, ["ask", "general", "-o", str(out)], input=typed)
    assert result.exit_code == 0, result.stderr
    assert "Organisation (optional)" in result.stderr and "Sector (optional" in result.stderr
    sheet = _answers(out, library)
    assert (sheet.organisation, sheet.sector) == ("Runnymede Borough Council", "council")


def test_template_offers_organisation_and_sector(runner, library, tmp_path):
    text = runner.invoke(cli, ["template", "general"]).stdout
    assert 'organisation: ""' in text and 'sector: ""' in text
    filled = tmp_path / "answers.yaml"
    filled.write_text(text.replace('partnership: ""', "partnership: X").replace('sector: ""', "sector: NHS Surrey"),
                      encoding="utf-8")
    assert _answers(filled, library).sector == "health"


# -- Item 4: the documentation is shipped and `lsp-check help` reads it ----------------------------------------

DOC_TOPICS = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))


def test_help_lists_every_page_of_the_docs_as_a_topic(runner):
    result = runner.invoke(cli, ["help"])
    assert result.exit_code == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.split("\n") if line.startswith("  ")]
    # the pages of docs/, then the survey tools' pages of docs/forms/ (test_shipped_help.py)
    assert listed == DOC_TOPICS + sorted(f"forms/{p.stem}" for p in (ROOT / "docs" / "forms").glob("*.md"))
    assert "  method        The scoring method" in result.stdout
    assert _widest(result.stdout) <= 80


@pytest.mark.parametrize("topic", DOC_TOPICS)
def test_help_topic_piped_is_plain_text_that_fits(runner, topic):
    result = runner.invoke(cli, ["help", topic], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    page = (ROOT / "docs" / f"{topic}.md").read_text(encoding="utf-8")
    assert widest_prose(result.stdout, page) <= 80  # code lines are printed whole, however wide
    title = page.split("\n")[0]
    assert result.stdout.startswith(title + "\n")  # the heading keeps its mark


def test_help_topic_says_the_help_command_for_other_pages(runner):
    text = " ".join(runner.invoke(cli, ["help", "ci"]).stdout.split())
    assert "the headline of lsp-check help method)" in text
    assert "method.md" not in text


def test_help_topic_on_a_terminal_goes_through_a_pager(runner, monkeypatch):
    paged = []
    monkeypatch.setattr("lsp_check.cli.help.stdout_is_terminal", lambda: True)
    monkeypatch.setattr("click.echo_via_pager", lambda text, color=None: paged.append(text))
    result = runner.invoke(cli, ["help", "method"])
    assert result.exit_code == 0 and result.stdout == ""
    assert paged and paged[0].startswith("# The scoring method")


def test_an_unknown_help_topic_is_exit_2_with_a_close_match(runner):
    result = runner.invoke(cli, ["help", "methd"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("lsp-check: no help topic 'methd' (did you mean 'method'?); topics: api, architecture,")


def test_help_of_a_command_is_its_help(runner):
    for words in (["score"], ["questionnaires", "show"]):
        shown = runner.invoke(cli, ["help", *words])
        assert shown.exit_code == 0
        assert shown.stdout == runner.invoke(cli, [*words, "--help"]).stdout


def _all_help(runner) -> dict[str, str]:
    texts = {}
    for command in HELP_COMMANDS:
        texts[" ".join(command)] = runner.invoke(cli, [*command, "--help"]).stdout
    return texts


def test_no_help_text_cites_a_docs_file_a_pip_user_does_not_have(runner):
    for command, text in _all_help(runner).items():
        assert "docs/" not in text and ".md" not in text, command
    cited = re.findall(r"'lsp-check help ([a-z]+)'", " ".join(" ".join(_all_help(runner).values()).split()))
    assert cited and set(cited) <= set(DOC_TOPICS)


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_the_wheel_ships_the_docs_and_help_reads_them_from_it(tmp_path, installed_wheel):
    import zipfile

    wheel, site = installed_wheel
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert {f"lsp_check/docs/{topic}.md" for topic in DOC_TOPICS} <= set(names)
    run = subprocess.run([sys.executable, "-m", "lsp_check", "help", "method"], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)}, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# The scoring method")
    located = subprocess.run([sys.executable, "-c", "import lsp_check.cli.help as h; print(h.docs_dir())"],
                             capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "PYTHONPATH": str(site)}, check=False)
    assert located.stdout.strip() == str(site / "lsp_check" / "docs")


# -- Item 2: --skip-invalid scores the valid files and names the bad ones ------------------------------------

@pytest.fixture
def room_with_a_typo(tmp_path):
    """The room of four delegates, one of whom wrote `trust: Oftne`."""
    import shutil

    room = tmp_path / "room"
    shutil.copytree(ROOM, room)
    bad = room / "delegate-1.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("trust: Always", "trust: Oftne"), encoding="utf-8")
    return room


TYPO = "answers.general.trust: 'Oftne' is not an answer on the 'frequency' scale (did you mean 'Often'?)"


def test_one_typo_still_stops_a_room_without_skip_invalid(runner, room_with_a_typo):
    result = runner.invoke(cli, ["score", str(room_with_a_typo)])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"delegate-1.yaml:11:12: {TYPO}" in result.stderr


def test_skip_invalid_scores_the_valid_files_and_names_the_bad_one_on_stderr(runner, room_with_a_typo):
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "-f", "json"])
    assert result.exit_code == 4, result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["groups"][0]["respondents"] == 3
    assert data["skipped"] == [{"file": None, "problem": "an answer not on its question's scale"}]
    lines = result.stderr.strip().split("\n")
    assert lines[0] == f"{room_with_a_typo / 'delegate-1.yaml'}:11:12: skipped: {TYPO}; expected one of: Never, " \
                       "Sometimes, Often, Always"
    assert lines[-1].startswith("lsp-check: INCOMPLETE: 1 file with a problem left out (--skip-invalid); "
                                "3 respondents, overall")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_skip_invalid_notes_the_files_left_out_in_every_document(runner, room_with_a_typo, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 4
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        import html

        text = html.unescape(" ".join(out.read_text(encoding="utf-8").split()))
    assert "1 file was left out of this report because it has a problem (--skip-invalid):" in text
    assert "an answer not on its question's scale" in text  # the kind of problem, not what was written
    assert "Oftne" not in text and "line 11" not in text
    assert "delegate-1.yaml" not in text  # a file's name may name its respondent


def test_skip_invalid_names_the_files_in_the_report_with_show_respondents(runner, room_with_a_typo):
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "--show-respondents"])
    assert result.exit_code == 4
    assert f"{room_with_a_typo / 'delegate-1.yaml'}: an answer not on its question's scale" \
        in " ".join(result.stdout.split())
    assert "Oftne" not in result.stdout  # respondents are named, but what the file left out says is not shown


def test_skip_invalid_in_github_warns_of_the_files_left_out_without_naming_them(runner, room_with_a_typo, monkeypatch):
    monkeypatch.chdir(room_with_a_typo.parent)
    result = runner.invoke(cli, ["score", "room", "--skip-invalid", "-f", "github"])
    assert result.exit_code == 4
    lines = result.stdout.split("\n")
    assert lines[0].startswith("::debug::")
    assert lines[1] == ("::warning title=lsp-check%3A file left out::1 file was left out of this report because it "
                        "has a problem (--skip-invalid): an answer not on its question's scale. The files and what is "
                        "wrong in them are not shown here, as they may say who answered what; lsp-check gives them on "
                        "stderr. Do not share this report beside a later one that includes the file left out: with "
                        "fewer than 3 left out, the two together would show what its respondent answered. Share one "
                        "or the other.")
    assert "delegate-1" not in result.stdout and "Oftne" not in result.stdout
    assert "::error" not in result.stdout
    assert lines[-2].startswith("::notice title=lsp-check::INCOMPLETE: 1 file with a problem left out")


def test_skip_invalid_with_a_failed_gate_exits_1_and_says_both(runner, room_with_a_typo):
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "--fail-under", "90", "-q"])
    assert result.exit_code == 1
    assert "lsp-check: INCOMPLETE: 1 file with a problem left out (--skip-invalid); FAIL:" in result.stderr


def test_skip_invalid_with_every_file_bad_is_still_bad_input(runner, tmp_path):
    for n in (1, 2):
        (tmp_path / f"r{n}.yaml").write_text("partnership: X\nanswers:\n  general:\n    trust: Oftne\n", "utf-8")
    result = runner.invoke(cli, ["score", str(tmp_path), "--skip-invalid"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("'Oftne' is not an answer") == 2


def test_skip_invalid_quiet_still_prints_the_incomplete_verdict(runner, room_with_a_typo):
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "-q"])
    assert result.exit_code == 4
    assert "INCOMPLETE" in result.stderr


def test_a_file_with_several_problems_is_left_out_with_its_first_and_a_count(runner, room_with_a_typo):
    (room_with_a_typo / "delegate-2.yaml").write_text(
        "partnership: Local Spelthorne Partnership\nanswers:\n  general:\n    trust: Oftn\n    we-language: Alwys\n"
        "    shared-rewards: Nevr\n", "utf-8")
    result = runner.invoke(cli, ["score", str(room_with_a_typo), "--skip-invalid", "-f", "json"])
    assert result.exit_code == 4
    second = [line for line in result.stderr.split("\n") if "delegate-2.yaml" in line]
    assert len(second) == 1 and second[0].endswith("(and 2 more problems)")


@pytest.mark.parametrize("command", [
    ["compare", "{room}", "{room}"],
    ["trend", SPELTHORNE, "{room}", str(EXAMPLES / "spelthorne-2008.yaml")],
    ["cluster", "{room}", str(EXAMPLES / "cluster")],
    ["plan", "{room}"],
], ids=["compare", "trend", "cluster", "plan"])
def test_skip_invalid_on_every_command_that_reads_a_room(runner, room_with_a_typo, command):
    room = room_with_a_typo
    if command[0] == "trend":  # trend needs each assessment on its own date
        for path in room.glob("*.yaml"):
            path.write_text(path.read_text("utf-8").replace("2006-02-24", "2007-03-02"), "utf-8")
    args = [a.format(room=room) for a in command]
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2
    result = runner.invoke(cli, [*args, "--skip-invalid"])
    assert result.exit_code == 4, result.stderr
    assert "skipped: answers.general.trust: 'Oftne'" in result.stderr
    assert "lsp-check: INCOMPLETE: " in result.stderr
    if command[0] != "plan":  # the plan's default, Markdown, carries the note too; checked below
        assert "left out of this report" in result.stdout
    else:
        assert result.stdout.startswith("**1 file was left out of this report")


# -- Item 10: CI parity ----------------------------------------------------------------------------------------

def test_validate_json_lists_what_passed_and_every_problem(runner, tmp_path):
    import json

    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: X\nanswers:\n  general:\n    trust: Oftne\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", SPELTHORNE, str(bad), "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert (data["schema_version"], data["kind"], data["valid"], data["status"]) == (3, "validation", False, 2)
    assert data["verdict"] == "1 file with 1 problem; 1 file valid: 1 answers file"
    assert [c["file"] for c in data["checked"]] == [SPELTHORNE]
    assert data["problems"] == [{"file": str(bad), "line": 4, "column": 12, "path": "answers.general.trust",
                                 "message": "'Oftne' is not an answer on the 'frequency' scale (did you mean "
                                            "'Often'?); expected one of: Never, Sometimes, Often, Always"}]
    assert "lsp-check: 1 file with 1 problem" in result.stderr


def test_validate_json_of_valid_files_exits_0(runner):
    import json

    result = runner.invoke(cli, ["validate", str(EXAMPLES / "cluster"), "-f", "json", "-v"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # -v adds nothing to the JSON on stdout
    assert data["valid"] is True and len(data["checked"]) == 15 and data["problems"] == []


def test_validate_github_annotates_each_problem_at_its_place(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text("partnership: X\nanswers:\n  general:\n    trust: Oftne\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "bad.yaml", "-f", "github"])
    assert result.exit_code == 2
    lines = result.stdout.strip().split("\n")
    assert lines[0] == "::debug::lsp-check github annotations, schema_version 1"
    assert lines[1].startswith("::error title=lsp-check%3A error,file=bad.yaml,line=4,col=12::bad.yaml: "
                               "answers.general.trust: 'Oftne' is not an answer")
    assert lines[2] == "::notice title=lsp-check::1 file with 1 problem; 0 files valid"


def test_compare_github_annotates_open_needs_and_fails_on_regression(runner):
    # 2006 → 2008: Managing performance falls two answer steps (2006 → 2007 is one step, not a regression).
    result = runner.invoke(cli, ["compare", YEARS[0], YEARS[2], "-f", "github", "--fail-on-regression",
                                 "--min-change", "5"])
    assert result.exit_code == 1
    out = result.stdout
    assert "::warning title=lsp-check%3A Local Spelthorne Partnership%3A need%3A resources::" in out
    assert out.count("::error ") == 1
    assert ("Managing performance fell from 80.0%25 to 66.7%25, by 5 points or more (--min-change)") in out
    assert out.strip().split("\n")[-1].startswith("::notice title=lsp-check::FAIL: Local Spelthorne Partnership")
    passed = runner.invoke(cli, ["compare", *YEARS[:2], "-f", "github"])
    assert passed.exit_code == 0 and "::error" not in passed.stdout


def test_trend_github_reads_the_latest_step(runner, tmp_path):
    # 2008 with its partnership structure fallen to "action is needed": Managing performance falls more than one
    # answer step since 2007 (as the examples stand, the latest step is one answer, one step: not a regression).
    fell = tmp_path / "spelthorne-2008.yaml"
    fell.write_text(Path(YEARS[2]).read_text(encoding="utf-8").replace(
        "    structure: YES – working well", "    structure: NO – action is needed"), encoding="utf-8")
    result = runner.invoke(cli, ["trend", *YEARS[:2], str(fell), "-f", "github", "--fail-on-regression",
                                 "--min-change", "5"])
    assert result.exit_code == 1
    assert "Managing performance fell from 73.3%25 to 46.7%25" in result.stdout
    assert "::warning title=lsp-check%3A Local Spelthorne Partnership%3A need%3A willingness to change::" \
           "Local Spelthorne Partnership: raised: willingness to change (Leadership)" in result.stdout
    assert result.stdout.count("::error ") == 1


def test_cluster_github_gives_the_shared_needs_ranked(runner):
    result = runner.invoke(cli, ["cluster", str(EXAMPLES / "cluster"), "-f", "github"])
    assert result.exit_code == 0
    lines = result.stdout.strip().split("\n")
    assert lines[1].startswith("::notice title=lsp-check%3A shared need::1. resources: 4 of 5 partnerships (")
    assert lines[-1] == "::notice title=lsp-check::5 partnerships, 9 needs; most shared: resources (4 of 5)"


@pytest.mark.parametrize("gate", ["60%", "60", " 60 %"])
def test_fail_under_takes_a_percent_sign(runner, gate):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under", gate])
    assert result.exit_code == 0, result.stderr
    assert "meets --fail-under 60" in result.stderr
    assert runner.invoke(cli, ["score", SPELTHORNE, "--fail-under", gate.replace("60", "64")]).exit_code == 1


@pytest.mark.parametrize("gate", ["Leadership=40", "leadership=40%", "LEADERSHIP = 40", "Managing performance=90"])
def test_fail_under_section_takes_a_title_as_well_as_an_id(runner, gate):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under-section", gate])
    assert result.exit_code == 1, result.stderr
    section = "Managing performance 80.0% below --fail-under-section performance=90" if "Managing" in gate else \
        "Leadership 26.7% below --fail-under-section leadership=40"
    assert section in result.stderr


def test_fail_under_section_with_an_unknown_title_suggests_one(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under-section", "Leadrship=40"])
    assert result.exit_code == 2
    assert "unknown section 'Leadrship' (did you mean 'leadership'?)" in result.stderr


def test_template_quiet(runner, tmp_path):
    loud = runner.invoke(cli, ["template", "general", "-o", str(tmp_path / "a.yaml")])
    quiet = runner.invoke(cli, ["template", "general", "-o", str(tmp_path / "b.yaml"), "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "wrote a blank answers file" in loud.stderr and quiet.stderr == ""
    assert (tmp_path / "b.yaml").read_text("utf-8") == (tmp_path / "a.yaml").read_text("utf-8")


# -- Item 8: a questionnaire author sees every problem in one pass -------------------------------------------

BOARD_CHECK = """\
id: board-check
title: Board check
scales:
  agree5:
    options:
      - {id: sd, lable: Strongly disagree, score: 1, level: weak}
      - {id: d, label: Disagree, score: 2, level: weak}
      - {id: n, label: Neither agree nor disagree, score: 3, level: tracked}
      - {id: a, label: Agree, score: 4}
      - {id: sa, label: Strongly agree, score: 5}
sections:
  - id: board
    title: The board
    scale: fivee
    bands:
      - {min: 2, max: 4, label: Weak, text: Rebuild the board around a shared purpose.}
      - {min: 6, max: 7, label: Developing, text: Act on the needs below.}
      - {min: 8, max: 10, label: Strong, text: Keep reviewing it every year.}
    questions:
      - id: purpose
        text: The board is clear about its purpose
        need: clarity of purpose
        actions: [hold a facilitated session to agree the board's purpose]
      - id: attendance
        text: The right people attend
        need: attendance
        actions: [agree who should attend and follow up absences]
"""


def test_questionnaire_author_sees_label_scale_and_band_gap_in_one_pass(runner, tmp_path):
    path = tmp_path / "board-check.yaml"
    path.write_text(BOARD_CHECK, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    problems = [line.split(": ", 1)[1] for line in result.stderr.strip().split("\n")[:-1]]
    assert problems == [
        "scales.agree5.options[0]: missing required key 'label'",
        "scales.agree5.options[0].lable: unknown key 'lable' (did you mean 'label'?); expected one of: id, label, "
        "score, level, urgent",
        "sections[0].scale: scale 'fivee' is not defined; defined scales: action, agree5, agreement, frequency, "
        "yes-partly-no; what uses it is checked further once it names a defined scale",
        "sections[0].bands[1]: no band covers 5, between band 'Weak' and band 'Developing'",
    ]
    assert result.stderr.strip().endswith("lsp-check: 1 file with 4 problems; 0 files valid")


def test_bands_of_a_section_that_cannot_be_built_are_still_checked_for_overlaps(runner, tmp_path):
    path = tmp_path / "board-check.yaml"
    path.write_text(BOARD_CHECK.replace("lable", "label").replace("{min: 6, max: 7", "{min: 4, max: 7"),
                    encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "sections[0].bands[1]: band 'Developing' (4–7) overlaps band 'Weak' (2–4)" in result.stderr
    assert "scale 'fivee' is not defined" in result.stderr


def test_an_unknown_scale_with_fractional_bands_reports_no_gap_it_cannot_know(runner, tmp_path):
    path = tmp_path / "board-check.yaml"
    text = BOARD_CHECK.replace("lable", "label").replace("    scale: fivee\n", "    scale: fivee\n    band_basis: mean\n")
    text = text.replace("{min: 2, max: 4,", "{min: 1, max: 2.49,").replace("{min: 6, max: 7,", "{min: 2.5, max: 3.99,")
    path.write_text(text.replace("{min: 8, max: 10,", "{min: 4, max: 5,"), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "no band covers" not in result.stderr and "overlaps" not in result.stderr


# -- Item 11: the smaller things -----------------------------------------------------------------------------

def test_one_respondent_with_a_weak_answer_is_singular(runner, tmp_path):
    text = " ".join(runner.invoke(cli, ["cluster", str(EXAMPLES / "cluster")]).stdout.split())
    assert not re.search(r"\b1 respondents", text)
    # A partnership of one respondent with a weak answer nobody else gave (in a room of three, one weak answer is an
    # individual view and raises no need: docs/method.md, rule 7).
    (tmp_path / "woking.yaml").write_text(
        "partnership: Woking Partnership\ndate: 2007-11-12\nanswers:\n  performance:\n"
        "    structure: NO – action is needed\n", encoding="utf-8")
    text = " ".join(runner.invoke(cli, ["cluster", str(EXAMPLES / "cluster"), str(tmp_path),
                                            "--show-respondents"]).stdout.split())
    assert "1 of 6 partnerships, 1 of 1 respondent with a weak answer" in text
    assert not re.search(r"\b1 respondents", text)


def test_one_of_two_scored_questions_is_answered(runner, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "pair.yaml").write_text(
        "id: pair\ntitle: Pair\nscales:\n  yn:\n    options:\n      - {id: n, label: No, score: 0, level: weak}\n"
        "      - {id: y, label: Yes, score: 1}\nsections:\n  - id: pair\n    title: Pair\n    scale: yn\n"
        "    bands:\n      - {min: 0, max: 1, label: Low}\n      - {min: 2, max: 2, label: High}\n    questions:\n"
        "      - {id: a, text: A, need: a, actions: [do a]}\n      - {id: b, text: B, need: b, actions: [do b]}\n",
        encoding="utf-8")
    text = runner.invoke(cli, ["questionnaires", "show", "pair", "--questionnaires", str(folder)]).stdout
    assert "Scored when at least 1 of its 2 scored questions is answered (min_answered)." in text


def test_compare_shows_every_need_group_even_when_empty(runner, tmp_path):
    same = runner.invoke(cli, ["compare", SPELTHORNE, SPELTHORNE])
    assert same.exit_code == 0
    for heading in ("Needs resolved (0)", "Needs now in hand (0)", "Needs persisting (8)", "New needs (0)"):
        assert heading in same.stdout
    assert same.stdout.count("  None.") == 3
    markdown = runner.invoke(cli, ["compare", SPELTHORNE, SPELTHORNE, "-f", "markdown"]).stdout
    assert "## Needs now in hand (0)\n\nNone." in markdown


def test_questions_that_moved_name_their_section_and_skip_an_unchanged_median(runner, tmp_path):
    import shutil

    then, now = tmp_path / "then", tmp_path / "now"
    shutil.copytree(ROOM, then)
    shutil.copytree(ROOM, now)
    moved = now / "delegate-1.yaml"  # one delegate's answer moves the mean but not the room's median
    moved.write_text(moved.read_text("utf-8").replace("real-results: Often", "real-results: Always"), "utf-8")
    text = runner.invoke(cli, ["compare", str(then), str(now), "-f", "markdown"]).stdout
    assert "Questions that moved" not in text
    single = runner.invoke(cli, ["compare", *YEARS[:2], "-f", "markdown"]).stdout
    assert "| General: Common interest supersedes partner interest | Sometimes | Often | +1 | ▲ up |" in single


def test_template_of_an_unknown_questionnaire_hints_at_questionnaires_dir(runner):
    result = runner.invoke(cli, ["template", "board-check"])
    assert result.exit_code == 2
    assert "unknown questionnaire or section 'board-check' (a questionnaire of your own? give --questionnaires " \
           "DIR)" in result.stderr
    typo = runner.invoke(cli, ["template", "generl"])
    assert "(did you mean 'general'?)" in typo.stderr and "of your own" not in typo.stderr


def test_cluster_csv_is_one_table(runner):
    import csv
    import io

    text = runner.invoke(cli, ["cluster", str(EXAMPLES / "cluster"), "-f", "csv", "--no-bom"]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == len(rows[0]) for row in rows) and [] not in rows
    assert rows[0][:4] == ["partnership", "respondents", "first date", "last date"]
    assert rows[0][8] == "resources (weak answers)"
    spelthorne = next(row for row in rows if row[0] == "Local Spelthorne Partnership")
    assert spelthorne[2:4] == ["2007-11-12", "2007-11-12"] and spelthorne[8] == "3"
    runnymede = next(row for row in rows if row[0] == "Runnymede Partnership")
    assert runnymede[8] == ""
    assert rows[-1][0] == "cluster median (lower)"


def test_plan_on_a_terminal_is_text_without_markdown_escapes(runner, monkeypatch):
    monkeypatch.setattr("lsp_check.cli.commands.stdout_is_terminal", lambda: True)
    shown = runner.invoke(cli, ["plan", SPELTHORNE])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Action plan: Local Spelthorne Partnership\n")
    assert "\\_" not in shown.stdout and "☐" in shown.stdout
    monkeypatch.setattr("lsp_check.cli.commands.stdout_is_terminal", lambda: False)
    assert runner.invoke(cli, ["plan", SPELTHORNE]).stdout.startswith("# ")


def test_a_backslash_quote_in_single_quotes_gets_a_hint(runner, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("partnership: 'Runnymede\\'s LSP'\nanswers:\n  general:\n    trust: Often\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{path}:1:26: invalid YAML: did not find expected key (while parsing a block mapping); line 1, column 24 "
        "has \\' inside single quotes, which YAML does not read as an escape: write the quote twice "
        "('Runnymede''s') or use double quotes")


@pytest.mark.parametrize("command", [["score", SPELTHORNE], ["compare", *YEARS[:2]], ["plan", SPELTHORNE]])
def test_format_pdf_says_how_to_get_a_pdf(runner, command):
    result = runner.invoke(cli, [*command, "--format", "pdf"])
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert "lsp-check writes no PDF: write the HTML report (-f html -o report.html) and print it to PDF from any " \
           "browser" in text


@pty_only
def test_score_piped_to_a_pager_fits_the_terminal_without_columns_exported():
    # An interactive shell sets COLUMNS but seldom exports it: stdout is a pipe, stderr is still the terminal.
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    child = pexpect.spawn("bash", ["-c", f"{sys.executable} -m lsp_check score {ROOM} | cat"],
                          env={**env, "NO_COLOR": "1", "TERM": "xterm"}, dimensions=(50, 80), encoding="utf-8",
                          timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before.replace("\r\n", "\n")
    assert child.exitstatus == 0
    assert _widest(shown) <= 80 and "Partnership health check: Local Spelthorne Partnership" in shown
