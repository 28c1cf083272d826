"""A corpus of hostile inputs, each run through the command line in a child process with bounded memory and time.

Every case checks what a user (or a CI job) would notice: the exit status, the file named on stderr with the
reason it was refused, nothing on stdout, no traceback or internal error, a short stderr however large the
input, and that the run stayed within the time and memory the limits promise (docs/reliability.md).
"""

from __future__ import annotations

import io
import os
import resource
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Union

import pytest

from lsp_check.cli.main import main

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="runs each case in a forked child")

# Every case runs under these bounds; a run past them fails the case.
MEMORY_LIMIT = 1 << 30  # RLIMIT_AS: 1 GiB of address space
TIMEOUT = 20.0  # seconds of wall time (the machine may be busy; a hang is what this catches)
MAX_SECONDS = 8.0  # what a refused file may cost, busy machine included
MAX_RSS_KB = 400_000  # resident memory at its peak
MAX_STDERR = 12_000  # characters: echoed values are cut, problem lists bounded

GOOD = "partnership: Test LSP\ndate: 2006-02-24\nanswers:\n  general:\n    trust: Often\n"
HEADER = "Timestamp,general.trust,general.real-results\n"

QUESTIONNAIRE = """\
id: board-check
title: Board check
scales:
  agree3:
    options:
{options}
sections:
  - id: board
    title: The board
    scale: agree3
    bands:
{bands}
    questions:
      - id: purpose
        text: The board is clear about its purpose
        need: clarity of purpose
        actions: [agree the purpose]
"""
OPTIONS = """\
      - {id: disagree, label: Disagree, score: 0, level: weak}
      - {id: unsure, label: Unsure, score: 1}
      - {id: agree, label: Agree, score: 2}
"""
BANDS = """\
      - {min: 0, max: 1, label: Weak}
      - {min: 2, max: 2, label: Strong}
"""

Content = Union[str, bytes, Callable[[Path], None]]


def questionnaire(options: str = OPTIONS, bands: str = BANDS) -> str:
    """The board questionnaire with its options or bands replaced."""
    return QUESTIONNAIRE.format(options=options.rstrip("\n"), bands=bands.rstrip("\n"))


def answers(general: str) -> str:
    """An answers file whose general section is the given YAML text (indented under it)."""
    return f"partnership: Test LSP\nanswers:\n  general:\n    {general}\n"


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    # The socket file stays after the process closes it; that is what a user could point lsp-check at.
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)
    return make


def keys(count: int) -> str:
    return "answers:\n  general:\n" + "".join(f"    k{i}: v\n" for i in range(count))


def aliases() -> str:
    # The "billion laughs": nine levels, each nine times the one before.
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


class Case(NamedTuple):
    """One hostile input: the files to make, the command, what must be said and by which exit status."""

    name: str
    files: dict[str, Content]
    args: tuple[str, ...]
    expect: str  # a fragment of the message a user would read
    named: str = ""  # the file (or option) the message names; by default the first file
    stdin: bytes | None = None
    status: int = 2


def score(name: str, content: Content, expect: str, file: str = "a.yaml") -> Case:
    return Case(name, {file: content}, ("score", file), expect)


def validate_q(name: str, text: Content, expect: str) -> Case:
    return Case(name, {"q.yaml": text}, ("validate", "q.yaml"), expect)


CASES = [
    # YAML syntax
    score("unclosed-flow", "partnership: [Test\n", "invalid YAML"),
    score("tab-indent", "answers:\n\tgeneral:\n    trust: Often\n", "tab character"),
    score("two-documents", GOOD + "---\n" + GOOD, "more than one YAML document"),
    score("duplicate-key", GOOD + "partnership: Other\n", "duplicate key 'partnership'"),
    score("control-character", "partnership: Test\x07LSP\n", "control character U+0007"),
    score("unterminated-quote", 'partnership: "Test LSP\nanswers: {}\n', "invalid YAML"),
    score("mapping-in-scalar", "partnership: a: b: c\n", "invalid YAML"),
    score("only-a-comment", "# nothing here\n", "file is empty"),
    score("plain-text-document", "just some words\n", "expected a mapping"),
    score("list-document", "- general\n- trust\n", "expected a mapping"),
    # Tags
    score("tag-int-on-word", answers("trust: !!int Often"), "'Often' cannot be read as !!int"),
    score("tag-float-on-letter", answers("trust: !!float e"), "'e' cannot be read as !!float"),
    score("tag-bool-on-word", answers("trust: !!bool Often"), "'Often' cannot be read as !!bool"),
    score("tag-int-empty", answers("trust: !!int ''"), "cannot be read as !!int"),
    score("tag-str-on-mapping", "answers: !!str {general: {trust: Often}}\n", "!!str is given to a mapping"),
    score("tag-seq-on-scalar", answers("trust: !!seq Often"), "!!seq is given to a single value"),
    score("tag-python-object", answers('trust: !!python/object/apply:os.system ["echo owned"]'), "is not allowed"),
    score("tag-binary", answers("trust: !!binary aGVsbG8="), "is not allowed"),
    score("tag-custom", answers("trust: !custom Often"), "is not allowed"),
    score("tag-set", "answers: !!set {general: null}\n", "is not allowed"),
    score("tag-on-key", answers("!!int trust: Often"), "cannot be read as !!int"),
    # Bombs
    score("billion-laughs", aliases(), "expands to more than 50,000 values"),
    score("merge-key", "base: &b {trust: Often}\nanswers:\n  general:\n    <<: *b\n", "merge keys"),
    score("int-key-past-4300-digits", "answers:\n  ? 0x" + "f" * 3_700 + "\n  : 1\n", "is a number too long to read"),
    score("list-holding-itself", "answers:\n  leadership: &r\n    - *r\n" + "    - some text\n" * 19_000,
          "expands to more than 50,000 values"),
    score("alias-fan-out", "a: &a [" + ", ".join(["x"] * 500) + "]\nb: [" + ", ".join(["*a"] * 500) + "]\n",
          "expands to more than 50,000 values"),
    # Depth
    score("flow-depth-40000", "a: " + "[" * 40_000 + "]" * 40_000 + "\n", "nested more than 64 levels"),
    score("flow-mapping-depth-19000", "a: " + "{a: " * 19_000 + "}" * 19_000 + "\n", "nested more than 64 levels"),
    score("block-sequence-depth-40000", "- " * 40_000 + "x\n", "nested more than 64 levels"),
    score("indented-depth-100", "".join("  " * i + f"k{i}:\n" for i in range(100)), "nested more than 64 levels"),
    # Size
    score("file-over-1-mib", "partnership: Test\nnote: " + "x" * 90_000 + "\n" + "# pad\n" * 200_000, "larger than"),
    score("sparse-50-mb", sparse(50_000_000), "larger than"),
    score("line-50-mb", "partnership: " + "x" * 50_000_000 + "\n", "larger than"),
    score("line-200k", "partnership: " + "x" * 200_000 + "\n", "lines may be at most 100,000"),
    score("keys-500000", keys(500_000), "larger than"),
    score("nodes-over-limit", "answers:\n" + "- 1\n" * 30_000, "more than 20,000 keys and values"),
    score("integer-401-digits", answers("trust: " + "9" * 401), "is not an answer on the 'frequency' scale"),
    score("integer-5000-digits", answers("trust: " + "9" * 5000), "is a number too long to read"),
    # Encodings
    score("binary-nul", b"\x00\x01\x02partnership: x\n", "binary file"),
    score("latin-1", "partnership: Caf\xe9 LSP\n".encode("latin-1"), "not valid UTF-8"),
    score("utf-16-odd-bytes", b"\xff\xfep\x00a\x00r", "not valid UTF-16"),
    score("utf-8-bom-then-bad-yaml", b"\xef\xbb\xbfpartnership: [\n", "invalid YAML"),
    score("surrogate-bytes", b"partnership: \xed\xa0\x80\n", "not valid UTF-8"),
    score("empty-file", b"", "file is empty"),
    score("whitespace-only", "   \n\n  \n", "file is empty"),
    # Wrong types
    score("answers-a-list", "answers: [general, trust]\n", "expected a mapping of section ids"),
    score("answer-unknown-key", answers("trust: {answer: Often, colour: blue}"), "unknown key 'colour'"),
    score("partnership-a-mapping", "partnership: {name: x}\nanswers: {}\n", "expected the partnership's name"),
    score("answer-boolean", answers("trust: true"), "expected one of"),
    score("answer-nan", answers("trust: .nan"), "is not an answer"),
    score("horizon-wrong", GOOD + "agreed_actions: [{action: x, horizon: 7}]\n", "expected 6 or 12"),
    # Unknown names, echoed at most 80 characters
    score("unknown-section-huge", "answers:\n  ? " + "s" * 90_000 + "\n  : {}\n", "(90,000 characters)"),
    score("unknown-question", answers("trsut: Often"), "did you mean 'trust'"),
    score("answer-off-scale-huge", answers("trust: " + "O" * 90_000), "(90,000 characters)"),
    # Questionnaire mistakes
    validate_q("bands-empty", questionnaire(bands="      []"), "expected at least 1"),
    validate_q("score-nan", questionnaire(OPTIONS.replace("score: 0", "score: .nan")), "found the number .nan"),
    validate_q("band-bound-inf", questionnaire(bands=BANDS.replace("max: 2", "max: .inf")), "found the number .inf"),
    validate_q("score-401-digits", questionnaire(OPTIONS.replace("score: 2", "score: " + "9" * 401)),
               "expected a score from -1,000,000 to 1,000,000"),
    validate_q("score-below-the-bound", questionnaire(OPTIONS.replace("score: 0", "score: -5000001")),
               "found the number -5000001"),
    validate_q("scale-without-options", questionnaire(options="      []"), "expected at least 2"),
    validate_q("options-not-a-list", QUESTIONNAIRE.replace("    options:\n{options}", "    options: many")
               .format(bands=BANDS.rstrip("\n")), "expected a list of options"),
    validate_q("band-min-over-max", questionnaire(bands=BANDS.replace("min: 2, max: 2", "min: 2, max: 1")),
               "greater than max"),
    validate_q("tag-int-in-questionnaire", questionnaire(OPTIONS.replace("score: 1", "score: !!int one")),
               "cannot be read as !!int"),
    # Form exports
    score("csv-empty", b"", "is empty", "f.csv"),
    score("csv-header-only", HEADER, "no responses", "f.csv"),
    score("csv-ragged", HEADER + "2006-02-24,Often,Always,Sometimes\n", "beyond the last heading", "f.csv"),
    score("csv-900-unmatched-columns", ",".join(f"c{i}" for i in range(900)) + "\n" + "x," * 899 + "x\n",
          "and 897 more (--strict refuses them", "f.csv"),
    score("csv-10000-columns", ",".join(f"c{i}" for i in range(10_000)) + "\n", "at most 1,000", "f.csv"),
    score("csv-30000-rows", HEADER + "2006-02-24,Often,Always\n" * 30_000, "more than 20,000 rows", "f.csv"),
    score("csv-over-16-mib", HEADER + ("2006-02-24,Often," + "x" * 900 + "\n") * 20_000, "larger than", "f.csv"),
    score("csv-formula-cells", HEADER + "2006-02-24,=cmd|' /C calc'!A0,@SUM(A1)\n", "is not an answer", "f.csv"),
    score("csv-mixed-encodings", (HEADER + "2006-02-24,Often,Always\n").encode() + "2006-02-24,Caf\xe9,x\n"
          .encode("latin-1"), "not valid UTF-8", "f.csv"),
    score("csv-bom-then-nul", b"\xef\xbb\xbf" + b"\x00" * 20, "binary file", "f.csv"),
    score("csv-utf-16-odd-bytes", b"\xfe\xff\x00T\x00", "not valid UTF-16", "f.csv"),
    score("csv-field-over-limit", HEADER + '2006-02-24,"' + ("y" * 1000 + "\n") * 200 + '",Often\n',
          "not readable as CSV", "f.csv"),
    score("csv-many-bad-cells", HEADER + "2006-02-24,Nope,Nope\n" * 5_000, "more problems", "f.csv"),
    # Input files that are not regular files
    score("fifo", fifo, "named pipe (FIFO)"),
    score("socket", unix_socket, "is a socket"),
    Case("dev-zero", {}, ("score", "/dev/zero"), "character device", "/dev/zero"),
    Case("dev-urandom", {}, ("score", "/dev/urandom"), "character device", "/dev/urandom"),
    Case("directory-without-answers", {"d/readme.txt": "x"}, ("score", "d"), "holds no answers files", "d"),
    Case("missing-file", {}, ("score", "nowhere.yaml"), "file not found", "nowhere.yaml"),
    Case("stdin-2-mib-of-zeros", {}, ("score", "-"), "larger than", "<stdin>", stdin=b"\x00" * 2_100_000),
    Case("stdin-bad-yaml", {}, ("validate", "-"), "invalid YAML", "<stdin>", stdin=b"partnership: [\n"),
    # Options
    Case("fail-under-nan", {"a.yaml": GOOD}, ("score", "a.yaml", "--fail-under", "nan"), "from 0 to 100",
         "--fail-under"),
    Case("fail-under-inf", {"a.yaml": GOOD}, ("score", "a.yaml", "--fail-under", "inf"), "from 0 to 100",
         "--fail-under"),
    Case("fail-under-section-nan", {"a.yaml": GOOD}, ("score", "a.yaml", "--fail-under-section", "general=nan"),
         "SECTION=PCT", "--fail-under-section"),
    # Dates, thresholds and numbers that are not what they look like
    score("date-day-first", GOOD.replace("2006-02-24", "24/02/2006"), "expected an ISO date, YYYY-MM-DD"),
    score("date-not-a-day", GOOD.replace("2006-02-24", "2006-02-30"), "expected an ISO date, YYYY-MM-DD"),
    score("date-huge", GOOD.replace("2006-02-24", "2006-02-24x" * 5_000), "expected an ISO date, YYYY-MM-DD"),
    Case("compare-min-change-nan", {"a.yaml": GOOD, "b.yaml": GOOD}, ("compare", "a.yaml", "b.yaml", "--min-change",
                                                                     "nan"), "from 0 to 100", "--min-change"),
    Case("trend-min-change-inf", {"a.yaml": GOOD}, ("trend", "a.yaml", "a.yaml", "a.yaml", "--min-change", "-inf"),
         "from 0 to 100", "--min-change"),
    Case("min-group-two", {"a.yaml": GOOD}, ("score", "a.yaml", "--by", "sector", "--min-group", "2"), "x>=3",
         "--min-group"),
]


class Run(NamedTuple):
    status: int  # the exit status, or minus the signal that killed it
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int


def run_bounded(cwd: Path, args: tuple[str, ...], stdin: bytes | None) -> Run:
    """Run the command line's ``main(ARGS)`` in a forked child under the memory limit and a timeout.

    A fork of this warmed-up process costs milliseconds where a new interpreter costs a good part of a second,
    and it is as separate as a subprocess: a crash, a hang or runaway memory ends the child, not the tests.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        read_end, write_end = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(cwd, args, read_end, write_end, out.fileno(), err.fileno())
        os.close(read_end)
        feeder = threading.Thread(target=_feed, args=(write_end, stdin or b""), daemon=True)
        feeder.start()
        timer = threading.Timer(TIMEOUT, os.kill, (pid, signal.SIGKILL))
        timer.start()
        try:
            _pid, wait_status, usage = os.wait4(pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        feeder.join()
        out.seek(0)
        err.seek(0)
        return Run(os.waitstatus_to_exitcode(wait_status), out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss)


def _feed(fd: int, data: bytes) -> None:
    try:
        _write_all(fd, data)
    except OSError:  # the child stopped reading at its limit, as it should
        pass
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _child(cwd: Path, args: tuple[str, ...], read_end: int, write_end: int, out: int, err: int) -> None:
    status = 70
    try:
        os.close(write_end)
        os.chdir(cwd)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        for source, target in ((read_end, 0), (out, 1), (err, 2)):
            os.dup2(source, target)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
        for name in ("LSP_CHECK_QUESTIONNAIRES", "LSP_CHECK_DEBUG"):
            os.environ.pop(name, None)
        os.environ["NO_COLOR"] = "1"
        try:
            main(list(args), prog_name="lsp-check")
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except BaseException:  # noqa: BLE001 - shown to the test, which fails on it
        traceback.print_exc()
        status = 71
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def make_files(directory: Path, files: dict[str, Content]) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        else:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def test_the_corpus_has_at_least_fifty_named_cases():
    names = [case.name for case in CASES]
    assert len(names) >= 50
    assert len(set(names)) == len(names), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_refused_cleanly(case: Case) -> None:
    # A short directory: a Unix socket's path must fit in about 100 bytes.
    with tempfile.TemporaryDirectory(prefix="lsp-hostile-") as directory:
        cwd = Path(directory)
        make_files(cwd, case.files)
        run = run_bounded(cwd, case.args, case.stdin)
    named = case.named or next(iter(case.files))
    assert run.status == case.status, f"exit status {run.status}, expected {case.status}; stderr:\n{run.stderr[:2000]}"
    assert run.stdout == "", f"stdout should be empty, got:\n{run.stdout[:2000]}"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[:2000]
    assert named in run.stderr, f"{named!r} not named on stderr:\n{run.stderr[:2000]}"
    assert case.expect in run.stderr, f"{case.expect!r} not said on stderr:\n{run.stderr[:2000]}"
    assert len(run.stderr) <= MAX_STDERR, f"{len(run.stderr):,} characters on stderr"
    assert run.seconds <= MAX_SECONDS, f"took {run.seconds:.1f} s"
    assert run.max_rss_kb <= MAX_RSS_KB, f"peak memory {run.max_rss_kb:,} KB"


def test_a_refused_document_that_holds_itself_is_freed_without_the_collector():
    """A run over many files collects rarely (docs/performance.md), so the careful reading takes apart the
    node tree it composed: a list that holds itself must not wait for a cycle collection to be freed."""
    import gc

    import yaml

    from lsp_check.load.yamlfile import load
    from lsp_check.problems import InputError

    text = "answers:\n  leadership: &r\n    - *r\n" + "    - some text\n" * 2_000

    def nodes() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))

    gc.collect()
    gc.disable()
    try:
        before = nodes()
        with pytest.raises(InputError):
            load(text, "a.yaml", marks=False)
        after = nodes()
    finally:
        gc.enable()
    assert after - before < 10
