"""Labels a reader relies on: the cluster's lower median says so, an action plan's tenth item hangs its wrapped
lines under its text, and a sectors report prints the ≠ legend only where a ≠ can appear."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli

LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")
PERFORMANCE = ("structure", "roles", "objectives", "resources", "project-management")
IMPROVING = "YES – but needs improving"


def _invoke(*args: str, columns: int = 80):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": str(columns)}).invoke(cli, list(args))


def test_the_cluster_median_row_says_it_is_the_lower_median_in_every_format(tmp_path):
    folder = str(EXAMPLES / "cluster")
    text = _invoke("cluster", folder, columns=120).stdout
    assert "Cluster median (lower)" in text
    assert "the lower of the two middle figures" in " ".join(text.split())
    assert "| **Cluster median (lower)** |" in _invoke("cluster", folder, "-f", "markdown").stdout
    assert "<td>Cluster median (lower)</td>" in _invoke("cluster", folder, "-f", "html").stdout
    out = tmp_path / "cluster.csv"
    assert _invoke("cluster", folder, "-f", "csv", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[-1].startswith("cluster median (lower),")
    assert json.loads(_invoke("cluster", folder, "-f", "json").stdout)  # JSON keeps its figures, unlabelled


def test_an_action_plans_tenth_item_hangs_its_wrapped_lines_under_its_text(tmp_path):
    # Ten needs, each answered "needs improving": numbered 1 to 10 in the next 12 months; at 60 columns each
    # item's line wraps.
    lines = ["partnership: Runnymede Partnership", "date: 2026-05-12", "answers:", "  leadership:"]
    lines += [f"    {q}: {IMPROVING}" for q in LEADERSHIP]
    lines += ["  performance:"] + [f"    {q}: {IMPROVING}" for q in PERFORMANCE]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _invoke("plan", str(path), "-f", "text", columns=60)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    at = next(n for n, line in enumerate(out) if line.startswith("  10. "))
    text_starts = len("  10. ")
    following = out[at + 1:at + 3]
    assert following and all(line.startswith(" " * text_starts) and line[text_starts] != " " for line in following)
    assert following[0].strip().startswith("performance:")  # the wrapped reason, under "project management"
    assert following[1].startswith(" " * text_starts + "☐ ")
    assert all(len(line) <= 60 for line in out)
    nine = next(n for n, line in enumerate(out) if line.startswith("  9. "))
    assert out[nine + 1].startswith("     ") and out[nine + 1][5] != " "  # one digit: as before


def test_the_differ_legend_is_printed_only_where_a_mark_can_appear(tmp_path):
    # examples/sectors shows three or more sectors: the legend stays.
    shown = _invoke("score", str(EXAMPLES / "sectors"), "--by", "sector", "-f", "markdown").stdout
    assert "≠ marks where sectors differ" in shown
    # Two sectors of three: two shown, no ≠ can appear (judged with three or more), so no legend in any format.
    room = tmp_path / "room"
    room.mkdir()
    for n, sector in enumerate(["council"] * 3 + ["health"] * 3, 1):
        body = ["partnership: Runnymede Partnership", "date: 2026-05-12", f"sector: {sector}", "answers:",
                "  leadership:"] + [f"    {q}: YES – working well" for q in LEADERSHIP]
        (room / f"d{n}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        result = _invoke("score", str(room), "--by", "sector", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "council (3)" in result.stdout
        assert "marks where sectors differ" not in result.stdout, fmt
