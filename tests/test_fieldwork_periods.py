"""A room whose answers look like separate assessments combined (docs/method.md, rule 17): what it says, where,
and that what it says never leads a facilitator to give a late respondent away (docs/privacy.md); and how a fall
short of --min-change before rounding reads (rule 12)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.figures import below, short_fall
from lsp_check.method import Period, fall_to_explain, periods_apart, periods_of, short_of_min_change
from lsp_check.report.model.words import combined_assessments

NEEDED, IN_HAND, IMPROVING, WORKING = ("NO – action is needed", "No – but action is in hand",
                                       "YES – but needs improving", "YES – working well")
LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
SMALL_PERIOD = ("some answers are dated more than 31 days apart from the rest, so this room may combine separate "
                "assessments; check the answers' dates")


def _invoke(*args: str):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))
    assert "Traceback" not in result.output + result.stderr
    return result


def _delegate(path: Path, date: str, answers: tuple[str, ...], partnership: str = "Testborough Partnership") -> Path:
    """One delegate's answers to Leadership, in the order of LEADERSHIP; ``date:`` on line 2, column 1."""
    lines = [f"partnership: {partnership}", f"date: {date}", "answers:", "  leadership:"]
    lines += [f"    {q}: {a}" for q, a in zip(LEADERSHIP, answers)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Four delegates answer at the board meeting; one absentee answers six weeks later.
MEETING = [(WORKING, WORKING, IMPROVING, NEEDED, WORKING),
           (IMPROVING, WORKING, WORKING, IN_HAND, WORKING),
           (WORKING, NEEDED, IMPROVING, WORKING, IN_HAND),
           (NEEDED, WORKING, IN_HAND, WORKING, WORKING)]
LATE = (IMPROVING, IN_HAND, NEEDED, IMPROVING, NEEDED)


@pytest.fixture
def four_and_one(tmp_path: Path) -> Path:
    room = tmp_path / "room"
    for n, answers in enumerate(MEETING, 1):
        _delegate(room / f"delegate-{n}.yaml", "2024-03-14", answers)
    _delegate(room / "delegate-5.yaml", "2024-05-01", LATE)
    return room


def _distributions(report: dict) -> dict[str, Counter[str]]:
    """Each Leadership question's published distribution of answers."""
    items = report["groups"][0]["sections"][0]["items"]
    return {item["question"]: Counter({c["label"]: c["count"] for c in item["distribution"] if c["count"]})
            for item in items}


# --- Privacy: the tool's own advice on a room of four and one late respondent --------------------------------------


def test_the_advice_on_a_room_of_four_and_one_late_respondent_gives_nobody_away(four_and_one, tmp_path):
    # The attack the old advice led to: the meeting's report of four, less the room's of five, is the late
    # respondent's answer to every question.
    meeting = tmp_path / "meeting"
    for n in range(1, 5):
        (meeting / f"delegate-{n}.yaml").parent.mkdir(exist_ok=True)
        (meeting / f"delegate-{n}.yaml").write_text((four_and_one / f"delegate-{n}.yaml").read_text("utf-8"), "utf-8")
    room = json.loads(_invoke("score", str(four_and_one), "-f", "json").stdout)
    four = json.loads(_invoke("score", str(meeting), "-f", "json").stdout)
    subtracted = {q: +(_distributions(room)[q] - _distributions(four)[q]) for q in LEADERSHIP}
    assert subtracted == {q: Counter({answer: 1}) for q, answer in zip(LEADERSHIP, LATE)}

    # So the tool no longer advises making that pair, nor names the late period's dates, in any report or on stderr.
    for fmt in ("text", "markdown", "html", "github"):
        result = _invoke("score", str(four_and_one), "-f", fmt)
        assert result.exit_code == 0, result.stderr
        for said in (" ".join(result.stdout.split()), " ".join(result.stderr.split())):
            assert SMALL_PERIOD in said.replace("%3A", ":").replace("&#39;", "'"), fmt
            assert "score each assessment" not in said and "compare them" not in said, fmt
            assert "separate assessments (" not in said and "2024-03-14;" not in said, fmt

    # Following the advice given (check the dates, then publish the room), the room's report is all there is, and
    # from it every question leaves more than one answer the late respondent could have given.
    for question, late in zip(LEADERSHIP, LATE):
        could_have = {answer for answer, count in _distributions(room)[question].items() if count}
        assert late in could_have and len(could_have) > 1, question

    # A facilitator who compares the two periods anyway is told that the late side keeps nobody anonymous.
    late = tmp_path / "late"
    late.mkdir()
    (late / "delegate-5.yaml").write_text((four_and_one / "delegate-5.yaml").read_text("utf-8"), "utf-8")
    compared = _invoke("compare", str(meeting), str(late))
    assert compared.exit_code == 0, compared.stderr
    assert ("Only 1 respondent at the follow-up, fewer than 3: nobody's answers are anonymous here, as each "
            "respondent can work out the others' from these figures.") in " ".join(compared.stdout.split())
    markdown = _invoke("compare", str(meeting), str(late), "-f", "markdown").stdout
    assert "nobody's answers are anonymous here" in " ".join(markdown.split())
    data = json.loads(_invoke("compare", str(meeting), str(late), "-f", "json").stdout)
    assert (data["baseline"]["small_room"], data["followup"]["small_room"]) == (False, True)


def test_two_periods_of_three_each_are_named_and_compared_apart(tmp_path):
    room = tmp_path / "room"
    for n in range(3):
        _delegate(room / f"then-{n}.yaml", "2007-11-12", MEETING[n])
        _delegate(room / f"now-{n}.yaml", "2008-03-05", MEETING[n + 1])
    result = _invoke("score", str(room))
    assert result.exit_code == 0, result.stderr
    assert ("Warning: answers dated 2007-11-12 to 2008-03-05 are combined into one room, though they look like 2 "
            "separate assessments (2007-11-12; 2008-03-05: more than 31 days pass between them with no answer); "
            "score each assessment's files on its own, or compare them with lsp-check compare or lsp-check trend."
            ) in " ".join(result.stdout.split())


def test_a_trend_says_of_an_assessment_below_the_threshold_that_nobody_is_anonymous(tmp_path):
    for year, date in ((2006, "2006-02-24"), (2007, "2007-03-02")):
        for n in range(3):
            _delegate(tmp_path / str(year) / f"d{n}.yaml", date, MEETING[n])
    _delegate(tmp_path / "2008" / "d0.yaml", "2008-03-07", LATE)
    result = _invoke("trend", *(str(tmp_path / str(year)) for year in (2006, 2007, 2008)))
    assert result.exit_code == 0, result.stderr
    read = " ".join(result.stdout.split("\n\n")[0].split())
    assert ("2008-03-07: " + str(tmp_path / "2008") + " (Only 1 respondent, fewer than 3: nobody's answers are "
            "anonymous here, as each respondent can work out the others' from these figures)") in read
    assert read.count("nobody's answers") == 1  # the rooms of three are anonymous
    data = json.loads(_invoke("trend", *(str(tmp_path / str(year)) for year in (2006, 2007, 2008)), "-f",
                              "json").stdout)
    assert [a["small_room"] for a in data["assessments"]] == [False, False, True]


# --- One review, for validate and score, located at the later period's date: ---------------------------------------


def test_validate_and_score_review_a_room_alike_and_point_at_the_later_periods_date(four_and_one):
    at = f"{four_and_one / 'delegate-5.yaml'}:2:1:"
    for command in ("validate", "score"):
        strict = _invoke(command, str(four_and_one), "--strict")
        assert strict.exit_code == 2, (command, strict.stderr)
        assert strict.stdout == "" if command == "score" else True
        assert f"{at} date: Testborough Partnership: {SMALL_PERIOD}" in " ".join(strict.stderr.split()), command
        loose = _invoke(command, str(four_and_one))
        assert loose.exit_code == 0, (command, loose.stderr)
        assert (f"{at} warning: date: Testborough Partnership: {SMALL_PERIOD} (--strict refuses it)"
                in " ".join(loose.stderr.split())), command


def test_validate_agrees_with_score_on_the_examples_under_strict():
    from conftest import EXAMPLES

    args = [str(EXAMPLES / "cluster" / "runnymede"), str(EXAMPLES / "sectors"), "--strict"]
    validated, scored = _invoke("validate", *args), _invoke("score", *args)
    assert (validated.exit_code, scored.exit_code) == (2, 2)
    assert f"{EXAMPLES / 'sectors' / 'respondent-01.yaml'}:3:1: date: Runnymede Partnership: answers dated" \
        in validated.stderr
    assert validated.stderr.splitlines()[0] == scored.stderr.splitlines()[0]


# --- Every format gets it from the model ---------------------------------------------------------------------------


def test_github_sectors_json_and_plan_json_carry_the_periods(tmp_path):
    room = tmp_path / "room"
    for n in range(3):
        _delegate(room / f"then-{n}.yaml", "2007-11-12", MEETING[n])
        _delegate(room / f"now-{n}.yaml", "2008-03-05", MEETING[n + 1])
    periods = [{"first_date": "2007-11-12", "last_date": "2007-11-12"},
               {"first_date": "2008-03-05", "last_date": "2008-03-05"}]
    github = _invoke("score", str(room), "-f", "github").stdout
    warning = next(line for line in github.splitlines() if "dates::" in line)
    assert warning.startswith("::warning title=lsp-check%3A Testborough Partnership%3A dates::Testborough Partnership"
                              ": answers dated 2007-11-12 to 2008-03-05 are combined into one room")
    sectors = json.loads(_invoke("score", str(room), "--by", "sector", "-f", "json").stdout)
    assert sectors["partnerships"][0]["fieldwork_periods"] == periods
    plans = json.loads(_invoke("plan", str(room), "-f", "json").stdout)
    assert plans["plans"][0]["fieldwork_periods"] == periods


# --- The rule and its words, on small literal cases ----------------------------------------------------------------


def test_periods_count_their_respondents_and_are_named_only_when_each_meets_the_threshold():
    periods = periods_of({"2024-03-14": 4, "2024-03-20": 0, "2024-05-01": 1})
    assert periods == (Period("2024-03-14", "2024-03-20", 4), Period("2024-05-01", "2024-05-01", 1))
    assert not periods_apart(periods, 3) and periods_apart(periods_of({"2024-03-14": 3, "2024-05-01": 3}), 3)
    assert combined_assessments(periods, 3) == SMALL_PERIOD
    assert "2024-05-01" not in combined_assessments(periods, 3)
    assert combined_assessments((Period("2024-03-14", "2024-03-14", 4),), 3) == ""
    named = combined_assessments((Period("2024-03-14", "2024-03-20", 3), Period("2024-05-01", "2024-05-01", 3)), 3)
    assert named.startswith("answers dated 2024-03-14 to 2024-05-01 are combined into one room, though they look "
                            "like 2 separate assessments (2024-03-14 to 2024-03-20; 2024-05-01: ")


# --- A fall short of --min-change before rounding ------------------------------------------------------------------


def test_a_fall_between_the_threshold_and_its_two_place_rounding_reads_below_the_threshold(tmp_path):
    # One answer one step down of five: -6.667 points, shown -6.7; against --min-change 6.67 (above the exact fall,
    # below its rounding to two places, 6.67) it must not read "6.67 ..., less than --min-change".
    then = _delegate(tmp_path / "then.yaml", "2024-03-14", (WORKING,) * 5)
    now = _delegate(tmp_path / "now.yaml", "2024-09-14", (IMPROVING,) + (WORKING,) * 4)
    result = _invoke("compare", str(then), str(now), "--fail-on-regression", "--min-change", "6.67")
    assert result.exit_code == 0, result.stderr
    assert ("no section regressed: Leadership 100.0% → 93.3% fell 6.66 points before rounding, less than "
            "--min-change 6.67") in result.stderr
    markdown = _invoke("compare", str(then), str(now), "--min-change", "6.67", "-f", "markdown").stdout
    assert "not a regression: 6.66 points before rounding, less than --min-change 6.67" in markdown
    assert "6.67 points" not in markdown + result.stderr


def test_a_fall_is_cut_never_rounded_and_chosen_for_explaining_on_its_exact_change():
    assert short_fall(-6.6667, 6.67) == "6.66 points before rounding, less than --min-change 6.67"
    assert short_fall(-29.1667, 29.2) == "29.16 points before rounding, less than --min-change 29.2"
    assert below(59.96, 60) == "59.96%" and below(5.0, 10, "") == "5.0"
    assert below(56.25, 56.3) == "56.25%" and below(62.96, 63) == "62.96%"
    assert short_of_min_change(-6.6667, 6.67) and not short_of_min_change(-6.67, 6.67)
    # Shown -10.0, exactly -10.04, against 10.03: the exact fall reaches it, so a pass must say why.
    assert fall_to_explain(-10.0, -10.04, 10.03)
    assert fall_to_explain(-6.7, -6.6667, 6.67)  # shown at it, exactly short of it
    assert not fall_to_explain(-6.6, -6.6, 6.67) and not fall_to_explain(0.0, 0.0, 0.0)
