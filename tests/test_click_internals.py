"""The click internals the quick -h/--help overrides (cli/main.py QuickHelp) still exist and still work as used.

QuickHelp replaces click's ``Command.get_help_option`` and calls ``get_help_option_names`` and reads
``add_help_option``; a click release that renames or re-signs them would silently bring back click's own
help option (and its start-up cost) or break -h. pyproject.toml pins click to the versions these tests pass on.
"""

from __future__ import annotations

import inspect
import re

import click
import pytest
from click.testing import CliRunner

from lsp_check.cli import main
from lsp_check.cli.main import LAZY_COMMANDS, cli


def test_click_still_has_the_help_hooks_quick_help_overrides():
    get_help_option = inspect.signature(click.Command.get_help_option)
    get_help_option_names = inspect.signature(click.Command.get_help_option_names)
    assert list(get_help_option.parameters) == ["self", "ctx"]
    assert list(get_help_option_names.parameters) == ["self", "ctx"]
    assert click.Command("x").add_help_option is True
    assert click.Command("x", add_help_option=False).add_help_option is False


def test_click_builds_a_commands_parameters_from_the_overridden_help_option():
    with click.Context(cli, info_name="lsp-check", **cli.context_settings) as ctx:
        helps = [p for p in cli.get_params(ctx) if p.callback is main._show_help]
        assert len(helps) == 1
        assert set(helps[0].opts) == {"-h", "--help"}  # some click versions give them in another order
        assert cli.get_help_option(ctx) is helps[0]  # made once, not per call


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("args", [[], ["score"], ["compare"], ["questionnaires"]], ids=["group", "score", "lazy", "lazy-group"])
def test_help_flags_print_help_for_the_group_and_for_lazily_loaded_commands(args, flag):
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [*args, flag], prog_name="lsp-check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: lsp-check {' '.join(args)}".rstrip() + " ")
    assert re.search(r"^  -h, --help +Show this message and exit\.$", result.stdout, re.M)


def test_the_score_command_gets_the_quick_help_option_and_a_lazy_command_still_gets_one():
    with click.Context(cli, info_name="lsp-check", **cli.context_settings) as ctx:
        for name, quick in (("score", True), ("compare", False)):
            command = cli.get_command(ctx, name)
            assert command is not None and (name in LAZY_COMMANDS) is not quick
            with click.Context(command, info_name=name, parent=ctx) as sub:
                helps = [p for p in command.get_params(sub) if set(p.opts) == {"-h", "--help"}]
                assert len(helps) == 1
                assert (helps[0].callback is main._show_help) is quick
