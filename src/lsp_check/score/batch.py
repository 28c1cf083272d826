"""Reading many answers files into per-partnership accumulators, streaming, on one or more cores."""

from __future__ import annotations

import os

from lsp_check.score.room import Accumulator
from lsp_check.model import AnswerSheet, Library
from lsp_check.problems import InputError, Problem

# Below this many files one process is quicker than starting another.
PARALLEL_FROM = 400


def read_sheets(path: str, library: Library) -> list[AnswerSheet]:
    """The answer sheets in one file: one for a YAML file, one per row for a form export."""
    if path.lower().endswith(".csv"):
        from pathlib import Path

        from lsp_check.load.forms import read_responses

        return read_responses(Path(path), library)
    from lsp_check.load.answers import load_answers

    return [load_answers(path, library)]


def accumulate(paths: list[str], library: Library, keep_names: bool) -> tuple[dict[str, Accumulator], list[Problem]]:
    """Stream the files into one accumulator per partnership, collecting every problem."""
    groups: dict[str, Accumulator] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            sheets = read_sheets(path, library)
        except InputError as error:
            problems.extend(error.problems)
            continue
        for sheet in sheets:
            # Files that do not name their partnership take the name of their folder.
            key = sheet.partnership or os.path.basename(os.path.dirname(os.path.realpath(path)))
            group = groups.get(key)
            if group is None:
                group = groups[key] = Accumulator(key, keep_names)
            group.add(sheet, library)
    return groups, problems


_WORKER_LIBRARY: Library | None = None


def _init_worker(library: Library) -> None:
    global _WORKER_LIBRARY
    _WORKER_LIBRARY = library


def _work(job: tuple[list[str], bool]) -> tuple[dict[str, Accumulator], list[Problem]]:
    assert _WORKER_LIBRARY is not None
    return accumulate(job[0], _WORKER_LIBRARY, job[1])


def accumulate_all(paths: list[str], library: Library, keep_names: bool = False,
                   workers: int | None = None) -> dict[str, Accumulator]:
    """Accumulate every file, in parallel for large batches; raise InputError with every problem."""
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        groups, problems = accumulate(paths, library, keep_names)
    else:
        import multiprocessing

        size = -(-len(paths) // workers)
        chunks = [(paths[i:i + size], keep_names) for i in range(0, len(paths), size)]
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
    if problems:
        raise InputError(problems)
    return groups
