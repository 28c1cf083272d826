"""Answering in the terminal: through click's CliRunner with typed input, and through a real pseudo-terminal."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.load.answers import load_answers
from lsp_check.questionnaire import Option

HEADER = "Local Spelthorne Partnership\n2006-02-24\n\n\n\n"  # respondent, organisation, sector skipped
# The seed's General answers (Often, Sometimes, Always, Often, Often, Always, Often, Always), typed by
# number, by label (any case) and by option id, a note after its answer's colon.
SPELTHORNE_GENERAL = [
    ("3", ""),
    ("Sometimes", "Partners still put their own organisation first."),
    ("always", ""),
    ("often", ""),
    ("3", ""),
    ("4", ""),
    ("OFTEN", ""),
    ("Always", ""),
]
SEED_LABELS = ["Often", "Sometimes", "Always", "Often", "Often", "Always", "Often", "Always"]
GENERAL_IDS = [
    "real-results", "common-interest", "we-language", "mutual-accountability",
    "shared-rewards", "trust", "willing-to-change", "improve-performance",
]


def typed(pairs) -> str:
    return "".join(f"{answer}: {note}\n" if note else f"{answer}\n" for answer, note in pairs)


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    # CliRunner's input stands in for a person typing at a terminal (ask refuses piped input); a wide terminal
    # keeps each message (naming a long temporary path) on one line.
    monkeypatch.setattr("lsp_check.cli.commands._stdin_is_terminal", lambda: True)
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "250"})


def labels(path: Path, library, section: str = "general") -> dict[str, str]:
    sheet = load_answers(path, library)
    return {qid: a.value.label if isinstance(a.value, Option) else a.value
            for qid, a in sheet.answers.get(section, {}).items()}


# -- CliRunner: typed input ---------------------------------------------------------------------


def test_answers_by_number_label_and_id_score_like_the_seed(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Done: 8 of 8 questions answered" in result.stderr
    assert f"Score it with: lsp-check score {out}" in result.stderr
    sheet = load_answers(out, library)
    assert (sheet.partnership, sheet.date, sheet.respondent) == ("Local Spelthorne Partnership", "2006-02-24", "")
    assert list(labels(out, library).values()) == SEED_LABELS
    assert sheet.answers["general"]["common-interest"].note == "Partners still put their own organisation first."
    scored = runner.invoke(cli, ["score", str(out), "-f", "json"])
    assert scored.exit_code == 0
    general = json.loads(scored.stdout)["sections"][0]
    assert (general["score"], general["max"], general["band"]["label"]) == (18, 24, "Healthy, but risks ahead")


def test_the_file_is_written_in_the_documented_format_with_labels(runner, tmp_path):
    out = tmp_path / "answers.yaml"
    runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL[:2]) + "q\n")
    text = out.read_text(encoding="utf-8")
    assert "partnership: Local Spelthorne Partnership\n" in text
    assert (
        "answers:\n"
        "  general:\n"
        "    real-results: Often\n"
        "    common-interest:\n"
        "      answer: Sometimes\n"
        "      note: Partners still put their own organisation first.\n"
    ) in text


def test_section_title_is_shown_once_and_questions_are_numbered(runner, tmp_path):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    assert result.stderr.count("How partners work together day to day.") == 1
    assert "[1/8] Partners can demonstrate real results through collaboration" in result.stderr
    assert "1) Never  2) Sometimes  3) Often  4) Always" in result.stderr


def test_date_defaults_to_today_and_a_bad_date_is_asked_again(runner, tmp_path, library):
    import datetime

    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="LSP\n24/02/2006\n\n\n\n\nq\n")
    assert result.exit_code == 0
    assert "'24/02/2006' is not a date; expected YYYY-MM-DD" in result.stderr
    assert load_answers(out, library).date == datetime.date.today().isoformat()


def test_resume_starts_at_the_first_unanswered_question_and_keeps_everything(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    out.write_text(
        "partnership: Local Spelthorne Partnership\n"
        "date: 2006-02-24\n"
        "answers:\n"
        "  leadership:\n"
        "    common-vision: needs-improving   # an id, kept as written\n"
        "  general:\n"
        "    real-results: often\n"
        "    common-interest: {answer: Sometimes, note: Partners still put their own organisation first.}\n"
        "    we-language: Always\n"
        "    trust: {note: To discuss at the next board.}\n",
        encoding="utf-8",
    )
    rest = typed([("2", ""), ("3", ""), ("4", "Built over the last year."), ("3", ""), ("4", "")])
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="\n\n\n" + rest)
    assert result.exit_code == 0, result.stderr
    assert "Resuming: 3 of 8 answered; next is question 4 of 8." in result.stderr
    assert "[4/8]" in result.stderr and "[3/8]" not in result.stderr
    assert "Partnership:" not in result.stderr and "Date" not in result.stderr
    sheet = load_answers(out, library)
    general = sheet.answers["general"]
    assert general["common-interest"].note == "Partners still put their own organisation first."
    assert (general["trust"].value.label, general["trust"].note) == ("Always", "Built over the last year.")
    assert len(general) == 8
    assert sheet.answers["leadership"]["common-vision"].value.id == "needs-improving"
    assert "  leadership:\n    common-vision: needs-improving\n" in out.read_text(encoding="utf-8")


def test_a_note_without_an_answer_is_kept(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    out.write_text("partnership: X\ndate: 2006-02-24\nrespondent: ''\n"
                   "answers:\n  general:\n    trust: {note: To discuss.}\n", encoding="utf-8")
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="\n\n3\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "    trust:\n      answer: null\n      note: To discuss.\n" in out.read_text(encoding="utf-8")
    assert labels(out, library) == {"real-results": "Often"}


def test_resume_of_a_blank_template_asks_the_header_and_notes_that_comments_go(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    assert runner.invoke(cli, ["template", "general", "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    assert result.exit_code == 0, result.stderr
    assert "Resuming: 0 of 8 answered" in result.stderr
    assert "rewritten after every answer, without its comments" in result.stderr
    assert load_answers(out, library).partnership == "Local Spelthorne Partnership"


def test_everything_answered_already_just_says_so(runner, tmp_path):
    out = tmp_path / "answers.yaml"
    runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    before = out.read_bytes()
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="")
    assert result.exit_code == 0
    assert "Done: 8 of 8 questions answered" in result.stderr
    assert out.read_bytes() == before


def test_q_saves_and_quits_leaving_a_valid_file(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    typed_in = HEADER + typed(SPELTHORNE_GENERAL[:2]) + "q\n"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=typed_in)
    assert result.exit_code == 0
    assert f"Saved 2 answers to {out}; run the same command to resume." in result.stderr
    assert labels(out, library) == {"real-results": "Often", "common-interest": "Sometimes"}
    assert runner.invoke(cli, ["score", str(out)]).exit_code == 0


def test_end_of_input_midway_saves_and_exits_130(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL[:3]))
    assert result.exit_code == 130
    assert f"Saved 3 answers to {out}" in result.stderr
    assert len(labels(out, library)) == 3


def test_end_of_input_before_any_answer_writes_nothing(runner, tmp_path):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="")
    assert result.exit_code == 130
    assert "nothing was saved" in result.stderr
    assert not out.exists()


def test_enter_skips_and_the_summary_counts_what_is_left(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    answers = typed(SPELTHORNE_GENERAL[:1]) + "\n" + typed(SPELTHORNE_GENERAL[2:])
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + answers)
    assert result.exit_code == 0
    assert "Done: 7 of 8 questions answered (1 left unanswered)" in result.stderr
    assert "common-interest" not in labels(out, library)
    resumed = runner.invoke(cli, ["ask", "general", "-o", str(out)], input="never\n")
    assert "next is question 2 of 8" in resumed.stderr
    assert labels(out, library)["common-interest"] == "Never"


def test_b_goes_back_to_change_the_previous_answer(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    answers = "b\n" + "1\n" + "b\n" + "2\n" + typed(SPELTHORNE_GENERAL[1:])
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + answers)
    assert result.exit_code == 0, result.stderr
    assert "This is the first question." in result.stderr
    assert "Now: Never (Enter keeps it)" in result.stderr
    assert labels(out, library)["real-results"] == "Sometimes"


def test_an_answer_not_on_the_scale_is_asked_again_with_a_suggestion(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + "oftn\n5\n3\nq\n")
    assert "'oftn' is not an answer here (did you mean 'Often'?); enter 1-4" in result.stderr
    assert "'5' is not an answer here" in result.stderr
    assert labels(out, library) == {"real-results": "Often"}


def test_list_and_text_questions(runner, tmp_path, library):
    out = tmp_path / "answers.yaml"
    items = "Too many meetings\nNo shared budget\n\n" + "Different priorities\n\n" + "q\n"
    result = runner.invoke(cli, ["ask", "blockages", "-o", str(out)], input=HEADER + items)
    assert result.exit_code == 0, result.stderr
    assert labels(out, library, "blockages") == {
        "within-lsp": ("Too many meetings", "No shared budget"),
        "among-partners": ("Different priorities",),
    }
    text_out = tmp_path / "surrey.yaml"
    result = runner.invoke(cli, ["ask", "surrey-baseline", "-o", str(text_out)],
                           input=HEADER + "The board meets quarterly.\nq\n")
    assert result.exit_code == 0, result.stderr
    sheet = load_answers(text_out, library)
    (section,) = sheet.answers.values()
    assert [a.value for a in section.values()] == ["The board meets quarterly."]


@pytest.mark.parametrize("content", [
    "partnership: X\nanswers:\n  general:\n    real-results: Oftn\n",
    "answers:\n  general: [\n",
    "",
])
def test_an_invalid_existing_file_is_bad_input_and_left_byte_for_byte(runner, tmp_path, content):
    out = tmp_path / "answers.yaml"
    out.write_bytes(content.encode("utf-8"))
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    assert result.exit_code == 2
    assert str(out) in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == content.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_unknown_id_is_a_usage_error_with_a_suggestion(runner, tmp_path):
    result = runner.invoke(cli, ["ask", "generl", "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    assert "unknown questionnaire or section 'generl' (did you mean 'general'?)" in result.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_an_unwritable_place_is_refused_before_any_question(runner, tmp_path):
    (tmp_path / "no").write_text("a file where the folder would be\n", encoding="utf-8")
    result = runner.invoke(cli, ["ask", "general", "-o", str(tmp_path / "no" / "a.yaml")], input=HEADER)
    assert result.exit_code == 2
    assert "is a file, not a directory" in result.stderr
    assert "Partnership" not in result.stderr


def test_ctrl_c_while_the_file_is_being_written_still_keeps_that_answer(runner, tmp_path, library, monkeypatch):
    from lsp_check import writing as output
    from lsp_check.ask import draft

    calls = []

    def interrupted_once(path, text):
        calls.append(text)
        if len(calls) == 7:  # the header takes five saves; the second answer is the seventh
            raise KeyboardInterrupt
        output.write_atomic(path, text)

    monkeypatch.setattr(draft, "write_atomic", interrupted_once)
    out = tmp_path / "answers.yaml"
    result = runner.invoke(cli, ["ask", "general", "-o", str(out)], input=HEADER + typed(SPELTHORNE_GENERAL))
    assert result.exit_code == 130
    assert f"Saved 2 answers to {out}" in result.stderr
    assert labels(out, library) == {"real-results": "Often", "common-interest": "Sometimes"}


# -- a real pseudo-terminal ---------------------------------------------------------------------

try:
    import pexpect
except ImportError:  # pexpect is in the test extra; without it (or on Windows) only these tests are skipped
    pexpect = None
pty_only = pytest.mark.skipif(pexpect is None or sys.platform == "win32", reason="needs pexpect and a pseudo-terminal")


# How long an expectation may wait before the test fails: a net against a hang, never a speed test. Each
# expectation returns as soon as its text appears, so on a loaded machine the session is slower, not failed.
PATIENCE = 120


def spawn(path: Path):
    env = dict(os.environ, TERM="dumb", NO_COLOR="1")
    child = pexpect.spawn(
        sys.executable, ["-m", "lsp_check", "ask", "general", "-o", str(path)],
        env=env, timeout=PATIENCE, encoding="utf-8", dimensions=(24, 100),
    )
    child.delaybeforesend = None  # every send waits for its prompt first, so no pause is needed
    child.logfile_read = io.StringIO()
    return child


def answer(child, pairs) -> None:
    for reply, note in pairs:
        child.expect_exact("Answer: ")
        child.sendline(f"{reply}: {note}" if note else reply)


def start(child) -> None:
    child.expect_exact("Partnership: ")
    child.sendline("Local Spelthorne Partnership")
    child.expect_exact("Date, YYYY-MM-DD (")
    child.sendline("2006-02-24")
    for who in ("Respondent", "Organisation", "Sector"):
        child.expect_exact(f"{who} (optional")
        child.sendline("")


@pty_only
def test_ctrl_c_in_a_terminal_keeps_the_answers_and_the_same_command_resumes(tmp_path, library):
    out = tmp_path / "answers.yaml"
    child = spawn(out)
    start(child)
    answer(child, SPELTHORNE_GENERAL[:3])
    child.expect_exact("[4/8]")
    child.expect_exact("Answer: ")
    child.sendintr()
    child.expect(pexpect.EOF)
    # A dumb terminal is 80 columns wide: the message wraps, and a temporary path longer than that folds.
    assert "".join(f"Saved 3 answers to {out}; run the same command to resume.".split()) in "".join(
        child.before.split())
    child.close()
    assert child.exitstatus == 130
    assert "\x1b" not in child.logfile_read.getvalue()  # NO_COLOR: plain text only
    assert labels(out, library) == dict(zip(GENERAL_IDS[:3], SEED_LABELS[:3]))
    assert CliRunner().invoke(cli, ["score", str(out)]).exit_code == 0

    child = spawn(out)
    child.expect_exact("Resuming: 3 of 8 answered; next is question 4 of 8.")
    child.expect_exact("[4/8] Partners are mutually accountable")
    answer(child, SPELTHORNE_GENERAL[3:])
    child.expect_exact(f"Score it with: lsp-check score {out}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list(labels(out, library).values()) == SEED_LABELS


@pty_only
def test_a_killed_session_leaves_a_loadable_file(tmp_path, library):
    out = tmp_path / "answers.yaml"
    child = spawn(out)
    start(child)
    answer(child, SPELTHORNE_GENERAL[:2])
    child.expect_exact("[3/8]")
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL
    assert labels(out, library) == dict(zip(GENERAL_IDS[:2], SEED_LABELS[:2]))
    assert not [p for p in tmp_path.iterdir() if p.name != "answers.yaml"]
