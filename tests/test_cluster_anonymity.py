"""A partnership too small to report anonymously is left out of a cluster, as score leaves it out.

The attacker reads every format of the cluster report of three partnerships, one of them of two respondents, and
looks for anything of that one: its figures, its share of a shared need, or a change to the others' figures. The
report of the three must say exactly what the report of the two larger ones says, apart from the sentence that
one partnership was left out (and, in JSON, its name and size in ``left_out``, as a room's report gives them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli

QUESTIONS = ("structure", "roles", "objectives", "resources", "project-management")
GOOD, WEAK = "YES – working well", "YES – but needs improving"
NOTE = ("1 partnership was left out: it had fewer than 3 respondents, too few to report anonymously beside the "
        "others, and none of its figures is in this report.")


def _invoke(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "400"}).invoke(cli, list(args))


def _room(root: Path, name: str, weak_by_respondent: list[tuple[str, ...]]) -> Path:
    folder = root / name.lower().replace(" ", "-")
    folder.mkdir()
    for i, weak in enumerate(weak_by_respondent, 1):
        lines = [f"    {q}: {WEAK if q in weak else GOOD}" for q in QUESTIONS]
        (folder / f"r{i}.yaml").write_text(f"partnership: {name}\ndate: '2026-06-01'\nanswers:\n  performance:\n"
                                           + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def rooms(tmp_path: Path) -> tuple[str, str, str]:
    big = _room(tmp_path, "Alpha Board", [("resources", "roles"), ("resources",), ("roles",), ()])
    middle = _room(tmp_path, "Beta Forum", [("resources",), ("resources", "objectives"), ("objectives",)])
    # Both of the small one's respondents weak on a need no one else has, and on one the others share.
    small = _room(tmp_path, "Zeta Small LSP", [("project-management", "resources"), ("project-management",)])
    return str(big), str(middle), str(small)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "github"])
def test_nothing_of_a_two_respondent_partnership_is_in_any_format(rooms, fmt):
    big, middle, small = rooms
    three = _invoke("cluster", big, middle, small, "-f", fmt)
    two = _invoke("cluster", big, middle, "-f", fmt)
    assert three.exit_code == 0 and two.exit_code == 0, three.stderr
    assert "Zeta" not in three.stdout and "project management" not in three.stdout
    said, expected = three.stdout.split(), two.stdout.split()
    if fmt in ("text", "markdown", "html"):
        shown = {"text": NOTE, "markdown": f"**{NOTE}**", "html": f'<p class="meta">{NOTE}</p>'}[fmt]
        assert shown in " ".join(said)
        said = " ".join(said).replace(shown, "", 1).split()
    if fmt == "github":  # the verdict's notice counts it (tested below), the rest is the same
        said = " ".join(three.stdout.splitlines()[:-1]).split()
        expected = " ".join(two.stdout.splitlines()[:-1]).split()
        assert three.stdout.splitlines()[-1].endswith("; 1 partnership left out: fewer than 3 respondents")
    # Apart from the note, the report is the one made without it.
    assert said == expected


def test_json_lists_it_as_left_out_and_nothing_else_of_it(rooms):
    big, middle, small = rooms
    three = json.loads(_invoke("cluster", big, middle, small, "-f", "json").stdout)
    two = json.loads(_invoke("cluster", big, middle, "-f", "json").stdout)
    assert three.pop("left_out") == [{"partnership": "Zeta Small LSP", "respondents": 2}]
    assert two.pop("left_out") == []
    assert three == two


def test_stderr_names_it_and_the_verdict_counts_it(rooms):
    big, middle, small = rooms
    result = _invoke("cluster", big, middle, small)
    assert result.exit_code == 0
    assert ("lsp-check: warning: left out Zeta Small LSP: 2 respondents, fewer than 3, cannot be reported "
            "anonymously beside other partnerships") in result.stderr
    verdict = result.stderr.strip().splitlines()[-1]
    assert verdict.startswith("lsp-check: 2 partnerships, ")
    assert verdict.endswith("; 1 partnership left out: fewer than 3 respondents")


def test_score_and_cluster_leave_out_the_same_partnership(rooms):
    score = _invoke("score", *rooms, "-f", "json")
    cluster = _invoke("cluster", *rooms, "-f", "json")
    assert json.loads(score.stdout)["left_out"] == json.loads(cluster.stdout)["left_out"]


def test_show_respondents_keeps_it(rooms):
    result = _invoke("cluster", *rooms, "--show-respondents")
    assert result.exit_code == 0
    assert "Zeta Small LSP" in result.stdout and "left out" not in result.stdout + result.stderr
    assert "project management & co-ordination" in result.stdout


def test_only_small_partnerships_is_refused_with_the_override_named(tmp_path):
    a = _room(tmp_path, "One LSP", [("resources",)])
    b = _room(tmp_path, "Two LSP", [("roles",), ()])
    result = _invoke("cluster", str(a), str(b))
    assert result.exit_code == 2 and result.stdout == ""
    assert "no partnership has 3 or more respondents" in result.stderr
    assert "give --show-respondents to keep them, not anonymously" in result.stderr
    assert _invoke("cluster", str(a), str(b), "--show-respondents").exit_code == 0


def test_one_small_partnership_alone_is_its_own_report_as_for_score(tmp_path):
    a = _room(tmp_path, "One LSP", [("resources",), ()])
    result = _invoke("cluster", str(a))
    assert result.exit_code == 0 and "One LSP" in result.stdout and "left out" not in result.stderr
