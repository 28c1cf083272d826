"""Per-section gates and the github workflow-command format: exit status, verdict line and annotations."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli
from lsp_check.report.github import escape_data, escape_property

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
# ::name key=value,key=value::message — property values hold no raw ':' ',' CR or LF; the message no CR or LF.
COMMAND = re.compile(r"^::(debug|notice|warning|error)(?: ([a-z]+=[^,:\r\n]*(?:,[a-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$")
# After escaping, '%' only ever starts one of the escapes.
STRAY_PERCENT = re.compile(r"%(?!25|0D|0A|3A|2C)")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def _commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match.group(2).split(",")) if match.group(2) else {}
        assert not any(STRAY_PERCENT.search(v) for v in props.values()) and not STRAY_PERCENT.search(match.group(3))
        out.append((match.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(match.group(3))))
    return out


@pytest.mark.parametrize("gates, status, failed", [
    ([], 0, []),
    (["--fail-under-section", "leadership=26.6"], 0, []),
    # 4 of 15 is 26.67 % unrounded, shown 26.7 %: a gate reads the unrounded figure (docs/method.md, rule 5).
    (["--fail-under-section", "leadership=26.7"], 1, ["Leadership 26.66% below --fail-under-section leadership=26.7"]),
    (["--fail-under", "60", "--fail-under-section", "general=75", "--fail-under-section", "leadership=60"], 1,
     ["leadership=60"]),
    (["--fail-under", "70", "--fail-under-section", "leadership=60"], 1, ["--fail-under 70", "leadership=60"]),
    (["--fail-under", "60", "--fail-under-section", "performance=80"], 0, []),
])
def test_section_gates_fail_alone_and_the_verdict_names_each_failed_gate(runner, gates, status, failed):
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "json", *gates])
    assert result.exit_code == status, result.stderr
    assert json.loads(result.stdout)["overall"]["percent"] == 63.0
    line = result.stderr.strip()
    assert line.startswith("lsp-check: FAIL: " if status else "lsp-check: PASS: " if gates else "lsp-check: overall")
    for gate in failed:
        assert gate in line
    if "leadership=60" in failed:
        assert "Leadership 26.7% below --fail-under-section leadership=60" in line


def test_passing_verdict_names_every_gate_it_met(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "json", "--fail-under", "60",
                                 "--fail-under-section", "general=70"])
    assert result.exit_code == 0
    assert result.stderr.strip().endswith("meets --fail-under 60 and --fail-under-section general=70")


def test_unknown_section_gate_is_a_usage_error_with_a_suggestion(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under-section", "leadrship=60"])
    assert result.exit_code == 2
    assert "unknown section 'leadrship' (did you mean 'leadership'?)" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["leadership", "leadership=", "=60", "leadership=abc", "leadership=101"])
def test_malformed_section_gate_is_a_usage_error(runner, value):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under-section", value])
    assert result.exit_code == 2
    assert "is not SECTION=PCT" in result.stderr


def test_gate_on_an_unscored_section_is_a_usage_error(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--fail-under-section", "surrey-baseline=50"])
    assert result.exit_code == 2
    assert "has no scored questions" in result.stderr


def test_gate_on_a_section_the_file_does_not_answer_fails(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "json", "--fail-under-section", "smarter-partnerships=10"])
    assert result.exit_code == 1
    assert "smarter-partnerships not answered, so --fail-under-section smarter-partnerships=10 is not met" in (
        result.stderr)


def test_github_format_is_only_workflow_commands_one_warning_per_need(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "github"])
    assert result.exit_code == 0
    commands = _commands(result.stdout)
    warnings = [c for c in commands if c[0] == "warning"]
    assert [w[1]["title"] for w in warnings][:2] == ["lsp-check: need: common vision", "lsp-check: need: added value"]
    assert len(warnings) == 8
    assert all("file" not in w[1] for w in warnings)  # an absolute path names no file in the workspace
    assert "Suggested actions: help others see the bigger picture;" in warnings[0][2]
    assert [c[0] for c in commands] == ["debug"] + ["warning"] * 8 + ["notice"]
    assert commands[0][2] == "lsp-check github annotations, schema_version 1"


def test_github_errors_come_from_the_same_verdict_as_the_exit_status(runner):
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "github", "--fail-under", "70",
                                 "--fail-under-section", "leadership=60", "--fail-under-section", "general=50"])
    assert result.exit_code == 1
    commands = _commands(result.stdout)
    errors = [c for c in commands if c[0] == "error"]
    assert [e[1]["title"] for e in errors] == ["lsp-check: gate failed: --fail-under 70",
                                               "lsp-check: gate failed: --fail-under-section leadership=60"]
    assert errors[1][2] == "Local Spelthorne Partnership: Leadership 26.7% below --fail-under-section leadership=60"
    notice = commands[-1]
    assert notice[0] == "notice" and notice[2] == "Local Spelthorne Partnership: " + result.stderr.strip().removeprefix(
        "lsp-check: ")


def test_github_relative_answers_path_becomes_the_annotation_file(runner, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)
    result = runner.invoke(cli, ["score", "examples/spelthorne-2006.yaml", "-f", "github"])
    assert {c[1].get("file") for c in _commands(result.stdout) if c[0] == "warning"} == {
        "examples/spelthorne-2006.yaml"}


def test_workflow_command_escaping_follows_the_documented_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"


NASTY_QUESTIONNAIRE = """\
id: odd
title: Odd
sections:
  - id: odd
    title: "Odd: section, with 100%"
    scale: action
    questions:
      - id: q1
        text: "Line one, with :: colons"
        need: "need: with, commas % and :: colons"
        actions: ["act: 50%, now"]
"""


def test_user_text_with_newlines_colons_commas_and_percent_stays_on_one_command_line(runner, tmp_path):
    qdir = tmp_path / "q"
    qdir.mkdir()
    (qdir / "odd.yaml").write_text(NASTY_QUESTIONNAIRE, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text('partnership: "P, Q: R"\nanswers:\n  odd:\n    q1: {answer: NO - action is needed, '
                       'note: "first line\\nsecond line\\r\\n::error::not a command %0A"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["score", str(answers), "-f", "github", "--questionnaires", str(qdir)])
    assert result.exit_code == 0, result.stderr
    commands = _commands(result.stdout)
    kind, props, message = commands[1]
    assert kind == "warning" and props["title"] == "lsp-check: need: need: with, commas % and :: colons"
    assert message.endswith("Note: first line\nsecond line\r\n::error::not a command %0A")
    assert len(result.stdout.splitlines()) == 3  # debug, the one warning, the notice


def test_github_format_for_groups_warns_once_per_need_of_each_partnership(runner):
    room = str(ROOT / "tests" / "fixtures" / "room")
    result = runner.invoke(cli, ["score", room, str(ROOT / "examples" / "cluster" / "elmbridge"), "-f", "github",
                                 "--fail-under", "70"])
    assert result.exit_code == 1
    commands = _commands(result.stdout)
    assert [c[0] for c in commands][0] == "debug" and commands[-1][0] == "notice"
    warnings = [c for c in commands if c[0] == "warning"]
    titles = [w[1]["title"] for w in warnings]
    assert titles[:4] == ["lsp-check: Local Spelthorne Partnership: need: common vision",
                          "lsp-check: Local Spelthorne Partnership: need: added value",
                          "lsp-check: Local Spelthorne Partnership: need: willingness to change",
                          "lsp-check: Local Spelthorne Partnership: need: support for partnership working"]
    assert len(titles) == len(set(titles)) and any(t.startswith("lsp-check: Elmbridge Partnership: need: ")
                                                   for t in titles)
    assert "median answer NO – action is needed; 3 of 4 weak; high priority." in warnings[1][2]
    assert "Suggested actions: " in warnings[1][2]
    errors = [c for c in commands if c[0] == "error"]
    assert errors and all(e[1]["title"] == "lsp-check: gate failed: --fail-under 70" for e in errors)
    assert errors[0][2].startswith("Local Spelthorne Partnership: overall ")
    assert commands[-1][2] == result.stderr.strip().removeprefix("lsp-check: ")
