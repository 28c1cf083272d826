"""Word and user-template reports, the optional extra, chart geometry and start-up cost of the machine formats."""

from __future__ import annotations

import builtins
import io
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
SEED_NEEDS = ["common vision", "added value", "willingness to change", "support for partnership working",
              "aligning objectives", "objectives & milestones", "resources", "project management & co-ordination"]


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def _document(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def test_docx_opens_with_the_section_table_and_every_need_with_its_actions(runner, tmp_path):
    out = tmp_path / "report.docx"
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"report written to {out}" in result.stderr
    document = _document(out.read_bytes())
    summary = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert summary == [
        ["Section", "Score", "Out of", "%", "Band"],
        ["General", "18", "24", "75.0%", "Healthy, but risks ahead"],
        ["Leadership", "4", "15", "26.7%", "Leadership needs urgent attention"],
        ["Managing performance", "12", "15", "80.0%", "Performance management largely in place"],
        ["Overall", "34", "54", "63.0%", ""],
    ]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Partnership health check: Local Spelthorne Partnership"
    # The Overall Record's needs, in the seed's order, unnumbered (the plan's numbers are its priorities)
    needs = headings[headings.index("Overall Record") + 1:headings.index("Action plan")]
    assert [n.removesuffix(" (urgent)") for n in needs] == SEED_NEEDS
    # "NO – action is needed" is in the worse half of the scale: said in words, as in every format
    assert needs[1:4] == ["added value (urgent)", "willingness to change (urgent)",
                          "support for partnership working (urgent)"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "help others see the bigger picture" in bullets
    assert "develop common approaches to project management across partner organisations" in bullets
    assert document.core_properties.title == "Partnership health check: Local Spelthorne Partnership"


def test_docx_keeps_user_text_as_text(runner, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("partnership: '<b>A & B</b>'\nanswers:\n  leadership:\n"
                       "    common-vision: {answer: NO - action is needed, note: \"<script>x</script>\\nline 2\"}\n",
                       encoding="utf-8")
    out = tmp_path / "r.docx"
    assert runner.invoke(cli, ["score", str(answers), "-f", "docx", "-o", str(out)]).exit_code == 0
    text = "\n".join(p.text for p in _document(out.read_bytes()).paragraphs)
    assert "Partnership health check: <b>A & B</b>" in text
    assert "Note: <script>x</script>\nline 2" in text


def test_docx_to_a_pipe_writes_the_bytes_and_to_a_terminal_is_refused(runner, monkeypatch):
    piped = runner.invoke(cli, ["score", SPELTHORNE, "-f", "docx"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert len(_document(piped.stdout_bytes).tables) >= 1

    monkeypatch.setattr("lsp_check.cli.common.stdout_is_terminal", lambda: True)
    refused = runner.invoke(cli, ["score", SPELTHORNE, "-f", "docx"])
    assert refused.exit_code == 2
    assert refused.stdout_bytes == b""
    assert "binary file: give -o FILE" in refused.stderr


def test_docx_without_the_extra_says_how_to_install_it(runner, monkeypatch, tmp_path):
    real_import = builtins.__import__

    def no_docx(name, *args, **kwargs):
        if name == "docx" or name.startswith("docx."):
            raise ModuleNotFoundError("No module named 'docx'", name="docx")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    out = tmp_path / "r.docx"
    result = runner.invoke(cli, ["score", SPELTHORNE, "-f", "docx", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "lsp-check: --format docx needs python-docx: pip install 'lsp-check[docx]'"
    assert not out.exists()


MD_TEMPLATE = """\
# Health of {{ partnership }}

{% for s in sections if s.scored %}
- {{ s.title }}: {{ s.percent }} ({{ s.band_line }})
{% endfor %}

{% for need in needs %}
{{ loop.index }}. {{ need.need }}: {{ need.actions|join("; ") }}{% if need.note %} ({{ need.note }}){% endif %}

{% endfor %}
"""

HTML_TEMPLATE = """\
{% extends "html/base.html.j2" %}
{% import "html/charts.html.j2" as charts %}
{% block body %}
<h1>{{ partnership }}</h1>
{{ charts.bar_chart(bars, "mine") }}
<ol>{% for need in needs %}<li>{{ need.need }}{% if need.note %}: {{ need.note }}{% endif %}</li>{% endfor %}</ol>
{% endblock %}
"""


def _nasty(tmp_path):
    path = tmp_path / "nasty.yaml"
    path.write_text("partnership: 'A *B* <i>C</i>'\nanswers:\n  leadership:\n"
                    "    common-vision: {answer: NO - action is needed, note: '<script>alert(1)</script> *x*'}\n",
                    encoding="utf-8")
    return str(path)


def test_markdown_template_gets_the_view_with_markdown_escaping(runner, tmp_path):
    template = tmp_path / "mine.md"
    template.write_text(MD_TEMPLATE, encoding="utf-8")
    result = runner.invoke(cli, ["score", SPELTHORNE, "--template", str(template)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Health of Local Spelthorne Partnership\n\n- General: 75.0% (Healthy, but risks")
    assert "1. common vision: help others see the bigger picture; focus on" in result.stdout
    nasty = runner.invoke(cli, ["score", _nasty(tmp_path), "--template", str(template)])
    assert "# Health of A \\*B\\* &lt;i&gt;C&lt;/i&gt;" in nasty.stdout
    assert "(&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\*)" in nasty.stdout


def test_html_template_is_autoescaped_and_can_use_the_bundled_layout_and_charts(runner, tmp_path):
    template = tmp_path / "mine.html"
    template.write_text(HTML_TEMPLATE, encoding="utf-8")
    out = tmp_path / "out.html"
    result = runner.invoke(cli, ["score", _nasty(tmp_path), "--template", str(template), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "@media print" in page
    assert "<h1>A *B* &lt;i&gt;C&lt;/i&gt;</h1>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page


def test_format_option_overrides_the_template_name_and_machine_formats_are_refused(runner, tmp_path):
    template = tmp_path / "mine.txt"
    template.write_text("{{ partnership }}\n", encoding="utf-8")
    nasty = _nasty(tmp_path)
    assert runner.invoke(cli, ["score", nasty, "--template", str(template)]).stdout == "A \\*B\\* &lt;i&gt;C&lt;/i&gt;\n"
    assert runner.invoke(cli, ["score", nasty, "--template", str(template), "-f", "html"]).stdout == (
        "A *B* &lt;i&gt;C&lt;/i&gt;\n")
    refused = runner.invoke(cli, ["score", nasty, "--template", str(template), "-f", "json"])
    assert refused.exit_code == 2 and "--template renders Markdown or HTML, not --format json" in refused.stderr


@pytest.mark.parametrize("source, line, message", [
    ("# {{ partnership }}\n{% for s in sections %}\n{{ s.title }\n", 3, "unexpected '}'"),
    ("# {{ partnership }}\n\n{{ partnrship }}\n", 3, "'partnrship' is undefined"),
    ("{% for s in sections %}\n{{ s.nope }}\n{% endfor %}\n", 2, "s.nope is not a field of s"),
    ("ok\n{% include 'missing.md' %}\n", 2, "template not found: missing.md"),
    ("{{ 1 // 0 }}\n", 1, "ZeroDivisionError: "),
])
def test_template_errors_are_bad_input_located_by_file_and_line(runner, tmp_path, source, line, message):
    template = tmp_path / "broken.md"
    template.write_text(source, encoding="utf-8")
    result = runner.invoke(cli, ["score", SPELTHORNE, "--template", str(template)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{template}:{line}: template error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_template_is_bad_input(runner, tmp_path):
    result = runner.invoke(cli, ["score", SPELTHORNE, "--template", str(tmp_path / "none.md")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'none.md'}: template not found"


def test_bar_chart_geometry_follows_the_percentages():
    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library
    from lsp_check.report.html.charts import percent_bars
    from lsp_check.report.model.single import single_report
    from lsp_check.score.engine import score

    library, _ = load_library()
    report = single_report(score(library, load_answers(EXAMPLES / "spelthorne-2006.yaml", library)))
    chart = percent_bars(report.summary_chart)
    assert [(b.title, b.value, b.tone) for b in chart.bars] == [
        ("General", "75.0%", "high"), ("Leadership", "26.7%", "low"), ("Managing performance", "80.0%", "high")]
    assert [b.width for b in chart.bars] == [round(chart.track * p, 1) for p in (0.75, 0.267, 0.8)]
    assert chart.ticks[0].x == 0 and chart.ticks[-1].x == chart.track


def test_radar_puts_each_item_on_its_spoke_at_its_score():
    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library
    from lsp_check.report.html.charts import radar
    from lsp_check.report.model.single import single_report
    from lsp_check.score.engine import score

    library, _ = load_library()
    section = single_report(score(library, load_answers(EXAMPLES / "smarter-partnerships.yaml", library))).sections[0]
    chart = radar(section.chart)
    assert len(chart.axes) == 8 and chart.maximum == "3" and [r.value for r in chart.rings] == ["1", "2", "3"]
    assert [a.score for a in chart.axes] == ["2", "3", "1", "2", "3", "0", "2", "0"]
    top, right = chart.axes[0], chart.axes[2]
    assert top.dot.x == chart.centre.x and chart.centre.y - top.dot.y == pytest.approx(130 * 2 / 3, abs=0.1)
    assert right.dot.y == chart.centre.y and right.dot.x - chart.centre.x == pytest.approx(130 / 3, abs=0.1)
    assert chart.axes[5].dot == chart.centre  # a score of 0 sits at the centre
    assert chart.axes[0].label == ("1. Vision and", "strategy")


WEB = ["starlette", "uvicorn", "segno", "anyio"]  # the collect extra: only `lsp-check collect` imports it


@pytest.mark.parametrize("fmt, banned", [("json", ["jinja2", "rich", "docx", "markupsafe", *WEB]),
                                         ("github", ["jinja2", "rich", "docx", "markupsafe", *WEB]),
                                         ("html", ["rich", "docx", *WEB])])
def test_formats_import_only_what_they_need(fmt, banned):
    code = (f"import sys; from lsp_check.cli.main import main\ntry: main(['score', {SPELTHORNE!r}, '-f', '{fmt}', '-q'])\n"
            "except SystemExit: pass\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT)
    loaded = set(run.stderr.split())
    assert loaded and not loaded & set(banned), loaded & set(banned)


def test_one_answers_file_loads_no_room_scoring():
    # score.room and score.disclosure are for rooms: one file's JSON run never imports them (bench/tricks.py
    # "rooms-apart"), and a room's run does.
    code = ("import sys; from lsp_check.cli.main import main\ntry: main(sys.argv[1:] + ['-f', 'json', '-q'])\n"
            "except SystemExit: pass\nprint(' '.join(m for m in sys.modules if m.startswith('lsp_check.score.')), "
            "file=sys.stderr)")
    for path, rooms in ((SPELTHORNE, False), (str(ROOT / "tests" / "fixtures" / "room"), True)):
        run = subprocess.run([sys.executable, "-c", code, "score", path], check=False, capture_output=True, text=True,
                             cwd=ROOT)
        loaded = set(run.stderr.split())
        assert "lsp_check.score.result" in loaded
        assert ({"lsp_check.score.room", "lsp_check.score.disclosure"} <= loaded) is rooms, loaded


def _documented() -> set[str]:
    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    return set(re.findall(r"`([a-z_.]+)(?:\(\))?`", docs))


def _model_classes():
    """Every type of the report models a template can be given (sectors reports take no template)."""
    import importlib
    import inspect

    for name in ("health", "plan", "compare", "cluster", "trend", "chart"):
        module = importlib.import_module(f"lsp_check.report.model.{name}")
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, tuple) and cls.__module__ == module.__name__:
                yield cls


def test_docs_name_everything_the_report_model_holds():
    documented = _documented()
    for cls in _model_classes():
        names = set(cls._fields) | {n for n, v in vars(cls).items() if not n.startswith("_") and
                                    (isinstance(v, property) or callable(v))}
        missing = names - documented
        assert not missing, f"docs/templates.md does not name {sorted(missing)} of {cls.__name__}"


def _names(view: object) -> set[str]:
    found = set()
    if isinstance(view, dict):
        for key, value in view.items():
            found.add(key)
            found |= _names(value)
    elif isinstance(view, list) and view:
        found |= _names(view[0])
    return found


def _results():
    """One result of each kind a template renders, built as the commands build them."""
    from lsp_check.api import rooms_of
    from lsp_check.load.answers import load_answers
    from lsp_check.load.inputs import expand
    from lsp_check.load.questionnaires import load_library
    from lsp_check.score.cluster import cluster
    from lsp_check.score.compare import compare
    from lsp_check.score.engine import score
    from lsp_check.score.plan import Plans, make_plan
    from lsp_check.score.room import score_rooms
    from lsp_check.score.trend import trend

    library, _ = load_library()
    room = sorted((ROOT / "tests" / "fixtures" / "room").glob("*.yaml"))
    years = [score(library, load_answers(EXAMPLES / f"spelthorne-{year}.yaml", library)) for year in (2006, 2007, 2008)]
    singles = [score(library, load_answers(EXAMPLES / f"{name}.yaml", library))
               for name in ("smarter-partnerships", "surrey-baseline")]
    return {"single": [years[0], *singles],
            "room": [score_rooms(library, [load_answers(p, library) for p in room], keep_names=True)],
            "comparison": [compare(years[0], years[1])],
            "cluster": [cluster(rooms_of(expand([str(EXAMPLES / "cluster")]), library))],
            "plans": [Plans((make_plan(years[0]),))],
            "trend": [trend([(str(i), y) for i, y in enumerate(years)])]}


def test_docs_name_every_name_kept_from_earlier_releases():
    from lsp_check.report.legacy import names
    from lsp_check.report.model import build

    documented = _documented()
    for kind, results in _results().items():
        for result in results:
            for fmt in ("markdown", "html"):
                missing = _names(names(fmt, kind, build(kind, result))) - documented
                assert not missing, f"docs/templates.md does not name {sorted(missing)} ({kind}, {fmt})"


def test_the_documented_example_template_renders_what_the_docs_show(runner, tmp_path):
    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    example = docs[docs.index("## An example"):]
    source = example.split("```jinja\n", 1)[1].split("```\n", 1)[0]
    shown = example.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    template = tmp_path / "board.md"
    template.write_text(source, encoding="utf-8")
    result = runner.invoke(cli, ["score", SPELTHORNE, "--template", str(template)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(shown)


def test_long_bar_labels_are_shortened_to_fit_the_chart_and_kept_whole_in_the_table():
    from lsp_check.questionnaire import Band
    from lsp_check.report.html.charts import percent_bars
    from lsp_check.report.model.single import single_report
    from lsp_check.score.result import Overall, Result, SectionResult

    title, band = "A section whose title goes on " * 2, "and a band label that also goes on and on and on"
    section = SectionResult("s", title.strip(), "", True, 5, 10, 10, 50.0, 1.0, 5, 5, Band(0, 10, band), False, ())
    report = single_report(Result("P", "", "", "", (section,), Overall(5, 10, 50.0, 5, 5), (), (), (), ()))
    bar = percent_bars(report.summary_chart).bars[0]
    assert len(bar.title) + 3 + len(bar.band) <= 80 and bar.band.endswith("…")
    assert report.sections[0].title == title.strip() and report.sections[0].band_heading == band


def _docx_of(runner, tmp_path, args):
    out = tmp_path / "report.docx"
    result = runner.invoke(cli, [*args, "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return _document(out.read_bytes())


def _rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def _plan_tables(document):
    return [t for t in document.tables if _rows(t)[0] == ["Priority", "Need", "Action", "Owner", "Due"]]


def test_docx_single_report_has_the_plan_as_a_table_per_horizon_with_every_action(runner, tmp_path):
    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library
    from lsp_check.score.engine import score
    from lsp_check.score.plan import make_plan

    document = _docx_of(runner, tmp_path, ["score", SPELTHORNE])
    six, twelve = _plan_tables(document)
    library, _ = load_library()
    plan = make_plan(score(library, load_answers(SPELTHORNE, library)))
    for table, months in ((six, 6), (twelve, 12)):
        actions = [row[2] for row in _rows(table)[1:]]
        assert actions == [("Agreed: " if r.source == "agreed" else "") + r.action for r in plan.horizon(months)]
    assert _rows(six)[1] == ["", "", "Agreed: Agree focus for the LSP", "", ""]
    assert ["1", "added value", "define success measures/ tangible outcomes", "", ""] in _rows(six)


def test_docx_group_report_has_summary_distributions_every_need_and_action(runner, tmp_path):
    from lsp_check.load.answers import load_answers
    from lsp_check.load.questionnaires import load_library
    from lsp_check.score.plan import make_plan
    from lsp_check.score.room import score_rooms

    document = _docx_of(runner, tmp_path, ["score", str(ROOT / "tests" / "fixtures" / "room")])
    summary = _rows(document.tables[0])
    assert summary[0] == ["Section", "Respondents", "Median", "Range", "Median %", "Band"]
    # The lower median: 16, a total one respondent has, so its band is one a respondent is in.
    # Four respondents are too few for a range (docs/privacy.md): the cell says it is withheld.
    assert summary[1] == ["General", "4", "16 of 24", "withheld", "66.7%", "Healthy, but risks ahead"]
    assert summary[-1][0] == "Overall (sections' medians)" and summary[-1][4] == "59.0%"
    general = _rows(document.tables[1])
    assert general[1] == ["Partners can demonstrate real results through collaboration",
                          "Never: 1\nSometimes: 1\nOften: 2\nAlways: 0", "Sometimes", "1.25", ""]
    library, _ = load_library()
    room = sorted((ROOT / "tests" / "fixtures" / "room").glob("*.yaml"))
    group = score_rooms(library, [load_answers(p, library) for p in room]).rooms[0]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for need in group.needs:
        assert any(h.startswith(need.need) for h in headings)
        assert all(action in bullets for action in need.actions)
    assert "Churned attendance | no action agenda" in bullets
    planned = [row[2] for t in _plan_tables(document) for row in _rows(t)[1:]]
    assert planned == [("Agreed: " if r.source == "agreed" else "") + r.action for r in make_plan(group).rows]


def test_docx_comparison_cluster_and_plan_documents(runner, tmp_path):
    later = str(EXAMPLES / "spelthorne-2007.yaml")
    compared = _docx_of(runner, tmp_path, ["compare", SPELTHORNE, later])
    sections = _rows(compared.tables[0])
    assert sections[0] == ["Section", "Then", "Now", "Change", "Movement", "Band now"]
    assert sections[2][:5] == ["Leadership", "26.7%", "60.0%", "+33.3", "▲ up"]
    assert [r[4] for r in sections[1:]] == ["= level", "▲ up", "▼ down", "▲ up"]
    headings = [p.text for p in compared.paragraphs if p.style.name.startswith("Heading")]
    assert {"Needs resolved (3)", "Needs now in hand (2)", "New needs (1)", "Needs persisting (3)",
            "Questions that moved"} <= set(headings)
    bullets = [p.text for p in compared.paragraphs if p.style.name == "List Bullet"]
    assert "roles & responsibilities (Managing performance)" in bullets and len(bullets) == 9

    clustered = _docx_of(runner, tmp_path, ["cluster", str(EXAMPLES / "cluster")])
    table, shared = (_rows(t) for t in clustered.tables)
    assert len(table) == 1 + 5 + 1 and table[-1][0] == "Cluster median (lower)"
    assert shared[0] == ["Rank", "Need", "Partnerships", "Respondents", "Which"]
    # Guildford's one weak answer of three on partnership structure is an individual view, not a shared need.
    assert shared[1][:3] == ["1", "resources", "4 of 5"] and len(shared) == 1 + 9

    planned = _docx_of(runner, tmp_path, ["plan", SPELTHORNE])
    assert [p.text for p in planned.paragraphs if p.style.name == "Heading 1"] == [
        "Action plan: Local Spelthorne Partnership"]
    assert sum(len(t.rows) - 1 for t in _plan_tables(planned)) == 29
