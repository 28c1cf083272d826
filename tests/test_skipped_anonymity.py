"""Files --skip-invalid leaves out give nothing of themselves away in any report, as an attacker reading the report
would try: no answer, note, name, organisation or file name of a file left out appears in any format's output,
for every command that takes --skip-invalid. stderr, read by whoever ran lsp-check, names each file once."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from conftest import ROOT
from lsp_check.cli.main import cli

ROOM = ROOT / "tests" / "fixtures" / "room"
HEAD = "partnership: Local Spelthorne Partnership\ndate: '2006-02-24'\nrespondent: Yolanda Quibble\n" \
       "organisation: Zephyrwick Trust\nsector: voluntary\n"

# Each file left out, its text, and what of it must never reach a report: every kind of problem a delegate makes.
BAD = {
    "yolanda-quibble.yaml": HEAD + "answers:\n  general:\n    trust: Xyzzyqoften\n    real-results:\n"
                                   "      answer: Often\n      note: plughsecretnote about the chair\n",
    "frobozz-date.yaml": HEAD.replace("'2006-02-24'", "Frobozzday") + "answers:\n  general:\n    trust: Often\n",
    "grue-unknown.yaml": HEAD + "answers:\n  general:\n    gruequestion: Often\n",
    "snark-broken.yaml": HEAD + "answers:\n  general:\n    trust: [Snarkvalue\n",
    "boojum-list.yaml": HEAD + "answers:\n  general:\n    trust: [Boojumlist]\n",
}
SECRETS = ("yolanda", "quibble", "zephyrwick", "xyzzyq", "plugh", "frobozz", "grue", "snark", "boojum")


def _room(folder, date="2006-02-24", bad=True):
    shutil.copytree(ROOM, folder)
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("2006-02-24", date), encoding="utf-8")
    if bad:
        for name, text in BAD.items():
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _readable(output: bytes, fmt: str) -> str:
    """Everything a reader of the output could see, lower-cased (a Word file's every part, unzipped)."""
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(output)) as document:
            return "\n".join(document.read(name).decode("utf-8", "replace") for name in document.namelist()).lower()
    return output.decode("utf-8").lower()


def _check(args, fmt, bad_files):
    runner = CliRunner()
    result = runner.invoke(cli, [*args, "--skip-invalid", "-f", fmt])
    assert result.exit_code == 4, result.stderr
    seen = _readable(result.stdout_bytes, fmt)
    assert ("left out" in seen or fmt == "csv") if fmt != "json" else "\"skipped\"" in seen
    for secret in SECRETS:
        assert secret not in seen, f"{secret!r} of a file left out is in the {fmt} output"
    if fmt == "json":
        skipped = json.loads(result.stdout)["skipped"]
        assert len(skipped) == len(bad_files) and all(entry["file"] is None for entry in skipped)
    # stderr gives each file left out once, with its problem located, for whoever ran lsp-check.
    for name in bad_files:
        said = [line for line in result.stderr.splitlines() if name in line]
        assert len(said) == 1 and ": skipped: " in said[0], result.stderr


SCORE_FORMATS = ["text", "markdown", "html", "docx", "json", "github"]


@pytest.mark.parametrize("fmt", SCORE_FORMATS)
def test_a_room_report_quotes_nothing_of_the_files_left_out(tmp_path, fmt):
    room = _room(tmp_path / "room")
    _check(["score", str(room)], fmt, BAD)


@pytest.mark.parametrize("fmt", SCORE_FORMATS)
@pytest.mark.parametrize("name", sorted(BAD))
def test_each_kind_of_problem_alone_is_told_only_by_its_kind(tmp_path, fmt, name):
    room = _room(tmp_path / "room", bad=False)
    (room / name).write_text(BAD[name], encoding="utf-8")
    _check(["score", str(room)], fmt, [name])


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_sectors_report_quotes_nothing_of_the_files_left_out(tmp_path, fmt):
    _check(["score", str(_room(tmp_path / "room")), "--by", "sector", "--min-group", "3"], fmt, BAD)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_a_plan_quotes_nothing_of_the_files_left_out(tmp_path, fmt):
    _check(["plan", str(_room(tmp_path / "room"))], fmt, BAD)


@pytest.mark.parametrize("command", ["compare", "trend"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "github"])
def test_compare_and_trend_quote_nothing_of_the_files_left_out(tmp_path, command, fmt):
    then = _room(tmp_path / "then")
    now = [_room(tmp_path / f"now{n}", date=f"200{7 + n}-02-24", bad=False) for n in range(2 if command == "trend" else 1)]
    _check([command, str(then), *map(str, now)], fmt, BAD)


def test_the_note_counts_the_files_by_the_kind_of_their_problem(tmp_path):
    result = CliRunner().invoke(cli, ["score", str(_room(tmp_path / "room")), "--skip-invalid", "--width", "200"])
    note = result.stdout.split("\n\n", 1)[0].splitlines()
    assert note == [
        "5 files were left out of this report because each has a problem (--skip-invalid):",
        "  1 with a date lsp-check cannot read",
        "  1 with a file that is not valid YAML",
        "  1 with an answer lsp-check cannot read",
        "  1 with an answer not on its question's scale",
        "  1 with an answer to a question the questionnaire does not have",
        "The files and what is wrong in them are not shown here, as they may say who answered what; lsp-check "
        "gives them on stderr.",
    ]
