"""Acceptance tests for bad input, through the real entry point (``python -m lsp_check``) in a subprocess.

The rule every test here checks: bad input exits 2 with a message on stderr that names the
file (and ``line:column`` where there is one) and says what was found and what was expected;
nothing is written to stdout, and no traceback is ever shown.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_ANSWERS = """\
partnership: Test LSP
date: 2006-02-24
answers:
  general:
    real-results: Often
    trust: Always
"""

# A small custom questionnaire that is valid as written; the questionnaire tests break one thing in it.
# Two questions on a 0-2 scale: totals run 0-4, and the bands cover them exactly.
BOARD = """\
id: board-check
title: Board check
scales:
  agree3:
    options:
      - {id: disagree, label: Disagree, score: 0, level: weak}
      - {id: unsure, label: Unsure, score: 1}
      - {id: agree, label: Agree, score: 2}
sections:
  - id: board
    title: The board
    scale: agree3
    bands:
      - {min: 0, max: 1, label: Weak}
      - {min: 2, max: 3, label: Developing}
      - {min: 4, max: 4, label: Strong}
    questions:
      - id: purpose
        text: The board is clear about its purpose
        need: clarity of purpose
        actions: [agree the purpose]
      - id: attendance
        text: The right people attend
        need: attendance
        actions: [follow up absences]
"""

BOARD_ANSWERS = """\
partnership: Test LSP
answers:
  board:
    purpose: Agree
    attendance: Disagree
"""


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run ``python -m lsp_check ARGS`` in ``cwd``; return (exit status, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LSP_CHECK_QUESTIONNAIRES", "LSP_CHECK_DEBUG")}
    env["NO_COLOR"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "lsp_check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,  # a safety net against a hang, not a speed test
    )
    return proc.returncode, proc.stdout, proc.stderr


def write(directory: Path, name: str, content: str | bytes) -> str:
    """Write a file (text as UTF-8, or raw bytes) into ``directory``; return its name."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return name


def assert_bad_input(result: tuple[int, str, str], name: str) -> str:
    """Check the bad-input contract and return stderr for the case's own assertions."""
    status, stdout, stderr = result
    assert status == 2, f"exit status {status}, expected 2; stderr:\n{stderr}"
    assert stdout == "", f"stdout should be empty, got:\n{stdout}"
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert name in stderr, f"{name!r} not named in stderr:\n{stderr}"
    return stderr


def score_bad(tmp_path: Path, name: str, content: str | bytes, *extra: str) -> str:
    """Write an answers file, run ``score`` on it, check the bad-input contract; return stderr."""
    write(tmp_path, name, content)
    return assert_bad_input(run(tmp_path, "score", name, *extra), name)


def located(stderr: str, name: str) -> list[tuple[int, int, str]]:
    """Every ``name:line:column: message`` line on stderr, as (line, column, message)."""
    pattern = re.compile(rf"^{re.escape(name)}:(\d+):(\d+): (.*)$", re.MULTILINE)
    return [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in pattern.finditer(stderr)]


# ---------------------------------------------------------------------------
# 1-2. YAML syntax
# ---------------------------------------------------------------------------


def test_malformed_yaml_unclosed_bracket_names_line_and_column(tmp_path):
    text = "partnership: Test LSP\ndate: [2006-02-24\nanswers:\n  general:\n    real-results: Often\n"
    stderr = score_bad(tmp_path, "broken.yaml", text)
    found = located(stderr, "broken.yaml")
    assert found, stderr
    line, column, message = found[0]
    assert line in (2, 3), stderr  # the '[' opened on line 2; the parser notices on line 3
    assert column >= 1
    assert "invalid YAML" in message
    assert "']'" in message  # what was expected: the closing bracket


def test_tab_indentation_is_reported_with_its_line(tmp_path):
    text = "partnership: Test LSP\nanswers:\n\tgeneral:\n    real-results: Often\n"
    stderr = score_bad(tmp_path, "tabs.yaml", text)
    assert "tabs.yaml:3:" in stderr
    assert "tab" in stderr
    assert "spaces" in stderr


# ---------------------------------------------------------------------------
# 3. Duplicate keys
# ---------------------------------------------------------------------------


def test_duplicate_question_id_names_second_line_and_first_line(tmp_path):
    text = (
        "partnership: Test LSP\n"
        "answers:\n"
        "  general:\n"
        "    real-results: Often\n"
        "    trust: Always\n"
        "    real-results: Never\n"
    )
    stderr = score_bad(tmp_path, "dup.yaml", text)
    assert "dup.yaml:6:5:" in stderr
    assert "duplicate key 'real-results'" in stderr
    assert "line 4" in stderr


def test_duplicate_top_level_partnership_names_second_line_and_first_line(tmp_path):
    text = "partnership: One\nanswers:\n  general:\n    real-results: Often\npartnership: Two\n"
    stderr = score_bad(tmp_path, "dup-top.yaml", text)
    assert "dup-top.yaml:5:1:" in stderr
    assert "duplicate key 'partnership'" in stderr
    assert "line 1" in stderr


# ---------------------------------------------------------------------------
# 4-6. Empty, binary and wrongly shaped files
# ---------------------------------------------------------------------------


def test_zero_byte_file_is_empty(tmp_path):
    stderr = score_bad(tmp_path, "empty.yaml", b"")
    assert "empty" in stderr


def test_comment_and_whitespace_only_file_is_empty(tmp_path):
    stderr = score_bad(tmp_path, "comments.yaml", "# nothing answered yet\n\n   \n# still nothing\n")
    assert "empty" in stderr


def test_binary_file_is_refused_as_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    stderr = score_bad(tmp_path, "picture.yaml", png)
    assert "binary" in stderr


def test_top_level_list_expects_a_mapping(tmp_path):
    stderr = score_bad(tmp_path, "list.yaml", "- general\n- leadership\n")
    assert "list.yaml:1:1:" in stderr
    assert "found a list" in stderr
    assert "expected a mapping" in stderr


def test_top_level_string_expects_a_mapping(tmp_path):
    stderr = score_bad(tmp_path, "string.yaml", "just some text\n")
    assert "string.yaml:1:1:" in stderr
    assert "just some text" in stderr
    assert "expected a mapping" in stderr


# ---------------------------------------------------------------------------
# 7-9. Unknown sections, questions and answers
# ---------------------------------------------------------------------------


def test_unknown_section_suggests_the_close_one(tmp_path):
    text = "partnership: Test LSP\nanswers:\n  generl:\n    real-results: Often\n"
    stderr = score_bad(tmp_path, "section.yaml", text)
    assert "section.yaml:3:3:" in stderr
    assert "unknown section 'generl'" in stderr
    assert "did you mean 'general'" in stderr


def test_misspelt_question_id_suggests_the_close_one(tmp_path):
    text = "partnership: Test LSP\nanswers:\n  general:\n    real-resluts: Often\n"
    stderr = score_bad(tmp_path, "question.yaml", text)
    assert "question.yaml:4:5:" in stderr
    assert "unknown question 'real-resluts'" in stderr
    assert "did you mean 'real-results'" in stderr


def test_answer_not_on_the_scale_suggests_and_lists_allowed_answers(tmp_path):
    text = "partnership: Test LSP\nanswers:\n  general:\n    real-results: Oftn\n"
    stderr = score_bad(tmp_path, "answer.yaml", text)
    assert "answer.yaml:4:19:" in stderr
    assert "'Oftn'" in stderr
    assert "did you mean 'Often'" in stderr
    assert "Never, Sometimes, Often, Always" in stderr


def test_answer_of_the_wrong_type_list_or_boolean(tmp_path):
    text = (
        "partnership: Test LSP\n"
        "answers:\n"
        "  general:\n"
        "    real-results: [Often, Always]\n"
        "    trust: true\n"
    )
    stderr = score_bad(tmp_path, "types.yaml", text)
    assert "types.yaml:4:19:" in stderr
    assert "found a list" in stderr
    assert "types.yaml:5:12:" in stderr
    assert "true" in stderr
    assert stderr.count("expected one of: Never, Sometimes, Often, Always") == 2


# ---------------------------------------------------------------------------
# 10-12. Encoding, YAML tags and alias bombs
# ---------------------------------------------------------------------------


def test_latin1_bytes_are_reported_as_not_utf8_with_line(tmp_path):
    stderr = score_bad(tmp_path, "latin1.yaml", b"partnership: Caf\xe9\nanswers:\n  general:\n    trust: Often\n")
    assert "latin1.yaml:1:" in stderr
    assert "UTF-8" in stderr
    assert "0xE9" in stderr


def test_python_tag_is_not_allowed_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    text = (
        "partnership: Test LSP\n"
        "answers:\n"
        "  general:\n"
        '    real-results: !!python/object/apply:os.system ["touch pwned"]\n'
    )
    stderr = score_bad(tmp_path, "evil.yaml", text)
    assert "evil.yaml:4:19:" in stderr
    assert "tag" in stderr
    assert "not allowed" in stderr
    assert not marker.exists(), "the YAML tag ran a command"


def test_custom_tag_is_not_allowed(tmp_path):
    stderr = score_bad(tmp_path, "custom-tag.yaml", "partnership: !foo x\n")
    assert "custom-tag.yaml:1:14:" in stderr
    assert "'!foo'" in stderr
    assert "tag" in stderr
    assert "not allowed" in stderr


def _billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghi":  # 9 levels of 9: 9**9 values if expanded
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append("partnership: *i")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused(tmp_path):
    stderr = score_bad(tmp_path, "bomb.yaml", _billion_laughs())
    assert located(stderr, "bomb.yaml"), stderr
    assert "aliases" in stderr
    assert "refused" in stderr


def test_deeply_nested_yaml_is_refused_not_a_crash(tmp_path):
    # Not in the original list: 500 nested lists is a few kilobytes of text, and must be bad input
    # (exit 2, located), never an internal error from running out of recursion depth.
    stderr = score_bad(tmp_path, "deep.yaml", "partnership: " + "[" * 500 + "]" * 500 + "\n")
    assert located(stderr, "deep.yaml"), stderr
    assert re.search(r"nest|deep", stderr, re.IGNORECASE), stderr


# ---------------------------------------------------------------------------
# 13. Missing files and directories
# ---------------------------------------------------------------------------


def test_missing_file_is_not_found(tmp_path):
    stderr = assert_bad_input(run(tmp_path, "score", "nowhere.yaml"), "nowhere.yaml")
    assert "not found" in stderr


def test_directory_with_no_answers_files_given_to_validate(tmp_path):
    # validate takes directories as score does; one holding none is bad input.
    (tmp_path / "folder").mkdir()
    stderr = assert_bad_input(run(tmp_path, "validate", "folder"), "folder")
    assert "holds no answers files" in stderr


def test_directory_with_no_answers_files_given_to_score(tmp_path):
    # score takes directories of respondents' files; one holding none is bad input.
    (tmp_path / "folder").mkdir()
    write(tmp_path, "folder/readme.txt", "not an answers file\n")
    stderr = assert_bad_input(run(tmp_path, "score", "folder"), "folder")
    assert "no answers files" in stderr


# ---------------------------------------------------------------------------
# 14. Every problem reported in one pass
# ---------------------------------------------------------------------------


def test_several_problems_are_all_reported_in_one_pass(tmp_path):
    text = (
        "partnership: Test LSP\n"
        "answers:\n"
        "  general:\n"
        "    real-resluts: Often\n"  # line 4: unknown question
        "    trust: Oftn\n"  # line 5: not on the scale
        "respondnt: Chair\n"  # line 6: unknown top-level key
    )
    stderr = score_bad(tmp_path, "many.yaml", text)
    found = located(stderr, "many.yaml")
    assert len(found) == 3, stderr
    assert len(stderr.strip().splitlines()) == 3, stderr
    by_line = {line: message for line, _column, message in found}
    assert set(by_line) == {4, 5, 6}, stderr
    assert "unknown question 'real-resluts'" in by_line[4]
    assert "'Oftn'" in by_line[5] and "did you mean 'Often'" in by_line[5]
    assert "unknown key 'respondnt'" in by_line[6] and "did you mean 'respondent'" in by_line[6]


# ---------------------------------------------------------------------------
# 15. Positive controls: tolerant input that must be accepted
# ---------------------------------------------------------------------------


def test_utf8_with_byte_order_mark_is_accepted(tmp_path):
    write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + GOOD_ANSWERS.encode("utf-8"))
    status, stdout, stderr = run(tmp_path, "score", "bom.yaml")
    assert status == 0, stderr
    assert "Partnership health check: Test LSP" in stdout
    assert "Traceback" not in stderr


def test_answer_with_plain_hyphen_other_case_and_extra_spaces_is_accepted(tmp_path):
    text = "partnership: Test LSP\nanswers:\n  leadership:\n    common-vision: yes  -  BUT Needs   improving\n"
    write(tmp_path, "loose.yaml", text)
    status, stdout, stderr = run(tmp_path, "score", "loose.yaml", "-f", "json")
    assert status == 0, stderr
    section = json.loads(stdout)["sections"][0]
    answer = next(a for a in section["answers"] if a["question"] == "common-vision")
    assert answer["option"] == "needs-improving"
    assert answer["answer"] == "YES – but needs improving"


# ---------------------------------------------------------------------------
# 16. Usage errors
# ---------------------------------------------------------------------------


def test_fail_under_above_100_is_a_usage_error(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ANSWERS)
    stderr = assert_bad_input(run(tmp_path, "score", "good.yaml", "--fail-under", "150"), "--fail-under")
    assert "150" in stderr


def test_unknown_format_is_a_usage_error(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ANSWERS)
    stderr = assert_bad_input(run(tmp_path, "score", "good.yaml", "--format", "xml"), "--format")
    assert "'xml'" in stderr
    assert "json" in stderr  # says which formats there are


# ---------------------------------------------------------------------------
# 17. validate on a mix of good and bad files
# ---------------------------------------------------------------------------


def test_validate_good_and_bad_reports_each_on_its_own_stream(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ANSWERS)
    write(tmp_path, "bad.yaml", "partnership: Test LSP\nanswers:\n  general:\n    real-results: Oftn\n")
    status, stdout, stderr = run(tmp_path, "validate", "-v", "good.yaml", "bad.yaml")
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert "good.yaml: valid answers" in stdout
    assert "bad.yaml" not in stdout
    assert "bad.yaml:4:19:" in stderr
    assert "did you mean 'Often'" in stderr
    assert "good.yaml" not in stderr


def test_validate_with_a_broken_questionnaire_directory_still_checks_every_other_file(tmp_path):
    # As the pre-commit hook runs it: `--questionnaires mine` from the user's config, then the changed files.
    write(tmp_path, "mine/board.yaml", BOARD.replace("scale: agree3", "scale: agree4"))
    write(tmp_path, "good.yaml", GOOD_ANSWERS)
    write(tmp_path, "board-answers.yaml", BOARD_ANSWERS)
    status, stdout, stderr = run(tmp_path, "validate", "-v", "--questionnaires", "mine", "mine/board.yaml", "good.yaml",
                                 "board-answers.yaml")
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert "good.yaml: valid answers" in stdout
    assert stderr.count("mine/board.yaml:12:12: sections[0].scale: scale 'agree4' is not defined") == 1
    assert "checked against the bundled questionnaires only, as the others have errors" in stderr
    assert "board-answers.yaml:3:3: answers.board: unknown section 'board'" in stderr


# ---------------------------------------------------------------------------
# 18. Problems in an author's questionnaire directory
# ---------------------------------------------------------------------------


def score_with_questionnaire(tmp_path: Path, questionnaire: str) -> tuple[int, str, str]:
    write(tmp_path, "mine/board.yaml", questionnaire)
    write(tmp_path, "answers.yaml", BOARD_ANSWERS)
    return run(tmp_path, "score", "answers.yaml", "--questionnaires", "mine")


QUESTIONNAIRE = "mine/board.yaml"


def test_custom_questionnaire_control_is_valid(tmp_path):
    status, stdout, stderr = score_with_questionnaire(tmp_path, BOARD)
    assert status == 0, stderr
    assert "Developing" in stdout


def test_questionnaire_question_with_undefined_scale(tmp_path):
    broken = BOARD.replace("        need: attendance\n", "        scale: agree5\n        need: attendance\n")
    stderr = assert_bad_input(score_with_questionnaire(tmp_path, broken), QUESTIONNAIRE)
    assert f"{QUESTIONNAIRE}:24:16:" in stderr
    assert "scale 'agree5' is not defined" in stderr
    assert "did you mean 'agree3'" in stderr


def test_questionnaire_bands_that_overlap(tmp_path):
    broken = BOARD.replace("{min: 2, max: 3, label: Developing}", "{min: 1, max: 3, label: Developing}")
    stderr = assert_bad_input(score_with_questionnaire(tmp_path, broken), QUESTIONNAIRE)
    assert f"{QUESTIONNAIRE}:15:9:" in stderr
    assert "overlaps" in stderr
    assert "'Developing'" in stderr and "'Weak'" in stderr


def test_questionnaire_bands_that_leave_a_gap(tmp_path):
    broken = BOARD.replace("{min: 2, max: 3, label: Developing}", "{min: 3, max: 3, label: Developing}")
    stderr = assert_bad_input(score_with_questionnaire(tmp_path, broken), QUESTIONNAIRE)
    assert f"{QUESTIONNAIRE}:15:9:" in stderr
    assert "no band covers 2" in stderr


def test_questionnaire_weak_scale_question_without_actions(tmp_path):
    broken = BOARD.replace("        actions: [agree the purpose]\n", "")
    stderr = assert_bad_input(score_with_questionnaire(tmp_path, broken), QUESTIONNAIRE)
    assert f"{QUESTIONNAIRE}:18:9:" in stderr
    assert "actions" in stderr
    assert "Disagree" in stderr  # the weak answer that has nothing to suggest


def test_questionnaire_unknown_key_in_a_question(tmp_path):
    broken = BOARD.replace("        text: The right people attend\n", "        txt: The right people attend\n")
    stderr = assert_bad_input(score_with_questionnaire(tmp_path, broken), QUESTIONNAIRE)
    assert f"{QUESTIONNAIRE}:23:9:" in stderr
    assert "unknown key 'txt'" in stderr
    assert "did you mean 'text'" in stderr


# ---------------------------------------------------------------------------
# 19-20. Never overwrite the user's files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["report.md", "./report.md"])
def test_report_over_its_own_input_is_refused_and_input_unchanged(tmp_path, output):
    write(tmp_path, "report.md", GOOD_ANSWERS)
    before = (tmp_path / "report.md").read_bytes()
    stderr = assert_bad_input(run(tmp_path, "score", "report.md", "-f", "markdown", "-o", output), "report.md")
    assert "input" in stderr
    assert (tmp_path / "report.md").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temporary file left


def test_template_never_overwrites_an_existing_file(tmp_path):
    write(tmp_path, "existing.yaml", "# my own notes\n")
    before = (tmp_path / "existing.yaml").read_bytes()
    stderr = assert_bad_input(run(tmp_path, "template", "general", "-o", "existing.yaml"), "existing.yaml")
    assert "already exists" in stderr
    assert (tmp_path / "existing.yaml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.yaml"]
