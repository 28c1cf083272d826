"""Property-based fuzzing of the loaders and the command line: whatever the input, a result or located problems.

The properties are what a user relies on: an answers file, a form export or a questionnaire either loads or is
refused with problems naming that file (never another exception); what loads scores to finite numbers; a form
export imported into answers files scores exactly as the export does; and the command line always ends with
exit status 0, 1 or 2, never a traceback or an internal error.

The normal test run uses a small bounded profile. ``LSP_CHECK_FUZZ=long python -m pytest tests/test_fuzz.py``
runs the long one (docs/reliability.md gives the figures).
"""

from __future__ import annotations

import atexit
import csv
import io
import itertools
import json
import math
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lsp_check.author.dump import answers_yaml
from lsp_check.cli.main import cli
from lsp_check.load.answers import load_answers
from lsp_check.load.forms import read_responses
from lsp_check.load.questionnaires import _Source, build_library, load_library
from lsp_check.load.yamlfile import load
from lsp_check.problems import InputError
from lsp_check.questionnaire import Option
from lsp_check.report import render
from lsp_check.score.engine import score

# Examples per property: (normal run, long run). The normal run is the quick check every run of the suite makes
# (700 examples in all, a few seconds); the long run totals 100,000 and more.
EXAMPLES = {
    "answers_text": (100, 30_000),
    "answers_bytes": (40, 10_000),
    "forms": (60, 20_000),
    "questionnaire": (60, 20_000),
    "cli": (60, 20_000),
    "identity": (100, 20_000),
    "disclosure": (100, 20_000),
    "options": (40, 5_000),
}
LONG = os.environ.get("LSP_CHECK_FUZZ", "") == "long"


def fuzz(name: str) -> Any:
    """Hypothesis settings for one property, in the normal or the long profile."""
    return settings(
        max_examples=EXAMPLES[name][1 if LONG else 0],
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


LIBRARY, _WARNINGS = load_library()
WORK = Path(tempfile.mkdtemp(prefix="lsp-check-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
_counter = itertools.count()


def scratch(suffix: str) -> Path:
    """A fresh file name in the fuzzing directory."""
    return WORK / f"f{next(_counter)}{suffix}"


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

SECTIONS = [s for s in LIBRARY.sections.values() if s.id in ("general", "leadership", "performance",
                                                                 "surrey-baseline", "away-day-blockages")]
LABELS = sorted({o.label for s in LIBRARY.scales.values() for o in s.options}
                | {o.id for s in LIBRARY.scales.values() for o in s.options})
# Characters that matter to YAML, CSV, terminals and Unicode line handling.
HOSTILE = list("[]{}:,-?!&*#|>'\"%@`\\\t\n\r;= ~") + ["\x85", "\u2028", "\u2029", "\x00", "\x07", "\x1b", "\ufeff",
                                                     "\u202e", "\x0b", "\x0c", "\x1c", ".nan", ".inf", "!!int ",
                                                     "!!float ", "!!bool ", "!!str ", "*a", "&a ", "<<: ", "---\n",
                                                     "9" * 30, "é", "\U0001f600"]
TAGS = ["!!int ", "!!float ", "!!bool ", "!!str ", "!!null ", "!!seq ", "!!map ", "!!binary ", "!!timestamp ",
        "!!python/object:os.system ", "!custom ", "&a ", "*a ", ".nan ", "-.inf ", "9" * 400 + " "]
words = st.one_of(
    st.sampled_from(LABELS),
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
cell_text = st.lists(words, max_size=4).map("".join)


def yaml_value(depth: int = 0) -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**30), st.floats(allow_nan=True), words)
    if depth > 1:
        return leaves
    return st.one_of(leaves, st.lists(leaves, max_size=3), st.dictionaries(words, leaves, max_size=3))


def sometimes(draw: Any, usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any], odds: int = 6) -> Any:
    """Usually a value from ``usual``; one time in ``odds``, one from ``odd``."""
    return draw(odd) if draw(st.integers(1, odds)) == 1 else draw(usual)


plain_words = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=20)


@st.composite
def answers_data(draw: Any) -> dict[str, Any]:
    """An answers mapping mostly made of real sections, questions and labels, with junk mixed in."""
    data: dict[str, Any] = {}
    for key in ("partnership", "date", "respondent"):
        if draw(st.booleans()):
            data[key] = sometimes(draw, plain_words, st.one_of(words, yaml_value(2)))
    sections: dict[Any, Any] = {}
    for section in draw(st.lists(st.sampled_from(SECTIONS), max_size=3, unique_by=lambda s: s.id)):
        chosen = draw(st.lists(st.sampled_from(section.questions), max_size=6, unique_by=lambda q: q.id))
        given: dict[str, Any] = {}
        for q in chosen:
            right = (st.sampled_from([o.label for o in q.scale.options] + [o.id for o in q.scale.options])
                     if q.scale else st.lists(plain_words, max_size=3) if q.kind == "list" else plain_words)
            if draw(st.integers(0, 5)) == 0:
                right = st.fixed_dictionaries({"answer": right}, optional={"note": plain_words})
            given[q.id] = sometimes(draw, right, st.one_of(st.sampled_from(LABELS), yaml_value(1)), 8)
        sections[section.id] = given
    if draw(st.integers(0, 9)) == 0:
        sections[draw(words)] = draw(yaml_value(1))
    data["answers"] = sections if draw(st.integers(0, 19)) else draw(yaml_value(1))
    if draw(st.integers(0, 4)) == 0:
        data["agreed_actions"] = sometimes(draw, st.lists(st.fixed_dictionaries(
            {"action": plain_words.filter(str.strip)},
            optional={"horizon": st.sampled_from([6, 12, "6 months", 7]), "owner": plain_words, "due": plain_words}),
            max_size=2), yaml_value(1))
    if draw(st.integers(0, 19)) == 0:
        data[draw(words)] = draw(yaml_value(1))
    return data


@st.composite
def mutated(draw: Any, base: str) -> str:
    """A text with a few insertions, deletions and replacements of hostile fragments."""
    text = base
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "before a value"]))
        piece = draw(st.one_of(st.sampled_from(HOSTILE), words))
        values = [i + 2 for i in range(len(text)) if text.startswith(": ", i)]
        if kind == "before a value" and values:
            # Where a tag, an anchor, an alias or a special number changes what a value means.
            at = draw(st.sampled_from(values))
            text = text[:at] + draw(st.sampled_from(TAGS)) + text[at:]
        elif kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


def dumped(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


answers_text = answers_data().map(dumped).flatmap(lambda text: st.one_of(st.just(text), mutated(text)))


def finite(value: Any) -> bool:
    """Whether every number in a JSON-like value is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return True


def no_constants(name: str) -> Any:
    raise AssertionError(f"{name} in JSON output")


def assert_reports_finite(result: Any) -> None:
    """The JSON report parses as strict JSON (no NaN or Infinity), and the text report renders."""
    data = json.loads(render("json", result), parse_constant=no_constants)
    assert finite(data)
    render("text", result)


def assert_located(error: InputError, name: str, text: str | None = None) -> None:
    """Every problem names the file, and any line it gives is within the file."""
    # YAML also breaks lines at CR, NEL and the Unicode separators.
    lines = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text)) + 2 if text is not None else None
    for problem in error.problems:
        assert problem.file == name, problem
        if lines is not None and problem.line is not None:
            assert 1 <= problem.line <= lines, problem


# ---------------------------------------------------------------------------
# Answers files
# ---------------------------------------------------------------------------


def check_answers_file(path: Path, text: str | None) -> None:
    try:
        sheet = load_answers(path, LIBRARY)
    except InputError as error:
        event("refused")
        assert_located(error, str(path), text)
        return
    event("loaded")
    assert_reports_finite(score(LIBRARY, sheet))


@fuzz("answers_text")
@given(answers_text)
def test_answers_text_loads_or_is_refused_with_located_problems(text: str) -> None:
    path = scratch(".yaml")
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_answers_file(path, text)


@fuzz("answers_bytes")
@given(st.one_of(st.binary(max_size=300), answers_text.map(lambda t: t.encode("utf-16")),
                 answers_text.map(lambda t: t.encode("utf-8", "surrogatepass")[::-1])))
def test_answers_bytes_load_or_are_refused(raw: bytes) -> None:
    path = scratch(".yaml")
    path.write_bytes(raw)
    check_answers_file(path, None)


def test_loading_never_leaves_nan_in_an_answer_sheet():
    text = "partnership: .nan\nanswers:\n  general:\n    trust: .nan\n"
    with pytest.raises(InputError) as caught:
        load_answers(_write(text), LIBRARY)
    assert "is not an answer on the 'frequency' scale" in str(caught.value)


def _write(text: str, suffix: str = ".yaml") -> Path:
    path = scratch(suffix)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Form exports: read, and the round trip through `import`
# ---------------------------------------------------------------------------

FORM_SECTIONS = [s for s in SECTIONS if s.id in ("general", "leadership", "surrey-baseline", "away-day-blockages")]
HEADINGS = [(f"{s.id}.{q.id}", s, q) for s in FORM_SECTIONS for q in s.questions]
META = ["Timestamp", "Partnership", "Respondent", "Name", "Email", "Date", "ID"]


@st.composite
def form_export(draw: Any) -> tuple[list[str], list[list[str]], str]:
    """A header of question ids (and metadata) with rows of labels, text and junk; and a delimiter."""
    chosen = draw(st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=6, unique_by=lambda h: h[0]))
    header = [heading for heading, _, _ in chosen]
    for meta in draw(st.lists(st.sampled_from(META), max_size=2, unique=True)):
        header.insert(draw(st.integers(0, len(header))), meta)
    if draw(st.integers(0, 19)) == 0:
        header.append(draw(cell_text))

    def cell(heading: str) -> st.SearchStrategy[str]:
        labels = [o.label for o in next((q.scale.options for h, _, q in chosen if h == heading and q.scale), ())]
        dates = ["2006-02-24", "24/02/2006 10:15", "2006/02/24", ""] if heading in ("Timestamp", "Date") else []
        usual = st.sampled_from(labels + dates + [""]) if labels or dates else cell_text
        return st.integers(1, 12).flatmap(lambda n: cell_text if n == 1 else usual)

    rows = draw(st.lists(st.tuples(*[cell(h) for h in header]).map(list), min_size=1, max_size=4))
    if rows and draw(st.integers(0, 9)) == 0:
        rows[0] = rows[0][: draw(st.integers(0, len(rows[0])))]  # a ragged row
    return header, rows, draw(st.sampled_from([",", ";", "\t"]))


def write_csv(header: list[str], rows: list[list[str]], delimiter: str) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = scratch(".csv")
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    return path


def comparable(result: Any) -> Any:
    data = json.loads(render("json", result), parse_constant=no_constants)
    data.pop("source", None)
    return data


@fuzz("forms")
@given(form_export())
def test_form_export_reads_and_import_then_score_equals_scoring_the_export(export: Any) -> None:
    path = write_csv(*export)
    try:
        sheets = read_responses(path, LIBRARY)
    except InputError as error:
        event("refused")
        assert_located(error, str(path))
        return
    event(f"read, {min(len(sheets), 2)}+ respondents")
    for sheet in sheets:
        imported = scratch(".yaml")
        imported.write_text(answers_yaml(sheet, comment="fuzz"), encoding="utf-8")
        again = load_answers(imported, LIBRARY)
        assert (again.partnership, again.date, again.respondent) == (sheet.partnership, sheet.date, sheet.respondent)
        assert {s: a for s, a in again.answers.items() if a} == {s: a for s, a in sheet.answers.items() if a}
        assert comparable(score(LIBRARY, again)) == comparable(score(LIBRARY, sheet))


def test_a_form_cell_with_unusual_line_separators_round_trips_through_import():
    text = "line one\x85line two\u2028three\u2029four\rfive"
    path = write_csv(["Partnership", "surrey-baseline.operations"], [["Ab\x85cd LSP", text]], ",")
    (sheet,) = read_responses(path, LIBRARY)
    imported = _write(answers_yaml(sheet))
    again = load_answers(imported, LIBRARY)
    assert again.partnership == "Ab\x85cd LSP"
    assert again.answers == sheet.answers
    assert comparable(score(LIBRARY, again)) == comparable(score(LIBRARY, sheet))


# ---------------------------------------------------------------------------
# Questionnaires
# ---------------------------------------------------------------------------

numbers = st.one_of(st.integers(-3, 6), st.floats(allow_nan=True, allow_infinity=True), st.integers(10**20, 10**40),
                    st.sampled_from([0, 1, 2, 3, 0.5]), words, st.none())


OPTION_ROWS = [("no", "No", 0, "weak"), ("partly", "Partly", 1, "tracked"), ("yes", "Yes", 2, "ok"),
               ("great", "Great", 3, "ok")]


@st.composite
def questionnaire_data(draw: Any) -> dict[str, Any]:
    """A questionnaire with one scale and one or two sections: usually valid, with one field often made wrong."""
    count = draw(st.integers(2, 4))
    options: list[dict[str, Any]] = [{"id": i, "label": label, "score": score, "level": level}
                                     for i, label, score, level in OPTION_ROWS[:count]]
    for option in options:
        for key in ("score", "id", "label", "level"):
            if draw(st.integers(1, 40)) == 1:
                option[key] = draw(numbers if key == "score" else st.one_of(words, numbers))
    if draw(st.integers(1, 20)) == 1:
        options = options[: draw(st.integers(0, 1))]
    top = max((o["score"] for o in options if isinstance(o["score"], int) and not isinstance(o["score"], bool)),
              default=2)
    sections = []
    for index in range(draw(st.integers(1, 2))):
        n = draw(st.integers(1, 3))
        questions = [{"id": f"q{i}", "text": f"Question {i}", "need": f"need {i}", "actions": ["act"]}
                     for i in range(n)]
        section: dict[str, Any] = {"id": f"fz-{index}", "title": "Fuzzed", "scale": "fz", "questions": questions}
        basis = draw(st.sampled_from(["total", "total", "percent", "mean"]))
        if basis != "total" or draw(st.booleans()):
            section["band_basis"] = basis
        high = {"total": n * top, "percent": 100, "mean": top}[basis]
        middle = draw(st.integers(0, max(0, high - 1)))
        bands: list[dict[str, Any]] = [{"min": 0, "max": middle, "label": "Low"},
                                       {"min": middle + 1 if basis == "total" else middle + 0.5, "max": high,
                                        "label": "High"}]
        for band in bands:
            for key in ("min", "max", "label"):
                if draw(st.integers(1, 30)) == 1:
                    band[key] = draw(numbers)
        if draw(st.integers(1, 20)) == 1:
            bands = bands[: draw(st.integers(0, 1))]
        if draw(st.integers(1, 5)) > 1:
            section["bands"] = bands
        sections.append(section)
    return {"id": "fuzzed", "title": "Fuzzed", "scales": {"fz": {"options": options}}, "sections": sections}


@fuzz("questionnaire")
@given(questionnaire_data().map(dumped).flatmap(lambda text: st.one_of(st.just(text), mutated(text))),
       st.randoms(use_true_random=False))
def test_questionnaire_loads_or_is_refused_and_what_loads_scores_finite(text: str, rnd: Any) -> None:
    name = "fuzzed.yaml"
    try:
        library, _warnings = build_library([_Source(load(text, name), False)])
    except InputError as error:
        event("refused")
        assert_located(error, name, text)
        return
    event("loaded")
    for questionnaire in library.questionnaires.values():
        from lsp_check.questionnaire import Answer, AnswerSheet

        answers = {}
        for section in questionnaire.sections:
            chosen = {}
            for question in section.questions:
                if question.scale and rnd.random() < 0.8:
                    option: Option = rnd.choice(question.scale.options)
                    chosen[question.id] = Answer(question.id, option)
            answers[section.id] = chosen
        assert_reports_finite(score(library, AnswerSheet(name, "Fuzz LSP", "", answers)))


# ---------------------------------------------------------------------------
# The whole command line, in process
# ---------------------------------------------------------------------------

GOOD_ANSWERS = (Path(__file__).resolve().parent.parent / "examples" / "spelthorne-2006.yaml").read_text("utf-8")
COMMANDS = [
    ("score", "-f", "text"), ("score", "-f", "json"), ("score", "-f", "markdown"), ("score", "-f", "github"),
    ("score", "-f", "html"), ("validate",), ("validate", "--strict"), ("plan", "-f", "csv"), ("plan", "-f", "json"),
    ("cluster", "-f", "json"), ("compare",), ("import",),
]
OPTIONS = st.sampled_from([(), (), (), ("--fail-under", "50"), ("--fail-under", "90"), ("--fail-under", "nan"),
                           ("--fail-under", "1e309"), ("--fail-under-section", "general=60"),
                           ("--fail-under-section", "x=nan"), ("-q",)])
yaml_file = st.one_of(
    answers_text,
    answers_data().map(dumped),
    st.just(GOOD_ANSWERS),
    st.just(GOOD_ANSWERS).flatmap(lambda text: mutated(text)),
)
csv_file = form_export().map(lambda e: write_csv(*e).read_text("utf-8", "surrogatepass"))
# Files as (content, suffix): mostly named for what they hold, sometimes not.
input_file = st.one_of(
    st.tuples(yaml_file, st.sampled_from([".yaml"] * 9 + [".csv"])),
    st.tuples(csv_file, st.sampled_from([".csv"] * 9 + [".yaml"])),
)


@fuzz("cli")
@given(st.sampled_from(COMMANDS), OPTIONS, st.lists(input_file, min_size=1, max_size=3), st.booleans())
def test_the_command_line_exits_0_1_or_2_and_never_shows_a_traceback(command: tuple[str, ...], options: Any,
                                                                      files: list[tuple[str, str]],
                                                                      use_stdin: bool) -> None:
    paths = []
    for content, suffix in files:
        path = scratch(suffix)
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        paths.append(str(path))
    stdin = None
    if use_stdin and command[0] in ("score", "validate") and files[0][1] == ".yaml":
        stdin, paths[0] = files[0][0].encode("utf-8", "surrogatepass"), "-"
    args = list(command)
    if command[0] == "compare":
        args += (paths * 2)[:2]
    elif command[0] == "import":
        args += [paths[0], "-o", str(scratch(""))]
    else:
        args += paths
    if command[0] == "score":
        args += list(options)
    result = CliRunner().invoke(cli, args, input=stdin)
    event(f"{command[0]}: exit {result.exit_code}")
    assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    if command[0] == "score" and any(o.endswith(("nan", "1e309")) for o in options):
        assert result.exit_code == 2, "a gate of nan or infinity must be refused"
    if result.exit_code == 2 and command[0] != "validate":  # validate lists each valid file on stdout
        assert result.stdout == "", result.stdout
    elif "json" in command:
        assert finite(json.loads(result.stdout, parse_constant=no_constants))


def _same(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN, and True never equal to 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def check_quick_reading(text: str) -> bool:
    """The one-pass reading either gives up or gives exactly what the careful reading gives; it never accepts
    what the careful reading refuses. True when it gave up."""
    from lsp_check.load.yamlfile import _Careful, _quick

    try:
        careful: Any = load(text, "x.yaml", marks=True).data
    except InputError:
        careful = InputError
    try:
        quick = _quick(text)
    except _Careful:
        return True
    assert careful is not InputError, "the quick reading accepted a file the careful one refuses"
    assert _same(quick, careful)
    return False


@fuzz("answers_text")
@given(answers_text)
def test_the_quick_reading_agrees_with_the_careful_one(text: str) -> None:
    event("quick reading gave up" if check_quick_reading(text) else "quick reading read it")


READ = [
    "a: 1\nb: [x, 'y', 2.5, true, ~, null, '', \"3\"]\n",
    "yes: no\non: off\nTrue: false\n1: 2\n1.5: x\n~: y\n",
    "a: !!str 1\n",
    "a: 2006-02-24\nb: .nan\nc: -.inf\nd: 0x1F\ne: 1_000\n",
    "- - - - x\n",
    "",
    "# only a comment\n",
    "a: |\n  several\n  lines\n",
]
GIVEN_UP = [
    "a: &x {b: 1}\nc: *x\n",  # an alias
    "a: !!int often\n",  # a tag the text does not fit
    "<<: {a: 1}\nb: 2\n",  # a merge key
    "a: 1\na: 2\n",  # a duplicate key
    "? [a, b]\n: c\n",  # a key that is not text
    "a: 1\n---\nb: 2\n",  # two documents
    "[" * 70 + "]" * 70,  # too deep
    "a: [1, 2\n",  # a syntax error
    "a: b\x07\n",  # a control character
    "=: x\n",  # a value key
]


@pytest.mark.parametrize("text", READ)
def test_the_quick_reading_reads_plain_files_as_the_careful_one_does(text: str) -> None:
    assert not check_quick_reading(text)


@pytest.mark.parametrize("text", GIVEN_UP)
def test_the_quick_reading_leaves_the_unusual_to_the_careful_one(text: str) -> None:
    assert check_quick_reading(text)


def test_the_quick_reading_agrees_on_every_bundled_file():
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("examples/**/*.yaml"), *root.glob("questionnaires/**/*.yaml"),
             *root.glob("tests/fixtures/**/*.yaml")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        check_quick_reading(text)
    assert not check_quick_reading((root / "examples" / "spelthorne-2006.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# A partnership's identity, disclosure control, numeric options and the import of a name
# ---------------------------------------------------------------------------


@fuzz("identity")
@given(st.lists(st.one_of(words, plain_words), max_size=12))
def test_near_duplicates_are_different_names_one_slip_apart(names: list[str]) -> None:
    from lsp_check.load.identity import near_duplicates, one_edit_apart
    from lsp_check.matching import identity

    for first, second in near_duplicates(names):
        a, b = identity(first), identity(second)
        assert a and b and a != b
        assert one_edit_apart(a, b) or a.startswith(b) or b.startswith(a)


@st.composite
def atoms(draw: Any) -> dict[tuple[str, str], Any]:
    """Respondents by (sector, organisation), each answering two questions of one section, or skipping one."""
    from lsp_check.score.room import AtomTally

    found: dict[tuple[str, str], Any] = {}
    for _ in range(draw(st.integers(1, 14))):
        atom = (draw(st.sampled_from(["", "council", "health", "police"])), draw(st.sampled_from(["", "a", "b", "c"])))
        tally = found.setdefault(atom, AtomTally())
        tally.add(())
        answered = 0
        for question in ("q1", "q2"):
            if draw(st.integers(0, 5)):
                tally.add(("s", question), draw(st.sampled_from("wxyz")))
                answered += 1
        if answered:
            tally.add(("s",), answered)
    return found


@fuzz("disclosure")
@given(atoms(), st.integers(3, 5))
def test_the_groups_and_figures_shown_leave_no_class_that_subtraction_could_single_out(found: Any,
                                                                                      threshold: int) -> None:
    from lsp_check.score.disclosure import plan_groups

    plans = [plan_groups(found, by, threshold) for by in ("sector", "organisation")]
    for item in [(), ("s",), ("s", "q1"), ("s", "q2")]:
        counts = {atom: tally.counts.get(item, 0) for atom, tally in found.items()}
        # A group shows a figure for the item unless it is withheld, or nobody in it answered ("–", no figure).
        shown = [{key for key in plan.shown if (key, item) not in plan.cells
                  and sum(n for atom, n in counts.items() if atom[index] == key)} for index, plan in enumerate(plans)]
        for index, keys in enumerate(shown):
            for key in keys:  # every figure shown counts at least the threshold
                assert sum(n for atom, n in counts.items() if atom[index] == key) >= threshold
        classes: dict[tuple[Any, Any], int] = {}
        for atom, n in counts.items():
            if n:
                signature = tuple(atom[i] if atom[i] in shown[i] else None for i in range(2))
                classes[signature] = classes.get(signature, 0) + n  # type: ignore[index]
        if len(classes) > 1:  # what the groups shown split the room into: none smaller than the threshold
            assert min(classes.values()) >= threshold, (item, classes)


@fuzz("options")
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), words))
def test_min_change_takes_only_a_finite_number_of_points(value: str) -> None:
    files = [str(Path(__file__).resolve().parent.parent / "examples" / f"spelthorne-{y}.yaml") for y in (2006, 2007)]
    result = CliRunner().invoke(cli, ["compare", *files, "--min-change", value, "-f", "json", "--fail-on-regression"])
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    expected = (0, 1) if math.isfinite(number) and 0 <= number <= 100 else (2,)
    assert result.exit_code in expected, (value, result.output)
    if result.exit_code != 2:
        assert finite(json.loads(result.stdout, parse_constant=no_constants))


@fuzz("options")
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20))
def test_import_writes_the_partnership_it_is_given_so_that_it_loads_back(name: str) -> None:
    export = scratch(".csv")
    export.write_text("general.trust\nOften\n", encoding="utf-8")
    target = scratch("")
    result = CliRunner().invoke(cli, ["import", str(export), "-o", str(target), "--partnership", name])
    assert result.exit_code == 0, result.output
    again = load_answers(target / "respondent-001.yaml", LIBRARY)
    assert again.partnership == name.strip()
    assert ("no row names its partnership" in result.stderr) == (not name.strip())
