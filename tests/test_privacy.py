"""Disclosure control through the command line (docs/privacy.md): each attack on a report's figures, tried.

An attacker here is an insider: they know every respondent's sector and organisation, and they read every report
that can be made of the room (the room's JSON, and the JSON by sector and by organisation). For each question they
list every way the room could have answered that agrees with every published figure, and look at what a hidden
respondent could have said. The main attacks first recover an answer exactly from the figures the old rules
published, then recover nothing exact from what the reports publish now.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from lsp_check.cli.main import cli

NEEDED, IN_HAND, IMPROVE, WELL = ("NO – action is needed", "No – but action is in hand", "YES – but needs improving",
                                  "YES – working well")
SCALE = (NEEDED, IN_HAND, IMPROVE, WELL)  # worst first
QUESTIONS = ("common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives")


def _run(*args: str, code: int = 0):
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(cli, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def _room(folder: Path, people: list[tuple[str, str, tuple[str, ...]]], partnership: str = "Testborough Partnership",
          notes: dict[int, str] | None = None) -> str:
    """Answers files: (sector, organisation, an answer to each leadership question) per respondent."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, (sector, organisation, answers) in enumerate(people):
        lines = [f"partnership: {partnership}", "date: 2008-03-05", f"respondent: Member {n + 1}"]
        lines += [f"sector: {sector}"] if sector else []
        lines += [f"organisation: {organisation}"] if organisation else []
        lines += ["answers:", "  leadership:"]
        for q, answer in zip(QUESTIONS, answers):
            note = (notes or {}).get(n) if q == QUESTIONS[0] else None
            lines.append(f"    {q}: {{answer: {answer}, note: {note}}}" if note else f"    {q}: {answer}")
        (folder / f"member-{n + 1:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(folder)


def _published(folder: str) -> dict[str, dict]:
    """Every JSON report that can be made of the room."""
    return {"room": json.loads(_run("score", folder, "-f", "json").stdout),
            "sector": json.loads(_run("score", folder, "--by", "sector", "-f", "json").stdout),
            "organisation": json.loads(_run("score", folder, "--by", "organisation", "-f", "json").stdout)}


def _lower_median(answers: list[str]) -> str:
    ordered = sorted(answers, key=SCALE.index)
    return ordered[(len(ordered) - 1) // 2]


def _constraints(people, reports: dict[str, dict], question: str):
    """What the reports say of one question: the room's distribution, and each shown group's median answer."""
    room = reports["room"]["groups"][0]
    item = next(i for s in room["sections"] for i in s["items"] if i["question"] == question)
    counts = {c["label"]: c["count"] for c in item["distribution"]}
    medians = []  # (members, median) for every figure a report publishes
    for by, index in (("sector", 0), ("organisation", 1)):
        view = reports[by]["partnerships"][0]
        q = next(q for s in view["sections"] for q in s["questions"] if q["id"] == question)
        for name, median in q["medians"].items():
            key = "" if name == "(not given)" else name
            members = [n for n, person in enumerate(people) if person[index] == key]
            assert members, f"the attacker cannot place the group {name!r}"
            if median is not None:
                medians.append((members, median))
            else:
                assert name in q["withheld"], f"{name}: no median, yet not said to be withheld"
    return counts, medians


def _feasible(size: int, counts: dict[str, int], medians) -> list[tuple[str, ...]]:
    """Every assignment of answers to respondents that agrees with the room's distribution and the medians."""
    found = []

    def place(assigned: list[str], left: Counter) -> None:
        if len(assigned) == size:
            if all(_lower_median([assigned[n] for n in members]) == median for members, median in medians):
                found.append(tuple(assigned))
            return
        for label in SCALE:
            if left[label]:
                left[label] -= 1
                place([*assigned, label], left)
                left[label] += 1

    place([], Counter(counts))
    return found


def _what_can_be_known(people, counts, medians, who: list[int]) -> list[set[str]]:
    """For each respondent in ``who``, every answer they could have given, by the published figures."""
    feasible = _feasible(len(people), counts, medians)
    truth = tuple(person[2] for person in people)
    assert truth in feasible, "the attacker's reading of the report must admit what was really answered"
    return [{assignment[n] for assignment in feasible} for n in who]


def _old_publication(people, by: int, threshold: int = 3):
    """The medians the old rule published for a grouping of (sector, organisation, answer): every group of
    ``threshold`` or more respondents, every median, whatever else the room held."""
    groups: dict[str, list[int]] = {}
    for n, person in enumerate(people):
        groups.setdefault(person[by], []).append(n)
    return [(members, _lower_median([people[n][2] for n in members]))
            for members in groups.values() if len(members) >= threshold]


def _people(rows):
    """(sector, organisation, answers) with each respondent's answer to the question attacked as the third item,
    and the same answers to every question (so every question repeats the attack)."""
    return [(sector, organisation, (answer,) * len(QUESTIONS)) for sector, organisation, answer in rows]


def _attack(people, reports, who: list[int]) -> list[list[set[str]]]:
    flat = [(s, o, a[0]) for s, o, a in people]
    found = []
    for question in QUESTIONS:
        counts, medians = _constraints(people, reports, question)
        found.append(_what_can_be_known(flat, counts, medians, who))
    return found


def _counts(people) -> dict[str, int]:
    return dict(Counter(person[2][0] for person in people))


# --- a hidden sector -------------------------------------------------------------------------------------------

SECTOR_ROOM = [("council", "", WELL), ("council", "", WELL), ("council", "", NEEDED), ("police", "", NEEDED)]


def test_a_hidden_sector_cannot_be_recovered_by_subtraction(tmp_path):
    people = _people(SECTOR_ROOM)
    flat = [(s, o, a[0]) for s, o, a in people]
    # The attack on what was published before: the room says 2 working well and 2 action needed; the council's
    # median, working well, says two council members said working well; so the police said action needed.
    old = _what_can_be_known(flat, _counts(people), _old_publication(flat, 0), [3])
    assert old == [{NEEDED}]
    reports = _published(_room(tmp_path / "room", people))
    view = reports["sector"]["partnerships"][0]
    assert view["groups"] == [] and view["hidden"] == {"groups": 1, "respondents": 1}
    assert view["withheld_groups"] == [{"name": "council", "respondents": 3}]
    for known in _attack(people, reports, [3]):
        assert known == [{NEEDED, WELL}]  # either answer is possible: nothing exact
    text = " ".join(_run("score", str(tmp_path / "room"), "--by", "sector").stdout.split())
    assert "Also withheld, though large enough to show: council (3 respondents)" in text
    assert "No sector is shown on its own: those with 3 or more respondents are withheld, as said above" in text
    assert "police" not in text


def test_a_group_is_protected_question_by_question_among_those_who_answered(tmp_path):
    # No group is below the threshold, but on common vision only one health member answered: the room less the
    # council and the voluntary sector would be that answer, so health's figure and one more are withheld there.
    people = [("council", "", (WELL,) * 5)] * 3 + [("health", "", (IMPROVE,) * 5)] * 3 + \
        [("voluntary", "", (NEEDED,) * 5)] * 3
    folder = _room(tmp_path / "room", people)
    for n in (5, 6):  # two health members skip common vision
        path = Path(folder) / f"member-{n:02d}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"    common-vision: {IMPROVE}\n", ""),
                        encoding="utf-8")
    data = json.loads(_run("score", folder, "--by", "sector", "-f", "json").stdout)["partnerships"][0]
    assert [g["name"] for g in data["groups"]] == ["council", "health", "voluntary"]
    vision = data["sections"][0]["questions"][0]
    assert vision["medians"] == {"council": None, "health": None, "voluntary": NEEDED}
    assert vision["withheld"] == {"council": "complement", "health": "few-answers"}
    added = data["sections"][0]["questions"][1]
    assert added["medians"] == {"council": WELL, "health": IMPROVE, "voluntary": NEEDED} and added["withheld"] == {}
    text = " ".join(_run("score", folder, "--by", "sector").stdout.split())
    assert "withheld: a figure not shown because fewer than 3 of the group's respondents answered" in text


def test_a_hidden_respondent_is_not_given_away_by_a_pool_that_all_gave_one_answer(tmp_path):
    # The police's one respondent is pooled with the business sector (withheld to protect it); but all four said
    # "action is needed", so anyone who could read the room less the sectors shown would read each one's answer.
    # So a further sector's figures are withheld, and the pool holds two answers.
    people = _people([("council", "", WELL)] * 3 + [("health", "", IMPROVE)] * 3 + [("business", "", NEEDED)] * 3
                     + [("police", "", NEEDED)])
    view = json.loads(_run("score", _room(tmp_path / "room", people), "--by", "sector", "-f",
                           "json").stdout)["partnerships"][0]
    assert view["withheld_groups"] == [{"name": "business", "respondents": 3}]
    section = view["sections"][0]
    assert section["withheld"] == {"council": "complement"}
    assert all(q["withheld"] == {"council": "complement"} and q["medians"]["health"] == IMPROVE
               for q in section["questions"])
    # Even given each shown figure's whole distribution (more than a median says), the room less health leaves
    # seven answers, of two kinds: the police's could be either.
    room = Counter(person[2][0] for person in people)
    pool = room - Counter(person[2][0] for person in people if person[0] == "health")
    assert sorted(pool) == sorted([NEEDED, WELL])


# --- a hidden organisation, and both reports together --------------------------------------------------------------

# Borough Council and County Council are both council; the one County Council respondent is hidden by organisation.
ORGANISATION_ROOM = [("council", "Borough Council", WELL)] * 2 + [("council", "Borough Council", IMPROVE)] + \
    [("council", "County Council", IMPROVE)] + [("voluntary", "Age Concern", WELL)] * 2 + \
    [("voluntary", "Age Concern", IMPROVE)]


def test_a_hidden_organisation_cannot_be_recovered_by_subtraction(tmp_path):
    people = _people(ORGANISATION_ROOM)
    flat = [(s, o, a[0]) for s, o, a in people]
    # Before: the room less Borough Council and Age Concern, each "working well" at the median with one other
    # answer, leaves the County Council's answer; with 4 working well in the room, both others are "needs
    # improving", and so is the County Council's.
    old = _what_can_be_known(flat, _counts(people), _old_publication(flat, 1), [3])
    assert old == [{IMPROVE}]
    reports = _published(_room(tmp_path / "room", people))
    for known in _attack(people, reports, [3]):
        assert len(known[0]) >= 2


def test_the_reports_by_sector_and_by_organisation_together_reveal_nothing_either_hides(tmp_path):
    people = _people(ORGANISATION_ROOM)
    flat = [(s, o, a[0]) for s, o, a in people]
    # Judged one report at a time, the report by organisation could withhold Age Concern (first by name) to
    # protect the County Council and show Borough Council; the report by sector shows the council, with nothing
    # hidden. Together: the council less Borough Council is the County Council, exactly.
    council_less_borough = _old_publication(flat, 0) + [
        (m, med) for m, med in _old_publication(flat, 1) if flat[m[0]][1] == "Borough Council"]
    assert _what_can_be_known(flat, _counts(people), council_less_borough, [3]) == [{IMPROVE}]
    reports = _published(_room(tmp_path / "room", people))
    # Judged together, Borough Council is the one withheld; the council and Age Concern may both be shown.
    by_organisation = reports["organisation"]["partnerships"][0]
    assert [g["name"] for g in by_organisation["groups"]] == ["Age Concern"]
    assert by_organisation["withheld_groups"] == [{"name": "Borough Council", "respondents": 3}]
    assert [g["name"] for g in reports["sector"]["partnerships"][0]["groups"]] == ["council", "voluntary"]
    for known in _attack(people, reports, [3]):
        assert len(known[0]) >= 2


def test_groups_are_judged_the_same_whatever_else_the_room_holds_in_every_format(tmp_path):
    # The decision is made once, from both groupings, so every format of either report withholds the same.
    folder = _room(tmp_path / "room", _people(ORGANISATION_ROOM))
    for fmt in ("text", "markdown", "html", "docx"):
        out = tmp_path / f"report.{fmt}"
        _run("score", folder, "--by", "organisation", "-f", fmt, "-o", str(out))
        body = out.read_bytes().decode("utf-8", "replace") if fmt != "docx" else _docx_text(out)
        assert "County Council" not in body
        assert "Borough Council (3 respondents)" in " ".join(body.split())


def _docx_text(path: Path) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_a_single_group_of_one_beside_the_room_is_never_shown_whatever_its_spelling(tmp_path):
    # Organisations are told apart as partnerships are: "surrey  police" is Surrey Police.
    people = _people([("council", "Council", WELL)] * 3 + [("police", "Surrey Police", NEEDED),
                                                            ("police", "surrey  police", NEEDED),
                                                            ("police", "Surrey Police.", IMPROVE)])
    data = json.loads(_run("score", _room(tmp_path / "room", people), "--by", "organisation", "-f",
                           "json").stdout)["partnerships"][0]
    assert [(g["name"], g["respondents"]) for g in data["groups"]] == [("Council", 3), ("Surrey Police", 3)]


# --- a small room -------------------------------------------------------------------------------------------------

# Totals 10, 10 and 6 of 15.
SMALL_ROOM = [("", "", (WELL, WELL, IMPROVE, IMPROVE, NEEDED)), ("", "", (IMPROVE,) * 5),
              ("", "", (NEEDED, NEEDED, WELL, IN_HAND, IMPROVE))]


def _totals(room: dict) -> set[tuple[int, ...]]:
    """Every multiset of the respondents' leadership totals that agrees with the room's published figures:
    each question's distribution, the median total, the range (when shown) and the pooled sum."""
    section = room["sections"][0]
    per_question = [[label for c in item["distribution"] for label in [c["label"]] * c["count"]]
                    for item in section["items"]]
    orders = [sorted(set(itertools.permutations(answers))) for answers in per_question]
    found = set()
    for combination in itertools.product(*orders):
        totals = sorted(sum(SCALE.index(answers[n]) for answers in combination) for n in range(len(per_question[0])))
        if totals[(len(totals) - 1) // 2] != section["median_score"]:
            continue
        if section["range"] is not None and [totals[0], totals[-1]] != section["range"]:
            continue
        if room["overall"]["pooled_score"] is not None and sum(totals) != room["overall"]["pooled_score"]:
            continue
        found.add(tuple(totals))
    return found


def test_a_room_of_three_no_longer_gives_every_respondents_total(tmp_path):
    folder = _room(tmp_path / "room", SMALL_ROOM)
    named = json.loads(_run("score", folder, "-f", "json", "--show-respondents").stdout)["groups"][0]
    # Before: the lower median and the range are three totals, which in a room of three is everyone's.
    assert named["sections"][0]["range"] == [6, 10] and _totals(named) == {(6, 10, 10)}
    room = json.loads(_run("score", folder, "-f", "json").stdout)["groups"][0]
    assert room["sections"][0]["range"] is None and room["disclosure"]["withheld"] == ["range"]
    # The pooled sum less the median total leaves two totals summing to 16: 6 and 10, or 3 and 13, or ...
    assert room["overall"]["pooled_score"] == 26 and room["sections"][0]["median_score"] == 10
    assert len(_totals(room)) >= 2
    text = " ".join(_run("score", folder).stdout.split())
    assert "Ranges withheld: a section's lowest and highest totals are shown only when at least 6 respondents" in text
    assert "withheld" in text.split("Leadership 3 10/15")[1][:20]


@pytest.mark.parametrize(("respondents", "shown"), [(5, False), (6, True)])
def test_a_range_is_shown_from_the_threshold_plus_three_respondents(tmp_path, respondents, shown):
    folder = _room(tmp_path / "room", [("", "", (WELL,) * 5), ("", "", (NEEDED,) * 5)] + [("", "", (IMPROVE,) * 5)]
                   * (respondents - 2))
    section = json.loads(_run("score", folder, "-f", "json").stdout)["groups"][0]["sections"][0]
    assert section["range"] == ([0, 15] if shown else None)
    markdown = _run("score", folder, "-f", "markdown").stdout
    assert ("| 0–15 |" in markdown) is shown and ("| withheld |" in markdown) is not shown


def test_a_room_below_the_threshold_beside_others_is_left_out_and_named_in_a_warning(tmp_path):
    _room(tmp_path / "answers", [("", "", (WELL,) * 5)] * 3, "Big Partnership")
    _room(tmp_path / "answers" / "stray", [("", "", (NEEDED, IN_HAND, NEEDED, IN_HAND, NEEDED))], "Tiny Partnership",
          notes={0: "Only I would write this"})
    folder = str(tmp_path / "answers")
    for fmt in ("text", "markdown", "json", "html", "github"):
        result = _run("score", folder, "-f", fmt)
        # The JSON names it among those left out, with its count; nothing else of it is anywhere.
        assert ("Tiny" not in result.stdout or fmt == "json") and "Only I would write this" not in result.stdout
        assert ("lsp-check: warning: left out Tiny Partnership: 1 respondent, fewer than 3, cannot be reported "
                "anonymously") in result.stderr
    data = json.loads(_run("score", folder, "-f", "json").stdout)
    assert data["left_out"] == [{"partnership": "Tiny Partnership", "respondents": 1}]
    assert [g["partnership"] for g in data["groups"]] == ["Big Partnership"]
    assert "Tiny Partnership" in _run("score", folder, "--show-respondents").stdout
    assert "Tiny Partnership" not in _run("plan", folder).stdout
    assert "Tiny" not in _run("score", folder, "--by", "sector").stdout


def test_rooms_all_below_the_threshold_are_refused_rather_than_reported_empty(tmp_path):
    _room(tmp_path / "a", [("", "", (WELL,) * 5)] * 2, "Alpha Partnership")
    _room(tmp_path / "b", [("", "", (WELL,) * 5)], "Beta Partnership")
    result = _run("score", str(tmp_path / "a"), str(tmp_path / "b"), code=2)
    assert "no partnership has 3 or more respondents" in result.stderr and result.stdout == ""


def test_a_small_room_on_its_own_says_nobody_is_anonymous_and_lists_notes_apart(tmp_path):
    folder = _room(tmp_path / "pair", [("", "", (NEEDED,) * 5), ("", "", (WELL,) * 5)],
                   notes={0: "We never meet", 1: "All fine"})
    text = " ".join(_run("score", folder).stdout.split())
    assert "Only 2 respondents, fewer than 3: nobody's answers are anonymous here" in text
    assert "Notes are listed apart from their questions' answers" in text
    record, notes = text.split("Overall Record")[1].split("Notes (2)")
    assert "We never meet" not in record and "All fine" not in record  # not beside the need and its answers
    assert notes.index("All fine") < notes.index("We never meet")  # in the order of their text, not the files
    room = json.loads(_run("score", folder, "-f", "json").stdout)["groups"][0]
    assert all(item["notes"] == [] for item in room["sections"][0]["items"])
    assert all(need["notes"] == [] for need in room["needs"])
    assert [n["text"] for n in room["notes_apart"]] == ["All fine", "We never meet"]
    assert room["overall"]["pooled_percent"] is None and room["overall"]["pooled_score"] is None
    assert set(room["disclosure"]["withheld"]) == {"small-room", "range", "notes-apart", "pooled"}
    markdown = _run("score", folder, "-f", "markdown").stdout
    assert "nobody's answers are anonymous" in markdown and "## Notes" in markdown
    html = _run("score", folder, "-f", "html").stdout
    assert "nobody&#39;s answers are anonymous" in html and "We never meet" in html


def test_anonymous_notes_follow_their_text_not_the_files_and_named_ones_the_files(tmp_path):
    folder = _room(tmp_path / "room", [("", "", (NEEDED,) * 5)] * 3, notes={0: "Zebra crossing", 2: "Apple cart"})
    text = _run("score", folder).stdout
    assert text.index("Apple cart") < text.index("Zebra crossing")
    named = _run("score", folder, "--show-respondents").stdout
    assert named.index("Zebra crossing") < named.index("Apple cart")


def test_show_respondents_withholds_nothing(tmp_path):
    folder = _room(tmp_path / "pair", [("", "", (NEEDED,) * 5), ("", "", (WELL,) * 5)], notes={0: "We never meet"})
    room = json.loads(_run("score", folder, "-f", "json", "--show-respondents").stdout)["groups"][0]
    assert room["disclosure"] is None and room["sections"][0]["range"] == [0, 15]
    assert room["overall"]["pooled_percent"] == 50.0
    assert room["sections"][0]["items"][0]["notes"] == [{"respondent": "Member 1", "text": "We never meet"}]


# --- every way at once, on rooms made at random ----------------------------------------------------------------

def _random_room(seed: int):
    """A room of 5 to 9 respondents in a few sectors and organisations (some of one member), answering at random."""
    import random

    rnd = random.Random(seed)
    sectors = rnd.sample(["council", "health", "police", "voluntary", "business"], rnd.randint(2, 4))
    organisations = {s: [f"{s.title()} {c}" for c in "AB"[:rnd.randint(1, 2)]] for s in sectors}
    people = []
    for _ in range(rnd.randint(5, 9)):
        sector = rnd.choice(sectors)
        weights = rnd.choice([(1, 1, 1, 1), (3, 0, 1, 2), (0, 1, 3, 3)])
        answers = tuple(rnd.choices(SCALE, weights)[0] for _ in QUESTIONS)
        people.append((sector, rnd.choice(organisations[sector]), answers))
    return people


@pytest.mark.parametrize("seed", range(40))
def test_no_respondent_of_a_group_too_small_to_show_can_be_worked_out_from_every_report_together(tmp_path, seed):
    people = _random_room(seed)
    reports = _published(_room(tmp_path / "room", people))
    for q, question in enumerate(QUESTIONS):
        counts, medians = _constraints(people, reports, question)
        if len([label for label, n in counts.items() if n]) < 2:
            continue  # everyone gave one answer: the room's own distribution says what each said
        flat = [(s, o, a[q]) for s, o, a in people]
        # A group shown whose respondents all gave one answer says what each of them said, as the whole room's
        # figures do when everyone agrees: the limit of any figure of a group (docs/privacy.md, what is not
        # protected). Everyone else in a group too small to show must keep at least two possible answers.
        unanimous = {n for members, _ in medians if len({flat[m][2] for m in members}) == 1 for n in members}
        small = [n for n, (s, o, _) in enumerate(flat) if n not in unanimous
                 and (sum(p[0] == s for p in flat) < 3 or sum(p[1] == o for p in flat) < 3)]
        for n, known in zip(small, _what_can_be_known(flat, counts, medians, small)):
            assert len(known) >= 2, (f"seed {seed}, {question}: respondent {n + 1} ({flat[n][0]}, {flat[n][1]}) "
                                     f"could only have said {known}")
