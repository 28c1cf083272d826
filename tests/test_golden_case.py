"""The golden case: the Spelthorne answers of 24 February 2006 reproduce the seed's own result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

OVERALL_RECORD = [
    ("common vision", [
        "help others see the bigger picture",
        "focus on the medium to long term, not quick fixes",
        "adopt a neutral meeting ground",
        "use research projects to develop common understanding of needs and opportunities",
    ]),
    ("added value", ["define success measures/ tangible outcomes", "clarify partnership added value"]),
    ("willingness to change", [
        "clarify benefits to partners, and make them real",
        "identify ways of minimising costs and risks of partnership",
    ]),
    ("support for partnership working", [
        "promote wider understanding of the purpose and benefits of the partnership",
        "improve communications",
        "provide recognition and incentives for staff involved in partnership working",
    ]),
    ("aligning objectives", [
        "ensure that individual partners are clear about why they are there",
        "encourage bottom-up contributions to partnership strategy",
    ]),
    ("objectives & milestones", [
        "involve all partners in strategy development and review",
        "encourage bottom-up input to strategy within and across partner organisations/ interests",
        "promote framing of vision and objectives by task groups/ teams within overall strategy context",
    ]),
    ("resources", [
        "promote the benefits of partnership amongst partners",
        "delegate tasks (including representative roles) - and support those involved",
        "pursue joint bids, lobbying and approaches for sponsorship",
        "involve new partners",
        "identify better ways of using existing resources",
    ]),
    ("project management & co-ordination", [
        "agree project charters and joint plans",
        "develop common approaches to project management across partner organisations",
    ]),
]
SEED_BAND = (
    "The LSP may have a healthy and successful partnership, but there may be risks ahead which might "
    "jeopardise this. The LSP therefore needs to continue working at its relationships and anticipating "
    "and dealing with problems."
)


def _installed_command() -> list[str]:
    found = shutil.which("lsp-check", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "lsp_check"]


def _score_json(tmp_path: Path) -> dict:
    # Run from a directory outside the checkout, as a user would.
    answers = tmp_path / "answers.yaml"
    answers.write_bytes((EXAMPLES / "spelthorne-2006.yaml").read_bytes())
    run = subprocess.run(
        _installed_command() + ["score", "answers.yaml", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_general_scores_18_of_24_with_the_seeds_band(tmp_path):
    data = _score_json(tmp_path)
    general = data["sections"][0]
    assert (general["id"], general["score"], general["max"]) == ("general", 18, 24)
    assert general["band"]["text"] == SEED_BAND


def test_needs_are_exactly_the_seeds_overall_record(tmp_path):
    data = _score_json(tmp_path)
    assert [(n["need"], n["actions"]) for n in data["needs"]] == OVERALL_RECORD
    assert len(data["needs"]) == 8
    assert sum(len(n["actions"]) for n in data["needs"]) == 23


def test_working_well_items_raise_nothing(tmp_path):
    data = _score_json(tmp_path)
    raised = {(n["section"], n["question"]) for n in data["needs"]}
    assert ("performance", "structure") not in raised
    assert ("performance", "roles") not in raised
    assert data["tracked"] == []


def test_low_general_answer_is_shown_but_adds_no_need(tmp_path):
    data = _score_json(tmp_path)
    assert [(f["question"], f["answer"]) for f in data["low"]] == [("common-interest", "Sometimes")]
    assert all(n["section"] != "general" for n in data["needs"])
