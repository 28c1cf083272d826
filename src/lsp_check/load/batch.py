"""Reading many answers files and form exports into a sink, streaming, on one or more cores.

Each file's answer sheets are handed to a sink as they are read (the room's tallies of score/room.py), so
nothing is kept but what the sink keeps. From ``PARALLEL_FROM`` files on, the files are split between
worker processes, each filling its own sink, and the sinks are merged in file order, so the result is the
same as one process's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol, TypeVar, cast

from lsp_check.load.sheets import read_sheets
from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import AnswerSheet, Library

# Below this many files one process is quicker than starting another. Reading on every core buys 28% of
# `lsp-check score DIR --format json` on 10,000 files on two cores (bench/tricks.py "parallel-reading").
PARALLEL_FROM = 400


T = TypeVar("T", bound="Sink")


class Sink(Protocol):
    """What the sheets are read into: it takes one sheet at a time, and folds in another sink's sheets."""

    def add(self, sheet: AnswerSheet, library: Library) -> None:
        """Take one respondent's answer sheet."""

    def merge(self: T, other: T) -> None:
        """Fold in a sink of the same kind, filled from later files."""


S = TypeVar("S", bound=Sink)


def partnership_of(sheet: AnswerSheet, path: str) -> AnswerSheet:
    """The sheet, named after its file's folder when it does not name its partnership."""
    if sheet.partnership:
        return sheet
    return sheet._replace(partnership=os.path.basename(os.path.dirname(os.path.realpath(path))))


def read_into(paths: list[str], library: Library, sink: S, strict: bool = False) -> tuple[S, list[Problem]]:
    """Read every file into the sink, collecting every problem (warnings among them) rather than stopping."""
    problems: list[Problem] = []
    for path in paths:
        try:
            sheets = read_sheets(path, library, strict, problems)
        except InputError as error:
            problems.extend(error.problems)
            continue
        for sheet in sheets:
            sink.add(partnership_of(sheet, path), library)
    return sink, problems


_WORKER: tuple[Library, Callable[[], Sink]] | None = None


def _init_worker(library: Library, make: Callable[[], Sink]) -> None:
    global _WORKER
    _WORKER = (library, make)


def _work(job: tuple[list[str], bool]) -> tuple[Sink, list[Problem]]:
    assert _WORKER is not None
    library, make = _WORKER
    return read_into(job[0], library, make(), job[1])


def read_all(paths: list[str], library: Library, make: Callable[[], S], strict: bool = False,
             warnings: list[Problem] | None = None, workers: int | None = None) -> S:
    """Read every file into a sink made by ``make``, in parallel for large batches; raise InputError with every
    error.

    Warnings (a form's columns that match no question) are added to ``warnings``; ``strict`` makes them errors.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        sink, problems = read_into(paths, library, make(), strict)
    else:
        import multiprocessing

        size = -(-len(paths) // workers)
        chunks = [(paths[i:i + size], strict) for i in range(0, len(paths), size)]
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with context.Pool(len(chunks), initializer=_init_worker, initargs=(library, make)) as pool:
            parts = pool.map(_work, chunks)
        sink, problems = make(), []
        for part, part_problems in parts:  # in file order, so partnerships keep their first-seen order
            problems.extend(part_problems)
            sink.merge(cast("S", part))  # each worker's sink was made by ``make``
    if any(p.severity != "warning" for p in problems):
        raise InputError(problems)  # the warnings too, so that every problem is said in one run
    if warnings is not None:
        warnings.extend(problems)
    return sink
