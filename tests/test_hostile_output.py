"""Hostile output: templates trying to escape the sandbox, CSV formulas, control sequences and output targets.

Every case checks what a user would see: the exit status, the file named in the
message, nothing unexpected on stdout and never a traceback.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, GOLDEN, ROOT
from lsp_check.cli.main import cli
from lsp_check.report import usertemplate

SPELTHORNE = str(EXAMPLES / "spelthorne-2006.yaml")
# An OSC window title, an OSC 8 hyperlink, a full reset, the C1 CSI, a bidi override, NUL and DEL.
HOSTILE = ("\x1b]0;pwned\x07" "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\" "\x1bc" "\x9b31m" "\u202e"
           "\x00" "\x7f")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*args: str, cwd: Path | None = None):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _refused(result, name: str, *words: str) -> str:
    """A refusal: exit 2, nothing on stdout, one message naming ``name`` and saying ``words``."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert name in result.stderr
    for word in words:
        assert word in result.stderr
    return result.stderr


# --- Templates: the sandbox -------------------------------------------------------------------------------------


def _template(tmp_path: Path, text: str, name: str = "board.md") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_template_cannot_run_a_shell_command_through_cycler_globals(tmp_path):
    marker = tmp_path / "ran"
    path = _template(tmp_path, "# {{ partnership }}\n{{ cycler.__init__.__globals__.os.system('touch " + str(marker)
                     + "') }}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:2:", "sandbox")
    assert not marker.exists()


def test_template_cannot_reach_lipsum_globals_to_open_a_pipe(tmp_path):
    path = _template(tmp_path, "{{ lipsum.__globals__['os'].popen('id').read() }}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:1:", "sandbox")


def test_template_cannot_read_files_outside_its_directory(tmp_path):
    path = _template(tmp_path, "{% include '/etc/passwd' %}\n{% include '../../etc/passwd' %}\n")
    stderr = _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:1:", "template not found")
    assert "root:" not in stderr


def test_template_range_of_a_trillion_is_refused(tmp_path):
    path = _template(tmp_path, "{% for i in range(10**12) %}{{ i }}{% endfor %}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:1:", "refused", "too large")


@pytest.mark.parametrize("expression", ['"x" * 10**10', '"a"|center(10**10)', '"%999999999d" % 1',
                                        '"{:>999999999}".format(1)', "10 ** 10 ** 10", '"x".ljust(10**9)',
                                        "999999 ** 999999"])
def test_template_cannot_build_a_huge_string(tmp_path, expression):
    path = _template(tmp_path, "{{ partnership }}\n{{ " + expression + " }}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:2:", "refused")


def test_template_output_is_bounded_and_the_writing_line_named(tmp_path, monkeypatch):
    monkeypatch.setattr(usertemplate, "MAX_OUTPUT", 50_000)
    path = _template(tmp_path, "{{ partnership }}\n{% for i in range(100000) %}\n{{ partnership }}\n{% endfor %}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:3:", "passed 50,000 characters")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="the memory bound applies on Linux")
@pytest.mark.parametrize("text", [
    '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
    '{{ ["x" * 10**6] * 10**6 }}'])
def test_template_memory_is_bounded(tmp_path, monkeypatch, text):
    monkeypatch.setattr(usertemplate, "MAX_MEMORY", 200 * 2**20)
    path = _template(tmp_path, text + "\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:1:", "more than 200 MB of memory")
    # The bound is lifted afterwards: a large allocation still works.
    assert len(bytearray(300 * 2**20)) == 300 * 2**20


def test_template_that_loops_for_ever_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(usertemplate, "TIME_LIMIT", 0.5)
    path = _template(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), path, "ran for more than 0.5 seconds")


def test_template_cannot_change_the_report_s_data(tmp_path):
    path = _template(tmp_path, "{% set x = overall.update({'percent': '100%'}) %}{{ overall.percent }}\n")
    _refused(_run("score", SPELTHORNE, "--template", path), f"{path}:1:", "sandbox")


@pytest.mark.parametrize(("template", "golden"), [("markdown/templates/report.md.j2", "spelthorne.md"),
                                                   ("html/templates/result.html.j2", "spelthorne.html")])
def test_bundled_templates_render_the_same_in_the_sandbox(template, golden):
    result = _run("score", SPELTHORNE, "--template", str(ROOT / "src/lsp_check/report" / template))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


# --- CSV: formulas and Excel ------------------------------------------------------------------------------------


def _answers(tmp_path: Path, partnership: str, action: str, owner: str, due: str, name: str = "a.yaml") -> str:
    text = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^partnership: .*$", lambda _: f"partnership: {json.dumps(partnership)}", text)
    text += (f"  - action: {json.dumps(action)}\n    horizon: 6\n    owner: {json.dumps(owner)}\n"
             f"    due: {json.dumps(due)}\n")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_plan_csv_neutralises_formulas_from_the_answers_file(tmp_path):
    path = _answers(tmp_path, "=HYPERLINK(\"http://evil.example\",\"LSP\")", "+cmd|' /C calc'!A0",
                    "@SUM(1+1)", "-2+3")
    result = _run("plan", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = _csv_rows(result.stdout)
    agreed = rows[-1] if rows[-1][6] == "agreed" else next(r for r in rows if r[5].endswith("calc'!A0"))
    assert agreed[0] == "'=HYPERLINK(\"http://evil.example\",\"LSP\")"
    assert agreed[5] == "'+cmd|' /C calc'!A0"
    assert agreed[7:9] == ["'@SUM(1+1)", "'-2+3"]
    # Every neutralised cell is quoted in the file, as OWASP advises.
    assert "\"'@SUM(1+1)\",\"'-2+3\"" in result.stdout
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_cluster_csv_neutralises_names_but_keeps_computed_numbers(tmp_path):
    for name, answer in (("=1+1", "YES – working well"), ("@evil", "NO – action is needed"),
                         ("middle", "YES – but needs improving")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "answers.yaml").write_text(
            f"partnership: {json.dumps(name)}\nanswers:\n  performance:\n    structure: {answer}\n"
            f"    roles: {answer}\n    objectives: {answer}\n",
            encoding="utf-8")
    result = _run("cluster", str(tmp_path / "=1+1"), str(tmp_path / "@evil"), str(tmp_path / "middle"), "-f", "csv",
                  "--show-respondents")
    assert result.exit_code == 0, result.stderr
    rows = _csv_rows(result.stdout)
    names = [row[0] for row in rows[1:3]]
    assert sorted(names) == ["'=1+1", "'@evil"]
    versus = [row[5] for row in rows[1:3]]  # after partnership, respondents, first and last date, percent
    # A signed figure the tool computed stays a number a spreadsheet can add up.
    assert sorted(versus) == ["+33.3", "-66.7"]
    assert ",-66.7" in result.stdout and "'-66.7" not in result.stdout


@pytest.mark.parametrize(("cell", "written"), [
    ("-3.5", "-3.5"), ("+0.0", "+0.0"), ("54.2%", "54.2%"), ("12", "12"),          # numbers stay numbers
    ("-3.5+1", "\"'-3.5+1\""), ("=1+1", "\"'=1+1\""), ("@A1", "\"'@A1\""), ("+44 1784 000", "\"'+44 1784 000\""),
    ("\tx", "\"'\tx\""), ("\r=1", "\"'\\x0d=1\""), ("a\x1b]0;t\x07", "a\\x1b]0;t\\x07"),
    ("plain, with comma", "\"plain, with comma\""), ("'quoted", "\"'quoted\""),
])
def test_each_csv_cell_is_written_safely(cell, written):
    from lsp_check.report.csv import write

    assert write([[cell]]) == written + "\r\n"


def test_csv_starts_with_a_byte_order_mark_for_excel_unless_asked_not_to(tmp_path):
    path = _answers(tmp_path, "Spelthorne – LSP", "Agree focus – now", "", "")
    with_bom = CliRunner().invoke(cli, ["plan", path, "-f", "csv"]).stdout_bytes
    assert with_bom.startswith(b"\xef\xbb\xbfpartnership,") and "–".encode() in with_bom
    without = CliRunner().invoke(cli, ["plan", path, "-f", "csv", "--no-bom"]).stdout_bytes
    assert without.startswith(b"partnership,") and without == with_bom[3:]


def test_the_form_reader_reads_a_csv_the_tool_wrote_byte_order_mark_and_all(tmp_path):
    plan_csv = tmp_path / "plan.csv"
    assert _run("plan", SPELTHORNE, "-f", "csv", "-o", str(plan_csv)).exit_code == 0
    assert plan_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    result = _run("score", str(plan_csv))
    # Its heading row is recognised despite the byte-order mark, so it is named for what it is.
    assert result.exit_code == 2 and f"{plan_csv}: is an action plan written by lsp-check" in result.stderr
    assert "\ufeff" not in result.stderr


# --- Control sequences through every command and format ----------------------------------------------------------

QUESTIONNAIRE = """\
id: board-check
title: {title}
scales:
  agree5:
    options:
      - {{id: sd, label: Strongly disagree, score: 1, level: weak}}
      - {{id: d, label: Disagree, score: 2, level: weak}}
      - {{id: a, label: Agree, score: 4}}
sections:
  - id: board
    title: {section}
    scale: agree5
    band_basis: mean
    bands:
      - {{min: 1, max: 2.49, label: Weak}}
      - {{min: 2.5, max: 4, label: Strong}}
    questions:
      - id: purpose
        text: The board is clear about its purpose
        need: {need}
        actions: [hold a facilitated session]
      - id: attendance
        text: The right people attend
        need: attendance
        actions: [agree who should attend]
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Hostile text in a partnership name, a need, a note, a respondent, an agreed action and a questionnaire title."""
    root = tmp_path_factory.mktemp("hostile")
    j = json.dumps
    (root / "q").mkdir()
    (root / "q" / "board-check.yaml").write_text(QUESTIONNAIRE.format(
        title=j("Board check " + HOSTILE), section=j("The board " + HOSTILE), need=j("clarity " + HOSTILE)),
        encoding="utf-8")
    answers = (f"partnership: {j('LSP ' + HOSTILE)}\nrespondent: {j('Resp ' + HOSTILE)}\nanswers:\n  board:\n"
               f"    purpose: {{answer: sd, note: {j('note ' + HOSTILE)}}}\n    attendance: {{answer: d, note: "
               f"{j('in hand ' + HOSTILE)}}}\nagreed_actions:\n  - action: {j('Agree ' + HOSTILE)}\n    horizon: 6\n"
               f"    owner: {j('Owner ' + HOSTILE)}\n")
    for side in ("one", "two"):
        (root / side).mkdir()
        (root / side / "a.yaml").write_text(answers, encoding="utf-8")
        (root / side / "b.yaml").write_text(answers.replace("answer: sd", "answer: a"), encoding="utf-8")
    return root


MATRIX = [
    *[("score", f, "one/a.yaml") for f in ("text", "markdown", "json", "html", "github", "docx")],
    *[("score", f, "one") for f in ("text", "markdown", "json", "html", "github", "docx")],
    *[("plan", f, "one/a.yaml") for f in ("text", "markdown", "json", "html", "csv", "docx")],
    *[("plan", f, "one") for f in ("text", "markdown", "json", "html", "csv", "docx")],
    *[("compare", f, "one/a.yaml", "one/b.yaml") for f in ("text", "markdown", "json", "html", "docx")],
    *[("cluster", f, "one", "two") for f in ("text", "markdown", "json", "html", "csv", "docx")],
]


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in _strings(value)]


def _clean_streams(result, fmt: str = "text") -> None:
    assert not RAW_CONTROL.search(result.stderr), result.stderr
    if fmt == "docx":
        return
    text = result.stdout
    if fmt == "csv":
        text = text.replace("\r\n", "\n")
    assert not RAW_CONTROL.search(text), [m.group() for m in RAW_CONTROL.finditer(text)][:5]


@pytest.mark.parametrize("case", MATRIX, ids=["-".join(c).replace("/", "_") for c in MATRIX])
def test_control_characters_never_reach_the_terminal(hostile, monkeypatch, case):
    command, fmt, *paths = case
    monkeypatch.chdir(hostile)
    result = _run(command, *paths, "-f", fmt, "--questionnaires", "q")
    assert result.exit_code in (0, 1), result.stderr
    _clean_streams(result, fmt)
    if fmt == "json":
        # JSON keeps the text exactly, escaped.
        strings = _strings(json.loads(result.stdout))
        assert any(HOSTILE in text for text in strings)
        assert "\\u009b" in result.stdout and "\\u202e" in result.stdout
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(result.stdout_bytes)) as document:
            xml = document.read("word/document.xml").decode("utf-8")
        assert "LSP \\x1b]0;pwned" in xml and not RAW_CONTROL.search(xml)
    else:
        assert "\\x1b" in result.stdout and "\\x9b" in result.stdout and "\\u202e" in result.stdout


@pytest.mark.parametrize("args", [("questionnaires", "show", "board-check"), ("questionnaires",),
                                  ("template", "board-check"), ("validate", "one/a.yaml")])
def test_control_characters_never_reach_the_terminal_from_other_commands(hostile, monkeypatch, args):
    monkeypatch.chdir(hostile)
    result = _run(*args, "--questionnaires", "q")
    assert result.exit_code == 0, result.stderr
    _clean_streams(result)
    assert "\\x1b" in result.stdout or args[0] == "validate"


@pytest.mark.parametrize("command", ["score", "plan"])
def test_a_colour_terminal_gets_rich_s_colours_but_none_from_user_text(tmp_path, monkeypatch, command):
    import lsp_check.cli.common

    monkeypatch.setattr(lsp_check.cli.common, "color_stdout", lambda: True)
    path = _answers(tmp_path, "LSP \x1b[8m hidden \x1b[0m" + HOSTILE, "Agree", "", "")
    result = _run(command, path, "-f", "text")
    assert result.exit_code == 0, result.stderr
    escapes = re.findall("\x1b[^m]*m|\x1b.", result.stdout)
    assert escapes and all(re.fullmatch("\x1b\\[[0-9;]*m", e) for e in escapes), escapes  # colours only
    assert "\x1b[8m" not in result.stdout and "LSP \\x1b[8m hidden \\x1b[0m\\x1b]0;pwned" in result.stdout
    assert not re.search("[\x00-\x08\x7f-\x9f\u202a-\u202e]", result.stdout)


@pytest.mark.parametrize("args", [("score", SPELTHORNE), ("score", str(ROOT / "tests" / "fixtures" / "room")),
                                  ("compare", SPELTHORNE, str(EXAMPLES / "spelthorne-2007.yaml")),
                                  ("cluster", str(EXAMPLES / "cluster")), ("plan", SPELTHORNE, "-f", "text")])
def test_a_colour_terminal_gets_every_colour_rich_writes(monkeypatch, args):
    import lsp_check.cli.common

    monkeypatch.setattr(lsp_check.cli.common, "color_stdout", lambda: True)
    result = _run(*args)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[1" in result.stdout and "\\x1b" not in result.stdout


def test_error_messages_show_control_characters_visibly(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(f"partnership: x\nanswers:\n  leadership:\n    common-vision: {json.dumps('Often' + HOSTILE)}\n",
                    encoding="utf-8")
    result = _run("score", str(path))
    _refused(result, f"{path}:4:", "\\x1b]0;pwned")
    _clean_streams(result)


def test_ask_shows_questionnaire_text_visibly(monkeypatch):
    from lsp_check.ask.terminal import RichTerminal

    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setenv("COLUMNS", "250")  # one line, however long the escapes shown make it
    RichTerminal().say("Section: The board " + HOSTILE, "bold")
    assert "The board \\x1b]0;pwned" in stderr.getvalue()
    assert not RAW_CONTROL.search(stderr.getvalue())


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_installed_command_keeps_stderr_clean_too(tmp_path, encoding):
    bad = tmp_path / ("bad\x1bc.yaml")
    bad.write_text("answers: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lsp_check", "score", str(bad)], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": encoding})
    assert done.returncode == 2 and done.stdout == b""
    assert b"\x1b" not in done.stderr and b"bad\\x1bc.yaml" in done.stderr


# --- Output targets -----------------------------------------------------------------------------------------------


def test_dev_null_is_written_through_and_stays_a_device():
    before = os.stat("/dev/null")
    result = _run("score", SPELTHORNE, "-o", "/dev/null")
    assert result.exit_code == 0 and result.stdout == ""
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_dev_stdout_is_written_through(tmp_path, target, redirect):
    command = [sys.executable, "-m", "lsp_check", "score", SPELTHORNE, "-f", "json", "-o", target]
    if redirect == "pipe":
        done = subprocess.run(command, capture_output=True, cwd=tmp_path)
        written = done.stdout
    else:
        with open(tmp_path / "out.json", "wb") as handle:
            done = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE, cwd=tmp_path)
        written = (tmp_path / "out.json").read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert done.returncode == 0, done.stderr
    assert json.loads(written)["partnership"] == "Local Spelthorne Partnership"
    assert f"written to {target}".encode() in done.stderr


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _run("score", SPELTHORNE, "-f", "markdown", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"# Partnership health check: Local Spelthorne Partnership")


def test_a_symlink_is_kept_and_its_target_replaced(tmp_path):
    target = tmp_path / "reports" / "latest.md"
    target.parent.mkdir()
    target.write_text("old report\n", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(Path("reports") / "latest.md")
    result = _run("score", SPELTHORNE, "-f", "markdown", "-o", str(link))
    assert result.exit_code == 0 and result.stdout == ""
    assert link.is_symlink() and os.readlink(link) == str(Path("reports") / "latest.md")
    assert target.read_text(encoding="utf-8").startswith("# Partnership health check")
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.md"]


def test_a_dangling_symlink_creates_its_target_and_a_loop_is_refused(tmp_path):
    dangling = tmp_path / "report.md"
    dangling.symlink_to("made.md")
    assert _run("score", SPELTHORNE, "-f", "markdown", "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8").startswith("# Partnership")
    loop = tmp_path / "loop.md"
    loop.symlink_to("loop.md")
    _refused(_run("score", SPELTHORNE, "-o", str(loop)), f"{loop}: cannot be written: Too many levels of symbolic links")
    assert loop.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["loop.md", "made.md", "report.md"]


@pytest.fixture
def read_only_dir(tmp_path):
    """A directory nothing can be written in, even by root (immutable, or a read-only bind mount)."""
    directory = tmp_path / "locked"
    directory.mkdir()
    (directory / "report.md").write_text("old report\n", encoding="utf-8")
    if IS_ROOT:
        done = subprocess.run(["chattr", "+i", str(directory)], capture_output=True)
        if done.returncode != 0:
            done = subprocess.run(["mount", "--bind", "-o", "ro", str(directory), str(directory)], capture_output=True)
            undo = ["umount", str(directory)]
        else:
            undo = ["chattr", "-i", str(directory)]
        if done.returncode != 0:
            pytest.skip("neither chattr nor a read-only bind mount is available here")
    else:
        directory.chmod(0o555)
        undo = ["chmod", "755", str(directory)]
    yield directory
    subprocess.run(undo, check=True)


def test_a_read_only_directory_is_bad_input_and_the_old_file_stays(read_only_dir):
    target = read_only_dir / "report.md"
    result = _run("score", SPELTHORNE, "-f", "markdown", "-o", str(target))
    _refused(result, f"{target}: cannot be written:")
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in read_only_dir.iterdir()] == ["report.md"]


def test_template_and_import_into_a_read_only_directory_are_bad_input(read_only_dir):
    target = read_only_dir / "blank.yaml"
    _refused(_run("template", "general", "-o", str(target)), f"{target}: cannot be written:")
    export = EXAMPLES.parent / "tests" / "fixtures" / "forms"
    forms = sorted(export.rglob("*.csv"))
    assert forms
    result = _run("import", str(forms[0]), "-o", str(read_only_dir / "imported"), "--partnership", "X")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert str(read_only_dir / "imported") in result.stderr


def test_a_full_disk_is_bad_input_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from lsp_check import writing as output

    target = tmp_path / "report.html"
    target.write_text("old report\n", encoding="utf-8")

    def full(handle, data):
        handle.write("half a rep")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output, "_write", full)
    result = _run("score", SPELTHORNE, "-f", "html", "-o", str(target))
    _refused(result, f"{target}: cannot be written: No space left on device")
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_the_file_size_limit_is_bad_input_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report\n", encoding="utf-8")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
            "from lsp_check.cli.main import main; main(sys.argv[1:])")
    done = subprocess.run([sys.executable, "-c", code, "score", SPELTHORNE, "-f", "html", "-o", str(target)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert f"{target}: cannot be written: File too large" in done.stderr
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_full_disk_on_stdout_is_bad_input_not_a_bug(fmt):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "lsp_check", "score", SPELTHORNE, "-f", fmt], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    assert done.stderr == "<stdout>: cannot be written: No space left on device\n"


def test_a_name_too_long_for_the_file_system_is_bad_input(tmp_path):
    target = tmp_path / ("r" * 300 + ".md")
    _refused(_run("score", SPELTHORNE, "-o", str(target)), "cannot be written: File name too long")
    assert list(tmp_path.iterdir()) == []


def test_a_long_but_valid_name_is_written(tmp_path):
    target = tmp_path / ("r" * 250 + ".md")
    assert _run("score", SPELTHORNE, "-f", "markdown", "-o", str(target)).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("target", ["/proc/sys/kernel/hostname", "/proc/lsp-check-report.md",
                                    "/sys/kernel/lsp-check-report.md"])
def test_kernel_interfaces_are_never_written(target):
    before = Path("/proc/sys/kernel/hostname").read_text(encoding="utf-8")
    _refused(_run("score", SPELTHORNE, "-o", target), f"{target}: cannot be written:")
    assert Path("/proc/sys/kernel/hostname").read_text(encoding="utf-8") == before


def test_template_to_dev_null_is_written_through_not_refused():
    result = _run("template", "general", "-o", "/dev/null")
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_the_searches_find_exactly_the_control_characters_the_tables_translate():
    # The quick check before translating and the tables come from one list of ranges: every code point of the
    # Basic Multilingual Plane is shown visibly (text) or escaped (JSON) exactly when it is a control character.
    from lsp_check import sanitise

    later = {code for code in sanitise.CONTROL_CODES if code >= 0x7F}
    for code in range(0x10000):
        char = chr(code)
        assert (sanitise.visible(char) != char) == (code in sanitise.CONTROL_CODES), hex(code)
        assert (sanitise.json_text(char) != char) == (code in later), hex(code)
    # A long text (a report) is looked through another way: the same characters are found at its end.
    padding = "x" * sanitise._Finder.LONG
    for code in sorted(sanitise.CONTROL_CODES | {0x09, 0x0A, 0x20, 0x7E, 0xA0, 0x2029, 0x202F, 0x2065, 0x206A}):
        text = padding + chr(code)
        assert (sanitise.visible(text) != text) == (code in sanitise.CONTROL_CODES), hex(code)
        assert (sanitise.json_text(text) != text) == (code in later), hex(code)
