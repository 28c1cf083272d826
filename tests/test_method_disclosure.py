"""The figures the method's second pass added (the pooled figure beside a room's headline, scaled totals and
ranges, compare's respondents and its leave-one-out note, --same-respondents) under disclosure control
(docs/privacy.md): each shown where the anonymity rules allow it and withheld where they do not, through the
command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
PERFORMANCE = ("structure", "roles", "objectives", "resources", "project-management")
CODES = {"AN": "action-needed", "AH": "action-in-hand", "NI": "needs-improving", "WW": "working-well"}
# Leadership answers totalling a score out of 15 (AN 0, AH 1, NI 2, WW 3).
TOTALS = {3: "AH AH AH AN AN", 6: "NI AH AH AH AH", 12: "WW WW WW AH NI", 15: "WW WW WW WW WW"}


def _run(*args: str):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.stderr
    assert "Traceback" not in result.stderr
    return result


def _plain(text: str) -> str:
    return " ".join(text.split())


def _answers(codes: str, questions: tuple[str, ...] = LEADERSHIP) -> dict[str, str]:
    return {q: CODES[c] for q, c in zip(questions, codes.split()) if c != "-"}


def _sheet(path: Path, respondent: str = "", **sections: dict[str, str]) -> Path:
    lines = ["partnership: P"] + ([f"respondent: {respondent}"] if respondent else []) + ["answers:"]
    for section, answers in sections.items():
        lines.append(f"  {section}:")
        lines += [f"    {q}: {a}" for q, a in answers.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- The pooled figure beside a room's headline ------------------------------------------------------------------


def _different_sections(directory: Path, respondents: int) -> Path:
    """A room whose first respondent answers Leadership only and the others both sections."""
    _sheet(directory / "lead.yaml", leadership=_answers(TOTALS[15]))
    for i in range(respondents - 1):
        _sheet(directory / f"both{i}.yaml", leadership=_answers(TOTALS[3]),
               performance=_answers(TOTALS[3], PERFORMANCE))
    return directory


def test_a_small_rooms_pooled_figure_is_withheld_where_the_headline_would_say_it(tmp_path):
    room = _different_sections(tmp_path / "two", 2)
    result = _run("score", str(room), "-f", "json")
    group = json.loads(result.stdout)["groups"][0]
    assert group["overall"]["section_sets"] == 2 and group["overall"]["pooled_percent"] is None
    assert "pooled" in group["disclosure"]["withheld"]
    assert "pooled" not in result.stderr  # the verdict line gave it: "sections' medians; pooled 46.7%"
    assert "(sections' medians: respondents answered different sections)" in result.stderr
    for fmt in ("text", "markdown", "html"):
        shown = _plain(_run("score", str(room), "-f", fmt).stdout)
        assert "pooled reads" not in shown
        assert "the pooled figure is withheld" in shown


def test_a_room_at_the_threshold_prints_its_pooled_figure(tmp_path):
    room = _different_sections(tmp_path / "three", 3)
    result = _run("score", str(room), "-f", "markdown")
    assert "every answer pooled reads 36.0%" in _plain(result.stdout)
    assert "pooled 36.0%: respondents answered different sections" in result.stderr


# --- Scaled totals and ranges ------------------------------------------------------------------------------------


def test_which_end_of_a_withheld_range_was_scaled_is_withheld_with_it(tmp_path):
    for i in range(2):  # three questions answered of five: totals scaled to the full section (≈15)
        _sheet(tmp_path / f"easy{i}.yaml", leadership=_answers("WW WW WW - -"))
    _sheet(tmp_path / "all.yaml", leadership=_answers("WW WW WW AN AN"))
    section = json.loads(_run("score", str(tmp_path), "-f", "json").stdout)["groups"][0]["sections"][0]
    # [false, true] said the highest total was a skipper's and the lowest was not: a fact about two respondents.
    assert (section["range"], section["range_scaled"], section["median_scaled"]) == (None, None, True)
    for fmt in ("text", "markdown", "html"):
        shown = _plain(_run("score", str(tmp_path), "-f", fmt).stdout)
        assert "9–≈15" not in shown and "withheld" in shown
        assert "≈15" in shown  # the median, which is shown, is still marked


# --- Compare and trend: the change with one respondent left out ------------------------------------------------


def _room(directory: Path, totals: list[int], date: str = "") -> Path:
    for i, total in enumerate(totals):
        lines = ["partnership: P", f"respondent: R{i}"] + ([f"date: {date}"] if date else []) + ["answers:",
                                                                                                 "  leadership:"]
        lines += [f"    {q}: {a}" for q, a in _answers(TOTALS[total]).items()]
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"r{i}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def test_leave_one_out_is_shown_from_threshold_plus_four_respondents():
    from lsp_check.score.disclosure import leave_one_out_shown

    assert [leave_one_out_shown(n, 3) for n in (1, 2, 3, 6, 7, 40)] == [True, False, False, False, True, True]
    assert [leave_one_out_shown(n, 5) for n in (8, 9)] == [False, True]
    assert leave_one_out_shown(4, None)  # one answers file, or respondents named: nothing withheld


def test_the_change_with_one_respondent_left_out_would_give_a_neighbours_total_in_a_room_of_six(tmp_path):
    # Six respondents: the range is shown (1 of 6 … 6 of 6), and the change with one left out would be one more
    # exact total, leaving two unknown; seven leave three.
    six = [3, 6, 6, 12, 15, 15]
    then, now = _room(tmp_path / "then6", six), _room(tmp_path / "now6", six[:5] + [3])
    move = json.loads(_run("compare", str(then), str(now), "-f", "json").stdout)["sections"][0]
    assert move["respondents"] == [6, 6] and move["least_change"] is None
    then, now = _room(tmp_path / "then7", [*six, 12]), _room(tmp_path / "now7", [*six[:5], 3, 12])
    move = json.loads(_run("compare", str(then), str(now), "-f", "json").stdout)["sections"][0]
    assert move["respondents"] == [7, 7] and move["least_change"] is not None


def test_a_trends_note_on_a_fall_resting_on_one_respondent_gives_no_figure_in_small_rooms(tmp_path):
    rooms = [_room(tmp_path / "2006", [12, 12, 15], "2006-03-01"), _room(tmp_path / "2007", [6, 12, 15], "2007-03-01"),
             _room(tmp_path / "2008", [3, 6, 12, 15], "2008-03-01")]
    result = _run("trend", *map(str, rooms), "--fail-on-regression")
    assert result.exit_code == 0, result.stderr
    text = _plain(result.stdout)
    assert "not a regression: it rests on one respondent" in text
    assert "with one respondent left out the change is" not in text


# --- compare --same-respondents --------------------------------------------------------------------------------


def _named_room(directory: Path, names: list[str]) -> Path:
    for name in names:
        _sheet(directory / f"{name.lower()}.yaml", respondent=name, leadership=_answers(TOTALS[12]))
    return directory


def test_same_respondents_refuses_to_leave_out_fewer_than_the_threshold(tmp_path):
    # Three answer twice and a fourth joins: the follow-up's own report less this comparison is the newcomer's
    # answers, question by question.
    then = _named_room(tmp_path / "then", ["Ann", "Bea", "Cy"])
    now = _named_room(tmp_path / "now", ["Ann", "Bea", "Cy", "Di"])
    result = _run("compare", str(then), str(now), "--same-respondents")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{now}: --same-respondents would leave out 1 of its respondents, fewer than 3" in result.stderr
    assert "compare the whole rooms without --same-respondents" in result.stderr
    # One who left is protected as one who joined.
    gone = _run("compare", str(now), str(then), "--same-respondents", "--allow-reversed")
    assert gone.exit_code == 2 and f"{now}: --same-respondents would leave out 1 of its respondents" in gone.stderr
    # Without the option the whole rooms are compared, and the report says the room changed size.
    whole = _run("compare", str(then), str(now))
    assert whole.exit_code == 0 and "The room changed size" in _plain(whole.stdout)


def test_same_respondents_refuses_to_keep_fewer_than_the_threshold_apart(tmp_path):
    then = _named_room(tmp_path / "then", ["Ann", "Bea", "Cy"])
    now = _named_room(tmp_path / "now", ["Ann", "Bea", "Di", "Ed", "Flo"])
    result = _run("compare", str(then), str(now), "--same-respondents")
    assert result.exit_code == 2
    assert f"{now}: only 2 of its respondents answered at {then} as well, fewer than 3" in result.stderr


def test_same_respondents_keeps_whole_rooms_and_leaves_out_groups_of_the_threshold(tmp_path):
    then = _named_room(tmp_path / "then", ["Ann", "Bea", "Cy"])
    same = _run("compare", str(then), str(_named_room(tmp_path / "same", ["Ann", "Bea", "Cy"])), "--same-respondents",
                "-f", "json")
    assert same.exit_code == 0 and json.loads(same.stdout)["same_respondents"] == {"left_out_baseline": 0,
                                                                                    "left_out_followup": 0}
    grown = _named_room(tmp_path / "grown", ["Ann", "Bea", "Cy", "Di", "Ed", "Flo"])
    result = _run("compare", str(then), str(grown), "--same-respondents", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["same_respondents"] == {"left_out_baseline": 0, "left_out_followup": 3}


def test_the_kept_apart_rule_on_literal_cases():
    from lsp_check.score.disclosure import check_kept

    assert check_kept(3, (0, 0)).allowed and check_kept(2, (0, 0)).allowed  # whole rooms, however small
    assert check_kept(3, (0, 1)).exposed == (1,) and check_kept(3, (2, 0)).exposed == (0,)
    assert check_kept(3, (0, 3)).allowed and check_kept(4, (3, 5)).allowed
    assert check_kept(2, (0, 3)).too_few_kept
    assert not check_kept(5, (0, 4), threshold=5).allowed and check_kept(5, (0, 5), threshold=5).allowed


def test_same_respondents_with_skip_invalid_compares_the_valid_files_and_exits_4(tmp_path):
    then = _named_room(tmp_path / "then", ["Ann", "Bea", "Cy"])
    now = _named_room(tmp_path / "now", ["Ann", "Bea", "Cy"])
    bad = _sheet(then / "di.yaml", respondent="Di", leadership={"common-vision": "Oftne"})
    assert _run("compare", str(then), str(now), "--same-respondents").exit_code == 2
    result = _run("compare", str(then), str(now), "--same-respondents", "--skip-invalid", "-f", "json")
    assert result.exit_code == 4, result.stderr
    data = json.loads(result.stdout)
    # Di's file is left out before anyone is matched: nobody else is, and nothing is exposed.
    assert data["same_respondents"] == {"left_out_baseline": 0, "left_out_followup": 0}
    assert data["skipped"] == [{"file": None, "problem": "an answer not on its question's scale"}]
    assert result.stderr.count(f"{bad}:") == 1  # named once, though both the matching and the scoring read it
    assert "lsp-check: INCOMPLETE: 1 file with a problem left out (--skip-invalid)" in result.stderr
    text = _run("compare", str(then), str(now), "--same-respondents", "--skip-invalid")
    assert text.exit_code == 4 and "left out of this report" in text.stdout


# --- What the github format says of a comparison and a trend ------------------------------------------------


def test_github_compare_says_who_was_compared_and_that_the_room_changed_size(tmp_path):
    then = _room(tmp_path / "then", [6, 12, 15], "2007-03-01")
    now = _room(tmp_path / "now", [3, 6, 12, 15], "2008-03-01")
    out = _run("compare", str(then), str(now), "-f", "github").stdout
    assert ("::notice title=lsp-check%3A P::P: Respondents: 3 at the baseline, 4 at the follow-up. The room changed "
            "size: a figure can move with who answered") in out
    backwards = _run("compare", str(now), str(then), "-f", "github", "--allow-reversed").stdout
    assert "P: The follow-up (2007-03-01) is dated before the baseline (2008-03-01)" in backwards


def test_github_trend_says_each_assessment_read_and_overlapping_dates(tmp_path):
    rooms = [_room(tmp_path / "a", [12, 12, 15], "2006-03-01"), _room(tmp_path / "b", [6, 12, 15], "2007-03-01"),
             _room(tmp_path / "c", [6, 12, 15], "2008-03-07")]
    late = rooms[1] / "r2.yaml"
    late.write_text(late.read_text(encoding="utf-8").replace("2007-03-01", "2008-04-15"), encoding="utf-8")
    out = _run("trend", *map(str, rooms), "-f", "github").stdout
    assert f"::notice title=lsp-check%3A P%3A assessment::P: 2006-03-01: {rooms[0]} (3 respondents)" in out
    assert ("dated by the median of answers given 2007-03-01 to 2008-04-15; warning: its dates overlap those of "
            "2008-03-07") in out


def test_validate_reports_urgent_on_an_option_that_is_not_weak_in_every_format(tmp_path, monkeypatch):
    questionnaire = tmp_path / "mine.yaml"
    questionnaire.write_text(
        "id: mine\ntitle: Mine\nscales:\n  yn:\n    options:\n      - {id: n, label: No, score: 0, level: weak}\n"
        "      - {id: y, label: Yes, score: 1, urgent: true}\nsections:\n  - id: s\n    title: S\n    scale: yn\n"
        "    questions:\n      - {id: q, text: Q, need: q, actions: [do q]}\n", encoding="utf-8")
    said = "found urgent: true on option 'y', whose level is ok; expected urgent only on a weak option"
    text = _run("validate", str(questionnaire))
    assert text.exit_code == 2 and f"{questionnaire}:7:" in text.stderr and said in text.stderr
    monkeypatch.chdir(tmp_path)  # annotations name files inside the working directory
    github = _run("validate", "mine.yaml", "-f", "github")
    assert github.exit_code == 2
    assert any(line.startswith("::error ") and "file=mine.yaml,line=7" in line and said in line
               for line in github.stdout.split("\n"))
    data = json.loads(_run("validate", str(questionnaire), "-f", "json").stdout)
    assert [p["path"] for p in data["problems"]] == ["scales.yn.options[1].urgent"]
    assert data["problems"][0]["line"] == 7 and said in data["problems"][0]["message"]
