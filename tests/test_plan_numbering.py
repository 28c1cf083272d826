"""The action plan numbers its needs down the page: the next 6 months' first, then the next 12 months', each in
rank order; its introduction says how a need's horizon is chosen (docs/method.md, rule 7)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
PERFORMANCE = ("structure", "roles", "objectives", "resources", "project-management")
WELL = "YES – working well"


def _room(tmp_path: Path) -> str:
    """Seven respondents: added value 4 of 7 'needs improving' (not urgent, not high priority); project management
    3 of 7 'action is needed' (urgent). By share added value ranks first, but only project management is urgent."""
    room = tmp_path / "room"
    room.mkdir()
    for i in range(7):
        answers = {q: WELL for q in LEADERSHIP}
        answers["added-value"] = "YES – but needs improving" if i < 4 else WELL
        work = {q: WELL for q in PERFORMANCE}
        work["project-management"] = "NO – action is needed" if i < 3 else WELL
        text = ("partnership: Runnymede Partnership\ndate: 2026-05-12\nanswers:\n  leadership:\n"
                + "".join(f"    {q}: {a}\n" for q, a in answers.items())
                + "  performance:\n" + "".join(f"    {q}: {a}\n" for q, a in work.items()))
        (room / f"delegate{i + 1}.yaml").write_text(text, encoding="utf-8")
    return str(room)


def _run(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))


def test_the_plan_numbers_its_needs_down_the_page(tmp_path):
    out = _run("plan", _room(tmp_path), "-f", "text").stdout
    six, twelve = out.split("Next 6 months", 1)[1].split("Next 12 months", 1)
    assert re.findall(r"^\s+(\d+)\. ([^(]+?)\s\s", six, re.M) == [("1", "project management & co-ordination")]
    assert re.findall(r"^\s+(\d+)\. ([^(]+?)\s\s", twelve, re.M) == [("2", "added value")]


def test_every_format_says_how_the_horizon_is_chosen(tmp_path):
    room = _room(tmp_path)
    for fmt in ("text", "markdown", "html"):
        shown = html.unescape(" ".join(_run("plan", room, "-f", fmt).stdout.split()))
        assert ("The suggested actions, numbered down the page. A need goes in the next 6 months when the answer its "
                "actions are for is urgent (its scale's worst, or one the questionnaire marks urgent) or two thirds "
                "or more of the room gave a weak answer (high priority), otherwise in the next 12 months; within "
                "each, the lower the number the more urgent") in shown, fmt
    rows = list(csv.DictReader(io.StringIO(_run("plan", room, "-f", "csv").stdout.lstrip("\ufeff"))))
    assert [(r["horizon"], r["priority"], r["need"]) for r in rows] == [
        ("6 months", "1", "project management & co-ordination"), ("6 months", "1", "project management & co-ordination"),
        ("12 months", "2", "added value"), ("12 months", "2", "added value")]
    plan = json.loads(_run("score", room, "-f", "json").stdout)["groups"][0]["plan"]
    assert [(r["horizon_months"], r["priority"]) for r in plan] == [(6, 1), (6, 1), (12, 2), (12, 2)]


def test_one_answers_file_says_its_rule_without_the_rooms_priority():
    from conftest import EXAMPLES

    shown = " ".join(_run("plan", str(EXAMPLES / "spelthorne-2006.yaml"), "-f", "text").stdout.split())
    assert ("A need goes in the next 6 months when its answer is urgent (its scale's worst, or one the questionnaire "
            "marks urgent), otherwise in the next 12 months;") in shown
    numbers = [int(n) for n in re.findall(r"(?:^| )(\d)\. [a-z]", shown)]
    assert numbers == list(range(1, 9))
