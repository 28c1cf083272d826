"""The phrases every report shares, written once (report/model/words.py)."""

from __future__ import annotations

import pytest

from lsp_check.report.model import words


@pytest.mark.parametrize("percent, tone", [(None, "none"), (0.0, "low"), (39.9, "low"), (40.0, "mid"),
                                           (69.9, "mid"), (70.0, "high"), (100.0, "high")])
def test_one_rule_gives_every_figure_its_tone(percent, tone):
    assert words.tone(percent) == tone


def test_counts_dates_changes_and_notes_read_the_same_everywhere():
    assert words.plural(1, "respondent") == "1 respondent" and words.plural(2, "need") == "2 needs"
    assert words.date_range(["2006-02-24", "", "2006-03-01"]) == "2006-02-24 to 2006-03-01"
    assert words.signed(4.25) == "+4.3" and words.signed(None) == "–"
    assert words.note_line("", "x") == "Note: x" and words.note_line("Ann", "x") == "Note (Ann): x"
    assert words.spread(2, 4, False) == "2 of 4 weak" and words.spread(2, 4, True) == "2 of 4 weak; answers disagree"
    assert words.median_band("Good") == "Median in band: Good."
    assert words.partnership_name("") == "(partnership not named)"
