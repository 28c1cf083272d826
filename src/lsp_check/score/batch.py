"""Reading many answers files into per-partnership accumulators, streaming, on one or more cores."""

from __future__ import annotations

import os

from lsp_check.load.sheets import read_sheets
from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import Library
from lsp_check.score.room import Accumulator

# Below this many files one process is quicker than starting another.
PARALLEL_FROM = 400


def accumulate(paths: list[str], library: Library, keep_names: bool,
               strict: bool = False, by: str = "") -> tuple[dict[str, Accumulator], list[Problem]]:
    """Stream the files into one accumulator per partnership, collecting every problem (warnings among them)."""
    groups: dict[str, Accumulator] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            sheets = read_sheets(path, library, strict, problems)
        except InputError as error:
            problems.extend(error.problems)
            continue
        for sheet in sheets:
            # Files that do not name their partnership take the name of their folder.
            key = sheet.partnership or os.path.basename(os.path.dirname(os.path.realpath(path)))
            group = groups.get(key)
            if group is None:
                group = groups[key] = Accumulator(key, keep_names, by)
            group.add(sheet, library)
    return groups, problems


_WORKER_LIBRARY: Library | None = None


def _init_worker(library: Library) -> None:
    global _WORKER_LIBRARY
    _WORKER_LIBRARY = library


def _work(job: tuple[list[str], bool, bool, str]) -> tuple[dict[str, Accumulator], list[Problem]]:
    assert _WORKER_LIBRARY is not None
    return accumulate(job[0], _WORKER_LIBRARY, job[1], job[2], job[3])


def accumulate_all(paths: list[str], library: Library, keep_names: bool = False, workers: int | None = None,
                   strict: bool = False, warnings: list[Problem] | None = None,
                   by: str = "") -> dict[str, Accumulator]:
    """Accumulate every file, in parallel for large batches; raise InputError with every error.

    Warnings (a form's columns that match no question) are added to ``warnings``; ``strict`` makes them errors.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        groups, problems = accumulate(paths, library, keep_names, strict, by)
    else:
        import multiprocessing

        size = -(-len(paths) // workers)
        chunks = [(paths[i:i + size], keep_names, strict, by) for i in range(0, len(paths), size)]
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with context.Pool(len(chunks), initializer=_init_worker, initargs=(library,)) as pool:
            parts = pool.map(_work, chunks)
        groups, problems = {}, []
        for part_groups, part_problems in parts:  # in file order, so partnerships keep their first-seen order
            problems.extend(part_problems)
            for key, acc in part_groups.items():
                if key in groups:
                    groups[key].merge(acc)
                else:
                    groups[key] = acc
    if any(p.severity != "warning" for p in problems):
        raise InputError(problems)  # the warnings too, so that every problem is said in one run
    if warnings is not None:
        warnings.extend(problems)
    return groups
