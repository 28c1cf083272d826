"""The scoring method (docs/method.md): each rule on small literal cases, and the seven cases of the method
review as acceptance tests through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check import method
from lsp_check.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")


def _run(*args: str):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.stderr
    return result


def _json(*args: str) -> dict:
    return json.loads(_run(*args, "-f", "json").stdout)


def _sheet(directory: Path, name: str, answers: dict[str, dict[str, str]], partnership: str = "P") -> Path:
    lines = [f"partnership: {partnership}", "answers:"]
    for section, items in answers.items():
        lines.append(f"  {section}:")
        lines += [f"    {q}: {a}" for q, a in items.items()]
    path = directory / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _leadership(**answers: str) -> dict[str, dict[str, str]]:
    """Every leadership question answered working-well unless given."""
    return {"leadership": {q: answers.get(q.replace("-", "_"), "working-well") for q in LEADERSHIP}}


def _section(data: dict, sid: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == sid)


# --- agreement: Tastle & Wierman consensus --------------------------------------------------------------------


def test_consensus_is_one_when_everyone_gives_the_same_answer():
    assert method.consensus([0, 0, 7, 0]) == 1.0


def test_consensus_is_zero_for_an_even_split_at_the_two_ends():
    assert method.consensus([15, 0, 0, 15]) == 0.0


def test_one_dissenter_in_thirty_is_a_minority_not_a_disagreement():
    assert method.consensus([1, 0, 0, 29]) == pytest.approx(0.789, abs=0.001)
    assert not method.disagrees([1, 0, 0, 29])


def test_never_often_always_among_three_disagree():
    assert method.consensus([1, 0, 1, 1]) == pytest.approx(0.271, abs=0.001)
    assert method.disagrees([1, 0, 1, 1])


def test_two_answers_are_not_judged_for_disagreement():
    assert not method.disagrees([1, 0, 0, 1])


def test_neighbouring_answers_split_evenly_agree():
    assert not method.disagrees([0, 5, 5, 0])


# --- coverage ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule, questions, needed", [(0.5, 5, 3), (0.5, 8, 4), (0.5, 1, 1), (2, 5, 2), (9, 5, 5),
                                                     (1.0, 5, 5)])
def test_required_answers_rounds_a_share_up_and_caps_a_count(rule, questions, needed):
    assert method.required_answers(rule, questions) == needed


def test_section_below_coverage_has_no_percent_band_or_mean(tmp_path):
    data = _json("score", str(_sheet(tmp_path, "a.yaml", {"leadership": {"common-vision": "working-well"}})))
    section = _section(data, "leadership")
    assert (section["status"], section["percent"], section["band"], section["mean"]) == (
        "not enough answers to score", None, None, None)
    assert (section["answered"], section["min_answered"]) == (1, 3)
    assert data["overall"]["percent"] is None


def test_section_at_coverage_is_scored_with_an_estimated_band(tmp_path):
    answers = {"leadership": {"common-vision": "working-well", "added-value": "working-well",
                              "willing-to-change": "needs-improving"}}
    section = _section(_json("score", str(_sheet(tmp_path, "a.yaml", answers))), "leadership")
    assert (section["status"], section["percent"]) == ("scored", 88.9)
    # One of the three answers needs improving (a need): the band says largely in place, not working well.
    assert section["band"] == {"label": "Leadership largely in place", "text": section["band"]["text"],
                               "estimated": True}


def test_text_and_markdown_say_not_enough_answers_and_show_no_band(tmp_path):
    path = str(_sheet(tmp_path, "a.yaml", {"leadership": {"common-vision": "working-well"}}))
    text = _run("score", path).stdout
    assert "not enough answers to score" in text and "Leadership working well" not in text
    markdown = _run("score", path, "-f", "markdown").stdout
    assert "Not enough answers to score: 1 of 5 questions answered, at least 3 needed." in markdown
    assert "Leadership working well" not in markdown


def _questionnaire(tmp_path: Path, top: str = "", section: str = "") -> Path:
    directory = tmp_path / "q"
    directory.mkdir()
    (directory / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\n" + top + "sections:\n  - id: mine\n    title: Mine\n    scale: frequency\n"
        + section + "    raise_needs: false\n    questions:\n      - id: a\n        text: A\n      - id: b\n        text: B\n"
        "      - id: c\n        text: C\n      - id: d\n        text: D\n", encoding="utf-8")
    return directory


def test_min_answered_is_set_per_questionnaire(tmp_path):
    directory = _questionnaire(tmp_path, top="min_answered: 1\n")
    sheet = tmp_path / "a.yaml"
    sheet.write_text("answers:\n  mine:\n    a: Always\n", encoding="utf-8")
    section = _section(_json("score", str(sheet), "--questionnaires", str(directory)), "mine")
    assert (section["status"], section["percent"], section["min_answered"]) == ("scored", 100.0, 1)


def test_min_answered_on_a_section_overrides_the_questionnaire(tmp_path):
    directory = _questionnaire(tmp_path, top="min_answered: 1\n", section="    min_answered: 1.0\n")
    sheet = tmp_path / "a.yaml"
    sheet.write_text("answers:\n  mine:\n    a: Always\n    b: Always\n    c: Always\n", encoding="utf-8")
    section = _section(_json("score", str(sheet), "--questionnaires", str(directory)), "mine")
    assert (section["status"], section["min_answered"]) == ("not enough answers to score", 4)


@pytest.mark.parametrize("value, expected", [
    ("0", "expected at least 1 question"),
    ("1.5", "expected a share above 0 and at most 1"),
    ("half", "expected a share of the scored questions"),
])
def test_a_bad_min_answered_is_a_located_error(tmp_path, value, expected):
    directory = _questionnaire(tmp_path, top=f"min_answered: {value}\n")
    result = CliRunner().invoke(cli, ["validate", str(directory / "mine.yaml")])
    assert result.exit_code == 2 and result.stdout == ""
    assert "mine.yaml:3:15" in result.stderr and expected in result.stderr and "Traceback" not in result.stderr


def test_a_section_count_above_its_questions_is_a_located_error(tmp_path):
    directory = _questionnaire(tmp_path, section="    min_answered: 5\n")
    result = CliRunner().invoke(cli, ["validate", str(directory / "mine.yaml")])
    assert result.exit_code == 2
    assert "mine.yaml:7:19" in result.stderr and "expected at most 4" in result.stderr


def test_room_totals_count_only_respondents_who_meet_coverage(tmp_path):
    _sheet(tmp_path, "full.yaml", _leadership(added_value="action-needed"))
    _sheet(tmp_path, "skipper.yaml", {"leadership": {"added-value": "working-well"}})
    group = _json("score", str(tmp_path))["groups"][0]
    section = _section(group, "leadership")
    assert (section["respondents"], section["scored_respondents"], section["median_score"]) == (2, 1, 12)
    item = next(i for i in section["items"] if i["question"] == "added-value")
    assert item["responses"] == 2  # the skipper's answer still counts in the distribution


# --- percent from floor to ceiling -----------------------------------------------------------------------------


def test_percent_runs_from_the_floor_of_the_scale(tmp_path):
    answers = {"ptp-self-assessment": {f: "strongly-disagree" for f in _ptp_questions()}}
    data = _json("score", str(_sheet(tmp_path, "a.yaml", answers)))
    section = _section(data, "ptp-self-assessment")
    assert (section["score"], section["min"], section["percent"]) == (6, 6, 0.0)
    assert data["overall"]["percent"] == 0.0


def _ptp_questions() -> list[str]:
    import yaml

    data = yaml.safe_load((ROOT / "questionnaires" / "ptp-self-assessment.yaml").read_text(encoding="utf-8"))
    return [q["id"] for q in data["sections"][0]["questions"]]


# --- medians ------------------------------------------------------------------------------------------------------


def test_lower_median_takes_the_lower_of_the_middle_two():
    assert method.lower_median([15, 10]) == 10
    assert method.lower_median([3, 1, 2]) == 2


# --- the seven cases of the method review, through the command line ----------------------------------------------


def test_case_1_one_dissenter_in_thirty_is_shown_but_raises_nothing(tmp_path):
    for i in range(30):
        common = "action-needed" if i == 0 else "working-well"
        added = "needs-improving" if i < 18 else "working-well"  # 18 of 30 weak: a need widely shared
        _sheet(tmp_path, f"r{i:02}.yaml", _leadership(common_vision=common, added_value=added))
    group = _json("score", str(tmp_path))["groups"][0]
    item = next(i for i in _section(group, "leadership")["items"] if i["question"] == "common-vision")
    assert (item["disagreement"], item["minority"]) == (False, 1)
    assert [n["need"] for n in group["needs"]] == ["added value"]
    assert group["to_discuss"] == []
    assert group["plan"][0]["need"] == "added value"


def test_case_1_an_even_split_at_the_ends_is_to_discuss(tmp_path):
    for i in range(30):
        _sheet(tmp_path, f"r{i:02}.yaml", _leadership(common_vision="action-needed" if i < 15 else "working-well"))
    group = _json("score", str(tmp_path))["groups"][0]
    assert [(d["question"], d["consensus"]) for d in group["to_discuss"]] == [("common-vision", 0.0)]
    need = group["needs"][0]
    assert (need["need"], need["priority"]) == ("common vision", "normal")  # half weak: a need, not high priority


def test_case_2_skipping_questions_cannot_inflate_a_score_or_pass_a_gate(tmp_path):
    path = str(_sheet(tmp_path, "a.yaml", {"leadership": {"common-vision": "working-well"}}))
    result = _run("score", path, "-f", "json", "--fail-under", "60")
    assert result.exit_code == 1
    assert "not enough answers to score the whole (Leadership: 1 of 5 questions answered" in result.stderr
    gated = _run("score", path, "-f", "json", "--fail-under-section", "leadership=60")
    assert gated.exit_code == 1
    assert ("Leadership: not enough answers to score (1 of 5 questions answered, at least 3 needed), "
            "so --fail-under-section leadership=60 is not met") in gated.stderr


def test_case_3_the_worst_answers_read_zero_on_any_scale(tmp_path):
    answers = {"ptp-self-assessment": {f: "strongly-disagree" for f in _ptp_questions()},
               "leadership": {q: "action-needed" for q in LEADERSHIP}}
    data = _json("score", str(_sheet(tmp_path, "a.yaml", answers)))
    assert [s["percent"] for s in data["sections"]] == [0.0, 0.0]
    assert data["overall"]["percent"] == 0.0


def test_case_4_one_headline_figure_in_score_gate_compare_and_cluster(tmp_path):
    room = tmp_path / "room"
    room.mkdir()
    # Six respondents whose leadership totals are 4, 7, 9, 11, 13, 15 of 15.
    for i, steps in enumerate([(0, 0, 1, 1, 2), (1, 1, 1, 2, 2), (1, 2, 2, 2, 2), (2, 2, 2, 2, 3), (2, 2, 3, 3, 3),
                               (3, 3, 3, 3, 3)]):
        options = ["action-needed", "action-in-hand", "needs-improving", "working-well"]
        _sheet(room, f"r{i}.yaml", {"leadership": {q: options[s] for q, s in zip(LEADERSHIP, steps)}})
    group = _json("score", str(room))["groups"][0]
    headline = group["overall"]["percent"]
    assert headline == 60.0 and group["overall"]["pooled_percent"] == 65.6  # the lower median: 9 of 15
    assert _section(group, "leadership")["median_percent"] == headline
    assert _run("score", str(room), "-f", "json", "--fail-under", "60").exit_code == 0
    assert _run("score", str(room), "-f", "json", "--fail-under", "60.1").exit_code == 1
    compared = _json("compare", str(room), str(room))
    assert compared["overall"]["then"] == headline and compared["sections"][0]["then"] == headline
    clustered = _json("cluster", str(room))
    assert clustered["partnerships"][0]["percent"]["leadership"] == headline


def test_case_5_action_in_hand_is_neither_resolved_nor_a_regression_by_itself():
    data = _json("compare", str(EXAMPLES / "spelthorne-2006.yaml"), str(EXAMPLES / "spelthorne-2007.yaml"),
                 "--fail-on-regression")
    in_hand = [n["need"] for n in data["needs"]["in_hand"]]
    resolved = [n["need"] for n in data["needs"]["resolved"]]
    assert in_hand == ["willingness to change", "project management & co-ordination"]
    assert not set(in_hand) & set(resolved)
    assert data["regressions"] == []  # Managing performance fell 6.7 points, under the default 10
    strict = _run("compare", str(EXAMPLES / "spelthorne-2006.yaml"), str(EXAMPLES / "spelthorne-2007.yaml"),
                  "-f", "json", "--fail-on-regression", "--min-change", "5")
    assert strict.exit_code == 0  # ... and one answer moving one step: never a regression
    assert "2 in hand" in strict.stderr and "Managing performance 80.0% → 73.3% is one answer moving one step" \
        in strict.stderr


def test_case_6_compare_reads_sections_over_questions_answered_both_times(tmp_path):
    baseline = {"leadership": {"common-vision": "working-well", "added-value": "working-well",
                               "willing-to-change": "working-well", "support-within-partners": "needs-improving"}}
    followup = _leadership(support_within_partners="needs-improving", aligned_objectives="action-needed")
    data = _json("compare", str(_sheet(tmp_path, "then.yaml", baseline)), str(_sheet(tmp_path, "now.yaml", followup)))
    move = data["sections"][0]
    assert (move["then"], move["now"], move["change"]) == (91.7, 91.7, 0.0)
    assert move["note"] == "over the 4 questions answered both times; baseline answered 4, follow-up 5"
    assert [n["need"] for n in data["needs"]["not_assessed"]] == ["aligning objectives"]
    assert data["needs"]["new"] == []


def test_case_6_one_answer_one_step_is_not_a_regression(tmp_path):
    then = _sheet(tmp_path, "then.yaml", _leadership())
    now = _sheet(tmp_path, "now.yaml", _leadership(common_vision="needs-improving"))
    result = _run("compare", str(then), str(now), "-f", "json", "--fail-on-regression")
    assert result.exit_code == 0 and json.loads(result.stdout)["sections"][0]["change"] == -6.7


def test_movement_is_worked_out_before_rounding(tmp_path):
    """93.3 -> 86.7 is one step, -6.67 unrounded, printed -6.7 as every other one-step fall (docs/method.md)."""
    then = _sheet(tmp_path, "then.yaml", _leadership(common_vision="needs-improving"))
    now = _sheet(tmp_path, "now.yaml", _leadership(common_vision="needs-improving", added_value="needs-improving"))
    move = _json("compare", str(then), str(now))["sections"][0]
    assert (move["then"], move["now"], move["change"]) == (93.3, 86.7, -6.7)
    assert "93.3" in (text := _run("compare", str(then), str(now)).stdout) and "-6.7" in text.replace("\u2212", "-")


def test_case_7_an_even_room_reads_a_total_and_band_someone_has(tmp_path):
    _sheet(tmp_path, "a.yaml", _leadership(common_vision="needs-improving", added_value="needs-improving",
                                           willing_to_change="needs-improving", support_within_partners="needs-improving",
                                           aligned_objectives="needs-improving"))
    _sheet(tmp_path, "b.yaml", _leadership())
    section = _section(_json("score", str(tmp_path))["groups"][0], "leadership")
    assert (section["median_score"], section["band"]["label"]) == (10, "Leadership needs strengthening")
    item = section["items"][0]
    assert item["median"] == "YES – but needs improving"  # the same lower-median convention as the totals


def test_case_7_shared_needs_show_each_partnerships_share_of_weak_answers(tmp_path):
    for i, answer in enumerate(["action-needed"] * 2 + ["working-well"] * 4):
        _sheet(tmp_path, f"a{i}.yaml", _leadership(added_value=answer), partnership="Alpha")
    for i in range(3):
        _sheet(tmp_path, f"b{i}.yaml", _leadership(added_value="action-needed"), partnership="Beta")
    shared = _json("cluster", str(tmp_path))["shared_needs"][0]
    assert shared["need"] == "added value" and shared["partnerships"] == 2
    assert [(w["partnership"], w["weak"], w["responses"]) for w in shared["weak_shares"]] == [
        ("Alpha", 2, 6), ("Beta", 3, 3)]
    text = _run("cluster", str(tmp_path)).stdout
    assert "Alpha (2 of 6), Beta (3 of 3)" in text


def test_a_room_report_says_whose_totals_a_section_counts(tmp_path):
    _sheet(tmp_path, "full.yaml", _leadership())
    _sheet(tmp_path, "skipper.yaml", {"leadership": {"added-value": "working-well"}})
    markdown = _run("score", str(tmp_path), "-f", "markdown").stdout
    assert ("2 respondents answered this section. Totals count the 1 of 2 respondents who answered at least 3 of "
            "its scored questions; every answer counts in the distributions.") in markdown


def test_a_room_below_coverage_says_so_in_place_of_a_band(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        _sheet(tmp_path, name, {"leadership": {"added-value": "working-well"}})
    text = " ".join(_run("score", str(tmp_path)).stdout.split())
    assert "not enough answers to score" in text and "Leadership working well" not in text
    gated = _run("score", str(tmp_path), "-f", "json", "--fail-under-section", "leadership=10")
    assert gated.exit_code == 1
    assert ("Leadership: not enough answers to score (no respondent answered at least 3 of its questions), "
            "so --fail-under-section leadership=10 is not met") in gated.stderr


def test_consensus_reads_shares_so_a_bigger_room_with_the_same_split_agrees_as_much():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.integers(0, 20), min_size=2, max_size=7).filter(lambda c: sum(c) > 0), st.integers(2, 10))
    def check(counts: list[int], factor: int) -> None:
        value = method.consensus(counts)
        assert value is not None and 0.0 <= value <= 1.0
        assert method.consensus([c * factor for c in counts]) == pytest.approx(value)

    check()


def test_a_median_total_on_a_bands_lower_edge_takes_that_band(tmp_path):
    # General totals 16 and 20 of 24: the lower median, 16, is the first total of the 16-21 band.
    general = ["real-results", "common-interest", "we-language", "mutual-accountability", "shared-rewards", "trust",
               "willing-to-change", "improve-performance"]
    _sheet(tmp_path, "a.yaml", {"general": {q: "Often" for q in general}})
    _sheet(tmp_path, "b.yaml", {"general": {q: ("Always" if i < 4 else "Often") for i, q in enumerate(general)}})
    section = _section(_json("score", str(tmp_path))["groups"][0], "general")
    assert (section["median_score"], section["band"]["label"]) == (16, "Healthy, but risks ahead")


def test_compare_does_not_read_a_section_below_coverage(tmp_path):
    then = _sheet(tmp_path, "then.yaml", {"leadership": {"common-vision": "working-well"}})
    data = _json("compare", str(then), str(_sheet(tmp_path, "now.yaml", _leadership())))
    move = data["sections"][0]
    assert (move["then"], move["now"], move["change"], move["regressed"]) == (None, None, None, False)
    assert move["note"] == "not compared: not enough answers to score in the baseline"


def test_to_discuss_carries_the_answers_behind_the_disagreement(tmp_path):
    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library
    from lsp_check.report.model.room import room_report
    from lsp_check.score.room import score_rooms

    library, _ = load_library()
    paths = [_sheet(tmp_path, f"r{i}.yaml", {"general": {"real-results": answer}})
             for i, answer in enumerate(["Never", "Often", "Always"])]
    room = score_rooms(library, [load_answers(p, library) for p in paths]).rooms[0]
    assert [(d.question, d.consensus, [c.chosen for c in d.counts]) for d in room.to_discuss] == [
        ("real-results", 0.27, [1, 0, 1, 1])]
    discuss = next(a for a in room_report(room).lists if a.key == "discuss")
    assert [e.answer for e in discuss.entries] == ["Never 1 · Often 1 · Always 1 (consensus 0.27)"]


def test_questionnaires_show_tells_the_author_the_coverage_rule(tmp_path):
    directory = _questionnaire(tmp_path, section="    min_answered: 1.0\n")
    out = _run("questionnaires", "show", "mine", "--questionnaires", str(directory)).stdout
    assert "Scored when at least 4 of its 4 scored questions are answered (min_answered)." in out
