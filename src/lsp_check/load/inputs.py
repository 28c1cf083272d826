"""Which files a command's arguments name: files as given, directories searched, glob patterns expanded."""

from __future__ import annotations

import os
from collections.abc import Iterable

from lsp_check.problems import InputError, Problem

ANSWER_SUFFIXES = (".yaml", ".yml", ".csv")


def is_answers_file(path: str) -> bool:
    """Whether a file name looks like an answers file or a form export."""
    return os.path.splitext(path)[1].lower() in ANSWER_SUFFIXES


def expand(args: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named by arguments: files as given, directories searched for answers files, globs expanded."""
    paths: list[str] = []
    problems: list[Problem] = []
    for arg in map(os.fspath, args):
        if os.path.isdir(arg):
            found = sorted(
                os.path.join(root, name)
                for root, _dirs, names in os.walk(arg)
                for name in names
                if is_answers_file(name)
            )
            if not found:
                problems.append(Problem(arg, "directory holds no answers files (*.yaml, *.yml, *.csv)"))
            paths.extend(found)
        elif not os.path.exists(arg) and any(c in arg for c in "*?["):
            import glob

            found = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
            if not found:
                problems.append(Problem(arg, "no files match this pattern"))
            paths.extend(found)
        else:
            paths.append(arg)
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(paths))
