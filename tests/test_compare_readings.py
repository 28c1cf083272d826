"""compare and trend read as the follow-up's own report reads: a need it no longer raises is not called "not
resolved", a row whose median and mean moved different ways says both, and a change in score is written to two
decimal places (trailing zeros dropped), the figure the JSON gives."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli
from lsp_check.report.model.words import mixed_movement, signed_mean

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
WORKING, IMPROVING, NEEDED = "YES – working well", "YES – but needs improving", "NO – action is needed"


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(cli, list(args))


def _room(folder: Path, date: str, answers: list[dict[str, str]]) -> str:
    """A room of delegates' answers to Leadership, every question working well unless given."""
    folder.mkdir(parents=True)
    for n, given in enumerate(answers, 1):
        lines = ["partnership: Runnymede Partnership", f"date: {date}", "answers:", "  leadership:"]
        lines += [f"    {q}: {given.get(q, WORKING)}" for q in LEADERSHIP]
        (folder / f"d{n}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(folder)


def _rooms(tmp_path: Path) -> tuple[str, str, str]:
    # common vision: a need of all three at the baseline; one of eight weak later, below the room's one-third rule.
    then = _room(tmp_path / "then", "2026-05-12", [{"common-vision": NEEDED}] * 3)
    mid = _room(tmp_path / "mid", "2026-11-10", [{"common-vision": NEEDED}] + [{}] * 7)
    now = _room(tmp_path / "now", "2027-11-15", [{"common-vision": NEEDED}] + [{}] * 7)
    return then, mid, now


def test_a_need_the_follow_up_no_longer_raises_is_not_called_not_resolved(tmp_path):
    then, _, now = _rooms(tmp_path)
    alone = _invoke("score", now)
    assert alone.exit_code == 0, alone.stderr
    assert "common vision" not in alone.stderr  # the follow-up's own verdict lists no need
    text = " ".join(_invoke("compare", then, now).stdout.split())
    assert "Needs resolved (0) None." in text
    assert ("No longer a need but with weak answers (1) common vision (Leadership): 1 of 8 answers still weak"
            in text)
    assert "not resolved" not in text
    markdown = _invoke("compare", then, now, "-f", "markdown").stdout
    assert "## No longer a need but with weak answers (1)" in markdown
    html = _invoke("compare", then, now, "-f", "html").stdout
    assert "No longer a need but with weak answers (1)" in html and "not resolved" not in html
    needs = json.loads(_invoke("compare", then, now, "-f", "json").stdout)["needs"]
    assert [(n["need"], n["weak"], n["responses"]) for n in needs["improved"]] == [("common vision", 1, 8)]
    assert needs["resolved"] == [] and needs["persisting"] == []


def test_trend_says_no_longer_a_need_beside_its_tick(tmp_path):
    then, mid, now = _rooms(tmp_path)
    result = _invoke("trend", then, mid, now)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "common vision (Leadership) ▲ ✓ ✓ no longer a need since 2026-11-10, some answers still weak" in text
    assert "not resolved" not in text
    assert "1 no longer a need but with weak answers" in text
    markdown = _invoke("trend", then, mid, now, "-f", "markdown").stdout
    assert "no longer a need since 2026-11-10, some answers still weak" in markdown
    assert "not resolved" not in markdown


def test_a_row_whose_median_rose_while_its_mean_fell_says_both_in_every_format(tmp_path):
    # added value: then working well ×2, action needed ×2 (lower median action needed, mean 1.5); now needs
    # improving ×3, action needed ×2 (median needs improving, mean 1.2). The median rose, the mean fell.
    then = _room(tmp_path / "then", "2026-05-12", [{"added-value": WORKING}] * 2 + [{"added-value": NEEDED}] * 2)
    now = _room(tmp_path / "now", "2026-11-10", [{"added-value": IMPROVING}] * 3 + [{"added-value": NEEDED}] * 2)
    question = next(q for q in json.loads(_invoke("compare", then, now, "-f", "json").stdout)["questions"]
                    if q["question"] == "added-value")
    assert (question["direction"], question["change_direction"], question["change"]) == ("up", "down", -0.3)
    text = " ".join(_invoke("compare", then, now).stdout.split())
    assert "▲ Leadership: Partners focus on partnership added value" in text
    assert f"{NEEDED} → {IMPROVING} (mean 1.5 → 1.2, -0.3; median up, mean down)" in text
    markdown = _invoke("compare", then, now, "-f", "markdown").stdout
    assert f"| {NEEDED} | {IMPROVING} | -0.3 | ▲ median up, mean down |" in markdown
    assert "▲ up |" not in markdown
    html = _invoke("compare", then, now, "-f", "html").stdout
    assert '<span aria-hidden="true">▲</span> median up, mean down</span>' in html


def test_a_change_in_score_is_written_as_the_json_gives_it(tmp_path):
    # Then: working well ×3, needs improving ×1, action needed ×4 (mean 11/8 = 1.375, shown 1.38); now: working
    # well ×4, needs improving ×4 (mean 2.5): +1.12, not "+1.1".
    then = _room(tmp_path / "then", "2026-05-12", [{"added-value": WORKING}] * 3 + [{"added-value": IMPROVING}]
                 + [{"added-value": NEEDED}] * 4)
    now = _room(tmp_path / "now", "2026-11-10", [{"added-value": WORKING}] * 4 + [{"added-value": IMPROVING}] * 4)
    question = next(q for q in json.loads(_invoke("compare", then, now, "-f", "json").stdout)["questions"]
                    if q["question"] == "added-value")
    assert (question["then_score"], question["now_score"], question["change"]) == (1.38, 2.5, 1.12)
    assert "(mean 1.38 → 2.5, +1.12)" in " ".join(_invoke("compare", then, now).stdout.split())
    assert "| +1.12 | ▲ up |" in _invoke("compare", then, now, "-f", "markdown").stdout


def test_the_change_and_movement_words_on_small_literal_cases():
    assert [signed_mean(v) for v in (1.12, 0.26, 1.0, 0.5, -0.75, -0.1, 0.0, None)] == [
        "+1.12", "+0.26", "+1", "+0.5", "-0.75", "-0.1", "+0", "–"]
    assert mixed_movement("up", "down") == "median up, mean down"
    assert mixed_movement("down", "level") == "median down, mean level"
    assert mixed_movement("up", "up") == ""
