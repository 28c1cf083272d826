"""Small literal cases of the rules of docs/privacy.md: one behaviour each (the CLI tests are test_privacy.py)."""

from __future__ import annotations

import pytest

from lsp_check.load.identity import near_duplicates, one_edit_apart
from lsp_check.matching import identity
from lsp_check.questionnaire import iso_date
from lsp_check.score.disclosure import COMPLEMENT, FEW_ANSWERS, plan_groups
from lsp_check.score.room import AtomTally


def _atoms(*people: tuple[str, str, dict[tuple[str, ...], str]]) -> dict[tuple[str, str], AtomTally]:
    """(sector, organisation, {item: answer}) per respondent."""
    found: dict[tuple[str, str], AtomTally] = {}
    for sector, organisation, answers in people:
        tally = found.setdefault((sector, organisation), AtomTally())
        tally.add(())
        for item, answer in answers.items():
            tally.add(item, answer)
    return found


Q = ("s", "q")


def test_a_group_below_the_threshold_is_hidden_and_the_one_that_would_give_it_away_withheld():
    atoms = _atoms(*[("council", "", {Q: "w"})] * 3, ("police", "", {Q: "n"}))
    plan = plan_groups(atoms, "sector")
    assert (plan.shown, plan.small, plan.complement) == (frozenset(), {"police"}, {"council"})


def test_groups_that_all_meet_the_threshold_are_all_shown_with_every_figure():
    atoms = _atoms(*[("council", "", {Q: "w"})] * 3, *[("health", "", {Q: "n"})] * 3)
    plan = plan_groups(atoms, "sector")
    assert plan.shown == {"council", "health"} and not plan.small and not plan.complement and not plan.cells


def test_an_organisation_inside_a_shown_sector_is_withheld_when_the_sector_less_it_is_one_person():
    atoms = _atoms(*[("council", "borough", {Q: "w"})] * 3, ("council", "county", {Q: "n"}))
    by_sector, by_organisation = plan_groups(atoms, "sector"), plan_groups(atoms, "organisation")
    assert by_sector.shown == {"council"}
    assert (by_organisation.shown, by_organisation.small, by_organisation.complement) == (frozenset(), {"county"},
                                                                                         {"borough"})


def test_a_figure_few_of_a_group_answered_is_withheld_and_so_is_the_one_that_would_give_it_away():
    atoms = _atoms(*[("council", "", {Q: "w"})] * 3, ("health", "", {Q: "i"}), ("health", "", {}),
                   ("health", "", {}), *[("voluntary", "", {Q: "n"})] * 3)
    cells = plan_groups(atoms, "sector").cells
    assert cells == {("health", Q): FEW_ANSWERS, ("council", Q): COMPLEMENT}


def test_the_threshold_is_never_below_three():
    with pytest.raises(ValueError, match="at least 3"):
        plan_groups({}, "sector", 2)


@pytest.mark.parametrize(("first", "second", "same"), [
    ("Local Spelthorne Partnership", "local spelthorne  partnership", True),
    ("Local Spelthorne Partnership", "Local Spelthorne Partnership.", True),
    ("St. Helens", "St Helens", True),
    ("Local Spelthorne Partnership", "Local Spelthorn Partnership", False),
])
def test_names_are_one_partnership_ignoring_case_spacing_and_punctuation(first, second, same):
    assert (identity(first) == identity(second)) is same


@pytest.mark.parametrize(("first", "second", "apart"), [
    ("elmbridge", "elmbirdge", True),  # two neighbours swapped
    ("runnymede", "runymede", True),  # a letter left out
    ("woking", "wokinh", True),  # a letter changed
    ("area1", "area2", False),  # a digit: numbering, not a slip
    ("abc", "bca", False),
    ("same", "same", False),
])
def test_one_edit_apart(first, second, apart):
    assert one_edit_apart(first, second) is apart


def test_near_duplicates_name_each_pair_in_the_order_met_and_leave_numbering_alone():
    names = ["Spelthorne", "Elmbridge", "Spelthorne Partnership", "Elmbirdge", "Area 1", "Area 12", "Area 2"]
    assert near_duplicates(names) == [("Spelthorne", "Spelthorne Partnership"), ("Elmbridge", "Elmbirdge")]


@pytest.mark.parametrize(("text", "valid"), [("2006-02-24", True), ("2024-02-29", True), ("2023-02-29", False),
                                             ("24/02/2006", False), ("2006-2-24", False), ("20060224", False),
                                             ("2006-02-24T10:00", False), (" 2006-02-24", False)])
def test_an_answers_files_date_is_an_iso_date(text, valid):
    assert (iso_date(text) is not None) is valid
