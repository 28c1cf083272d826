"""A user's --template is given the report model: written for one file it lays out each partnership of a room
(Markdown) or is told why it cannot (HTML with several); the names of earlier releases still work for one release."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

ONE_FILE = """# {{ report.partnership }}

{{ report.meta }}

{% for s in report.sections if s.scored %}
- {{ s.title }}: {{ s.percent }}
{% endfor %}
{% for need in report.needs %}
{{ need.number }}. {{ need.heading }}
{% endfor %}
"""
OLD_NAMES = """# {{ partnership }}
{% for s in sections if s.scored %}
- {{ s.title }} {{ s.percent }} {{ s.band_line }}
{% endfor %}
{% for need in needs %}
- {{ need.need }}: {{ need.actions|join("; ") }}
{% endfor %}
"""


def _score(tmp_path, name: str, source: str, *inputs: str):
    template = tmp_path / name
    template.write_text(source, encoding="utf-8")
    return CliRunner().invoke(cli, ["score", *inputs, "--template", str(template), "-q"])


def test_a_template_for_one_file_renders_one_file(tmp_path):
    result = _score(tmp_path, "one.md", ONE_FILE, str(EXAMPLES / "spelthorne-2006.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Local Spelthorne Partnership\n\nDate: 2006-02-24\n")
    assert "- Leadership: 26.7%" in result.stdout and "2. added value (urgent)" in result.stdout


def test_the_same_template_lays_out_each_partnership_of_a_room(tmp_path):
    result = _score(tmp_path, "one.md", ONE_FILE, str(EXAMPLES / "cluster"))
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headings == ["# Elmbridge Partnership", "# Epsom and Ewell Partnership", "# Guildford Partnership",
                        "# Runnymede Partnership", "# Local Spelthorne Partnership"]
    assert "3 respondents" in result.stdout and "(high priority)" in result.stdout


def test_an_html_page_for_one_partnership_renders_a_room_of_one(tmp_path):
    page = "<h1>{{ report.title }}</h1>{% for s in report.sections %}<p>{{ s.score_line }}</p>{% endfor %}"
    result = _score(tmp_path, "one.html", page, str(ROOT / "tests/fixtures/room"))
    assert result.exit_code == 0, result.stderr
    assert "<h1>Partnership health check: Local Spelthorne Partnership</h1>" in result.stdout
    assert "<p>4 respondents answered this section.</p>" in result.stdout


def test_an_html_page_for_one_partnership_is_told_why_a_room_of_several_is_refused(tmp_path):
    result = _score(tmp_path, "one.html", "<h1>{{ report.title }}</h1>", str(EXAMPLES / "cluster"))
    assert result.exit_code == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith(f"{tmp_path / 'one.html'}: this HTML template lays out one partnership")
    assert "holds 5 partnerships" in message and "{% for report in report.reports %}" in message
    assert "Traceback" not in result.stderr


def test_a_template_that_loops_over_the_partnerships_renders_them_once(tmp_path):
    page = "{% for part in report.reports %}<h2>{{ part.partnership }}</h2>{% endfor %}<p>{{ report.title }}</p>"
    result = _score(tmp_path, "all.html", page, str(EXAMPLES / "cluster"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("<h2>") == 5 and "<p>Partnership health checks: 5 partnerships</p>" in result.stdout


@pytest.mark.parametrize("inputs", [["examples/spelthorne-2006.yaml"], ["tests/fixtures/room"]])
def test_the_names_of_earlier_releases_still_work_for_one_release(tmp_path, monkeypatch, inputs):
    monkeypatch.chdir(ROOT)
    result = _score(tmp_path, "old.md", OLD_NAMES, *inputs)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Local Spelthorne Partnership\n")
    assert "- common vision: help others see the bigger picture;" in result.stdout


def test_a_name_the_model_does_not_have_says_what_the_template_is_given(tmp_path):
    result = _score(tmp_path, "typo.md", "{{ report.partnrship }}\n", str(EXAMPLES / "spelthorne-2006.yaml"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"{tmp_path / 'typo.md'}:1: template error: report.partnrship is not a field "
                                     "of the report (did you mean 'partnership'?) (a single report's template is given "
                                     "'report', its report model: 'lsp-check help templates' says what it holds)")
