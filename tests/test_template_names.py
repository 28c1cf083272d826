"""A template's misspelt name is told in the author's words: the path the template wrote, what it is not a field
of, the closest field, at the template's file and line; never a Python class name. docs/templates.md shows the
message the program prints."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")


def _error(tmp_path, source, answers=SPELTHORNE, name="board-paper.md"):
    template = tmp_path / name
    template.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", answers, "--template", str(template)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "lsp_check" not in result.stderr and "object" not in result.stderr  # no Python class
    line = result.stderr.strip()
    assert "\n" not in line
    return line.removeprefix(f"{template}:")


def test_the_message_docs_templates_shows_is_the_one_printed(tmp_path):
    page = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(board-paper\.md):(\d+): (template error: report\.partnrship [^\n]*)\n```", page)
    assert shown, "docs/templates.md shows the message of a misspelt field"
    line = int(shown.group(2))
    source = "\n" * (line - 1) + "{{ report.partnrship }}\n"
    assert _error(tmp_path, source, name=shown.group(1)) == f"{line}: {shown.group(3)}"


@pytest.mark.parametrize(("source", "said"), [
    ("# {{ report.partnrship }}\n", "1: template error: report.partnrship is not a field of the report "
                                    "(did you mean 'partnership'?)"),
    ("{{ report['partnrship'] }}\n", "1: template error: report.partnrship is not a field of the report "
                                     "(did you mean 'partnership'?)"),
    ("{% for section in report.sections %}\n{{ section.titel }}\n{% endfor %}\n",
     "2: template error: section.titel is not a field of section (did you mean 'title'?)"),
    ("\n{{ partnrship }}\n", "2: template error: 'partnrship' is undefined (did you mean 'report.partnership'?)"),
    ("{{ report.zzzzzz }}\n", "1: template error: report.zzzzzz is not a field of the report ("),
])
def test_a_misspelt_name_is_said_as_the_template_wrote_it(tmp_path, source, said):
    assert _error(tmp_path, source).startswith(said)


def test_a_room_template_is_told_the_same_way(tmp_path):
    said = _error(tmp_path, "{{ report.partnrship }}\n", answers=str(EXAMPLES / "sectors"))
    assert said.startswith("1: template error: report.partnrship is not a field of the report (did you mean "
                           "'partnership'?)")
