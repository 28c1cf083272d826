"""The scoring method's second review (docs/method.md): each of its eleven cases built by hand as answers files
with the bundled `action` scale (AN action needed, AH in hand, NI needs improving, WW working well), run through
the command line, and read as a survey methodologist would; then the rules tested together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
PERFORMANCE = ("structure", "roles", "objectives", "resources", "project-management")
CODES = {"AN": "action-needed", "AH": "action-in-hand", "NI": "needs-improving", "WW": "working-well"}
# Leadership or Managing performance answers totalling a score out of 15 (AN 0, AH 1, NI 2, WW 3).
TOTALS = {0: "AN AN AN AN AN", 3: "AH AH AH AN AN", 5: "AH AH AH AN NI", 6: "NI AH AH AH AH", 7: "NI NI AH AH AH",
          12: "WW WW WW AH NI", 13: "WW WW WW NI NI", 15: "WW WW WW WW WW"}


def _run(*args: str):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.stderr
    assert "Traceback" not in result.stderr
    return result


def _json(*args: str) -> dict:
    result = _run(*args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _answers(codes: str, questions: tuple[str, ...] = LEADERSHIP) -> dict[str, str]:
    return {q: CODES[c] for q, c in zip(questions, codes.split()) if c != "-"}


def _sheet(path: Path, partnership: str = "P", date: str = "", respondent: str = "", **sections) -> Path:
    lines = [f"partnership: {partnership}"] + ([f"date: {date}"] if date else [])
    lines += [f"respondent: {respondent}"] if respondent else []
    lines.append("answers:")
    for section, answers in sections.items():
        lines.append(f"  {section}:")
        lines += [f"    {q}: {a}" for q, a in answers.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _room(directory: Path, totals: list[int], section: str = "leadership", **fields: str) -> Path:
    questions = LEADERSHIP if section == "leadership" else PERFORMANCE
    for i, total in enumerate(totals):
        _sheet(directory / f"r{i}.yaml", respondent=f"R{total}", **fields, **{section: _answers(TOTALS[total], questions)})
    return directory


def _section(data: dict, sid: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == sid)


def _plain(text: str) -> str:
    return " ".join(text.split())


# A questionnaire of our own for the cases the bundled scales do not reach: a five-step scale whose middle is
# tracked (docs/authoring.md's), a yes/no scale, and sections of one, two and four questions.
MINE = """\
id: mine
title: Mine
scales:
  agree5:
    options:
      - {id: sd, label: Strongly disagree, score: 1, level: weak}
      - {id: d, label: Disagree, score: 2, level: weak}
      - {id: n, label: Neither agree nor disagree, score: 3, level: tracked}
      - {id: a, label: Agree, score: 4}
      - {id: sa, label: Strongly agree, score: 5}
  yes-no:
    options:
      - {id: "no", label: "No", score: 0, level: weak}
      - {id: "yes", label: "Yes", score: 1}
sections:
""" + "".join(f"""\
  - id: {sid}
    title: {sid.capitalize()}
    scale: {scale}
    questions:
""" + "".join(f"""\
      - id: q{i}
        text: Statement {i}
        need: need {sid} {i}
        actions: [act on {sid} {i}]
""" for i in range(1, count + 1)) for sid, scale, count in (("one", "agree5", 1), ("pair", "agree5", 2),
                                                           ("four", "agree5", 4), ("yesno", "yes-no", 1)))


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A directory holding the questionnaire MINE."""
    directory = tmp_path / "questionnaires"
    directory.mkdir()
    (directory / "mine.yaml").write_text(MINE, encoding="utf-8")
    return directory


# --- 1. The headline lies between its sections' figures ------------------------------------------------------


def test_case_1_the_overall_figure_weighs_the_sections_medians(tmp_path):
    for i, (lead, perf) in enumerate([(15, 6), (6, 15), (7, 7)]):
        _sheet(tmp_path / f"r{i}.yaml", leadership=_answers(TOTALS[lead]),
               performance=_answers(TOTALS[perf], PERFORMANCE))
    group = _json("score", str(tmp_path))["groups"][0]
    assert [_section(group, s)["median_percent"] for s in ("leadership", "performance")] == [46.7, 46.7]
    # Was 70.0: the median of the respondents' totals, outside both sections' figures.
    assert (group["overall"]["percent"], group["overall"]["pooled_percent"]) == (46.7, 62.2)


def test_case_1_respondents_answering_different_sections_cannot_lift_the_whole(tmp_path):
    for i in range(2):
        _sheet(tmp_path / f"lead{i}.yaml", leadership=_answers(TOTALS[15]))
    _sheet(tmp_path / "perf.yaml", performance=_answers(TOTALS[15], PERFORMANCE))
    for i in range(2):
        _sheet(tmp_path / f"both{i}.yaml", leadership=_answers(TOTALS[0]),
               performance=_answers(TOTALS[0], PERFORMANCE))
    gated = _run("score", str(tmp_path), "-f", "json", "--fail-under", "90")
    assert gated.exit_code == 1  # it passed at 100.0 while every section read 0.0
    group = json.loads(gated.stdout)["groups"][0]
    assert group["overall"]["percent"] == 0.0 and group["overall"]["section_sets"] == 3
    assert "overall 0.0% (sections' medians; pooled 42.9%: respondents answered different sections)" in gated.stderr
    markdown = _plain(_run("score", str(tmp_path), "-f", "markdown").stdout)
    assert ("Respondents answered different sets of sections (3 sets), so the overall figure weighs each section's "
            "median rather than pooling every answer; every answer pooled reads 42.9%.") in markdown


# --- 2. Skipping cannot raise the score ---------------------------------------------------------------------------


def test_case_2_a_section_below_coverage_withholds_the_overall_figure(tmp_path):
    text = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
    for question in ("willing-to-change", "support-within-partners", "aligned-objectives"):
        text = "\n".join(line for line in text.splitlines() if not line.strip().startswith(question + ":"))
    skipped = tmp_path / "skipped.yaml"
    skipped.write_text(text + "\n", encoding="utf-8")
    result = _run("score", str(skipped), "-f", "json", "--fail-under", "70")
    assert result.exit_code == 1  # it passed at 76.9%, Leadership silently left out
    overall = json.loads(result.stdout)["overall"]
    assert (overall["percent"], overall["status"]) == (None, "not enough answers to score the whole")
    assert ("overall: not enough answers to score the whole (Leadership: 2 of 5 questions answered, at least 3 "
            "needed), so --fail-under 70 is not met") in result.stderr
    assert "no overall figure is given for a partial assessment" in _plain(_run("score", str(skipped)).stdout)


def test_case_2_a_rooms_scaled_totals_are_marked(tmp_path):
    for i in range(2):  # three easy questions answered, two skipped
        _sheet(tmp_path / f"easy{i}.yaml", leadership=_answers("WW WW WW - -"))
    _sheet(tmp_path / "all.yaml", leadership=_answers("WW WW WW AN AN"))
    section = _section(_json("score", str(tmp_path))["groups"][0], "leadership")
    assert (section["median_percent"], section["scaled_respondents"], section["median_scaled"]) == (100.0, 2, True)
    # Three respondents are too few for a range (docs/privacy.md), and which end was scaled goes with it.
    assert (section["range"], section["range_scaled"]) == (None, None)
    markdown = _plain(_run("score", str(tmp_path), "-f", "markdown").stdout)
    # Read "Median 15/15", "working well" with nothing to say two of the three totals were scaled.
    assert "| Leadership | 3 | ≈15 of 15 | withheld | 100.0% | Leadership working well (estimated) |" in markdown
    assert "Median in band: Leadership working well (estimated)." in markdown
    assert ("2 of the 3 counted skipped questions: their totals are scaled to the full section pro rata (marked ≈), "
            "the median's among them, so its band is estimated.") in markdown
    _sheet(tmp_path / "four.yaml", leadership=_answers("WW NI AH NI -"))  # 8 of 12 answered: 10 of 15
    section = _section(_json("score", str(tmp_path))["groups"][0], "leadership")
    assert (section["median_score"], section["median_percent"], section["median_scaled"]) == (10, 66.7, True)


def test_case_2_a_rooms_scaled_range_ends_are_marked_where_the_range_is_shown(tmp_path):
    for i in range(4):  # three easy questions answered, two skipped: six respondents, enough for a range
        _sheet(tmp_path / f"easy{i}.yaml", leadership=_answers("WW WW WW - -"))
    for i in range(2):
        _sheet(tmp_path / f"all{i}.yaml", leadership=_answers("WW WW WW AN AN"))
    section = _section(_json("score", str(tmp_path))["groups"][0], "leadership")
    assert (section["median_percent"], section["scaled_respondents"], section["median_scaled"]) == (100.0, 4, True)
    assert (section["range"], section["range_scaled"]) == ([9, 15], [False, True])
    markdown = _plain(_run("score", str(tmp_path), "-f", "markdown").stdout)
    assert "| Leadership | 6 | ≈15 of 15 | 9–≈15 | 100.0% | Leadership working well (estimated) |" in markdown


# --- 3. Who turned up --------------------------------------------------------------------------------------------


def test_case_3_one_new_member_is_not_a_regression_and_compare_says_the_room_grew(tmp_path):
    then, now = _room(tmp_path / "then", [6, 12, 15]), _room(tmp_path / "now", [3, 6, 12, 15])
    result = _run("compare", str(then), str(now), "-f", "json", "--fail-on-regression")
    assert result.exit_code == 0  # -40.0 failed the pipeline
    data = json.loads(result.stdout)
    move = data["sections"][0]
    assert (move["then"], move["now"], move["change"], move["regressed"]) == (80.0, 40.0, -40.0, False)
    # With one of three or four left out, the figure is a neighbour's exact total: withheld (docs/privacy.md).
    assert (move["respondents"], move["least_change"], data["room_changed"]) == ([3, 4], None, True)
    assert "rests on one respondent" in result.stderr and "respondents 3 → 4" in result.stderr
    text = _plain(_run("compare", str(then), str(now)).stdout)
    assert "Respondents: 3 at the baseline, 4 at the follow-up. The room changed size" in text
    assert "not a regression: it rests on one respondent (with any one of them left out" in text


def test_case_3_a_large_room_says_the_change_with_one_respondent_left_out(tmp_path):
    then = _room(tmp_path / "then", [6, 6, 6, 12, 12, 15, 15])
    now = _room(tmp_path / "now", [3, 6, 6, 6, 12, 12, 15, 15])
    result = _run("compare", str(then), str(now), "-f", "json", "--fail-on-regression")
    assert result.exit_code == 0
    move = json.loads(result.stdout)["sections"][0]
    assert (move["then"], move["now"], move["change"], move["regressed"]) == (80.0, 40.0, -40.0, False)
    assert (move["respondents"], move["least_change"]) == ([7, 8], 0.0)
    text = _plain(_run("compare", str(then), str(now)).stdout)
    assert "not a regression: with one respondent left out the change is +0.0" in text


def test_case_3_same_respondents_compares_only_those_present_both_times(tmp_path):
    then, now = _room(tmp_path / "then", [6, 12, 15]), _room(tmp_path / "now", [6, 12, 15])
    for i in range(3):  # three new members: as many left out as the anonymity threshold (one is refused: privacy.md)
        _sheet(now / f"new{i}.yaml", respondent=f"New {i}", leadership=_answers(TOTALS[3]))
    data = _json("compare", str(then), str(now), "--same-respondents")
    move = data["sections"][0]
    assert (move["then"], move["now"], move["respondents"]) == (80.0, 80.0, [3, 3])
    assert data["same_respondents"] == {"left_out_baseline": 0, "left_out_followup": 3}
    assert "only the 3 respondents who answered both times" in _run("compare", str(then), str(now),
                                                                   "--same-respondents").stdout
    (now / "r0.yaml").write_text((now / "r0.yaml").read_text(encoding="utf-8").replace("respondent: R6\n", ""),
                                 encoding="utf-8")
    unnamed = _run("compare", str(then), str(now), "--same-respondents")
    assert unnamed.exit_code == 2 and "r0.yaml: names no respondent" in unnamed.stderr


def test_case_3_one_absence_is_said_as_the_room_shrinking(tmp_path):
    then, now = _room(tmp_path / "then", [3, 6, 12, 15]), _room(tmp_path / "now", [6, 12, 15])
    text = _plain(_run("compare", str(then), str(now)).stdout)
    assert "+40.0" in text and "Respondents: 4 at the baseline, 3 at the follow-up. The room changed size" in text


def test_case_3_a_section_counting_other_respondents_than_its_room_says_so():
    from lsp_check.report.model.compare import section_note
    from lsp_check.score.compare import SectionMove

    move = SectionMove("s", "S", 60.0, 70.0, 10.0, "up", "", "", None, None, 15, then_n=2, now_n=4)
    assert section_note(move, respondents=(3, 4)) == "respondents 2 → 4"
    assert section_note(move, respondents=(2, 4)) == ""


# --- 4. Thresholds, steps and rounding -----------------------------------------------------------------------------


def test_case_4_one_answer_one_step_in_a_one_question_section_is_not_a_regression(tmp_path, mine):
    then = _sheet(tmp_path / "then.yaml", one={"q1": "a"})
    now = _sheet(tmp_path / "now.yaml", one={"q1": "n"})
    result = _run("compare", str(then), str(now), "--questionnaires", str(mine), "-f", "json",
                  "--fail-on-regression", "--min-change", "0")
    assert result.exit_code == 0  # -25.0 failed it
    move = json.loads(result.stdout)["sections"][0]
    assert (move["change"], move["one_step"], move["steps"], move["regressed"]) == (-25.0, 25.0, -1.0, False)
    assert "is one answer moving one step at most (25.0 points)" in result.stderr


def test_case_4_the_same_fall_reads_the_same_and_meets_the_same_threshold(tmp_path):
    # One step down from 93.3 and from 80.0 (printed -6.6 and -6.7 before), then two steps down from each.
    then = _sheet(tmp_path / "then.yaml", leadership=_answers("WW WW WW WW NI"),
                  performance=_answers("WW WW WW AH NI", PERFORMANCE))
    one = _sheet(tmp_path / "one.yaml", leadership=_answers("WW WW WW NI NI"),
                 performance=_answers("WW WW NI AH NI", PERFORMANCE))
    two = _sheet(tmp_path / "two.yaml", leadership=_answers("WW WW NI NI NI"),
                 performance=_answers("WW NI NI AH NI", PERFORMANCE))
    moves = _json("compare", str(then), str(one))["sections"]
    assert [(m["then"], m["now"], m["change"]) for m in moves] == [(93.3, 86.7, -6.7), (80.0, 73.3, -6.7)]
    assert _run("compare", str(then), str(one), "--fail-on-regression", "--min-change", "6.7").exit_code == 0
    strict = _run("compare", str(then), str(two), "-f", "json", "--fail-on-regression", "--min-change", "13.3")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["regressions"] == ["leadership", "performance"]


def test_case_4_a_figure_at_the_threshold_passes_it_and_one_below_says_how_far(tmp_path, mine):
    sheet = _sheet(tmp_path / "a.yaml", four={"q1": "sa", "q2": "a", "q3": "d", "q4": "d"})  # 9 of 16: 56.25%
    result = _run("score", str(sheet), "--questionnaires", str(mine), "-f", "json", "--fail-under", "56.25")
    assert result.exit_code == 0 and json.loads(result.stdout)["overall"]["percent"] == 56.3
    assert "56.3%" in _run("score", str(sheet), "--questionnaires", str(mine)).stdout
    # The gate reads the unrounded 56.25, so a threshold the printed 56.3 reaches but the figure does not fails,
    # and the verdict shows the figure precisely enough to see why, never "56.3% below 56.3".
    failed = _run("score", str(sheet), "--questionnaires", str(mine), "--fail-under", "56.3")
    assert failed.exit_code == 1
    assert "overall 56.25% below --fail-under 56.3" in failed.stderr


def test_case_4_min_change_reads_the_change_before_rounding(tmp_path):
    then = _sheet(tmp_path / "then.yaml", leadership=_answers("WW WW WW WW WW"))
    now = _sheet(tmp_path / "now.yaml", leadership=_answers("NI NI WW WW WW"))  # two steps: -13.33, shown -13.3
    assert _json("compare", str(then), str(now))["sections"][0]["change"] == -13.3
    assert _run("compare", str(then), str(now), "--fail-on-regression", "--min-change", "13.33").exit_code == 1
    assert _run("compare", str(then), str(now), "--fail-on-regression", "--min-change", "13.34").exit_code == 0


def test_case_4_a_fall_shown_at_min_change_but_short_of_it_unrounded_says_so(tmp_path):
    general = ("real-results", "common-interest", "we-language", "mutual-accountability", "shared-rewards", "trust",
               "willing-to-change", "improve-performance")
    then = _sheet(tmp_path / "then.yaml", general={q: "Always" for q in general})
    # Seven answers one step down, of eight on a four-step scale: -29.17 points, shown -29.2.
    now = _sheet(tmp_path / "now.yaml", general={q: "Often" if i < 7 else "Always" for i, q in enumerate(general)})
    assert _json("compare", str(then), str(now))["sections"][0]["change"] == -29.2
    spared = _run("compare", str(then), str(now), "--fail-on-regression", "--min-change", "29.2")
    assert spared.exit_code == 0, spared.stderr
    assert "fell 29.16 points before rounding, less than --min-change 29.2" in spared.stderr
    assert "not a regression: 29.16 points before rounding, less than --min-change 29.2" in " ".join(
        _run("compare", str(then), str(now), "--min-change", "29.2").stdout.split())


# --- 5. Compare's categories ------------------------------------------------------------------------------------


def test_case_5_a_need_left_with_worst_answers_is_improved_not_resolved(tmp_path):
    for i in range(3):
        _sheet(tmp_path / "then" / f"r{i}.yaml", leadership=_answers("NI WW WW WW WW"))
    for i, code in enumerate(["AN", "AN", "WW", "WW", "WW", "WW", "WW"]):
        _sheet(tmp_path / "now" / f"r{i}.yaml", leadership=_answers(f"{code} WW WW WW WW"))
    data = _json("compare", str(tmp_path / "then"), str(tmp_path / "now"))
    assert data["needs"]["resolved"] == []
    assert [(n["need"], n["weak"], n["responses"]) for n in data["needs"]["improved"]] == [("common vision", 2, 7)]
    text = _run("compare", str(tmp_path / "then"), str(tmp_path / "now")).stdout
    assert "No longer a need but with weak answers (1)" in text and "common vision (Leadership): 2 of 7 answers still weak" in text


def test_case_5_working_well_to_in_hand_has_lapsed_and_an_unasked_need_is_not_reassessed(tmp_path):
    then = _sheet(tmp_path / "then.yaml", leadership=_answers("WW AN WW WW WW"),
                  performance=_answers("WW WW WW WW WW", PERFORMANCE))
    now = _sheet(tmp_path / "now.yaml", leadership=_answers("WW - WW WW WW"),
                 performance=_answers("AH WW WW WW WW", PERFORMANCE))
    result = _run("compare", str(then), str(now), "-f", "json")
    needs = json.loads(result.stdout)["needs"]
    assert [n["need"] for n in needs["lapsed"]] == ["partnership structure"]
    assert [n["need"] for n in needs["not_reassessed"]] == ["added value"]
    assert "1 lapsed" in result.stderr and "1 not reassessed" in result.stderr
    text = _run("compare", str(then), str(now)).stdout
    assert "Lapsed: in place at the baseline, now only in hand (1)" in text
    assert "Needs not reassessed at the follow-up (1)" in text


def test_case_5_a_follow_up_dated_before_its_baseline_is_refused(tmp_path):
    newer, older = str(EXAMPLES / "spelthorne-2007.yaml"), str(EXAMPLES / "spelthorne-2006.yaml")
    refused = _run("compare", newer, older)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "is dated 2006-02-24, before the baseline" in refused.stderr and "--allow-reversed" in refused.stderr
    allowed = _run("compare", newer, older, "--allow-reversed")
    assert allowed.exit_code == 0
    assert "The follow-up (2006-02-24) is dated before the baseline (2007-03-02)" in _plain(allowed.stdout)


# --- 6. Trend's blind spots -------------------------------------------------------------------------------------


def _years(tmp_path: Path, leadership: dict[str, str]) -> list[str]:
    paths = []
    for year in ("2006", "2007", "2008"):
        sections = {"performance": _answers(TOTALS[12], PERFORMANCE)}
        if year in leadership:
            sections["leadership"] = _answers(leadership[year])
        paths.append(str(_sheet(tmp_path / f"{year}.yaml", date=f"{year}-03-01", **sections)))
    return paths


def test_case_6_a_section_not_asked_in_between_is_compared_with_its_last_figure(tmp_path):
    years = _years(tmp_path, {"2006": TOTALS[13], "2008": TOTALS[5]})
    result = _run("trend", *years, "-f", "json", "--fail-on-regression")
    assert result.exit_code == 1  # 86.7 -> 33.3 passed: "no section fell"
    latest = _section(json.loads(result.stdout), "leadership")["latest"]
    assert (latest["since"], latest["change"], latest["regressed"]) == ("2006-03-01", -53.3, True)
    assert "Leadership 86.7% → 33.3%" in result.stderr
    assert "compared with 2006-03-01: not asked in 2007-03-01" in _plain(_run("trend", *years).stdout)


def test_case_6_a_need_answered_after_a_gap_is_read_across_it(tmp_path):
    years = _years(tmp_path, {"2006": "WW AN WW WW WW", "2008": "WW WW WW WW WW"})
    need = next(n for n in _json("trend", *years)["needs"] if n["need"] == "added value")
    assert (need["states"], need["category"], need["since"]) == (["need", "not_answered", "met"], "resolved",
                                                                   "2008-03-01")
    assert "not answered again after" not in _run("trend", *years).stdout


def test_case_6_a_room_is_dated_by_its_median_answer_and_overlaps_are_said(tmp_path):
    for year, dates, total in (("2006", ["2006-03-01"] * 3, 3), ("2007", ["2007-03-01", "2007-03-02", "2008-04-15"], 6),
                               ("2008", ["2008-03-07"] * 3, 15)):
        for i, date in enumerate(dates):
            _sheet(tmp_path / year / f"r{i}.yaml", date=date, leadership=_answers(TOTALS[total]))
    args = [str(tmp_path / year) for year in ("2008", "2006", "2007")]
    data = _json("trend", *args)
    assert [a["date"] for a in data["assessments"]] == ["2006-03-01", "2007-03-02", "2008-03-07"]
    assert _section(data, "leadership")["latest"]["change"] == 60.0  # a rise, read as a fall before
    assert data["overlapping"] == [["2007-03-02", "2008-03-07"]]
    text = _plain(_run("trend", *args).stdout)
    assert ("dated by the median of answers given 2007-03-01 to 2008-04-15; warning: its dates overlap those of "
            "2008-03-07") in text


# --- 7. Priority ------------------------------------------------------------------------------------------------


def test_case_7_a_single_weak_answer_in_a_small_room_is_an_individual_view(tmp_path):
    for i, code in enumerate(["AN", "WW", "WW"]):
        _sheet(tmp_path / f"r{i}.yaml", leadership=_answers(f"{code} NI WW WW WW"))
    group = _json("score", str(tmp_path))["groups"][0]
    assert [n["need"] for n in group["needs"]] == ["added value"]  # common vision ranked first before
    assert [(v["question"], v["weak"], v["responses"]) for v in group["individual_views"]] == [("common-vision", 1, 3)]
    assert group["plan"][0]["need"] == "added value"
    text = _plain(_run("score", str(tmp_path), "-f", "markdown").stdout)
    assert "## Individual views" in text and "NO – action is needed; 1 of 3 weak" in text


def test_case_7_the_plan_ranks_how_widely_a_need_is_held_before_how_severe(tmp_path):
    for i in range(6):  # common vision: 2 of 6 answer AN; added value: all 6 answer NI
        _sheet(tmp_path / f"r{i}.yaml", leadership=_answers(f"{'AN' if i < 2 else 'WW'} NI WW WW WW"))
    plan = _json("plan", str(tmp_path))["plans"][0]["rows"]
    assert [r["need"] for r in plan if r["priority"] == 1][0] == "added value"
    assert {r["need"]: r["priority"] for r in plan} == {"added value": 1, "common vision": 2}


# --- 8. Urgent --------------------------------------------------------------------------------------------------


def test_case_8_only_the_worst_answer_is_urgent_by_default():
    data = _json("score", str(EXAMPLES / "a2p-diagnostic.yaml"))
    urgent = {n["answer"]: n["urgent"] for n in data["needs"]}
    assert urgent == {"No": True, "Partly": False}  # all 14 were urgent, 'Partly' among them
    text = _run("score", str(EXAMPLES / "a2p-diagnostic.yaml"), "-f", "markdown").stdout
    assert text.count("(urgent)") == sum(1 for n in data["needs"] if n["answer"] == "No")


def test_case_8_a_questionnaire_marks_its_own_urgent_answers(tmp_path, mine):
    marked = mine / "mine.yaml"
    marked.write_text(MINE.replace("{id: d, label: Disagree, score: 2, level: weak}",
                                   "{id: d, label: Disagree, score: 2, level: weak, urgent: true}"), encoding="utf-8")
    needs = _json("score", str(_sheet(tmp_path / "a.yaml", pair={"q1": "sd", "q2": "d"})), "--questionnaires",
                  str(mine))["needs"]
    assert [(n["answer"], n["urgent"]) for n in needs] == [("Strongly disagree", False), ("Disagree", True)]
    marked.write_text(MINE.replace("{id: a, label: Agree, score: 4}", "{id: a, label: Agree, score: 4, urgent: true}"),
                      encoding="utf-8")
    refused = _run("validate", str(marked))
    assert refused.exit_code == 2
    assert "mine.yaml:9:49: scales.agree5.options[3].urgent" in refused.stderr and "expected urgent only on a weak option" in refused.stderr


# --- 9. Consensus on short scales --------------------------------------------------------------------------------


@pytest.mark.parametrize("answers, disagree", [
    (["no"] + ["yes"] * 7, False),  # 0.456 read "answered very differently"
    (["no"] + ["yes"] * 4, False),  # one in five
    (["no"] + ["yes"] * 3, True),  # one in four
    (["no"] * 4 + ["yes"] * 4, True),
])
def test_case_9_on_a_yes_no_scale_a_minority_of_one_in_five_is_not_a_disagreement(tmp_path, mine, answers, disagree):
    for i, answer in enumerate(answers):
        _sheet(tmp_path / "room" / f"r{i}.yaml", yesno={"q1": answer})
    group = _json("score", str(tmp_path / "room"), "--questionnaires", str(mine))["groups"][0]
    assert (len(group["to_discuss"]) == 1) is disagree


def test_case_9_four_steps_keep_the_consensus_alone(tmp_path):
    for i, code in enumerate(["AN"] + ["WW"] * 4):  # one in five, at the far end of four steps
        _sheet(tmp_path / f"r{i}.yaml", leadership=_answers(f"{code} WW WW WW WW"))
    group = _json("score", str(tmp_path))["groups"][0]
    assert [d["question"] for d in group["to_discuss"]] == ["common-vision"]


# --- 10. Cluster ------------------------------------------------------------------------------------------------


def test_case_10_a_respondent_weak_in_two_questions_of_one_need_is_counted_once(tmp_path):
    for i in range(3):
        _sheet(tmp_path / "Alpha" / f"r{i}.yaml", partnership="Alpha", leadership=_answers("AN WW WW WW WW"),
               **{"a2p-place-shaping": {"vision": "No"}})
    shared = next(s for s in _json("cluster", str(tmp_path))["shared_needs"] if s["need"] == "common vision")
    assert (shared["respondents"], shared["answered"]) == (3, 3)  # "6 respondents" from a room of 3
    assert [(w["weak"], w["responses"]) for w in shared["weak_shares"]] == [(3, 3)]
    assert "| 1 | common vision | 1 of 1 | 3 of 3 | Alpha (3 of 3) |" in _run("cluster", str(tmp_path), "-f",
                                                                            "markdown").stdout


# --- 11. Words that say what is listed ---------------------------------------------------------------------------


def test_case_11_the_low_list_says_why_each_question_is_there(tmp_path):
    general = ("real-results", "common-interest", "we-language", "mutual-accountability", "shared-rewards", "trust",
               "willing-to-change", "improve-performance")
    for i in range(8):
        _sheet(tmp_path / f"r{i}.yaml", general={q: ("Sometimes" if i < 3 and q == "trust" else "Often")
                                                  for q in general})
    text = _plain(_run("score", str(tmp_path), "-f", "markdown").stdout)
    assert "These median answers are low" not in text
    assert "General: Partners strive to develop and maintain trust: **median Often; 3 of 8 weak**" in text


def test_case_11_the_tracked_list_is_headed_in_the_scales_own_words(tmp_path, mine):
    sheet = _sheet(tmp_path / "a.yaml", pair={"q1": "n", "q2": "a"})
    text = _run("score", str(sheet), "--questionnaires", str(mine), "-f", "markdown").stdout
    assert "Action in hand" not in text and "action in hand" not in text
    assert "## Tracked answers" in text and "Answered “Neither agree nor disagree”: tracked" in text


def test_case_11_a_percent_from_the_floor_is_explained(tmp_path, mine):
    sheet = _sheet(tmp_path / "a.yaml", pair={"q1": "sd", "q2": "n"})  # 4 of 10
    text = _plain(_run("score", str(sheet), "--questionnaires", str(mine)).stdout)
    assert "Percentages run from the lowest possible score to the highest: Pair's 4 of 10 is 25.0% because its " \
           "lowest possible score is 2 ((4 − 2) ÷ (10 − 2))." in text


# --- the rules together -----------------------------------------------------------------------------------------


def test_a_rooms_headline_lies_between_its_sections_and_every_gate_agrees_with_what_it_reads(library):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lsp_check.questionnaire import Answer as Given
    from lsp_check.questionnaire import AnswerSheet
    from lsp_check.score import gates
    from lsp_check.score.room import score_rooms

    sections = {sid: library.sections[sid] for sid in ("general", "leadership", "performance")}
    answer = st.one_of(st.none(), st.integers(0, 3))
    respondent = st.fixed_dictionaries({sid: st.one_of(st.none(), st.lists(answer, min_size=len(s.questions),
                                                                            max_size=len(s.questions)))
                                        for sid, s in sections.items()})

    @settings(max_examples=60, deadline=None)
    @given(st.lists(respondent, min_size=1, max_size=7), st.floats(0, 100))
    def check(room: list[dict], threshold: float) -> None:
        sheets = []
        for i, answers in enumerate(room):
            chosen = {}
            for sid, steps in answers.items():
                if steps is None:
                    continue
                section = sections[sid]
                chosen[sid] = {q.id: Given(q.id, q.scale.options[step]) for q, step in zip(section.questions, steps)
                               if step is not None and q.scale}
            sheets.append(AnswerSheet(f"r{i}.yaml", "P", "", chosen))
        result = score_rooms(library, sheets).rooms[0]
        figures = [s.median_percent for s in result.sections if s.covered]
        headline = result.overall.percent
        if headline is not None:
            assert min(figures) <= headline <= max(figures)
        else:
            assert any(s.scored and not s.covered for s in result.sections) or not figures
        verdict = gates.decide(result, threshold,
                               [gates.Gate(threshold, s.id) for s in result.sections if s.scored])
        failed = {f.gate.section for f in verdict.failures}
        # Gates read the figures before rounding (docs/method.md, rule 5), a figure within float noise (1e-9) of
        # the threshold being at it.
        exact = result.overall.exact
        assert ("" in failed) == (exact is None or exact < threshold - 1e-9)
        for s in result.sections:
            if s.scored:
                assert (s.id in failed) == (s.headline_exact is None or s.headline_exact < threshold - 1e-9)
        exact_figures = [s.headline_exact for s in result.sections if s.covered and s.headline_exact is not None]
        if exact_figures and all(f < threshold - 1e-9 for f in exact_figures):
            assert verdict.status == gates.GATE_FAILED and "" in failed

    check()


# --- each rule on small literal cases -----------------------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [(56.25, 56.3), (93.3333, 93.3), (-6.65, -6.7), (-6.6667, -6.7), (0.04, 0.0),
                                          (-0.04, 0.0), (100 * 9 / 16, 56.3)])
def test_figures_round_once_a_half_away_from_zero(value, shown):
    from lsp_check.figures import half_up, pct

    assert half_up(value) == shown and pct(value) == f"{shown:.1f}%"


def test_the_overall_figure_weighs_each_section_by_its_range():
    from lsp_check import method

    assert method.overall_percent([(75.0, 24), (100 * 4 / 15, 15), (80.0, 15)]) == pytest.approx(100 * 34 / 54)
    assert method.overall_percent([(46.7, 15), (46.7, 15)]) == pytest.approx(46.7)
    assert method.overall_percent([]) is None


def test_leaving_one_out_moves_a_lower_median_to_one_of_two_values():
    from lsp_check import method

    assert method.medians_without_one([3, 6, 12, 15]) == (6, 12)
    assert method.medians_without_one([6, 12]) == (6, 12)


@pytest.mark.parametrize("falls, one_step, min_change, regressed", [
    ([-13.33], 6.67, 10, True),
    ([-6.67], 6.67, 0, False),  # one step: never
    ([-40.0, 0.0], 6.67, 10, False),  # rests on one respondent
    ([-13.33, -10.0], 6.67, 10, True),
    ([-13.33, -9.96], 6.67, 10, False),  # shown as -10.0, but 9.96 points is less than 10 (rule 5)
    ([-13.33, -9.94], 6.67, 10, False),
])
def test_a_regression_must_meet_every_reading(falls, one_step, min_change, regressed):
    from lsp_check import method

    assert method.regressed(falls, one_step, min_change) is regressed


def test_a_single_weak_answer_among_two_to_four_is_an_individual_view():
    from lsp_check import method

    assert [method.individual_view(1, n) for n in (1, 2, 3, 4, 5)] == [False, True, True, True, False]
    assert not method.individual_view(2, 4)


def test_urgent_is_the_worst_answer_unless_the_scale_marks_its_own():
    from lsp_check import method

    assert method.urgent_answer(0, 0, False, False) and not method.urgent_answer(1, 0, False, False)
    assert method.urgent_answer(1, 0, True, True) and not method.urgent_answer(0, 0, False, True)
