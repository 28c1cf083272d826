"""One anonymity threshold for every command: --min-group below 3 is refused everywhere (docs/privacy.md)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from lsp_check.cli.main import cli


def _run(*args: str):
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"}).invoke(cli, list(args))


@pytest.mark.parametrize("command", [
    ("collect", "general", "--partnership", "Local Spelthorne Partnership", "--host", "127.0.0.1", "--port", "0"),
    ("score", str(EXAMPLES / "spelthorne-2006.yaml")),
    ("score", str(EXAMPLES / "sectors"), "--by", "sector"),
])
@pytest.mark.parametrize("value", ["2", "1", "0"])
def test_every_command_refuses_a_threshold_below_3_the_same_way(tmp_path, command, value):
    out = tmp_path / "room"
    extra = ("-o", str(out)) if command[0] == "collect" else ()
    result = _run(*command, *extra, "--min-group", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--min-group': {value} is not in the range x>=3." in result.stderr
    assert result.stdout == "" and not out.exists()


@pytest.mark.parametrize("command", ["score", "collect"])
def test_every_commands_help_gives_the_same_range(command):
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert "[x>=3]" in result.stdout and "never below 3" in result.stdout


def test_the_commands_share_one_definition_of_the_threshold():
    from lsp_check.cli.collect import collect
    from lsp_check.cli.common import ANONYMITY_THRESHOLD
    from lsp_check.cli.main import score
    from lsp_check.score.disclosure import LOWEST_THRESHOLD

    types = {param.type for cmd in (collect, score) for param in cmd.params if param.name == "min_group"}
    assert types == {ANONYMITY_THRESHOLD} and ANONYMITY_THRESHOLD.min == LOWEST_THRESHOLD == 3
