"""Each report format compared with a golden file, plus escaping of user text.

Golden files are regenerated only on purpose: LSP_CHECK_REGENERATE=1 pytest tests/test_formats.py
"""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, ROOT
from lsp_check.cli.main import cli

REGENERATE = os.environ.get("LSP_CHECK_REGENERATE") == "1"
# In an order other than the dates', as a user may give them.
TREND = ["examples/spelthorne-2008.yaml", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml"]
CASES = {
    "spelthorne.txt": ["score", "examples/spelthorne-2006.yaml", "-f", "text"],
    "spelthorne.md": ["score", "examples/spelthorne-2006.yaml", "-f", "markdown"],
    "spelthorne.json": ["score", "examples/spelthorne-2006.yaml", "-f", "json"],
    "surrey-baseline.md": ["score", "examples/surrey-baseline.yaml", "-f", "markdown"],
    "room.txt": ["score", "tests/fixtures/room", "-f", "text"],
    "room.md": ["score", "tests/fixtures/room", "-f", "markdown"],
    "room.json": ["score", "tests/fixtures/room", "-f", "json"],
    "compare.md": ["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "-f", "markdown"],
    "cluster.md": ["cluster", "examples/cluster", "-f", "markdown"],
    "plan.md": ["plan", "examples/spelthorne-2006.yaml"],
    "plan.csv": ["plan", "examples/spelthorne-2006.yaml", "-f", "csv"],
    "spelthorne.html": ["score", "examples/spelthorne-2006.yaml", "-f", "html"],
    "smarter-partnerships.html": ["score", "examples/smarter-partnerships.yaml", "-f", "html"],
    "room.html": ["score", "tests/fixtures/room", "-f", "html"],
    "compare.html": ["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "-f", "html"],
    "cluster.html": ["cluster", "examples/cluster", "-f", "html"],
    "plan.html": ["plan", "examples/spelthorne-2006.yaml", "-f", "html"],
    # every kind of result in every format it offers (docx as its text: see test_docx_matches_golden_text)
    "spelthorne.github": ["score", "examples/spelthorne-2006.yaml", "-f", "github"],
    "room.github": ["score", "tests/fixtures/room", "-f", "github"],
    "compare.txt": ["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "-f", "text"],
    "compare.json": ["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "-f", "json"],
    "cluster.txt": ["cluster", "examples/cluster", "-f", "text"],
    "cluster.json": ["cluster", "examples/cluster", "-f", "json"],
    "cluster.csv": ["cluster", "examples/cluster", "-f", "csv"],
    "plan.txt": ["plan", "examples/spelthorne-2006.yaml", "-f", "text"],
    "plan.json": ["plan", "examples/spelthorne-2006.yaml", "-f", "json"],
    "room-plan.md": ["plan", "tests/fixtures/room"],
    "sectors.txt": ["score", "examples/sectors", "--by", "sector", "-f", "text"],
    "sectors.md": ["score", "examples/sectors", "--by", "sector", "-f", "markdown"],
    "sectors.json": ["score", "examples/sectors", "--by", "sector", "-f", "json"],
    "sectors.html": ["score", "examples/sectors", "--by", "sector", "-f", "html"],
    "trend.txt": ["trend", *TREND, "-f", "text"],
    "trend.md": ["trend", *TREND, "-f", "markdown"],
    "trend.json": ["trend", *TREND, "-f", "json"],
    "trend.html": ["trend", *TREND, "-f", "html"],
}
DOCX_CASES = {
    "spelthorne.docx.txt": ["score", "examples/spelthorne-2006.yaml"],
    "room.docx.txt": ["score", "tests/fixtures/room"],
    "compare.docx.txt": ["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml"],
    "cluster.docx.txt": ["cluster", "examples/cluster"],
    "plan.docx.txt": ["plan", "examples/spelthorne-2006.yaml"],
    "sectors.docx.txt": ["score", "examples/sectors", "--by", "sector"],
    "trend.docx.txt": ["trend", *TREND],
}


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"})

    def invoke(args):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return invoke


def _docx_text(data: bytes) -> str:
    """A Word document's text in reading order: each paragraph with its style, each table row by row."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, document)
            if paragraph.text:
                lines.append(f"[{paragraph.style.name}] {paragraph.text}")
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, document).rows:
                lines.append("| " + " | ".join(cell.text.replace("\n", " / ") for cell in row.cells) + " |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(DOCX_CASES))
def test_docx_matches_golden_text(monkeypatch, name):
    monkeypatch.chdir(ROOT)
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [*DOCX_CASES[name], "-f", "docx"])
    assert result.exit_code == 0, result.stderr
    actual = _docx_text(result.stdout_bytes)
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden_file(run, name):
    actual = run(CASES[name])
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


NASTY = "Board | sub-groups <script>alert(1)</script> *stars* _under_ [link](x) & `code`"


def _nasty_answers(tmp_path):
    path = tmp_path / "nasty.yaml"
    path.write_text(
        "partnership: 'A | B <b>LSP</b>'\n"
        "date: '2026-11-23'\n"
        "answers:\n"
        "  leadership:\n"
        f"    common-vision: {{answer: NO - action is needed, note: {json.dumps(NASTY)}}}\n"
        "  surrey-baseline:\n"
        f"    operations: {json.dumps(NASTY + chr(10) + '# not a heading' + chr(10) + '- not a list')}\n",
        encoding="utf-8",
    )
    return str(path)


def _table_rows(markdown: str):
    return [line for line in markdown.splitlines() if line.startswith("|")]


def test_markdown_tables_stay_well_formed_with_pipes_in_user_text(run, tmp_path):
    report = run(["score", _nasty_answers(tmp_path), "-f", "markdown"])
    for line in _table_rows(report):
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        header_cells = 5 if line.count("|") - line.count("\\|") == 6 else 2
        assert len(cells) == header_cells, line
    assert "Board \\| sub-groups" in report


def test_markdown_escapes_html_and_markup_in_user_text(run, tmp_path):
    report = run(["score", _nasty_answers(tmp_path), "-f", "markdown"])
    assert "<script>" not in report and "<b>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "\\*stars\\*" in report and "\\[link\\](x)" in report
    assert "\n\\# not a heading" in report and "\n\\- not a list" in report


def test_json_and_text_carry_user_text_verbatim(run, tmp_path):
    path = _nasty_answers(tmp_path)
    data = json.loads(run(["score", path, "-f", "json"]))
    assert data["needs"][0]["note"] == NASTY
    assert data["partnership"] == "A | B <b>LSP</b>"
    text = run(["score", path, "-f", "text"])
    assert "Note: " + NASTY in text


def test_html_escapes_user_text_everywhere(run, tmp_path):
    report = run(["score", _nasty_answers(tmp_path), "-f", "html"])
    assert report.count("<script") == 0 and "<b>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "A | B &lt;b&gt;LSP&lt;/b&gt;" in report
    assert "[link](x) &amp; `code`" in report


def test_html_is_self_contained(run):
    report = run(["score", "examples/smarter-partnerships.yaml", "-f", "html"])
    assert re.search(r"<(script|link|img|iframe|object)\b", report) is None
    assert re.search(r"(src|href)=|url\(|@import|https?:", report) is None
    assert report.count("<svg") == 2 and "<style>" in report


def test_html_print_stylesheet_keeps_needs_whole_on_a4(run):
    report = run(["score", "examples/spelthorne-2006.yaml", "-f", "html"])
    assert "@page { size: A4;" in report and "@media print" in report
    print_css = report[report.index("@media print"):report.index("</style>")]
    assert ".need" in print_css and "break-inside: avoid" in print_css
    assert report.count('<section class="need') == 8


@pytest.mark.parametrize("example", ["spelthorne-2006", "surrey-baseline", "smarter-partnerships"])
def test_markdown_report_is_fit_for_a_github_job_summary(run, tmp_path, example):
    report = run(["score", f"examples/{example}.yaml", "-f", "markdown"])
    assert set(re.findall(r"<[^>]*>", report)) <= {"<br>"}  # no raw HTML but line breaks in cells
    assert not re.search(r"!?\[[^\]]*\]\(", report)  # no links or images to fetch
    assert report.startswith("# ") and len(report.encode()) < 1024 * 1024
    nasty = run(["score", _nasty_answers(tmp_path), "-f", "markdown"])
    assert set(re.findall(r"<[^>]*>", nasty)) <= {"<br>"}


def test_html_plan_has_a_table_per_horizon_with_agreed_actions_first_and_blanks_to_fill_in(run):
    page = run(["score", "examples/spelthorne-2006.yaml", "-f", "html"])
    plan = page[page.index('<section id="plan">'):]
    plan = plan[:plan.index("</section>")]
    six, twelve = plan.split('<h3 id="plan-12">')
    assert '<h3 id="plan-6">Next 6 months</h3>' in six and twelve.startswith("Next 12 months</h3>")
    for table in (six, twelve):
        rows = re.findall(r"<tr( class=\"agreed\")?><td class=\"num\">(\d*)</td>", table)
        assert rows and rows[0][0] and not rows[-1][0]  # agreed rows first, then suggested
        assert [flag for flag, _ in rows] == sorted((flag for flag, _ in rows), reverse=True)
        assert "<th>Action</th><th class=\"fill\">Owner</th><th class=\"fill\">Due</th>" in table
    blanks = '<td class="fill"></td><td class="fill"></td>'
    assert f'<span class="tag">agreed</span> Agree focus for the LSP</td>{blanks}' in six
    assert "<td class=\"num\">1</td><td><strong>added value</strong>" in six
    assert "<strong>objectives &amp; milestones</strong>" in twelve


def test_html_group_report_shows_distributions_disagreement_and_needs_as_text(run):
    page = run(["score", "tests/fixtures/room", "-f", "html"])
    assert page.count('class="chart distribution"') == 13  # one per scored question
    assert "<li>Never: 1</li><li>Sometimes: 1</li><li>Often: 2</li><li>Always: 0</li>" in page
    # Every question of this room has a consensus of at least 0.5, so none is flagged.
    assert page.count('<span class="flag">⚠ disagree</span>') == 0
    assert "2 of 4 weak" in page and '<span class="tag high">high priority</span>' in page
    assert "<li>Churned attendance | no action agenda</li>" in page
    assert '<section id="g1-low">\n<h2>Low answers</h2>' in page
    assert '<section id="g1-unanswered">\n<h2>Answered by nobody</h2>' in page
    assert '<section id="g1-plan">' in page and '<h3 id="g1-plan-6">Next 6 months</h3>' in page


def test_html_group_report_escapes_free_text_and_shows_names_only_when_asked(run, tmp_path):
    room = tmp_path / "room"
    room.mkdir()
    for n, text in ((1, "<script>alert(1)</script> & more"), (2, "<b>bold</b>")):
        (room / f"d{n}.yaml").write_text(
            f"partnership: P\nrespondent: '<i>Delegate {n}</i>'\nanswers:\n  leadership:\n"
            f"    common-vision: NO - action is needed\n  blockages:\n    within-lsp: {json.dumps(text)}\n",
            encoding="utf-8")
    page = run(["score", str(room), "-f", "html"])
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "Delegate" not in page
    named = run(["score", str(room), "-f", "html", "--show-respondents"])
    assert "<strong>&lt;i&gt;Delegate 1&lt;/i&gt;:</strong> &lt;script&gt;" in named


def test_html_comparison_shows_movement_in_symbols_and_words_beside_a_then_and_now_chart(run):
    page = run(["compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "-f", "html"])
    assert 'class="chart paired-chart"' in page and '<table class="summary">' in page
    for word in ("up", "down", "level"):
        assert f'<span class="move {word}"><span aria-hidden="true">' in page and f"</span> {word}</span>" in page
    assert "<h2>Questions that moved</h2>" in page
    assert "<h2>Needs resolved (3)</h2>" in page and "<h2>New needs (1)</h2>" in page
    assert "<h2>Needs now in hand (2)</h2>" in page and "<h2>Needs persisting (3)</h2>" in page


def test_html_cluster_and_plan_pages(run):
    cluster = run(["cluster", "examples/cluster", "-f", "html"])
    assert "<h1>Cluster of 5 partnerships</h1>" in cluster and "<td>Cluster median (lower)</td>" in cluster
    assert "</span> +13.3 above</span>" in cluster and "</span> at the median</span>" in cluster
    assert "<td class=\"num\">1</td><td><strong>resources</strong>" in cluster and ">4 of 5</td>" in cluster
    plan = run(["plan", "examples/spelthorne-2006.yaml", "-f", "html"])
    assert "<h1>Action plan: Local Spelthorne Partnership</h1>" in plan and plan.count('<table class="plan">') == 2
    assert "<svg" not in plan and "<h2>" not in plan


# --- the JSON text: exactly what json.dumps(indent=2) writes, faster ---------------------------------------------

_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20),
                          st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                          st.sampled_from(["}", "{", "},\n  {", '"', "\\", "\u2028", "\x00", "é"]))
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
                            st.dictionaries(st.text(max_size=6), inner, max_size=4),
                            st.lists(st.dictionaries(st.sampled_from(["a", "b", "}"]),
                                                     st.one_of(_json_scalars, st.just([]), st.just({})), max_size=3),
                                     max_size=4)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None, database=None)
@given(_json_values)
def test_pretty_json_is_exactly_what_json_dumps_writes(value):
    from lsp_check.report.json import pretty

    assert pretty(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_pretty_json_handles_keys_json_converts():
    from lsp_check.report.json import pretty

    for value in ({2: [1], True: {"a": []}, None: 2.5}, [{1.5: "x"}, {"y": 1}], [{}, {"a": {}}], {"a": [[], {}]}):
        assert pretty(value) == json.dumps(value, indent=2, ensure_ascii=False)
