"""One family of results: one answers file reads as a partnership's result with one respondent."""

from __future__ import annotations

from conftest import EXAMPLES
from lsp_check.load.answers import load_answers
from lsp_check.score.engine import score
from lsp_check.score.gates import Gate, decide


def _spelthorne(library):
    return score(library, load_answers(EXAMPLES / "spelthorne-2006.yaml", library))


def test_one_answers_file_is_one_respondent_on_its_date(library):
    result = _spelthorne(library)
    assert result.respondents == 1
    assert result.dates == ("2006-02-24",)
    assert result._replace(date="").dates == ()


def test_a_single_files_needs_read_as_felt_by_its_one_respondent_without_group_priority(library):
    needs = _spelthorne(library).needs
    assert needs
    assert {(n.weak, n.responses, n.disagreement, n.priority) for n in needs} == {(1, 1, False, "")}


def test_a_section_gate_reads_the_sections_headline_percent(library):
    result = _spelthorne(library)
    general = next(s for s in result.sections if s.id == "general")
    assert general.headline_percent == general.percent == 75.0
    assert decide(result, section_gates=[Gate(75.0, "general")]).status == 0
    verdict = decide(result, section_gates=[Gate(75.1, "general")])
    assert verdict.status == 1 and "General 75.0% below --fail-under-section general=75.1" in verdict.line
