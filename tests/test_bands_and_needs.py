"""A band never contradicts the needs listed under it: the bundled questionnaires keep "working well" (and the
like) for totals no weak answer can reach, every band with needs under it says how many, and a need whose answer
moved up from "action in hand" to a weak answer is not read as a fall (docs/method.md, rule 15)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli
from lsp_check.questionnaire import WEAK
from lsp_check.score.bands import band_for, band_value

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
# Words a band may use only where no answer raises a need.
CLAIMS = ("working well", "is established", "A smarter partnership")


def _run(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))


def _claims(label: str) -> bool:
    return any(word in label for word in CLAIMS) and "largely" not in label


def test_no_bundled_band_claims_working_well_where_a_weak_answer_can_reach_it(library):
    checked = 0
    for questionnaire in library.questionnaires.values():
        for section in questionnaire.sections:
            scored = [q for q in section.questions if q.scored and q.scale is not None]
            if not section.raise_needs or not section.bands or not scored:
                continue
            scales = {q.scale.name for q in scored if q.scale is not None}
            assert len(scales) == 1, section.id  # one scale a section: every total is a multiset of its options
            options = scored[0].scale.options if scored[0].scale else ()
            high = sum(max(o.score for o in options) for _ in scored)
            low = sum(min(o.score for o in options) for _ in scored)
            for answers in itertools.combinations_with_replacement(options, len(scored)):
                total = sum(o.score for o in answers)
                band = band_for(section.bands, band_value(section, total, high, low, len(scored), high, low))
                assert band is not None, (section.id, total)  # every total has a band
                if any(o.level == WEAK for o in answers):
                    assert not _claims(band.label), (section.id, total, band.label)
                checked += 1
    assert checked > 500


def test_spelthornes_managing_performance_is_largely_in_place_and_says_its_three_needs():
    result = _run("score", SPELTHORNE)
    assert result.exit_code == 0
    out = result.stdout
    assert "Managing performance  12/15  80.0%" in out
    assert "Performance management largely in place" in out
    assert "working well" not in out.split("Overall Record")[0]
    assert ("Act on the needs listed below, and follow up any action in hand. 3 questions in this section raise "
            "needs: see the Overall Record.") in " ".join(out.split())
    # General raises no needs (the seed reads it through its band): its band text is the seed's, word for word.
    assert ("The LSP may have a healthy and successful partnership, but there may be risks ahead which might "
            "jeopardise this. The LSP therefore needs to continue working at its relationships and anticipating and "
            "dealing with problems. Leadership 4 of 15") in " ".join(out.split())


def test_every_format_adds_the_needs_sentence_to_the_band():
    for fmt in ("markdown", "html"):
        out = _run("score", SPELTHORNE, "-f", fmt).stdout
        assert "5 questions in this section raise needs: see the Overall Record." in out, fmt
        assert "3 questions in this section raise needs: see the Overall Record." in out, fmt
        assert out.count("in this section raise") == 2, fmt


def test_a_top_total_is_working_well_and_raises_no_need(tmp_path: Path):
    answers = tmp_path / "top.yaml"
    answers.write_text("partnership: Top\ndate: 2026-01-01\nanswers:\n  performance:\n"
                       + "".join(f"    {q}: YES – working well\n"
                                 for q in ("structure", "roles", "objectives", "resources", "project-management")),
                       encoding="utf-8")
    out = _run("score", str(answers)).stdout
    assert "Performance management working well" in out
    assert "in this section raise" not in out


IN_HAND = "No – but action is in hand"
NEEDS_IMPROVING = "YES – but needs improving"


def _answers(date: str, answer: str) -> str:
    return (f"partnership: Runnymede\ndate: {date}\nanswers:\n  leadership:\n    common-vision: {answer}\n"
            "    added-value: YES – working well\n    willing-to-change: YES – working well\n"
            "    support-within-partners: YES – working well\n    aligned-objectives: YES – working well\n")


def test_a_need_whose_answer_moved_up_from_in_hand_is_not_read_as_a_fall(tmp_path: Path):
    files = []
    for date, answer in (("2026-05-12", NEEDS_IMPROVING), ("2026-11-10", IN_HAND), ("2027-05-20", NEEDS_IMPROVING)):
        path = tmp_path / f"{date}.yaml"
        path.write_text(_answers(date, answer), encoding="utf-8")
        files.append(str(path))
    trend = _run("trend", *files).stdout
    assert "raised again" not in trend
    assert (f"weak again in 2027-05-20: the answer moved up, from {IN_HAND} to {NEEDS_IMPROVING}"
            in " ".join(trend.split()))
    assert (f"common vision (Leadership): the answer moved up, from {IN_HAND} to {NEEDS_IMPROVING}, which raises a "
            "need") in " ".join(trend.split())
    compare = _run("compare", files[1], files[2]).stdout
    assert (f"New needs (1) common vision (Leadership): the answer moved up, from {IN_HAND} to {NEEDS_IMPROVING}, "
            "which raises a need") in " ".join(compare.split())
    html = _run("compare", files[1], files[2], "-f", "html").stdout
    assert "the answer moved up, from" in html


def test_a_need_whose_answer_fell_into_weakness_is_still_raised_again(tmp_path: Path):
    files = []
    for date, answer in (("2026-05-12", "NO – action is needed"), ("2026-11-10", "YES – working well"),
                         ("2027-05-20", NEEDS_IMPROVING)):
        path = tmp_path / f"{date}.yaml"
        path.write_text(_answers(date, answer), encoding="utf-8")
        files.append(str(path))
    trend = _run("trend", *files).stdout
    assert "raised again in 2027-05-20" in trend and "moved up" not in trend
    data = json.loads(_run("trend", *files, "-f", "json").stdout)
    assert [n["category"] for n in data["needs"]] == ["raised"]
