"""What the files given add up to: one answers file's health check, or a room of respondents per partnership.

The rule is written once, here: one argument naming one answers file (not a directory, not a form export) is
scored as a single health check; anything else (several files, a directory, a glob, a form export) is a room,
whose respondents are combined per partnership.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

from lsp_check.load.sheets import is_form_export
from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import Library
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.score.room import GroupResult, Rooms
    from lsp_check.score.sectors import Sectors

# A room's modules are imported only when there is a room, so scoring one file starts no slower for them.
Assessment = Union[Result, "Rooms"]


def is_single(args: Sequence[str], paths: Sequence[str]) -> bool:
    """Whether the arguments name one answers file, scored on its own (see the module's rule)."""
    return len(args) == 1 and len(paths) == 1 and not is_form_export(paths[0]) and not os.path.isdir(args[0])


def assess(args: Sequence[str], paths: Sequence[str], library: Library, keep_names: bool = False,
           strict: bool = False, warnings: list[Problem] | None = None) -> Assessment:
    """Score the files the arguments named: a Result for one answers file, otherwise Rooms."""
    if is_single(args, paths):
        from lsp_check.load.answers import load_answers
        from lsp_check.score.engine import score

        return score(library, load_answers(paths[0], library))
    from lsp_check.score.batch import accumulate_all

    groups = accumulate_all(list(paths), library, keep_names=keep_names, strict=strict, warnings=warnings)
    from lsp_check.score.room import Rooms

    return Rooms(tuple(group.finish(library) for group in groups.values()))


def assess_by(paths: Sequence[str], library: Library, by: str, min_group: int, strict: bool = False,
              warnings: list[Problem] | None = None) -> Sectors:
    """Score the files as a room, each partnership's groups (by sector or organisation) side by side."""
    from lsp_check.score.batch import accumulate_all
    from lsp_check.score.sectors import sectors

    groups = accumulate_all(list(paths), library, strict=strict, warnings=warnings, by=by)
    return sectors(list(groups.values()), library, by, min_group)


def one_partnership(assessment: Assessment, where: str) -> Union[Result, GroupResult]:
    """The one partnership an assessment holds (a side of a comparison); two or more is bad input."""
    if isinstance(assessment, Result):
        return assessment
    if len(assessment.groups) != 1:
        names = ", ".join(r.partnership or "(unnamed)" for r in assessment.groups)
        raise InputError([Problem(where, f"holds {len(assessment.groups)} partnerships ({names}); compare takes "
                                         "one partnership on each side (use 'lsp-check cluster' for several)")])
    return assessment.groups[0]
