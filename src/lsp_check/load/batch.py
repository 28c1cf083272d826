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


def read_into(paths: list[str], library: Library, sink: S, strict: bool = False) -> tuple[S, list[Problem]]:
    """Read every file into the sink, collecting every problem (warnings among them) rather than stopping."""
    sink, problems, _ = _read(paths, library, sink, strict)
    return sink, problems


def _read(paths: list[str], library: Library, sink: S, strict: bool) -> tuple[S, list[Problem], int]:
    """``read_into``, counting the answer sheets read too."""
    problems: list[Problem] = []
    read = 0
    for path in paths:
        try:
            sheets = read_sheets(path, library, strict, problems)
        except InputError as error:
            problems.extend(error.problems)
            continue
        for sheet in sheets:
            # A file that names no partnership is in the partnership "": reports say "partnership not named"
            # rather than guess a name from the folder's.
            sink.add(sheet, library)
            read += 1
    return sink, problems, read


_WORKER: tuple[Library, Callable[[], Sink]] | None = None


def _init_worker(library: Library, make: Callable[[], Sink]) -> None:
    global _WORKER
    _WORKER = (library, make)


def _work(job: tuple[list[str], bool]) -> tuple[Sink, list[Problem], int]:
    assert _WORKER is not None
    library, make = _WORKER
    return _read(job[0], library, make(), job[1])


def read_all(paths: list[str], library: Library, make: Callable[[], S], strict: bool = False,
             warnings: list[Problem] | None = None, workers: int | None = None,
             skipped: list[Problem] | None = None, review: Callable[[S], list[Problem]] | None = None) -> S:
    """Read every file into a sink made by ``make``, in parallel for large batches; raise InputError with every
    error.

    Warnings (a form's columns that match no question) are added to ``warnings``; ``strict`` makes them errors.
    ``review`` adds warnings (or errors, which no file's leaving out mends) on what was read as a whole (the
    partnerships' names: load/identity.py; their answers' dates: method.fieldwork_periods). Given a
    ``skipped`` list (--skip-invalid), files with errors are left out instead, and the first problem of each is
    added to it; InputError is still raised when no answers are left.
    """
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        sink, problems, read = _read(paths, library, make(), strict)
    else:
        import multiprocessing

        size = -(-len(paths) // workers)
        chunks = [(paths[i:i + size], strict) for i in range(0, len(paths), size)]
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with context.Pool(len(chunks), initializer=_init_worker, initargs=(library, make)) as pool:
            parts = pool.map(_work, chunks)
        sink, problems, read = make(), [], 0
        for part, part_problems, part_read in parts:  # in file order, so partnerships keep their first-seen order
            problems.extend(part_problems)
            sink.merge(cast("S", part))  # each worker's sink was made by ``make``
            read += part_read
    reviewed = review(sink) if review is not None else []
    problems.extend(reviewed)
    errors = [p for p in problems if p.severity != "warning"]
    # An error of the review is of what was read as a whole (--strict), not of a file that could be left out.
    if errors and (skipped is None or not read or any(p.severity != "warning" for p in reviewed)):
        raise InputError(problems)  # the warnings too, so that every problem is said in one run
    if errors and skipped is not None:
        from lsp_check.problems import first_of_each_file

        # A file with an error was never added (reading it raised), so what is left is the valid files.
        skipped.extend(first_of_each_file(errors))
        problems = [p for p in problems if p.severity == "warning"]
    if warnings is not None:
        warnings.extend(problems)
    return sink
