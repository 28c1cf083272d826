"""Sectors side by side (score --by sector|organisation): each group's medians beside the room's, where groups
differ, and the anonymity threshold, which every format keeps: a hidden group's name appears nowhere."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from conftest import ROOT
from lsp_check.cli.main import cli
from lsp_check.load.batch import read_into
from lsp_check.score.room import Tallies
from lsp_check.score.sectors import sectors

WELL, IMPROVE, NEEDED = "YES – working well", "YES – but needs improving", "NO – action is needed"
LEADERSHIP = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"})

    def invoke(*args: str, code: int = 0):
        result = runner.invoke(cli, ["score", *args])
        assert result.exit_code == code, result.output
        return result

    return invoke


def _room(folder, people):
    """Answers files of one partnership: (sector, organisation, answer to every leadership question) each."""
    folder.mkdir(exist_ok=True)
    for n, (sector, organisation, answer) in enumerate(people, 1):
        lines = ["partnership: Testborough Partnership", f"respondent: Member {n}"]
        if sector:
            lines.append(f"sector: {sector}")
        if organisation:
            lines.append(f"organisation: {organisation}")
        lines += ["answers:", "  leadership:", *(f"    {q}: {answer}" for q in LEADERSHIP)]
        (folder / f"r{n:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(folder)


def _docx_words(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                         if name.endswith(".xml"))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "docx"])
def test_a_group_below_the_threshold_is_named_nowhere_yet_counts_in_the_room(run, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    said = run("examples/sectors", "--by", "sector", "-f", fmt, "-o", str(out)).output  # the verdict on stderr
    body = _docx_words(out.read_bytes()) if fmt == "docx" else out.read_text(encoding="utf-8")
    assert "police" not in (body + said).casefold()  # the one respondent from the police is in a group of one
    for shown in ("business", "council", "health", "voluntary"):
        assert shown in body
    assert "13" in body  # the whole room still counts all 13 respondents
    if fmt != "json":
        body = " ".join(body.split())
        assert "1 respondent in 1 sector of fewer than 3 respondents is counted in the whole room" in body


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "docx"])
def test_the_threshold_is_settable_and_a_group_that_meets_it_is_shown(run, tmp_path, fmt):
    room = _room(tmp_path / "room", [("council", "", WELL)] * 4 + [("Surrey Police", "", NEEDED)] * 3)
    out = tmp_path / f"report.{fmt}"
    run(room, "--by", "sector", "-f", fmt, "-o", str(out))
    body = _docx_words(out.read_bytes()) if fmt == "docx" else out.read_text(encoding="utf-8")
    assert "police" in body
    run(room, "--by", "sector", "--min-group", "4", "-f", fmt, "-o", str(out))
    body = _docx_words(out.read_bytes()) if fmt == "docx" else out.read_text(encoding="utf-8")
    assert "police" not in body.casefold()


@pytest.mark.parametrize("value", ["2", "1", "0", "-3", "two"])
def test_a_threshold_below_three_is_bad_usage(run, value):
    result = run("examples/sectors", "--by", "sector", "--min-group", value, code=2)
    assert "--min-group" in result.output
    assert "Traceback" not in result.output


def test_a_threshold_without_by_sets_the_rooms_threshold(run):
    # The same threshold holds for a room: 13 respondents meet 13, not 14 (docs/privacy.md).
    assert "anonymous" not in run("examples/sectors", "--min-group", "13").stdout
    text = " ".join(run("examples/sectors", "--min-group", "14").stdout.split())
    assert "Only 13 respondents, fewer than 14: nobody's answers are anonymous here" in text


def test_each_groups_medians_stand_beside_the_room_and_the_ends_of_a_difference_are_marked(run):
    data = json.loads(run("examples/sectors", "--by", "sector", "-f", "json").stdout)
    assert data["kind"] == "sectors" and data["min_group"] == 3
    view, = data["partnerships"]
    assert view["respondents"] == 13
    # The police's one respondent is hidden; so is business, lest the police be worked out by subtraction.
    assert [g["name"] for g in view["groups"]] == ["council", "health", "voluntary"]
    assert view["hidden"] == {"groups": 1, "respondents": 1}
    assert view["withheld_groups"] == [{"name": "business", "respondents": 3}]
    leadership = view["sections"][0]
    assert leadership["room_percent"] == 73.3
    assert leadership["percents"] == {"council": 93.3, "health": 60, "voluntary": 26.7}
    vision, added = leadership["questions"][:2]
    assert not vision["differ"] and vision["consensus"] == 0.77
    assert added["differ"] and added["consensus"] == 0.27
    assert added["medians"]["council"] == WELL and added["medians"]["voluntary"] == NEEDED
    assert added["ends"] == ["council", "voluntary"]
    text = " ".join(run("examples/sectors", "--by", "sector").stdout.split())
    assert f"{WELL} ≠" in text and f"{NEEDED} ≠" in text
    assert "sectors differ on 4 of 5 questions" in text


def test_two_groups_are_not_judged_for_difference(run, tmp_path):
    room = _room(tmp_path / "room", [("council", "", WELL)] * 3 + [("voluntary", "", NEEDED)] * 3)
    data = json.loads(run(room, "--by", "sector", "-f", "json").stdout)
    questions = data["partnerships"][0]["sections"][0]["questions"]
    assert all(not q["differ"] and q["consensus"] is None for q in questions)
    assert "≠" not in run(room, "--by", "sector").stdout.replace("≠ marks", "")


def test_respondents_without_a_sector_form_a_not_given_group_only_when_it_meets_the_threshold(run, tmp_path):
    room = _room(tmp_path / "room", [("council", "", WELL)] * 3 + [("", "", NEEDED)] * 2)
    text = " ".join(run(room, "--by", "sector").stdout.split())
    assert "(not given)" not in text and "2 respondents in 1 sector of fewer than 3" in text
    room = _room(tmp_path / "room", [("council", "", WELL)] * 3 + [("", "", NEEDED)] * 3)
    data = json.loads(run(room, "--by", "sector", "-f", "json").stdout)
    assert [g["name"] for g in data["partnerships"][0]["groups"]] == ["council", "(not given)"]


def test_by_organisation_groups_by_the_organisation_as_written(run, tmp_path):
    room = _room(tmp_path / "room", [("council", "Testborough Council", WELL)] * 3
                 + [("council", "County Council", NEEDED)] * 3 + [("health", "Small Trust", IMPROVE)])
    data = json.loads(run(room, "--by", "organisation", "-f", "json").stdout)
    assert data["by"] == "organisation"
    # Small Trust's one respondent would be the room less the two councils: one of them is withheld too (the first
    # by name of the equal choices), with the council sector in the report by sector.
    assert [g["name"] for g in data["partnerships"][0]["groups"]] == ["Testborough Council"]
    assert data["partnerships"][0]["withheld_groups"] == [{"name": "County Council", "respondents": 3}]
    text = " ".join(run(room, "--by", "organisation").stdout.split())
    assert text.startswith("Organisations side by side: Testborough Partnership")
    assert "Small Trust" not in text and "1 respondent in 1 organisation of fewer than 3" in text
    by_sector = json.loads(run(room, "--by", "sector", "-f", "json").stdout)["partnerships"][0]
    assert by_sector["groups"] == [] and by_sector["withheld_groups"] == [{"name": "council", "respondents": 6}]


def test_when_no_group_meets_the_threshold_the_report_says_so(run, tmp_path):
    room = _room(tmp_path / "room", [("council", "", WELL), ("health", "", NEEDED), ("police", "", IMPROVE)])
    text = " ".join(run(room, "--by", "sector").stdout.split())
    assert "No sector has 3 or more respondents, so none is shown on its own" in text
    assert "police" not in text and "health" not in text


def test_the_gates_judge_the_whole_room(run):
    result = run("examples/sectors", "--by", "sector", "--fail-under", "80", code=1)
    assert "FAIL" in result.stderr and "13 respondents" in result.stderr
    run("examples/sectors", "--by", "sector", "--fail-under", "60")


def test_formats_that_do_not_render_sectors_and_options_that_do_not_go_with_by_are_refused(run, tmp_path):
    result = run("examples/sectors", "--by", "sector", "-f", "github", code=2)
    assert "does not render a sectors report" in result.stderr and "Traceback" not in result.output
    result = run("examples/sectors", "--by", "sector", "--show-respondents", code=2)
    assert "--by does not go with --show-respondents" in result.stderr
    template = tmp_path / "mine.md"
    template.write_text("{{ title }}\n", encoding="utf-8")
    result = run("examples/sectors", "--by", "sector", "--template", str(template), code=2)
    assert "--by does not go with --template" in result.stderr


def test_one_answers_file_with_by_is_a_room_of_one(run):
    text = run("examples/sectors/respondent-01.yaml", "--by", "sector").stdout
    assert "1 respondent; 0 sectors shown" in text
    assert "council" not in text


def test_groups_merge_across_processes_as_in_one(library):
    paths = sorted(str(p) for p in (ROOT / "examples/sectors").glob("*.yaml"))
    whole, _ = read_into(paths, library, Tallies(by="sector"))
    first, _ = read_into(paths[:6], library, Tallies(by="sector"))
    second, _ = read_into(paths[6:], library, Tallies(by="sector"))
    first.merge(second)
    assert (sectors(list(first.partnerships.values()), library, "sector")
            == sectors(list(whole.partnerships.values()), library, "sector"))


def test_a_form_exports_sector_column_groups_its_respondents(run, tmp_path):
    import csv

    header, *rows = list(csv.reader((ROOT / "tests/fixtures/forms/google-spelthorne.csv").open(encoding="utf-8-sig")))
    sectors_given = ["Borough Council", "NHS Trust", "Spelthorne Borough Council"]
    export = tmp_path / "responses.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*header, "Which sector do you represent?"]]
                                     + [[*row, sector] for row, sector in zip(rows, sectors_given)] * 3)
    data = json.loads(run(str(export), "--by", "sector", "-f", "json").stdout)
    view, = data["partnerships"]
    assert view["groups"] == [{"name": "council", "respondents": 6}, {"name": "health", "respondents": 3}]
    assert view["hidden"] == {"groups": 0, "respondents": 0}


def test_the_grouped_chart_draws_each_percent_on_the_same_track_and_names_every_bar():
    from lsp_check.report.html.charts import grouped_bars
    from lsp_check.report.model.chart import GROUPS, Chart, ChartRow

    chart = grouped_bars(Chart(GROUPS, "", "", (ChartRow("Leadership", (50.0, 100.0, None)),),
                               ("Whole room", "council", "a very long organisation name")))
    assert chart is not None
    bars = chart.groups[0].bars
    assert [b.width for b in bars] == [chart.track / 2, chart.track, 0.0]
    assert [b.value for b in bars] == ["50.0%", "100.0%", "–"]
    assert bars[0].room and not bars[1].room
    assert bars[2].name.endswith("…") and len(bars[2].name) <= 18
    assert bars[0].y < bars[1].y < bars[2].y < chart.axis_y < chart.height
    assert grouped_bars(Chart(GROUPS, "", "", (), ())) is None
