"""A questionnaire author sees every mistake of a file in one run of validate, each at file:line:column; what truly
depends on a broken part waits for it, and its message says so (docs/authoring.md, "What validate checks")."""

from __future__ import annotations

from click.testing import CliRunner

from lsp_check.cli.main import cli

# Eleven mistakes, as a new author made them: a misspelt 'level', a score in words, a misspelt scale name, a gap
# between bands and none at the top, 'txt' for 'text', a duplicate option id, no actions for a weak answer, actions
# keyed by an option that is not weak, a missing 'need' and a duplicate question id.
BROKEN = """\
id: board-check2
title: Board check
scales:
  agree5:
    options:
      - {id: sd, label: Strongly disagree, score: 1, levl: weak}
      - {id: d, label: Disagree, score: 2, level: weak}
      - {id: n, label: Neither agree nor disagree, score: 3, level: tracked}
      - {id: a, label: Agree, score: five}
      - {id: a, label: Strongly agree, score: 5}
sections:
  - id: board
    title: The board
    scale: agre5
    band_basis: total
    bands:
      - {min: 2, max: 5, label: Weak, text: Rebuild.}
      - {min: 7, max: 10, label: Strong, text: Good.}
    questions:
      - id: purpose
        txt: The board is clear about its purpose
        need: clarity of purpose
        actions:
          sd: [hold a session]
          x: [review the terms]
      - id: attendance
        text: The right people attend
        actions: [agree who should attend]
      - id: attendance
        text: Duplicate
        need: dup
        actions: [x]
"""

MORE = "; more checks of what uses scale 'agree5' follow once this is fixed"
EXPECTED = [
    "6:54: scales.agree5.options[0].levl: unknown key 'levl' (did you mean 'level'?); expected one of: id, label, "
    "score, level, urgent" + MORE,
    "9:38: scales.agree5.options[3].score: found the text 'five'; expected a score from -1,000,000 to 1,000,000" + MORE,
    "10:14: scales.agree5.options[4].id: duplicate option id 'a' (also option 4)",
    "14:12: sections[0].scale: scale 'agre5' is not defined (did you mean 'agree5'?); defined scales: action, agree5, "
    "agreement, frequency, yes-partly-no; what uses it is checked against scale 'agree5' meanwhile",
    "18:9: sections[0].bands[1]: no band covers 6, between band 'Weak' and band 'Strong'",
    "18:9: sections[0].bands[1]: no band covers 11–15, which the answers can reach",
    "20:9: sections[0].questions[0]: missing required key 'text'",
    "21:9: sections[0].questions[0].txt: unknown key 'txt' (did you mean 'text'?); expected one of: id, text, kind, "
    "scale, need, actions, options",
    "24:11: sections[0].questions[0].actions: no actions to suggest for the weak answer(s): Disagree",
    "25:11: sections[0].questions[0].actions.x: 'x' is not a weak option of scale 'agree5'; expected one of: sd, d",
    "26:9: sections[0].questions[1]: missing 'need': weak answers to this question raise a need, which needs a name",
    "29:13: sections[0].questions[2].id: duplicate question id 'attendance' (also question 2)",
]

FIXED = (BROKEN.replace("levl: weak", "level: weak").replace("score: five", "score: 4")
         .replace("{id: a, label: Strongly agree", "{id: sa, label: Strongly agree").replace("scale: agre5", "scale: agree5")
         .replace("{min: 2, max: 5, label: Weak", "{min: 3, max: 6, label: Weak")
         .replace("{min: 7, max: 10, label: Strong", "{min: 7, max: 15, label: Strong")
         .replace("        txt: The board", "        text: The board")
         .replace("          x: [review the terms]", "          d: [review the terms]")
         .replace("        text: The right people attend\n", "        text: The right people attend\n        need: attendance\n")
         .replace("      - id: attendance\n        text: Duplicate", "      - id: quorum\n        text: Duplicate"))


def _validate(tmp_path, text: str):
    path = tmp_path / "mine" / "board.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["validate", str(path)])


def test_one_run_reports_all_eleven_mistakes_each_at_its_line_and_column(tmp_path):
    path, result = _validate(tmp_path, BROKEN)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert lines[:-1] == [f"{path}:{where}" for where in EXPECTED]
    assert lines[-1] == "lsp-check: 1 file with 12 problems; 0 files valid"


def test_the_file_with_the_eleven_mistakes_fixed_is_valid(tmp_path):
    path, result = _validate(tmp_path, FIXED)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "lsp-check: 1 file valid: 1 questionnaire file\n"


def test_fixing_the_scale_brings_no_problem_the_first_run_did_not_report(tmp_path):
    text = (BROKEN.replace("levl: weak", "level: weak").replace("score: five", "score: 4")
            .replace("scale: agre5", "scale: agree5"))
    path, result = _validate(tmp_path, text)
    assert result.exit_code == 2
    later = {line.split(": ", 1)[1] for line in result.stderr.strip().split("\n")[:-1]}
    first = {line.split(": ", 1)[1] for line in _validate(tmp_path, BROKEN)[1].stderr.strip().split("\n")[:-1]}
    assert later - first == {"sections[0].bands[1]: no band covers 11–15, the highest possible total"}
    assert "sections[0].bands[1]: no band covers 11–15, which the answers can reach" in first


def test_a_scale_name_with_no_close_match_says_more_checks_follow_and_raises_nothing_it_cannot_know(tmp_path):
    path, result = _validate(tmp_path, FIXED.replace("scale: agree5", "scale: lickert"))
    assert result.exit_code == 2
    assert result.stderr.strip().split("\n")[:-1] == [
        f"{path}:14:12: sections[0].scale: scale 'lickert' is not defined; defined scales: action, agree5, agreement, "
        "frequency, yes-partly-no; what uses it is checked further once it names a defined scale"]
    # Not known with no scale: whether a need is raised, which options are weak, the lowest and highest totals.
    path, result = _validate(tmp_path, FIXED.replace("scale: agree5", "scale: lickert").replace("need: dup\n", ""))
    assert "missing 'need'" not in result.stderr


def test_an_option_whose_level_is_not_read_is_neither_required_nor_refused_as_a_key_of_actions(tmp_path):
    text = FIXED.replace("level: weak}", "levl: weak}", 1).replace("          d: [review the terms]\n", "")
    path, result = _validate(tmp_path, text)
    assert result.exit_code == 2
    assert result.stderr.strip().split("\n")[:-1] == [
        f"{path}:6:54: scales.agree5.options[0].levl: unknown key 'levl' (did you mean 'level'?); expected one of: "
        "id, label, score, level, urgent" + MORE,
        f"{path}:24:11: sections[0].questions[0].actions: no actions to suggest for the weak answer(s): Disagree"]
    assert "'sd' is not a weak option" not in result.stderr


def test_duplicate_section_ids_are_found_in_sections_with_mistakes(tmp_path):
    second = "  - id: board\n    title: Again\n    questions:\n      - {id: q, txt: Q}\n"
    path, result = _validate(tmp_path, FIXED + second)
    assert result.exit_code == 2
    assert f"{path}:34:9: sections[1].id: duplicate section id 'board' (also section 1)" in result.stderr
