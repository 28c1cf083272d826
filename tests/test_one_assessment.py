"""What a new user's trial found confusing, as each reader would meet it: a room that combines separate assessments
(method.md rule 17), a room's pooled figures named for what they are, the plan's introduction, one number per need,
a room's moved questions, a trend's need counts, a percent from a floor above 0, and the single file's JSON kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli
from lsp_check.method import SEPARATE_AFTER_DAYS, fieldwork_periods

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
WORKING, IMPROVING, NEEDED = "YES – working well", "YES – but needs improving", "NO – action is needed"


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(cli, list(args))


def _answers(path: Path, partnership: str, date: str, answers: dict[str, str], respondent: str = "") -> Path:
    """One delegate's answers to the Leadership section, every question working well unless given."""
    lines = [f"partnership: {partnership}", f"date: {date}"]
    if respondent:
        lines.append(f"respondent: {respondent}")
    lines += ["answers:", "  leadership:"]
    lines += [f"    {q}: {answers.get(q, WORKING)}" for q in LEADERSHIP]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _room(folder: Path, partnership: str, dates: list[str]) -> Path:
    for n, date in enumerate(dates, 1):
        _answers(folder / f"delegate-{n}.yaml", partnership, date, {"added-value": IMPROVING if n % 2 else WORKING})
    return folder


# --- Rule 17: one room, one assessment --------------------------------------------------------------------------


def test_dates_more_than_the_window_apart_start_a_new_period():
    assert SEPARATE_AFTER_DAYS == 31
    assert fieldwork_periods(["2024-03-01", "2024-04-01"]) == (("2024-03-01", "2024-04-01"),)  # 31 days: one
    assert fieldwork_periods(["2024-03-01", "2024-04-02"]) == (("2024-03-01", "2024-03-01"),
                                                               ("2024-04-02", "2024-04-02"))  # 32 days: two
    # The gap, not the span: answers every three weeks for three months are one fieldwork.
    assert len(fieldwork_periods(["2024-01-01", "2024-01-22", "2024-02-12", "2024-03-04"])) == 1
    assert fieldwork_periods(["2008-03-05", "", "2007-11-12", "2008-03-05"]) == (
        ("2007-11-12", "2007-11-12"), ("2008-03-05", "2008-03-05"))
    assert fieldwork_periods([]) == ()


def test_a_facilitator_with_baseline_and_follow_up_in_one_folder_is_warned_in_every_format(tmp_path):
    folder = _room(tmp_path / "answers", "Runnymede Partnership", ["2007-11-12"] * 3 + ["2008-03-05"] * 3)
    result = _invoke("score", str(folder))
    assert result.exit_code == 0, result.stderr
    said = ("Runnymede Partnership: answers dated 2007-11-12 to 2008-03-05 are combined into one room, though they "
            "look like 2 separate assessments (2007-11-12; 2008-03-05: more than 31 days pass between them with no "
            "answer)")
    assert said in " ".join(result.stderr.split()) and "warning:" in result.stderr
    text = " ".join(result.stdout.split())
    assert "Warning: answers dated 2007-11-12 to 2008-03-05 are combined into one room" in text
    for fmt in ("markdown", "html"):
        shown = " ".join(_invoke("score", str(folder), "-f", fmt).stdout.split())
        assert "answers dated 2007-11-12 to 2008-03-05 are combined into one room" in shown, fmt
    data = json.loads(_invoke("score", str(folder), "-f", "json").stdout)["groups"][0]
    assert data["fieldwork_periods"] == [{"first_date": "2007-11-12", "last_date": "2007-11-12"},
                                         {"first_date": "2008-03-05", "last_date": "2008-03-05"}]


def test_the_plan_and_the_sectors_of_such_a_room_say_it_too(tmp_path):
    folder = _room(tmp_path / "answers", "Runnymede Partnership", ["2007-11-12"] * 3 + ["2008-03-05"] * 3)
    said = "Warning: answers dated 2007-11-12 to 2008-03-05 are combined into one room"
    for fmt in ("text", "markdown", "html"):
        plan = _invoke("plan", str(folder), "-f", fmt)
        assert plan.exit_code == 0, plan.stderr
        assert said in " ".join(plan.stdout.split()), fmt
    sectors = _invoke("score", str(folder), "--by", "sector")
    assert sectors.exit_code == 0, sectors.stderr
    assert said in " ".join(sectors.stdout.split())


def test_strict_refuses_a_room_of_separate_assessments(tmp_path):
    folder = _room(tmp_path / "answers", "Runnymede Partnership", ["2007-11-12"] * 3 + ["2008-03-05"] * 3)
    result = _invoke("score", str(folder), "--strict")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "are combined into one room" in result.stderr and "Traceback" not in result.stderr


def test_a_form_left_open_for_nine_days_is_one_assessment(tmp_path):
    folder = _room(tmp_path / "answers", "Runnymede Partnership", ["2008-03-05", "2008-03-07", "2008-03-14"])
    result = _invoke("score", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "combined" not in result.stderr and "combined" not in result.stdout
    assert "3 respondents · 2008-03-05 to 2008-03-14" in result.stdout


def test_a_cluster_lead_sees_each_partnerships_dates_and_last_years_folder_beside_this_years(tmp_path):
    old = _room(tmp_path / "2007" / "runnymede", "Runnymede Partnership", ["2007-11-12"] * 3)
    new = _room(tmp_path / "2024" / "runnymede", "Runnymede Partnership", ["2024-03-14"] * 3)
    other = _room(tmp_path / "2024" / "elmbridge", "Elmbridge Partnership", ["2024-03-12", "2024-03-14", "2024-03-20"])
    result = _invoke("cluster", str(old), str(new), str(other))
    assert result.exit_code == 0, result.stderr
    assert "Runnymede Partnership: answers dated 2007-11-12 to 2024-03-14 are combined into one room" in " ".join(
        result.stderr.split())
    assert "Elmbridge" not in result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Partnership"))
    assert header.split()[:3] == ["Partnership", "Resp.", "Dates"]
    runnymede = next(line for line in lines if line.startswith("Runnymede Partnership"))
    assert runnymede.split()[2:5] == ["6", "2007-11-12", "to"]
    elmbridge = next(line for line in lines if line.startswith("Elmbridge Partnership"))
    assert "2024-03-12 to" in elmbridge
    assert "Warning: Runnymede Partnership: answers dated 2007-11-12 to 2024-03-14" in " ".join(result.stdout.split())
    data = json.loads(_invoke("cluster", str(old), str(new), str(other), "-f", "json").stdout)
    rows = {p["partnership"]: p for p in data["partnerships"]}
    assert (rows["Runnymede Partnership"]["first_date"], rows["Runnymede Partnership"]["last_date"]) == (
        "2007-11-12", "2024-03-14")
    assert len(rows["Runnymede Partnership"]["fieldwork_periods"]) == 2
    assert len(rows["Elmbridge Partnership"]["fieldwork_periods"]) == 1
    table = _invoke("cluster", str(old), str(new), str(other), "-f", "csv").stdout.splitlines()
    assert table[0].lstrip("\ufeff").startswith("partnership,respondents,first date,last date,")
    assert any(line.startswith("Runnymede Partnership,6,2007-11-12,2024-03-14,") for line in table)


def test_scoring_every_example_warns_of_the_spelthorne_checks_combined():
    result = _invoke("score", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stderr.split())
    # Each check is one respondent's: the warning names no period and suggests no report of one (docs/privacy.md).
    assert ("spelthorne-2007.yaml:6:1: warning: date: Local Spelthorne Partnership: some answers are dated more than "
            "31 days apart from the rest, so this room may combine separate assessments; check the answers' dates") \
        in flat
    assert "2007-03-02" not in flat


# --- A room's overall figures, named for what they are ----------------------------------------------------------


def test_a_rooms_pooled_figures_give_the_pooled_percent_and_the_headline_is_its_own(tmp_path):
    folder = tmp_path / "room"
    for n, (first, second) in enumerate([(NEEDED, WORKING), (IMPROVING, WORKING), (WORKING, NEEDED)], 1):
        _answers(folder / f"d{n}.yaml", "Runnymede Partnership", "2024-03-14",
                 {"common-vision": first, "added-value": second})
    data = json.loads(_invoke("score", str(folder), "-f", "json").stdout)["groups"][0]["overall"]
    assert not {"score", "min", "max"} & set(data)
    pooled = (data["pooled_score"] - data["pooled_min"]) / (data["pooled_max"] - data["pooled_min"]) * 100
    assert round(pooled, 1) == data["pooled_percent"]

    import lsp_check

    room = lsp_check.assess([str(folder)]).rooms[0]
    assert (room.overall.pooled_score, room.overall.pooled_max) == (data["pooled_score"], data["pooled_max"])
    assert room.overall.percent == data["percent"] and not hasattr(room.overall, "score")


def test_the_single_files_json_names_its_kind():
    data = json.loads(_invoke("score", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "json").stdout)
    assert list(data)[:2] == ["schema_version", "kind"] and data["kind"] == "single"
    assert (data["overall"]["score"], data["overall"]["max"], data["overall"]["percent"]) == (34, 54, 63.0)


# --- The plan's introduction, one number per need -----------------------------------------------------------------

BOARD = """\
id: board-check
title: Board check
scales:
  agree5:
    options:
      - {id: sd, label: Strongly disagree, score: 1, level: weak}
      - {id: d, label: Disagree, score: 2, level: weak}
      - {id: n, label: Neither agree nor disagree, score: 3, level: tracked}
      - {id: a, label: Agree, score: 4}
      - {id: sa, label: Strongly agree, score: 5}
sections:
  - id: board
    title: The board
    scale: agree5
    questions:
      - {id: purpose, text: The board is clear about its purpose, need: clarity of purpose,
         actions: [review the terms of reference]}
      - {id: attendance, text: The right people attend, need: attendance,
         actions: [agree who should attend and follow up absences]}
"""


@pytest.fixture
def board(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "board-check.yaml").write_text(BOARD, encoding="utf-8")
    answers = tmp_path / "bc-answers.yaml"
    answers.write_text("partnership: Test\ndate: 2024-05-01\nanswers:\n  board:\n    purpose: Disagree\n"
                       "    attendance: sd\n", encoding="utf-8")
    return str(answers), str(tmp_path / "mine")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_plan_speaks_of_its_own_scale_and_of_agreed_actions_only_when_there_are_some(board, fmt):
    answers, mine = board
    shown = " ".join(_invoke("score", answers, "--questionnaires", mine, "-f", fmt).stdout.split())
    assert "The suggested actions, numbered down the page." in shown
    assert "within each, the lower the number the more urgent (the more severe the answer on its scale, the " \
           "higher; answers of “Strongly disagree” first)" in shown
    assert "action is needed" not in shown and "already agreed" not in shown.lower()
    seed = " ".join(_invoke("plan", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", fmt).stdout.split())
    assert "Actions already agreed come first, marked agreed; then the suggested actions" in seed
    assert "answers of “NO – action is needed” first" in seed


def test_a_floor_above_zero_is_said_on_the_verdict_line(board):
    answers, mine = board
    result = _invoke("score", answers, "--questionnaires", mine)
    assert result.exit_code == 0, result.stderr
    assert "overall 3 of 10 (12.5%: the lowest possible is 2), 2 needs" in result.stderr
    assert "its lowest possible score is 2" in " ".join(result.stdout.split())


def test_a_need_has_one_number_in_a_report_its_priority():
    text = _invoke("score", str(EXAMPLES / "spelthorne-2006.yaml")).stdout
    record = text.split("Overall Record", 1)[1].split("Action plan", 1)[0]
    needs = [line[2:].split("  (")[0].removesuffix(" (urgent)") for line in record.splitlines()
             if line.startswith("■ ")]
    assert needs == ["common vision", "added value", "willingness to change", "support for partnership working",
                     "aligning objectives", "objectives & milestones", "resources",
                     "project management & co-ordination"]  # the seed's order
    assert not any(line[:1].isdigit() for line in record.splitlines())
    plan = text.split("Action plan", 1)[1]
    assert "  1. added value" in plan
    markdown = _invoke("score", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "html").stdout
    assert "<h3>common vision</h3>" in markdown and "<h3>1. " not in markdown


# --- A room's moved questions, a trend's need counts ---------------------------------------------------------------


def test_a_moved_questions_arrow_follows_its_median_answers_and_its_figures_say_they_are_means(tmp_path):
    # Then: working well, working well, action needed (median working well, mean 2); now: needs improving twice,
    # working well twice (median needs improving, mean 2.5). The median fell while the mean rose.
    for n, answer in enumerate([WORKING, WORKING, NEEDED], 1):
        _answers(tmp_path / "then" / f"d{n}.yaml", "Runnymede Partnership", "2024-03-14", {"added-value": answer})
    for n, answer in enumerate([IMPROVING, IMPROVING, WORKING, WORKING], 1):
        _answers(tmp_path / "now" / f"d{n}.yaml", "Runnymede Partnership", "2024-09-14", {"added-value": answer})
    result = _invoke("compare", str(tmp_path / "then"), str(tmp_path / "now"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if "Partners focus on partnership added value" in line)
    assert lines[at].startswith("▼ ")
    assert f"{WORKING} → {IMPROVING}  (mean 2 → 2.5, +0.5; median down, mean up)" in " ".join(lines[at:at + 3])
    assert "a room's figures are the mean score of its answers" in " ".join(result.stdout.split())
    markdown = _invoke("compare", str(tmp_path / "then"), str(tmp_path / "now"), "-f", "markdown").stdout
    # The arrow has its own column, apart from the change in the mean it may contradict.
    assert "| Question | Then (median) | Now (median) | Change in the mean | Movement |" in markdown
    assert f"| {WORKING} | {IMPROVING} | +0.5 | ▼ median down, mean up |" in markdown
    html = _invoke("compare", str(tmp_path / "then"), str(tmp_path / "now"), "-f", "html").stdout
    assert f"<td>{WORKING} (mean 2)</td><td>{IMPROVING} (mean 2.5)</td>" in html.replace("&nbsp;", " ")
    question = next(q for q in json.loads(_invoke("compare", str(tmp_path / "then"), str(tmp_path / "now"), "-f",
                                                  "json").stdout)["questions"] if q["question"] == "added-value")
    assert (question["direction"], question["change_direction"], question["change"]) == ("down", "up", 0.5)


def test_a_question_whose_median_answer_fell_while_its_mean_stayed_is_listed_as_moved(tmp_path):
    # Then: working well twice, action needed (median working well, mean 2); now: needs improving three times
    # (median needs improving, mean 2). The answer fell; the mean did not move.
    for n, answer in enumerate([WORKING, WORKING, NEEDED], 1):
        _answers(tmp_path / "then" / f"d{n}.yaml", "Runnymede Partnership", "2024-03-14", {"added-value": answer})
    for n in range(1, 4):
        _answers(tmp_path / "now" / f"d{n}.yaml", "Runnymede Partnership", "2024-09-14", {"added-value": IMPROVING})
    text = _invoke("compare", str(tmp_path / "then"), str(tmp_path / "now")).stdout
    moved = text.split("Questions that moved", 1)[1]
    assert "▼ Leadership: Partners focus on partnership added value" in moved
    assert f"{WORKING} → {IMPROVING} (mean 2 → 2, +0; median down, mean level)" in " ".join(moved.split())
    question = next(q for q in json.loads(_invoke("compare", str(tmp_path / "then"), str(tmp_path / "now"), "-f",
                                                  "json").stdout)["questions"] if q["question"] == "added-value")
    assert (question["direction"], question["change_direction"]) == ("down", "level")


def test_a_files_own_score_beside_a_rooms_mean_is_not_called_a_mean(tmp_path):
    _answers(tmp_path / "then.yaml", "Runnymede Partnership", "2024-03-14", {"added-value": WORKING})
    for n, answer in enumerate([IMPROVING, IMPROVING, WORKING], 1):
        _answers(tmp_path / "now" / f"d{n}.yaml", "Runnymede Partnership", "2024-09-14", {"added-value": answer})
    text = " ".join(_invoke("compare", str(tmp_path / "then.yaml"), str(tmp_path / "now")).stdout.split())
    assert f"{WORKING} → {IMPROVING} (3 → mean 2.33, -0.67)" in text
    markdown = _invoke("compare", str(tmp_path / "then.yaml"), str(tmp_path / "now"), "-f", "markdown").stdout
    assert "| Question | Then | Now (median) | Change in score | Movement |" in markdown


def test_two_answers_files_moved_questions_keep_their_scores():
    text = _invoke("compare", str(EXAMPLES / "spelthorne-2006.yaml"), str(EXAMPLES / "spelthorne-2007.yaml")).stdout
    assert "mean" not in text.split("Questions that moved", 1)[1].split("Needs", 1)[0]


def test_a_trends_need_counts_name_their_scope():
    years = [str(EXAMPLES / f"spelthorne-{year}.yaml") for year in (2006, 2007, 2008)]
    result = _invoke("trend", *years)
    assert result.exit_code == 0, result.stderr
    assert ("Needs over all 3 assessments (2006-02-24 to 2008-03-07), each as the last comparison that spoke of it "
            "leaves it: 4 resolved") in " ".join(result.stdout.split())
    assert "latest step (2007-03-02 → 2008-03-07)" in result.stderr
    assert "needs at that step: 2 resolved" in result.stderr


# --- The --skip-invalid note ---------------------------------------------------------------------------------------


def test_the_skipped_notes_footnote_is_a_paragraph_flush_left(tmp_path):
    folder = _room(tmp_path / "answers", "Runnymede Partnership", ["2024-03-14"] * 3)
    (folder / "delegate-4.yaml").write_text("partnership: Runnymede Partnership\ndate: 2024-03-14\nanswers:\n"
                                            "  leadership:\n    common-vision: Oftn\n", encoding="utf-8")
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "60"}).invoke(cli, ["score", str(folder), "--skip-invalid"])
    assert result.exit_code == 4
    note = result.stdout.split("\n\n", 1)[0].splitlines()
    footnote = note[next(n for n, line in enumerate(note) if line.startswith("The files and what is wrong")):]
    assert len(footnote) > 1 and not any(line.startswith(" ") for line in footnote)
    first = next(n for n, line in enumerate(note) if line.startswith("  an answer not on"))
    assert all(line.startswith("    ") for line in note[first + 1:len(note) - len(footnote)])
    assert not any(line.startswith(" ") for line in note[:first])  # the heading, flush left too
