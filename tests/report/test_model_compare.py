"""The report model of a comparison: notes worded from the comparison's facts, movement, need groups."""

from __future__ import annotations

from lsp_check.report.model.compare import comparison_report, partnerships_note, section_note
from lsp_check.score.compare import SectionMove, compare
from lsp_check.score.engine import score


def _move(**facts: object) -> SectionMove:
    base = SectionMove("lead", "Leadership", 40.0, 60.0, 20.0, "up", "", "", None, None, 15)
    return base._replace(**facts)


def test_a_section_compared_over_fewer_questions_says_so():
    assert section_note(_move(common=3, then_answered=5, now_answered=3)) == (
        "over the 3 questions answered both times; baseline answered 5, follow-up 3")
    assert section_note(_move(common=1, then_answered=2, now_answered=1)).startswith("over the 1 question answered")


def test_a_section_not_compared_names_the_side_short_of_answers():
    assert section_note(_move(short=("baseline",))) == "not compared: not enough answers to score in the baseline"
    assert section_note(_move(short=("baseline", "follow-up"))) == (
        "not compared: not enough answers to score in the baseline and the follow-up")


def test_a_trend_names_the_two_assessments_by_date():
    assert section_note(_move(short=("follow-up",)), "2006-02-24", "2007-03-02") == (
        "not compared: not enough answers to score in 2007-03-02")
    assert section_note(_move(common=3, then_answered=5, now_answered=3), "2006-02-24", "2007-03-02") == (
        "over the 3 questions answered both times; 2006-02-24 answered 5, 2007-03-02 3")


def test_the_model_words_movement_groups_and_the_partnerships_note(library):
    from conftest import EXAMPLES
    from lsp_check.load.answers import load_answers

    then, now = (score(library, load_answers(str(EXAMPLES / f"spelthorne-{y}.yaml"), library)) for y in (2006, 2007))
    c = compare(then, now)
    r = comparison_report(c)
    assert r.title == "Progress since the baseline: Local Spelthorne Partnership" and r.dates == "2006-02-24 → 2007-03-02"
    leadership = r.sections[1]
    assert (leadership.then, leadership.now, leadership.change, leadership.arrow, leadership.word) == (
        "26.7%", "60.0%", "+33.3", "▲", "up")
    assert [g.heading for g in r.need_groups] == ["Needs resolved (3)", "Needs now in hand (2)", "Needs persisting (3)",
                                                  "New needs (1)"]
    assert all(g.empty == "" for g in r.need_groups) and r.change_note == "Change in percentage points, worked out before rounding."
    assert partnerships_note(c) == ""
    other = c._replace(different_partnerships=True, followup=c.followup._replace(partnership="Other"))
    assert partnerships_note(other).endswith("the follow-up is Other.")
