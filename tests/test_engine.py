"""Unit tests of the scoring engine on small literal cases, one behaviour each."""

from __future__ import annotations

from lsp_check.load.answers import check_answers
from lsp_check.load.questionnaires import _Source, build_library
from lsp_check.load.yamlfile import load
from lsp_check.questionnaire import AnswerSheet, Band
from lsp_check.score.engine import band_for, score

QUESTIONNAIRE = """
id: mini
title: Mini
scales:
  steps:
    options:
      - {id: bad, label: Bad, score: 0, level: weak}
      - {id: doing, label: Doing something, score: 1, level: tracked}
      - {id: meh, label: Meh, score: 2, level: weak}
      - {id: good, label: Good, score: 3}
sections:
  - id: mini
    title: Mini section
    scale: steps
    bands:
      - {min: 0, max: 4, label: Low}
      - {min: 5, max: 9, label: High}
    questions:
      - id: a
        text: Statement A
        need: need A
        actions:
          bad: [fix A urgently]
          meh: [polish A]
      - id: b
        text: Statement B
        need: need B
        actions: [do B]
      - id: c
        text: Statement C
        need: need C
        actions: [do C]
"""


def _library():
    library, warnings = build_library([_Source(load(QUESTIONNAIRE, "mini.yaml"), False)])
    return library


def _sheet(library, answers: str) -> AnswerSheet:
    return check_answers(load("partnership: P\ndate: '2026-01-01'\nanswers:\n  mini:\n" + answers, "a.yaml"), library)


def test_score_is_sum_of_option_scores_out_of_scale_maximum():
    lib = _library()
    result = score(lib, _sheet(lib, "    a: Good\n    b: Meh\n    c: Doing something\n"))
    section = result.sections[0]
    assert (section.score, section.max, section.percent) == (6, 9, 66.7)
    assert section.band.label == "High"


def test_weak_answer_raises_need_with_actions_for_its_option_level():
    lib = _library()
    result = score(lib, _sheet(lib, "    a: Bad\n    b: Good\n    c: Good\n"))
    assert [(n.need, n.actions) for n in result.needs] == [("need A", ("fix A urgently",))]
    result = score(lib, _sheet(lib, "    a: Meh\n    b: Good\n    c: Good\n"))
    assert result.needs[0].actions == ("polish A",)


def test_tracked_answer_is_listed_but_suggests_nothing():
    lib = _library()
    result = score(lib, _sheet(lib, "    a: Good\n    b: doing\n    c: Good\n"))
    assert result.needs == ()
    assert [t.question for t in result.tracked] == ["b"]


def test_needs_follow_questionnaire_order_not_answer_order():
    lib = _library()
    result = score(lib, _sheet(lib, "    c: Bad\n    a: Meh\n    b: Bad\n"))
    assert [n.question for n in result.needs] == ["a", "b", "c"]


def test_unanswered_question_shrinks_maximum_instead_of_counting_zero():
    lib = _library()
    result = score(lib, _sheet(lib, "    a: Good\n    b: Good\n"))
    section = result.sections[0]
    assert (section.score, section.max, section.full_max, section.missing) == (6, 6, 9, 1)
    assert section.percent == 100.0
    assert [m.question for m in result.unanswered] == ["c"]


def test_band_of_incomplete_section_is_estimated_from_answered_share():
    lib = _library()
    # 3 of a possible 6 answered -> 4.5 of 9 pro rata, between Low (max 4) and High (min 5): the lower band.
    result = score(lib, _sheet(lib, "    a: Good\n    b: Bad\n"))
    section = result.sections[0]
    assert section.band.label == "Low"
    assert section.band_estimated


def test_empty_answer_counts_as_unanswered():
    lib = _library()
    result = score(lib, _sheet(lib, "    a:\n    b: ''\n    c: Good\n"))
    assert result.sections[0].answered == 1
    assert {m.question for m in result.unanswered} == {"a", "b"}


def test_fully_unanswered_section_has_no_percentage_or_band():
    lib = _library()
    result = score(lib, _sheet(lib, "    a:\n"))
    section = result.sections[0]
    assert section.percent is None and section.band is None
    assert result.overall.percent is None


def test_answers_match_labels_ignoring_case_spacing_and_dashes():
    lib = _library()
    result = score(lib, _sheet(lib, "    a: '  GOOD '\n    b: doing   SOMETHING\n    c: meh\n"))
    assert [i.option for i in result.sections[0].items] == ["good", "doing", "meh"]


def test_band_between_two_bands_belongs_to_lower_one():
    bands = (Band(0, 4, "Low"), Band(5, 9, "High"))
    assert band_for(bands, 4).label == "Low"
    assert band_for(bands, 4.9).label == "Low"
    assert band_for(bands, 5).label == "High"
    assert band_for(bands, 9).label == "High"


def test_needs_follow_the_questionnaire_not_the_order_answers_were_written_in():
    lib = _library()
    written = score(lib, _sheet(lib, "    c: Bad\n    a: Meh\n    b: Bad\n"))
    ordered = score(lib, _sheet(lib, "    a: Meh\n    b: Bad\n    c: Bad\n"))
    assert [need.need for need in written.needs] == ["need A", "need B", "need C"]
    assert written.needs == ordered.needs and written.sections == ordered.sections
