"""The report model of one answers file, on small literal results: what each part says, decided once."""

from __future__ import annotations

from lsp_check.questionnaire import AgreedAction, Band
from lsp_check.report.model.single import single_report
from lsp_check.score.result import Flag, Item, Missing, Need, Overall, Result, SectionResult

BAND = Band(0, 10, "Getting there", "Keep going.")


def _section(items: tuple[Item, ...], score: float = 4, answered: int = 2, questions: int = 2, required: int = 1,
             band: Band | None = BAND, estimated: bool = False, scored: bool = True) -> SectionResult:
    percent = round(score / 6 * 100, 1) if answered >= required else None
    return SectionResult("lead", "Leadership", "Who leads.", scored, score, 6, 6, percent, None, answered, questions,
                         band, estimated, items, 0.0, required)


def _result(sections: tuple[SectionResult, ...], needs: tuple[Need, ...] = (), low: tuple[Flag, ...] = (),
            unanswered: tuple[Missing, ...] = (), agreed: tuple[AgreedAction, ...] = (), answered: int = 2,
            questions: int = 2) -> Result:
    return Result("Fenmarket", "2008-03-14", "Chair", "a.yaml", sections, Overall(4, 6, 66.7, answered, questions),
                  needs, (), low, unanswered, agreed)


WEAK = Item("vision", "We share a vision", "choice", "No", "no", 0, "weak", note="Not yet.", need="common vision")
GOOD = Item("roles", "Roles are clear", "choice", "Yes", "yes", 3, "ok")
NEED = Need("lead", "Leadership", "vision", "We share a vision", "common vision", "No", "no", ("agree a vision",),
            "Not yet.", 1.0)


def test_a_question_row_carries_its_answer_mark_note_and_score():
    row, good = single_report(_result((_section((WEAK, GOOD)),), (NEED,))).sections[0].rows
    assert (row.number, row.answer, row.mark, row.score, row.note) == (1, "No", "▲", "0", "Note: Not yet.")
    assert row.name == "Common vision" and good.name == "Roles" and good.mark == ""


def test_an_unanswered_question_says_so_and_a_free_text_one_has_no_score():
    unanswered = Item("vision", "We share a vision", "choice")
    story = Item("story", "Tell us", "text", "It went well.")
    rows = single_report(_result((_section((unanswered, story), score=0, answered=0),))).sections[0].rows
    assert [(r.answer, r.answered, r.score) for r in rows] == [("(unanswered)", False, "–"), ("It went well.", True, "")]


def test_a_list_answer_is_its_entries():
    listed = Item("blocks", "Blockages", "list", items=("time", "money"))
    row = single_report(_result((_section((listed,), scored=False),))).sections[0].rows[0]
    assert row.answer == "" and [e.line for e in row.entries] == ["time", "money"]


def test_a_section_says_its_score_band_and_band_line():
    part = single_report(_result((_section((WEAK, GOOD)),))).sections[0]
    assert (part.score, part.out_of, part.percent, part.fraction, part.tone) == ("4", "6", "66.7%", "4/6", "mid")
    assert part.score_line == "Score: 4 out of a possible 6 (66.7%)."
    assert (part.band_cell, part.band_line, part.band_text) == ("Getting there", "Getting there:", "Keep going.")


def test_an_estimated_band_says_so_in_the_cell_and_the_heading():
    part = single_report(_result((_section((WEAK, GOOD), estimated=True),))).sections[0]
    assert part.band_cell == "Getting there (estimated)"
    assert part.band_line == "Getting there (estimated from the questions answered):"


def test_a_section_below_the_coverage_rule_says_why_it_has_no_score():
    part = single_report(_result((_section((WEAK,), answered=1, questions=4, required=2, band=None),))).sections[0]
    assert (part.score, part.band_cell) == ("–", "not enough answers to score")
    assert part.score_line == "Not enough answers to score: 1 of 4 questions answered, at least 2 needed."


def test_a_need_is_worded_once_with_its_urgency():
    need = single_report(_result((_section((WEAK, GOOD)),), (NEED,))).needs[0]
    assert need.detail == "Leadership: “We share a vision”, answered No."
    assert (need.brief, need.heading, need.label) == ("Leadership: No", "common vision (urgent)", "urgent")
    assert need.statement == "Leadership: “We share a vision”, answered No; urgent."
    assert [n.line() for n in need.notes] == ["Note: Not yet."]


def test_unanswered_questions_are_counted_in_the_summary_note_and_listed():
    missing = Missing("lead", "Leadership", "roles", "Roles are clear")
    report = single_report(_result((_section((WEAK,)),), unanswered=(missing,), answered=1))
    assert report.summary_note == "1 of 2 questions unanswered: scores are out of the questions answered."
    (answers,) = report.lists
    assert (answers.title, answers.mark, answers.entries[0].line) == ("Unanswered", "?", "Leadership: Roles are clear")


def test_the_plan_is_made_when_reported_and_its_introduction_says_one_files_rule():
    report = single_report(_result((_section((WEAK, GOOD)),), (NEED,), agreed=(AgreedAction("meet monthly", 6),)))
    assert report.plan is not None and report.plan.heading == "Action plan"
    assert "the more severe the answer on its scale, the higher" in report.plan.intro
    assert report.plan.intro.startswith("Actions already agreed come first")
    six = report.plan.horizons[0]
    assert six.agreed_heading == "Already agreed:" and [a.action for a in six.agreed] == ["meet monthly"]
    assert report.plan.horizons[1].nothing == "Nothing planned."


def test_a_report_of_free_text_only_has_no_summary_nor_overall_record():
    story = Item("story", "Tell us", "text", "It went well.")
    report = single_report(_result((_section((story,), scored=False, band=None),)))
    assert not report.scored and report.summary_title == "" and report.needs_title == ""
    assert report.summary_chart is None and report.sections[0].percent == ""


def test_the_summary_chart_has_a_bar_per_scored_section_with_its_band():
    chart = single_report(_result((_section((WEAK, GOOD)),))).summary_chart
    assert chart is not None and [(r.label, r.values, r.note) for r in chart.rows] == [
        ("Leadership", (66.7,), "Getting there")]
