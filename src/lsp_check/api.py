"""lsp-check from Python: read answers files, score them and render reports, in a few calls (docs/api.md).

What is named here (and re-exported by ``lsp_check``) is the public face: these functions and the result
types they return. Everything else in the package may change between releases.

Reading (``load``) and scoring (``score``) never call each other: the functions here compose them. The
command line calls the same functions, so a script gets exactly what ``lsp-check`` prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Union

from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import Library
from lsp_check.report import FormatError, RenderOptions
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.gates import Verdict
    from lsp_check.score.plan import Plans
    from lsp_check.score.room import Room, Rooms, Tallies
    from lsp_check.score.sectors import Sectors
    from lsp_check.score.trend import Trend

__all__ = ["FormatError", "InputError", "Library", "Result", "Scored", "assess", "assess_by", "cluster", "compare",
           "load_questionnaires", "plan", "render", "trend"]

# What scoring files gives: one answers file's health check, or a room per partnership.
Scored = Union[Result, "Rooms"]
# Where questionnaires come from: a library already loaded, or directories of your own beside the bundled ones.
Questionnaires = Union[Library, Iterable[Union[str, "os.PathLike[str]"]], None]
# What names answers files: one path, or several (files, directories, glob patterns, form exports).
Paths = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]


def load_questionnaires(directories: Iterable[str | os.PathLike[str]] = (), cache: bool = False) -> Library:
    """The bundled questionnaires, with those in ``directories`` (a questionnaire with a bundled one's id
    replaces it). With ``cache``, the library is kept in lsp-check's cache as the command line keeps it
    (LSP_CHECK_CACHE_DIR, else ~/.cache/lsp-check); without, nothing is written. Raises InputError."""
    from lsp_check.load.questionnaires import load_library

    return load_library(directories, cache=cache)[0]


def _library(questionnaires: Questionnaires) -> Library:
    if isinstance(questionnaires, Library):
        return questionnaires
    return load_questionnaires(questionnaires or ())


def _expand(paths: Paths) -> tuple[list[str], list[str]]:
    from lsp_check.load.inputs import expand

    args = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    return args, expand(args)


def assess(paths: Paths, questionnaires: Questionnaires = None, *,
           show_respondents: bool = False, strict: bool = False, threshold: int | None = None,
           warnings: list[Problem] | None = None) -> Scored:
    """Score answers files: a ``Result`` for one answers file, otherwise ``Rooms`` (one room per partnership).

    ``paths`` are what ``lsp-check score`` takes: files, directories, glob patterns, form exports (CSV or Excel
    workbook). ``questionnaires`` is a library from ``load_questionnaires``, or directories of your own.
    Respondents are named only with ``show_respondents``; otherwise each room is as an anonymous report may
    show it, judged by the anonymity ``threshold`` (3 unless given, never fewer: docs/privacy.md). Warnings (a
    form's columns that match no question, answers naming no partnership) are added to ``warnings`` (or refused
    with ``strict``). Bad input raises InputError, each problem located by file and line.
    """
    args, files = _expand(paths)
    return score_files(args, files, _library(questionnaires), show_respondents=show_respondents, strict=strict,
                       threshold=threshold, warnings=warnings)


def score_files(args: Sequence[str], files: Sequence[str], library: Library, *, show_respondents: bool = False,
                strict: bool = False, threshold: int | None = None, warnings: list[Problem] | None = None,
                skipped: list[Problem] | None = None, only: frozenset[str] | None = None) -> Scored:
    """Score the files the arguments were expanded to: one answers file named on its own is one health check;
    anything else is a room (load/inputs.py ``is_single``), each as an anonymous report may show it
    (score/disclosure.py, judged by ``threshold``) unless ``show_respondents``.

    Given a ``skipped`` list (--skip-invalid), a room's files with problems are left out and named in it
    (load.batch.read_all). With ``only``, a room counts only the respondents named in it
    (score.room.respondent_key).
    """
    from lsp_check.load.inputs import is_single

    if is_single(args, files):
        from lsp_check.load.answers import load_answers
        from lsp_check.score.engine import score

        sheet = load_answers(files[0], library)
        if not sheet.partnership and warnings is not None:
            from lsp_check.load.identity import unnamed_warning

            warnings.append(unnamed_warning(sheet.path, 1))
        return score(library, sheet)
    from functools import partial

    from lsp_check.load.batch import read_all
    from lsp_check.score.disclosure import DEFAULT_THRESHOLD, protect_rooms
    from lsp_check.score.room import Tallies

    tallies = read_all(list(files), library, partial(Tallies, show_respondents, "", only), strict=strict,
                       warnings=warnings, skipped=skipped, review=_review(strict, threshold))
    return protect_rooms(tallies.finish(library), DEFAULT_THRESHOLD if threshold is None else threshold)


def _naming_warnings(tallies: Tallies) -> list[Problem]:
    """Warnings on the partnerships' names (load/identity.py): answers naming none, near-duplicate names."""
    from lsp_check.load.identity import naming_warnings

    return naming_warnings((acc.partnership, acc.first_path, acc.respondents) for acc in tallies.partnerships.values())


def _review(strict: bool, threshold: int | None = None) -> Callable[[Tallies], list[Problem]]:
    """What is said of the rooms read as a whole: their partnerships' names, and each room whose answers look like
    separate assessments combined (``fieldwork_problems``, which ``validate`` runs too), a warning (an error with
    ``strict``), worded by the anonymity ``threshold``."""
    def review(tallies: Tallies) -> list[Problem]:
        rooms = ((acc.partnership, acc.days, acc.dated) for acc in tallies.partnerships.values())
        return _naming_warnings(tallies) + fieldwork_problems(rooms, strict, threshold)

    return review


def fieldwork_problems(rooms: Iterable[tuple[str, Mapping[str, int], Mapping[str, str]]], strict: bool,
                       threshold: int | None = None) -> list[Problem]:
    """The whole-room review of answers' dates that ``score`` (every command that reads a room) and ``validate``
    share: each room, given as (its partnership's name, each date with how many respondents gave it, each date with
    the first file that gave it), whose answers look like separate assessments combined (Room.periods, docs/method.md
    rule 17) is a warning, or with ``strict`` an error, located at the ``date:`` of the first file of its second
    period and worded as the report words it (judged by the anonymity ``threshold``, 3 unless given)."""
    from lsp_check.load.answers import date_mark
    from lsp_check.load.limits import shorten
    from lsp_check.method import periods_of
    from lsp_check.report.model.words import combined_assessments, partnership_name
    from lsp_check.score.disclosure import DEFAULT_THRESHOLD

    found = []
    for partnership, days, dated in rooms:
        periods = periods_of(days)
        said = combined_assessments(periods, threshold or DEFAULT_THRESHOLD)
        if said:
            path = dated.get(periods[1].first, "")
            line, column = date_mark(path)
            found.append(Problem(path, f"{shorten(partnership_name(partnership))}: {said}"
                                       + ("" if strict else " (--strict refuses it)"),
                                 line, column, "date", "error" if strict else "warning"))
    return found


def dated_review(strict: bool) -> Callable[[Sequence[tuple[str, str, str]]], list[Problem]]:
    """``fieldwork_problems`` of answers given as (partnership, date, file) each, grouped into rooms as scoring
    groups them (matching.identity): what ``validate`` reviews."""
    def review(dated: Sequence[tuple[str, str, str]]) -> list[Problem]:
        from lsp_check.matching import identity

        rooms: dict[str, tuple[str, dict[str, int], dict[str, str]]] = {}
        for partnership, date, file in dated:
            _, days, first = rooms.setdefault(identity(partnership), (partnership, {}, {}))
            if date:
                days[date] = days.get(date, 0) + 1
                first.setdefault(date, file)
        return fieldwork_problems(rooms.values(), strict)

    return review


def present_both_times(baseline: tuple[str, Sequence[str]], followup: tuple[str, Sequence[str]], library: Library,
                       *, strict: bool = False, skip_invalid: bool = False,
                       threshold: int | None = None) -> tuple[frozenset[str], tuple[int, int]]:
    """The respondents who answered both times (each side an argument and the files it names), matched by name,
    and how many of each side's are left out. Every file must name its respondent, once a side, and a comparison of
    them must not let those left out be worked out beside each room's own report, judged by the anonymity
    ``threshold`` (score/disclosure.py ``check_kept``): InputError. With ``skip_invalid``, files with problems are
    passed over (scoring the sides names them)."""
    from lsp_check.load.batch import read_all
    from lsp_check.score.disclosure import DEFAULT_THRESHOLD, check_kept
    from lsp_check.score.room import Roll

    rolls = []
    for where, files in (baseline, followup):
        roll = read_all(list(files), library, Roll, strict=strict, skipped=[] if skip_invalid else None)
        problems = [Problem(path, "names no respondent; --same-respondents matches the two assessments' respondents "
                                  "by the respondent: field of each answers file (or a form's respondent column)")
                    for path in roll.unnamed]
        problems += [Problem(paths[1], f"names the same respondent as {paths[0]}; --same-respondents needs each "
                                       f"respondent once in {where}")
                     for paths in roll.named.values() if len(paths) > 1]
        if problems:
            raise InputError(problems)
        rolls.append(set(roll.named))
    common = frozenset(rolls[0] & rolls[1])
    if not common:
        raise InputError([Problem(followup[0], f"no respondent of {baseline[0]} answered again here; "
                                               "--same-respondents compares only the respondents who answered both "
                                               "times")])
    left_out = (len(rolls[0] - common), len(rolls[1] - common))
    k = DEFAULT_THRESHOLD if threshold is None else threshold
    kept = check_kept(len(common), left_out, k)
    why = ("beside each room's own report, a comparison of those who answered both times would give away the answers "
           "of the respondents it leaves out ('lsp-check help privacy'); compare the whole rooms without --same-respondents")
    if kept.too_few_kept:
        raise InputError([Problem(followup[0], f"only {len(common)} of its respondents answered at {baseline[0]} as "
                                               f"well, fewer than {k}: {why}")])
    if kept.exposed:
        raise InputError([Problem(where, f"--same-respondents would leave out {left_out[i]} of its respondents, fewer "
                                         f"than {k}: {why}")
                          for i, where in ((i, (baseline[0], followup[0])[i]) for i in kept.exposed)])
    return common, left_out


def assess_by(paths: Paths, by: str, questionnaires: Questionnaires = None, *,
              min_group: int | None = None, strict: bool = False, warnings: list[Problem] | None = None) -> Sectors:
    """Score the files as a room, each partnership's sectors (``by="sector"``) or organisations side by side;
    groups of fewer than ``min_group`` respondents (3 unless given, never fewer) are counted in the room but not
    shown, and further figures are withheld where they would let a hidden group be worked out (docs/privacy.md)."""
    return score_files_by(_expand(paths)[1], _library(questionnaires), by, min_group, strict=strict,
                          warnings=warnings)


def score_files_by(files: Sequence[str], library: Library, by: str, min_group: int | None = None, *,
                   strict: bool = False, warnings: list[Problem] | None = None,
                   skipped: list[Problem] | None = None) -> Sectors:
    """The expanded files as a room read by sector or organisation."""
    from functools import partial

    from lsp_check.load.batch import read_all
    from lsp_check.score.room import Tallies
    from lsp_check.score.sectors import DEFAULT_MIN_GROUP, sectors

    tallies = read_all(list(files), library, partial(Tallies, False, by), strict=strict, warnings=warnings,
                       skipped=skipped, review=_review(strict, min_group))
    if warnings is not None:
        from lsp_check.load.identity import group_warnings

        # Groups are told apart by name as partnerships are (load/identity.py): near-duplicates are said.
        for acc in tallies.partnerships.values():
            warnings.extend(group_warnings(acc.spellings.values(), by))
    return sectors(list(tallies.partnerships.values()), library, by,
                   DEFAULT_MIN_GROUP if min_group is None else min_group)


def one_partnership(assessment: Scored, where: str) -> Result | Room:
    """The one partnership an assessment holds (a side of a comparison); two or more is bad input."""
    if isinstance(assessment, Result):
        return assessment
    rooms = assessment.rooms
    if len(rooms) != 1:
        from lsp_check.matching import UNNAMED

        names = ", ".join(r.partnership or UNNAMED for r in rooms)
        raise InputError([Problem(where, f"holds {len(rooms)} partnerships ({names}); compare takes one partnership "
                                         "on each side (use 'lsp-check cluster' for several)")])
    return rooms[0]


def compare(baseline: str | os.PathLike[str], followup: str | os.PathLike[str],
            questionnaires: Questionnaires = None, *, min_change: float | None = None,
            strict: bool = False, same_respondents: bool = False) -> Comparison:
    """Compare a baseline health check with a follow-up (each an answers file, a room's directory or a form
    export, of one partnership): sections then and now, questions that moved, what became of each need. With
    ``same_respondents``, only the respondents named on both sides are compared."""
    library = _library(questionnaires)
    expanded = [_expand(side) for side in (baseline, followup)]
    return compare_files([(os.fspath(side), args, files) for side, (args, files) in zip((baseline, followup), expanded)],
                         library, min_change=min_change, strict=strict, same_respondents=same_respondents)


def compare_files(sides: Sequence[tuple[str, Sequence[str], Sequence[str]]], library: Library, *,
                  min_change: float | None = None, strict: bool = False, same_respondents: bool = False,
                  warnings: list[Problem] | None = None, skipped: list[Problem] | None = None) -> Comparison:
    """Compare two sides, each (where it was named, its arguments, the files they expand to), each room as an
    anonymous report may show it (score/disclosure.py). Given a ``skipped`` list (--skip-invalid), a room's files
    with problems are left out and named in it."""
    from lsp_check.method import DEFAULT_MIN_CHANGE
    from lsp_check.score.compare import compare as run

    only, left_out = None, None
    if same_respondents:
        only, left_out = present_both_times((sides[0][0], sides[0][2]), (sides[1][0], sides[1][2]), library,
                                            strict=strict, skip_invalid=skipped is not None)
    results = [one_partnership(score_files(args, files, library, strict=strict, warnings=warnings, skipped=skipped,
                                           only=only), where)
               for where, args, files in sides]
    comparison = run(results[0], results[1], DEFAULT_MIN_CHANGE if min_change is None else min_change)
    return comparison._replace(left_out=left_out)


def cluster(paths: Paths, questionnaires: Questionnaires = None, *,
            strict: bool = False, warnings: list[Problem] | None = None) -> Cluster:
    """Several partnerships side by side against the cluster median, and the needs they share, ranked."""
    from lsp_check.score.cluster import cluster as run

    return run(rooms_of(_expand(paths)[1], _library(questionnaires), strict=strict, warnings=warnings))


def rooms_of(files: Sequence[str], library: Library, *, strict: bool = False,
             warnings: list[Problem] | None = None, skipped: list[Problem] | None = None) -> tuple[Room, ...]:
    """Every partnership the expanded files hold, as a room (even one file)."""
    from lsp_check.load.batch import read_all
    from lsp_check.score.room import Tallies

    return read_all(list(files), library, Tallies, strict=strict, warnings=warnings, skipped=skipped,
                    review=_review(strict)).finish(library).rooms


def trend(assessments: Sequence[str | os.PathLike[str]], questionnaires: Questionnaires = None, *,
          min_change: float | None = None, strict: bool = False) -> Trend:
    """One partnership over three or more assessments (each an answers file, a room's directory or a form
    export), put in date order and compared step by step."""
    from lsp_check.score.trend import trend as run

    library = _library(questionnaires)
    inputs = [(os.fspath(a), one_partnership(assess(a, library, strict=strict), os.fspath(a))) for a in assessments]
    return run(inputs) if min_change is None else run(inputs, min_change)


def plan(assessment: Scored) -> Plans:
    """The action plan of each partnership an assessment holds, for the next 6 and 12 months."""
    from lsp_check.score.plan import Plans, make_plan

    return Plans(tuple(make_plan(r) for r in (assessment.rooms if not isinstance(assessment, Result)
                                                else (assessment,))))


def render(result: object, format: str = "text", *, color: bool = False, width: int = 100,
           verdict: Verdict | None = None, bom: bool = True) -> str | bytes:
    """A result as a report: ``text``, ``markdown``, ``html``, ``json``, ``github``, ``csv`` (str) or ``docx``
    (bytes; needs the ``docx`` extra). The github format reports the gates of ``verdict`` (by default, none).
    An unknown format, or one that does not render this kind of result (``csv`` renders only ``Plans`` and a
    ``Cluster``), raises FormatError, a ValueError."""
    from lsp_check.report import FORMATS
    from lsp_check.report import render as run

    if format not in FORMATS:
        raise FormatError(f"unknown format {format!r}; expected one of: {', '.join(FORMATS)}", format)
    rendered = run(format, result, RenderOptions(color=color, width=width, verdict=verdict, bom=bom))
    return rendered if isinstance(rendered, (str, bytes)) else "".join(rendered)

