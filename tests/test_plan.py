"""The action plan: priority order, 6/12-month split, agreed actions, CSV and Markdown checklist."""

from __future__ import annotations

import csv
import io
import json
import re

from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")


def _plan(*args: str) -> str:
    result = CliRunner().invoke(cli, ["plan", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_action_needed_comes_before_needs_improving_and_in_the_first_six_months():
    rows = json.loads(_plan(SPELTHORNE, "-f", "json"))["plans"][0]["rows"]
    suggested = [r for r in rows if r["source"] == "suggested"]
    ranked = list(dict.fromkeys((r["priority"], r["need"], r["horizon_months"]) for r in suggested))
    assert ranked[:3] == [(1, "added value", 6), (2, "willingness to change", 6),
                          (3, "support for partnership working", 6)]
    assert all(h == 12 for _, _, h in ranked[3:])
    assert len(suggested) == 23


def test_agreed_actions_appear_in_their_horizon_and_are_not_suggested_twice(tmp_path):
    text = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
    text += "  - action: Improve communications\n    horizon: 6 months\n    owner: Partnership manager\n"
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    rows = json.loads(_plan(str(path), "-f", "json"))["plans"][0]["rows"]
    actions = [r["action"].lower() for r in rows]
    assert actions.count("improve communications") == 1
    agreed = [r for r in rows if r["source"] == "agreed"]
    assert len(agreed) == 7
    assert [r["horizon_months"] for r in agreed] == [6, 6, 6, 6, 12, 12, 12]
    assert agreed[3]["owner"] == "Partnership manager"


def test_plan_csv_opens_cleanly():
    out = _plan(SPELTHORNE, "-f", "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["partnership", "horizon", "priority", "need", "section", "action", "source", "owner", "due",
                       "reason"]
    assert len(rows) == 1 + 29  # 23 suggested actions + 6 agreed
    assert all(len(row) == len(rows[0]) for row in rows)
    # A cell with a comma is quoted, so the row still has ten cells.
    assert '"clarify benefits to partners, and make them real"' in out
    raw = CliRunner().invoke(cli, ["plan", SPELTHORNE, "-f", "csv"]).stdout_bytes
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 30


def test_plan_markdown_is_a_valid_checklist():
    out = _plan(SPELTHORNE)
    items = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(items) == 29
    assert all(re.match(r"^- \[ \] \S", line) for line in items)
    assert "## Next 6 months" in out and "## Next 12 months" in out
    assert "#### 1. added value" not in out and "### 1. added value" in out


def test_group_disagreement_and_breadth_raise_priority(tmp_path):
    answers = {
        "added-value": ["YES – but needs improving"] * 4,  # everyone says needs improving
        "common-vision": ["NO – action is needed", "YES – working well", "YES – working well", "YES – working well"],
    }
    for i in range(4):
        lines = [f"    {q}: {a[i]}" for q, a in answers.items()]
        (tmp_path / f"r{i}.yaml").write_text("partnership: P\nanswers:\n  leadership:\n" + "\n".join(lines) + "\n",
                                             encoding="utf-8")
    rows = json.loads(_plan(str(tmp_path), "-f", "json"))["plans"][0]["rows"]
    order = list(dict.fromkeys(r["need"] for r in rows))
    horizons = {r["need"]: r["horizon_months"] for r in rows}
    # common vision: only one in four weak, but answers disagree (3 steps apart): raised, high priority, 6 months.
    assert horizons["common vision"] == 6
    # added value: everyone weak (breadth 4 of 4) is high priority too, but a milder answer ranks it second.
    assert horizons["added value"] == 6
    assert order == ["common vision", "added value"]


def test_score_reports_carry_the_plan():
    result = CliRunner().invoke(cli, ["score", SPELTHORNE, "-f", "markdown"])
    assert "## Action plan" in result.stdout
    assert "- [ ] Agree focus for the LSP" in result.stdout
    data = json.loads(CliRunner().invoke(cli, ["score", SPELTHORNE, "-f", "json"]).stdout)
    assert len(data["plan"]) == 29
