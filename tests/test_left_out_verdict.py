"""A score of several partnerships counts, in its verdict line and the github format, the partnerships it left out
for anonymity, and still exits 0 (docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli

ANSWERS = """partnership: {name}
date: 2026-05-12
answers:
  leadership:
    common-vision: YES – working well
    added-value: YES – but needs improving
    willing-to-change: YES – working well
    support-within-partners: NO – action is needed
    aligned-objectives: YES – working well
"""


def _rooms(tmp_path: Path, **sizes: int) -> str:
    for name, size in sizes.items():
        for i in range(size):
            (tmp_path / f"{name}-{i}.yaml").write_text(ANSWERS.format(name=name.title()), encoding="utf-8")
    return str(tmp_path)


def _run(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))


def test_the_verdict_counts_the_partnerships_left_out_and_the_run_exits_0(tmp_path):
    folder = _rooms(tmp_path, elmbridge=3, guildford=3, fenmarket=1, thameside=2)
    result = _run("score", folder)
    assert result.exit_code == 0, result.output
    verdict = result.stderr.splitlines()[-1]
    assert verdict.startswith("lsp-check: Elmbridge: 3 respondents")
    assert verdict.endswith("; 2 partnerships left out: fewer than 3 respondents")
    assert result.stderr.count("warning: left out") == 2


def test_a_gate_still_decides_the_status_and_the_count_follows_it(tmp_path):
    folder = _rooms(tmp_path, elmbridge=3, guildford=3, fenmarket=1)
    failed = _run("score", folder, "--fail-under", "90", "-q")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[-1].startswith("lsp-check: FAIL: ")
    assert failed.stderr.splitlines()[-1].endswith("; 1 partnership left out: fewer than 3 respondents")
    passed = _run("score", folder, "--fail-under", "10")
    assert passed.exit_code == 0
    assert passed.stderr.splitlines()[-1].endswith("meets --fail-under 10; 1 partnership left out: fewer than 3 "
                                                   "respondents")


def test_the_github_notice_counts_them_too(tmp_path):
    folder = _rooms(tmp_path, elmbridge=3, guildford=3, fenmarket=1)
    result = _run("score", folder, "-f", "github")
    assert result.exit_code == 0
    notices = [line for line in result.stdout.splitlines() if line.startswith("::notice")]
    assert notices and all(line.endswith("; 1 partnership left out: fewer than 3 respondents") for line in notices)


def test_min_group_and_by_sector_name_their_own_threshold(tmp_path):
    folder = _rooms(tmp_path, elmbridge=4, guildford=4, fenmarket=3)
    result = _run("score", folder, "--min-group", "4")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1].endswith("; 1 partnership left out: fewer than 4 respondents")
    by = _run("score", folder, "--by", "sector", "--min-group", "4")
    assert by.exit_code == 0, by.output
    assert by.stderr.splitlines()[-1].endswith("; 1 partnership left out: fewer than 4 respondents")


def test_nothing_is_said_when_nobody_is_left_out(tmp_path):
    folder = _rooms(tmp_path, elmbridge=3, guildford=3)
    result = _run("score", folder)
    assert result.exit_code == 0 and "left out" not in result.stderr
