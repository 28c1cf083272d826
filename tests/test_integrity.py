"""The integrity of a room, through the command line: a partnership's identity, dates, titles, numeric options,
the import round trip and scales below zero (docs/privacy.md, docs/formats.md, docs/authoring.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check.cli.main import cli

SPELTHORNE = (EXAMPLES / "spelthorne-2006.yaml").read_text(encoding="utf-8")
NAME = "Local Spelthorne Partnership"
GOOGLE = ROOT / "tests" / "fixtures" / "forms" / "google-spelthorne.csv"


def _run(*args: str, code: int | None = 0):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(cli, list(args))
    if code is not None:
        assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def _answers(path: Path, partnership: str | None = NAME, date: str | None = "2006-02-24", answer: str = "Often",
             respondent: str = "") -> Path:
    lines = ([f"partnership: {partnership}"] if partnership is not None else []) + \
        ([f"date: {date}"] if date is not None else []) + ([f"respondent: {respondent}"] if respondent else [])
    lines += ["answers:", "  general:", *(f"    {q}: {answer}" for q in
                                          ("real-results", "common-interest", "we-language", "mutual-accountability"))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- a partnership's identity -------------------------------------------------------------------------------------

def test_a_name_differing_only_in_case_spacing_or_punctuation_is_the_same_partnership(tmp_path):
    for n in range(7):
        _answers(tmp_path / "room" / f"delegate-{n}.yaml")
    _answers(tmp_path / "room" / "delegate-7.yaml", "local spelthorne  partnership")
    _answers(tmp_path / "room" / "delegate-8.yaml", "Local Spelthorne Partnership.")
    result = _run("score", str(tmp_path / "room"))
    assert result.stdout.count("Partnership health check:") == 1
    assert result.stdout.startswith(f"Partnership health check: {NAME}\n9 respondents")  # the first spelling
    assert "warning" not in result.stderr
    data = json.loads(_run("cluster", str(tmp_path / "room"), "-f", "json").stdout)
    assert [(p["partnership"], p["respondents"]) for p in data["partnerships"]] == [(NAME, 9)]
    assert "warning" not in _run("validate", str(tmp_path / "room")).stderr


@pytest.mark.parametrize("stray", ["Local Spelthorn Partnership", "Local Spelthorne Partnerhsip", "Local Spelthorne"])
def test_a_near_duplicate_name_is_warned_about_and_never_merged_by_guess(tmp_path, stray):
    for n in range(7):
        _answers(tmp_path / "room" / f"delegate-{n}.yaml")
    _answers(tmp_path / "room" / "delegate-7.yaml", stray)
    warning = f"names the partnership '{stray}', which looks like '{NAME}'"
    result = _run("score", str(tmp_path / "room"))
    assert warning in result.stderr and "scored as two partnerships" in result.stderr
    # The stray file is a room of one: left out of the report, and said so, rather than shown as one person's.
    assert "left out" in result.stderr and "7 respondents" in result.stdout
    assert f"Partnership health check: {stray}\n" not in result.stdout
    assert warning in _run("validate", str(tmp_path / "room")).stderr
    cluster = _run("cluster", str(tmp_path / "room"), "-f", "json")
    # cluster warns of the name too, and leaves the room of one out as score does.
    assert warning in cluster.stderr and len(json.loads(cluster.stdout)["partnerships"]) == 1
    assert json.loads(cluster.stdout)["left_out"] == [{"partnership": stray, "respondents": 1}]


def test_compare_and_trend_take_one_partnership_whatever_its_spelling(tmp_path):
    for year, name in (("2006", NAME), ("2007", "local spelthorne  partnership"), ("2008", "LOCAL SPELTHORNE PARTNERSHIP.")):
        text = (EXAMPLES / f"spelthorne-{year}.yaml").read_text(encoding="utf-8").replace(f"partnership: {NAME}",
                                                                                          f"partnership: {name}")
        (tmp_path / f"{year}.yaml").write_text(text, encoding="utf-8")
    result = _run("compare", str(tmp_path / "2006.yaml"), str(tmp_path / "2007.yaml"), "-f", "json")
    assert json.loads(result.stdout)["different_partnerships"] is False
    trend = json.loads(_run("trend", *(str(tmp_path / f"{y}.yaml") for y in ("2008", "2006", "2007")),
                            "-f", "json").stdout)
    dates = [a["date"] for a in trend["assessments"]]
    assert [d[:4] for d in dates] == ["2006", "2007", "2008"] and trend["partnership"] == NAME


# --- dates ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["12/03/2026", "2026-3-12", "2026-02-30", "20260312", "2026-03-12T10:00", "'2026'"])
def test_a_date_that_is_not_an_iso_date_is_refused_alike_by_validate_score_and_trend(tmp_path, date):
    bad = _answers(tmp_path / "bad.yaml", date=date)
    shown = date.strip("'")
    for args in (("validate", str(bad)), ("score", str(bad)),
                 ("trend", str(EXAMPLES / "spelthorne-2006.yaml"), str(EXAMPLES / "spelthorne-2007.yaml"), str(bad))):
        result = _run(*args, code=2)
        assert f"{bad}:2:7: date: found '{shown}'; expected an ISO date, YYYY-MM-DD, such as 2006-02-24" \
            in result.stderr
        assert result.stdout == "" or args[0] == "validate"


def test_a_rooms_dates_run_from_the_earliest_to_the_latest_by_date(tmp_path):
    for n, date in enumerate(["2026-03-12", "2025-12-01", "2026-01-05"]):
        _answers(tmp_path / "room" / f"d{n}.yaml", date=date)
    assert "3 respondents · 2025-12-01 to 2026-03-12" in _run("score", str(tmp_path / "room")).stdout


def test_form_export_dates_become_iso_dates_on_import_and_load_back(tmp_path):
    _run("import", str(GOOGLE), "-o", str(tmp_path / "imported"), "--partnership", NAME)
    dates = {line for f in (tmp_path / "imported").glob("*.yaml") for line in f.read_text("utf-8").splitlines()
             if line.startswith("date:")}
    assert dates and all(len(d.split(":", 1)[1].strip().strip("'")) == 10 for d in dates)
    assert _run("validate", str(tmp_path / "imported")).exit_code == 0


# --- no title from a folder's name ------------------------------------------------------------------------------

UNNAMED = "(partnership not named)"


def test_a_form_export_without_a_partnership_is_not_named_after_the_folder(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "responses.csv").write_bytes(GOOGLE.read_bytes())
    monkeypatch.chdir(work)
    result = _run("score", "responses.csv")
    assert result.stdout.startswith(f"Partnership health check: {UNNAMED}\n")
    assert "work" not in result.stdout.splitlines()[0]
    assert result.stderr.count("names no partnership") == 1


def test_import_without_a_partnership_warns_and_the_files_say_so_when_scored(tmp_path):
    result = _run("import", str(GOOGLE), "-o", str(tmp_path / "imported"))
    assert ("warning: no row names its partnership and no --partnership was given, so the answers files will name "
            "none") in result.stderr
    scored = _run("score", str(tmp_path / "imported"))
    assert scored.stdout.startswith(f"Partnership health check: {UNNAMED}\n")
    assert "imported" not in scored.stdout.splitlines()[0]
    assert scored.stderr.count("names no partnership") == 1
    named = _run("import", str(GOOGLE), "-o", str(tmp_path / "named"), "--partnership", NAME)
    assert "warning" not in named.stderr


def test_every_kind_of_input_without_a_partnership_says_so_the_same_way(tmp_path):
    single = _answers(tmp_path / "one" / "answers.yaml", partnership=None)
    result = _run("score", str(single))
    assert result.stdout.startswith(f"Partnership health check: {UNNAMED}\n")
    assert f"{single}: warning: names no partnership; the report calls it {UNNAMED}" in result.stderr
    for n in range(3):
        _answers(tmp_path / "room" / f"d{n}.yaml", partnership=None)
    result = _run("score", str(tmp_path / "room"), "-f", "markdown")
    assert result.stdout.startswith(f"# Partnership health check: {UNNAMED}\n")
    assert result.stderr.count("names no partnership") == 1
    assert "(nor do the answers of 2 other respondents)" in result.stderr
    cluster = _run("cluster", str(tmp_path / "room"), "-f", "json")
    assert json.loads(cluster.stdout)["partnerships"][0]["partnership"] == ""
    assert UNNAMED in _run("cluster", str(tmp_path / "room")).stdout
    validate = _run("validate", str(tmp_path / "room"))
    assert validate.stderr.count("names no partnership") == 1


# --- numeric options and the import round trip -----------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e309", "-1", "101"])
@pytest.mark.parametrize("command", ["compare", "trend"])
def test_min_change_refuses_nan_infinity_and_out_of_range(command, value):
    files = [str(EXAMPLES / f"spelthorne-{y}.yaml") for y in ("2006", "2007", "2008")]
    result = _run(command, *(files[:2] if command == "compare" else files), "--min-change", value, "--fail-on-regression",
                  "-f", "json", code=2)
    assert f"Invalid value for '--min-change': '{value}' is not a number of points from 0 to 100" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_min_group_refuses_nan_and_infinity(value):
    result = _run("score", str(EXAMPLES / "sectors"), "--min-group", value, code=2)
    assert "--min-group" in result.stderr


@pytest.mark.parametrize("given", ["Given\t", "  Given  ", "Given\n"])
def test_what_import_writes_loads_back_as_given(tmp_path, given):
    _run("import", str(GOOGLE), "-o", str(tmp_path / "imported"), "--partnership", given)
    text = (tmp_path / "imported" / "respondent-001.yaml").read_text(encoding="utf-8")
    assert "partnership: Given\n" in text
    scored = json.loads(_run("score", str(tmp_path / "imported"), "-f", "json").stdout)
    assert scored["groups"][0]["partnership"] == "Given"
    direct = json.loads(_run("score", str(GOOGLE), "-f", "json").stdout)["groups"][0]
    assert scored["groups"][0]["sections"] == direct["sections"]


# --- scales below zero ------------------------------------------------------------------------------------------

QUESTIONNAIRE = """\
id: plus-minus
title: Plus and minus
scales:
  {name}:
    options:
      - {{id: m2, label: Strongly against, score: -2, level: weak}}
      - {{id: m1, label: Against, score: -1, level: weak}}
      - {{id: z, label: Neither, score: 0}}
      - {{id: p1, label: For, score: 1}}
      - {{id: p2, label: Strongly for, score: {top}}}
sections:
  - id: stance
    title: Stance
    scale: {used}
    bands:
      - {{min: -4, max: -1, label: Against on balance}}
      - {{min: 0, max: 4, label: For on balance}}
    questions:
      - {{id: first, text: The first thing, need: first, actions: [Talk it through]}}
      - {{id: second, text: The second thing, need: second, actions: [Talk it over]}}
"""


def _questionnaire(tmp_path: Path, name: str = "plusminus", used: str = "plusminus", top: str = "2") -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / "plus-minus.yaml").write_text(QUESTIONNAIRE.format(name=name, used=used, top=top), encoding="utf-8")
    return folder


def test_a_scale_scored_below_zero_scores_from_floor_to_ceiling(tmp_path):
    folder = _questionnaire(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"partnership: {NAME}\ndate: 2024-05-01\nanswers:\n  stance:\n    first: Strongly against\n"
                       "    second: For\n", encoding="utf-8")
    assert _run("validate", str(folder / "plus-minus.yaml"), str(answers)).exit_code == 0
    data = json.loads(_run("score", str(answers), "--questionnaires", str(folder), "-f", "json").stdout)
    stance = data["sections"][0]
    # -2 + 1 = -1, between -4 and 4: (-1 - -4) / 8 = 37.5 %.
    assert (stance["score"], stance["min"], stance["max"], stance["percent"]) == (-1, -4, 4, 37.5)
    assert stance["band"]["label"] == "Against on balance"
    assert [n["need"] for n in data["needs"]] == ["first"]


def test_a_mistake_in_a_scale_is_said_once_and_not_again_where_it_is_used(tmp_path):
    folder = _questionnaire(tmp_path, top="lots")
    result = _run("validate", str(folder / "plus-minus.yaml"), code=2)
    assert "scales.plusminus.options[4].score: found the text 'lots'" in result.stderr
    assert "not defined" not in result.stderr
    assert "1 file with 1 problem" in result.stderr


def test_did_you_mean_lists_the_files_own_scales_even_one_with_a_mistake(tmp_path):
    folder = _questionnaire(tmp_path, used="plusminis", top="lots")
    result = _run("validate", str(folder / "plus-minus.yaml"), code=2)
    assert "scale 'plusminis' is not defined (did you mean 'plusminus'?)" in result.stderr
    assert "plusminus" in result.stderr.split("defined scales:")[1]


def test_near_duplicate_organisation_names_are_warned_about_with_by(tmp_path):
    for n, organisation in enumerate(["Runnymede Borough Council"] * 3 + ["Runnymede Borogh Council"]):
        (tmp_path / f"r{n}.yaml").write_text(f"partnership: {NAME}\nsector: council\norganisation: {organisation}\n"
                                             "answers:\n  general:\n    trust: Often\n", encoding="utf-8")
    result = _run("score", str(tmp_path), "--by", "organisation")
    assert ("--by organisation: warning: 'Runnymede Borogh Council' looks like 'Runnymede Borough Council' but is "
            "not the same name, so they are counted as two organisations") in result.stderr
