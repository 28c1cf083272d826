"""Every format says the same thing: for each example, the needs, actions, labels, notes, respondent and listed
answers of the report model appear in the text, Markdown, HTML, Word, github and JSON reports alike."""

from __future__ import annotations

import functools
import html
import io
import json
import re
import urllib.parse
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.api import rooms_of
from lsp_check.cli.main import cli
from lsp_check.load.answers import load_answers
from lsp_check.load.inputs import expand
from lsp_check.report.model.room import room_report
from lsp_check.report.model.single import single_report
from lsp_check.score.engine import score

SINGLE = sorted(p.name for p in EXAMPLES.glob("*.yaml"))  # and a room, a half-finished file (below)
HUMAN = ("text", "markdown", "html", "docx")
# One worker renders every report once for the whole module (the cache below) under pytest-xdist.
pytestmark = pytest.mark.xdist_group("consistency")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _plain(fmt: str, output: bytes) -> str:
    """What a reader of the report sees, as plain text with runs of white space made one space."""
    if fmt == "docx":
        from docx import Document

        document = Document(io.BytesIO(output))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return _flat("\n".join(parts))
    text = output.decode("utf-8")
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    elif fmt == "markdown":  # as it reads once rendered: escapes undone, entities shown as their characters
        text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    elif fmt == "github":
        text = urllib.parse.unquote(text)
    return _flat(text)


def _render(args: list[str], fmt: str) -> bytes:
    return _rendered(tuple(args), fmt)


@functools.cache
def _rendered(args: tuple[str, ...], fmt: str) -> bytes:
    """The command line's report, rendered once for every test that reads it."""
    result = CliRunner().invoke(cli, ["score", *args, "-f", fmt, "-q"])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _reports(args: list[str], library) -> tuple:
    paths = [str(ROOT / a) for a in args]
    if len(paths) == 1 and paths[0].endswith(".yaml"):
        return (single_report(score(library, load_answers(paths[0], library))),)
    return tuple(room_report(room) for room in rooms_of(expand(paths), library))


CASES = ([[f"examples/{name}"] for name in SINGLE]
         + [["examples/cluster"], ["tests/fixtures/partial.yaml"], ["tests/fixtures/room"]])


@pytest.mark.parametrize("args", CASES, ids=lambda a: a[0].rsplit("/", 1)[-1])
@pytest.mark.parametrize("fmt", (*HUMAN, "github"))
def test_every_format_shows_every_need_with_its_actions_label_and_notes(args, fmt, library):
    shown = _plain(fmt, _render([str(ROOT / a) for a in args], fmt))
    for report in _reports(args, library):
        assert _flat(report.partnership) in shown
        for need in report.needs:
            assert _flat(need.name) in shown, need.name
            for action in need.actions:
                assert _flat(action) in shown, (need.name, action)
            for note in need.notes:
                assert _flat(note.text) in shown, (need.name, note.text)
        labelled = [n for n in report.needs if n.label]
        for label in {n.label for n in labelled}:
            assert shown.count(label) >= sum(n.label == label for n in labelled), label


@pytest.mark.parametrize("args", CASES, ids=lambda a: a[0].rsplit("/", 1)[-1])
@pytest.mark.parametrize("fmt", HUMAN)
def test_every_human_format_shows_the_title_lines_and_every_listed_answer_with_its_notes(args, fmt, library):
    shown = _plain(fmt, _render([str(ROOT / a) for a in args], fmt))
    for report in _reports(args, library):
        assert _flat(report.title) in shown
        for line in report.lines:
            assert _flat(line) in shown, line
        for part in report.sections:
            assert _flat(part.title) in shown
            if part.scored:  # the summary table's row: percentage and band (or why there is none)
                assert part.percent in shown and _flat(part.band_cell) in shown, (part.title, part.band_cell)
                if part.band_text:
                    assert _flat(part.band_text) in shown
        if report.summary_note:
            assert _flat(report.summary_note) in shown
        if report.scored:
            assert _flat(report.needs_title) in shown and _flat(report.needs_intro) in shown
        else:  # a report with nothing scored has no Overall Record to show, and its model says none
            assert "Overall Record" not in shown and not report.needs_title and not report.needs
        for answers in report.lists:
            assert _flat(answers.title) in shown
            for entry in answers.entries:
                assert _flat(entry.question_text) in shown, entry.question_text
                if entry.answer:
                    assert _flat(entry.answer) in shown, entry.answer
                for note in entry.notes:
                    assert _flat(note.text) in shown, note.text


@pytest.mark.parametrize("args", CASES, ids=lambda a: a[0].rsplit("/", 1)[-1])
def test_json_carries_what_the_human_formats_show(args, library):
    data = json.loads(_render([str(ROOT / a) for a in args], "json"))
    parts = data["groups"] if "groups" in data else [data]
    reports = _reports(args, library)
    assert len(parts) == len(reports)
    for part, report in zip(parts, reports):
        assert [n["need"] for n in part["needs"]] == [n.name for n in report.needs]
        assert [n["actions"] for n in part["needs"]] == [list(n.actions) for n in report.needs]
        assert [n["urgent"] for n in part["needs"]] == [n.urgent for n in report.needs]
        assert [round(n["severity"], 3) for n in part["needs"]] == [round(n.severity, 3) for n in report.needs]
        if report.kind == "single":
            assert [n["note"] for n in part["needs"]] == [" ".join(note.text for note in n.notes) for n in report.needs]
            respondent = next((line.removeprefix("Respondent: ") for line in report.lines
                               if line.startswith("Respondent: ")), "")
            assert part["respondent"] == respondent
        else:
            assert [[x if isinstance(x, str) else x["text"] for x in n["notes"]] for n in part["needs"]] == [
                [note.text for note in n.notes] for n in report.needs]
        listed = {a.key: [e.question_text for e in a.entries] for a in report.lists}
        for key in ("low", "tracked", "unanswered"):
            assert [f["text"] for f in part[key]] == listed.get(key, [])


def test_the_examples_exercise_notes_labels_respondents_and_lists(library):
    """The consistency tests above would prove little if the examples had nothing to show."""
    reports = [r for args in CASES for r in _reports(args, library)]
    assert any(n.notes for r in reports for n in r.needs)
    assert any(e.notes for r in reports for a in r.lists for e in a.entries)
    assert {n.label for r in reports for n in r.needs} >= {"urgent", "high priority"}
    assert any(line.startswith("Respondent: ") for r in reports for line in r.lines)
    assert {a.key for r in reports for a in r.lists} >= {"low", "tracked", "unanswered"}


# --- Every string of every kind's report model, in every format people read (generated from the model) ---

def _said(model: object, kind: str, fmt: str, where: str = "") -> list[tuple[str, str]]:
    """Each (Type.field, text) of a model a format must show: every string field of every type reachable,
    but those holding no words (NOT_WORDS) and those the model declares the format lays out otherwise (LEFT_OUT)."""
    from lsp_check.report.model import LEFT_OUT, NOT_WORDS

    left_out = LEFT_OUT[fmt]
    found: list[tuple[str, str]] = []
    if isinstance(model, tuple) and hasattr(model, "_fields"):
        for field in model._fields:
            name = f"{type(model).__name__}.{field}"
            if field in NOT_WORDS or name in left_out or f"{kind}/{name}" in left_out:
                continue
            found += _said(getattr(model, field), kind, fmt, name)
    elif isinstance(model, tuple):
        for value in model:
            found += _said(value, kind, fmt, where)
    elif isinstance(model, str) and model.strip():
        found.append((where, model))
    return found


def _kinds(library) -> dict[str, list]:
    """Results of every kind, from the examples, as the commands make them."""
    from lsp_check import api

    years = [str(EXAMPLES / f"spelthorne-{year}.yaml") for year in (2006, 2007, 2008)]
    single = [_Named(api.assess(str(ROOT / a), library), a) for a in
              [f"examples/{name}" for name in SINGLE] + ["tests/fixtures/partial.yaml"]]
    rooms = [_Named(api.assess(str(ROOT / "tests/fixtures/room"), library, show_respondents=True)),
             *(_Named(api.assess(str(ROOT / a), library), a) for a in ("tests/fixtures/room", "examples/cluster"))]
    return {
        "single": single,
        "room": rooms,
        "comparison": [api.compare(years[0], years[1], library), api.compare(years[1], years[2], library),
                       # a room against one file: who each side counts, and the room's change of size (its lines)
                       api.compare(str(ROOT / "tests/fixtures/room"), years[1], library)],
        "cluster": [api.cluster(str(EXAMPLES / "cluster"), library)],
        "plans": [api.plan(single[SINGLE.index("spelthorne-2006.yaml")].result), api.plan(rooms[1].result)],
        "sectors": [api.assess_by(str(EXAMPLES / "sectors"), "sector", library)],
        "trend": [api.trend(years, library)],
    }


class _Named(NamedTuple):
    """A result, and the argument of `lsp-check score` that gives it, when there is one."""

    result: object
    args: str = ""


@pytest.fixture(scope="module")
def every_kind(library):
    return {kind: [r if isinstance(r, _Named) else _Named(r) for r in results]
            for kind, results in _kinds(library).items()}


@pytest.mark.parametrize("kind", ["single", "room", "comparison", "cluster", "plans", "sectors", "trend"])
@pytest.mark.parametrize("fmt", HUMAN)
def test_every_string_of_the_report_model_is_shown_by_every_format(every_kind, kind, fmt):
    from lsp_check.report import RenderOptions, render
    from lsp_check.report.model import build

    checked = 0
    for result, args in every_kind[kind]:
        if args:  # the command line's report, already rendered for the tests above
            rendered: object = _render([str(ROOT / args)], fmt)
        else:
            rendered = render(fmt, result, RenderOptions(width=100))
        shown = _plain(fmt, rendered if isinstance(rendered, bytes) else "".join(rendered).encode("utf-8"))
        missing = sorted({(where, text) for where, text in _said(build(kind, result), kind, fmt)
                          if _flat(text) not in shown})
        assert not missing, f"{fmt} does not show, of the {kind} model: {missing[:12]}"
        checked += 1
    assert checked


def test_the_walk_finds_what_a_format_leaves_out():
    """The test above would pass on a format that showed nothing if the walk found no strings."""
    from lsp_check.report.model.health import Note

    assert _said((Note("", "a note"), Note("Ann", "")), "single", "text") == [
        ("Note.text", "a note"), ("Note.who", "Ann")]
