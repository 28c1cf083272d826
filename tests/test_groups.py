"""Many respondents: distributions, medians, disagreement, group needs and anonymity, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli


def _write(directory: Path, name: str, partnership: str, general: dict, respondent: str = "", extra: str = "") -> None:
    lines = [f"partnership: {partnership}", "date: '2006-02-24'"]
    if respondent:
        lines.append(f"respondent: {respondent}")
    lines.append("answers:\n  general:")
    lines += [f"    {q}: {a}" for q, a in general.items()]
    (directory / name).write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")


@pytest.fixture
def room(tmp_path):
    """Three delegates whose answers to real-results are Never, Often and Always."""
    directory = tmp_path / "room"
    directory.mkdir()
    for i, answer in enumerate(["Never", "Often", "Always"], 1):
        _write(directory, f"delegate-{i}.yaml", "Local Spelthorne Partnership",
               {"real-results": answer, "trust": "Often"}, respondent=f"Delegate Name {i}",
               extra=f"  leadership:\n    common-vision: {['action-needed', 'working-well', 'needs-improving'][i - 1]}\n")
    return directory


def _run(*args):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "120"}).invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.stderr
    return result


def _item(data, section, question):
    group = data["groups"][0]
    items = next(s for s in group["sections"] if s["id"] == section)["items"]
    return next(i for i in items if i["question"] == question)


def test_json_gives_distribution_median_and_disagreement(room):
    data = json.loads(_run("score", str(room), "-f", "json").stdout)
    item = _item(data, "general", "real-results")
    assert [(d["label"], d["count"]) for d in item["distribution"]] == [
        ("Never", 1), ("Sometimes", 0), ("Often", 1), ("Always", 1)]
    assert item["median"] == "Often"
    assert item["mean"] == pytest.approx(5 / 3, abs=0.01)
    assert item["disagreement"] is True
    agreed = _item(data, "general", "trust")
    assert agreed["disagreement"] is False and agreed["median"] == "Often"


def test_text_report_shows_distribution_median_and_flag(room):
    out = _run("score", str(room)).stdout
    line = next(line for line in out.splitlines() if "Partners can demonstrate real results" in line)
    assert "1·0·1·1" in line and "median Often" in line and "⚠ disagree" in line
    assert "▕█ ██▏" in line


def test_markdown_report_shows_distribution_median_and_flag(room):
    out = _run("score", str(room), "-f", "markdown").stdout
    row = next(line for line in out.splitlines() if line.startswith("| Partners can demonstrate real results"))
    assert "Never 1 · Sometimes 0 · Often 1 · Always 1" in row
    assert "| Often |" in row and "⚠ disagree" in row


def test_section_below_coverage_in_every_sheet_has_no_total_but_keeps_its_answers(room):
    data = json.loads(_run("score", str(room), "-f", "json").stdout)
    general = data["groups"][0]["sections"][0]
    # Each answered 2 of 8, below the default of half: no total, no band, but the distribution is there.
    assert (general["median_score"], general["range"], general["band"]) == (None, None, None)
    assert general["status"] == "not enough answers to score" and general["respondents"] == 3
    assert _item(data, "general", "real-results")["responses"] == 3


def test_section_totals_give_lower_median_and_range(tmp_path):
    for i, answer in enumerate(["action-needed", "needs-improving", "working-well", "working-well"]):
        lines = "\n".join(f"    {q}: {answer}" for q in
                          ("common-vision", "added-value", "willing-to-change", "support-within-partners",
                           "aligned-objectives"))
        (tmp_path / f"r{i}.yaml").write_text(f"partnership: P\nanswers:\n  leadership:\n{lines}\n", encoding="utf-8")
    # With respondents named, the range is shown however few they are (anonymous, four is too few: privacy.md).
    named = json.loads(_run("score", str(tmp_path), "-f", "json", "--show-respondents").stdout)
    section = named["groups"][0]["sections"][0]
    # Totals 0, 10, 15, 15 of 15: the lower median is 10, a total someone has, not 12.5.
    assert (section["median_score"], section["range"], section["median_percent"]) == (10, [0, 15], 66.7)
    section = json.loads(_run("score", str(tmp_path), "-f", "json").stdout)["groups"][0]["sections"][0]
    assert (section["median_score"], section["range"], section["median_percent"]) == (10, None, 66.7)


def test_disagreement_raises_need_priority(room):
    data = json.loads(_run("score", str(room), "-f", "json").stdout)
    need = data["groups"][0]["needs"][0]
    assert (need["question"], need["weak"], need["responses"]) == ("common-vision", 2, 3)
    assert need["disagreement"] and need["priority"] == "high"


def test_one_third_weak_raises_a_need_even_when_median_is_fine(tmp_path):
    for i, answer in enumerate(["NO – action is needed"] * 2 + ["YES – working well"] * 4):
        (tmp_path / f"r{i}.yaml").write_text(
            f"partnership: P\nanswers:\n  leadership:\n    added-value: {answer}\n", encoding="utf-8")
    data = json.loads(_run("score", str(tmp_path), "-f", "json").stdout)
    need = data["groups"][0]["needs"][0]
    assert need["need"] == "added value" and need["answer"] == "YES – working well"
    assert need["actions"] == ["define success measures/ tangible outcomes", "clarify partnership added value"]
    # Answers three steps apart disagree: the item is to discuss, but only a third is weak, so priority is normal.
    assert need["priority"] == "normal" and need["disagreement"] is True
    assert [d["question"] for d in data["groups"][0]["to_discuss"]] == ["added-value"]


def test_fewer_than_a_third_weak_with_fine_median_raises_nothing(tmp_path):
    answers = ["YES – but needs improving"] + ["YES – working well"] * 3
    for i, answer in enumerate(answers):
        (tmp_path / f"r{i}.yaml").write_text(
            f"partnership: P\nanswers:\n  leadership:\n    added-value: {answer}\n", encoding="utf-8")
    data = json.loads(_run("score", str(tmp_path), "-f", "json").stdout)
    assert data["groups"][0]["needs"] == []


def test_respondents_are_anonymous_unless_asked(room):
    for fmt in ("text", "markdown", "json"):
        assert "Delegate Name" not in _run("score", str(room), "-f", fmt).stdout
    shown = _run("score", str(room), "-f", "json", "--show-respondents").stdout
    assert json.loads(shown)["groups"][0]["names"] == ["Delegate Name 1", "Delegate Name 2", "Delegate Name 3"]


def test_free_text_is_anonymous_by_default(tmp_path):
    for i in range(2):
        (tmp_path / f"r{i}.yaml").write_text(
            f"partnership: P\nrespondent: Person {i}\nanswers:\n  blockages:\n    within-lsp: [item {i}]\n",
            encoding="utf-8")
    data = json.loads(_run("score", str(tmp_path), "-f", "json").stdout)
    items = data["groups"][0]["sections"][0]["items"]
    assert items[0]["answers"] == ["item 0", "item 1"]
    named = json.loads(_run("score", str(tmp_path), "-f", "json", "--show-respondents").stdout)
    assert named["groups"][0]["sections"][0]["items"][0]["answers"][0] == {"respondent": "Person 0", "text": "item 0"}


def test_results_group_by_partnership_and_files_may_hold_different_sections(tmp_path):
    _write(tmp_path, "a.yaml", "Alpha LSP", {"trust": "Never"})
    _write(tmp_path, "b.yaml", "Beta LSP", {"trust": "Always"})
    (tmp_path / "c.yaml").write_text("partnership: Alpha LSP\nanswers:\n  leadership:\n    roles: x\n"
                                     .replace("leadership:\n    roles: x", "performance:\n    roles: YES – working well"),
                                     encoding="utf-8")
    # Rooms of one and two shown beside each other only with respondents named (docs/privacy.md).
    data = json.loads(_run("score", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), str(tmp_path / "c.yaml"),
                           "-f", "json", "--show-respondents").stdout)
    assert [g["partnership"] for g in data["groups"]] == ["Alpha LSP", "Beta LSP"]
    assert [s["id"] for s in data["groups"][0]["sections"]] == ["general", "performance"]
    assert data["groups"][0]["respondents"] == 2


def test_glob_pattern_is_expanded(room, monkeypatch):
    monkeypatch.chdir(room)
    data = json.loads(_run("score", "delegate-*.yaml", "-f", "json").stdout)
    assert data["groups"][0]["respondents"] == 3


def test_a_bad_file_in_a_directory_names_that_file_and_scores_nothing(room):
    (room / "broken.yaml").write_text("answers:\n  general:\n    real-results: Oftn\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(room), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "broken.yaml:3:19" in result.stderr and "did you mean 'Often'" in result.stderr


def test_group_gate_uses_the_median_respondent(tmp_path):
    for i, answer in enumerate(["working-well", "working-well", "needs-improving"]):
        lines = "\n".join(f"    {q}: {answer}" for q in ("structure", "roles", "objectives"))
        (tmp_path / f"r{i}.yaml").write_text(f"partnership: P\nanswers:\n  performance:\n{lines}\n", encoding="utf-8")
    room = tmp_path
    # Respondents 100, 100 and 66.7 %: the median respondent (100) passes where the pooled 88.9 would not.
    passing = _run("score", str(room), "-f", "json", "--fail-under", "95")
    assert passing.exit_code == 0
    assert json.loads(passing.stdout)["groups"][0]["overall"]["pooled_percent"] == 88.9
    (room / "r3.yaml").write_text((room / "r2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    failing = _run("score", str(room), "-f", "json", "--fail-under", "95")
    assert failing.exit_code == 1 and "FAIL" in failing.stderr
    json.loads(failing.stdout)


def test_parallel_accumulation_equals_serial(room, tmp_path):
    import lsp_check.load.batch as batch
    from lsp_check.load.inputs import expand
    from lsp_check.load.questionnaires import load_library
    from lsp_check.score.room import Tallies

    library, _ = load_library()
    paths = expand([str(room)]) * 3
    serial = batch.read_all(paths, library, Tallies, workers=1)
    old, batch.PARALLEL_FROM = batch.PARALLEL_FROM, 1
    try:
        parallel = batch.read_all(paths, library, Tallies, workers=2)
    finally:
        batch.PARALLEL_FROM = old
    assert serial.finish(library) == parallel.finish(library)


FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"


def _comparable(data):
    group = data["groups"][0]
    return group["respondents"], group["sections"], group["needs"], group["overall"], group["plan"]


def test_form_exports_score_the_same_as_the_equivalent_yaml_files():
    yaml_result = json.loads(_run("score", str(FORMS / "yaml"), "-f", "json").stdout)
    for export in ("google-spelthorne.csv", "microsoft-spelthorne.csv", "microsoft-spelthorne-semicolon.csv"):
        csv_result = json.loads(_run("score", str(FORMS / export), "-f", "json").stdout)
        assert _comparable(csv_result) == _comparable(yaml_result), export


def test_csv_with_unknown_column_and_answer_names_every_problem_row_and_column(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text(
        "Timestamp,Partners strive to develop and maintain trust,Favourite colour,"
        "Partners share responsibilities and rewards\n"
        "2/24/2006 10:15:32,Often,Blue,Sometimes\n"
        "2/24/2006 10:16:01,Oftn,Red,Allways\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(path), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert any(f"{path}:1:3" in line and "Favourite colour" in line for line in lines)
    assert any(f"{path}:3:2" in line and "did you mean 'Often'" in line for line in lines)
    assert any(f"{path}:3:4" in line and "did you mean 'Always'" in line for line in lines)
