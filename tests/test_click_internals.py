"""-h and --help print the help of the group and of every command, the lazily loaded ones included."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("args", [[], ["score"], ["compare"], ["questionnaires"]], ids=["group", "score", "lazy", "lazy-group"])
def test_help_flags_print_help_for_the_group_and_for_lazily_loaded_commands(args, flag):
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [*args, flag], prog_name="lsp-check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: lsp-check {' '.join(args)}".rstrip() + " ")
    assert re.search(r"^  -h, --help +Show this message and exit\.$", result.stdout, re.M)


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_the_version_flags_say_the_version(flag):
    from lsp_check import __version__

    result = CliRunner().invoke(cli, [flag], prog_name="lsp-check")
    assert result.exit_code == 0 and result.stdout == f"lsp-check, version {__version__}\n"
