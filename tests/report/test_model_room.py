"""The report model of a room, built from small literal rooms: rows per question, the band line, needs, lists."""

from __future__ import annotations

from lsp_check.load.answers import load_answers
from lsp_check.report.model.room import room_report, rooms_report
from lsp_check.score.room import score_rooms


def _room(library, tmp_path, answers: list[str], named: bool = False, partnership: str = "Fenmarket"):
    sheets = []
    for n, answer in enumerate(answers):
        path = tmp_path / f"{partnership}-{n}.yaml"
        path.write_text(f"partnership: {partnership}\ndate: 2008-03-14\nrespondent: R{n}\nanswers:\n  leadership:\n"
                        f"    common-vision: {{answer: {answer}, note: note {n}}}\n"
                        f"    added-value: {answer}\n    willing-to-change: {answer}\n", encoding="utf-8")
        sheets.append(load_answers(str(path), library))
    return score_rooms(library, sheets, keep_names=named)


def test_a_rooms_question_row_has_its_distribution_median_mean_and_flag(library, tmp_path):
    answers = ["NO - action is needed", "YES - working well", "YES - working well", "NO - action is needed"]
    room = _room(library, tmp_path, answers)
    row = room_report(room.rooms[0]).sections[0].rows[0]
    assert row.distribution == ("NO – action is needed 2 · No – but action is in hand 0 · "
                                "YES – but needs improving 0 · YES – working well 2")
    assert (row.median, row.answer, row.mean, row.score) == ("NO – action is needed",) * 2 + ("1.5", "1.5")
    assert row.flag == "⚠ disagree" and row.disagreement and row.mark == ""
    assert [c.line for c in row.counts][0] == "NO – action is needed: 2"
    assert row.chart is not None and row.chart.title.startswith("Answers: NO – action is needed 2, ")


def test_a_room_says_its_band_as_the_median_and_its_respondents(library, tmp_path):
    report = room_report(_room(library, tmp_path, ["YES - working well"] * 3).rooms[0])
    part = report.sections[0]
    assert part.score_line.startswith("3 respondents answered this section.")
    assert part.band_line.startswith("Median in band: ") and part.band_line.endswith(".")
    assert report.lines == ("3 respondents · 2008-03-14",)
    assert report.summary_headers == ("Section", "Respondents", "Median", "Range", "Median %", "Band")


def test_notes_are_anonymous_unless_respondents_are_named(library, tmp_path):
    answers = ["NO - action is needed"] * 2
    anonymous = room_report(_room(library, tmp_path, answers).rooms[0]).needs[0]
    named = room_report(_room(library, tmp_path, answers, named=True).rooms[0]).needs[0]
    assert [n.line() for n in anonymous.notes] == ["Note: note 0", "Note: note 1"]
    assert [n.line() for n in named.notes] == ["Note (R0): note 0", "Note (R1): note 1"]


def test_a_rooms_need_says_how_widely_it_is_felt_and_its_priority(library, tmp_path):
    need = room_report(_room(library, tmp_path, ["NO - action is needed"] * 3).rooms[0]).needs[0]
    assert need.brief == "Leadership: median NO – action is needed; 3 of 3 weak"
    assert need.heading.endswith("(high priority)") and need.room


def test_a_room_of_several_partnerships_has_one_title_for_the_document(library, tmp_path):
    one = _room(library, tmp_path, ["YES - working well"])
    two = one._replace(rooms=one.rooms + _room(library, tmp_path, ["YES - working well"], partnership="Other").rooms)
    assert rooms_report(one).title == "Partnership health check: Fenmarket"
    assert rooms_report(two).title == "Partnership health checks: 2 partnerships"
    assert [r.partnership for r in rooms_report(two).reports] == ["Fenmarket", "Other"]


def test_a_rooms_plan_says_a_rooms_ranking_rule(library, tmp_path):
    report = room_report(_room(library, tmp_path, ["NO - action is needed"] * 2).rooms[0])
    assert report.plan is not None and "the more respondents gave a weak answer, the higher" in report.plan.intro
    assert report.plan.horizons[0].needs[0].reason == "Leadership: median NO – action is needed; 2 of 2 weak"
