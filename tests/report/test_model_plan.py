"""The report model of an action plan, from literal plans: horizons, reasons, agreed actions, titles."""

from __future__ import annotations

from lsp_check.report.model.plan import plan_report, plans_report, reason
from lsp_check.score.plan import AGREED, SUGGESTED, Plan, PlanRow, Plans

ROWS = (
    PlanRow(6, None, "", "", "meet monthly", AGREED, "Chair", "2008-06"),
    PlanRow(6, 1, "added value", "Leadership", "define success", SUGGESTED, answer="NO – action is needed"),
    PlanRow(6, 1, "added value", "Leadership", "clarify value", SUGGESTED, answer="NO – action is needed"),
)


def test_a_needs_actions_are_gathered_under_it_with_its_reason():
    plan = plan_report(Plan("Fenmarket", "2008-03-14", ROWS))
    six, twelve = plan.horizons
    assert [(a.action, a.owner, a.due) for a in six.agreed] == [("meet monthly", "Chair", "2008-06")]
    (need,) = six.needs
    assert (need.rank, need.need, need.reason) == (1, "added value", "Leadership: NO – action is needed")
    assert [a.action for a in need.actions] == ["define success", "clarify value"]
    assert (six.nothing, twelve.nothing, twelve.agreed_heading) == ("", "Nothing planned.", "")


def test_a_rooms_reason_says_the_median_and_how_widely_it_is_felt():
    row = PlanRow(6, 1, "added value", "Leadership", "x", SUGGESTED, answer="No", weak=3, responses=4,
                  disagreement=True)
    assert reason(row, room=True) == "median No; 3 of 4 weak; answers disagree"
    assert reason(row, room=False) == "No"
    assert reason(ROWS[0], room=True) == "agreed by the partnership"


def test_titles_of_one_plan_and_of_several():
    one = Plan("Fenmarket", "2008-03-14", ROWS)
    assert plan_report(one).title == "Action plan: Fenmarket"
    assert plan_report(one).date_line == "From the health check of 2008-03-14."
    assert plans_report(Plans((one, one._replace(partnership="")))).title == "Action plans: 2 partnerships"
    assert plan_report(one._replace(partnership="")).partnership == "(partnership not named)"
