"""The examples command: a copy of the bundled example answers files, for trying the commands the docs show.

The examples ship in the wheel as ``lsp_check/examples`` (pyproject.toml); in a source checkout they are its
``examples/`` folder. ``lsp-check examples DIR`` copies them into ``DIR/examples``, so that every command the docs
write as ``examples/...`` runs from DIR. A user's file is never overwritten: a file already there with the same
content is left as it is; one that differs stops the copy before anything is written (exit 2), unless
``--skip-existing`` asks to write the others and leave those alone.
"""

from __future__ import annotations

from pathlib import Path

import click

from lsp_check.cli.common import Refusal, say


def examples_dir() -> Path:
    """Where the bundled examples are: inside the installed package, or the source checkout's examples/."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "examples"
    return packaged if packaged.is_dir() else package.parent.parent / "examples"


def example_files() -> list[Path]:
    """Every bundled example file, relative to the examples folder, in name order."""
    root = examples_dir()
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def _state(target: Path, content: bytes) -> str:
    """What is at ``target`` now: 'new' (nothing), 'same' (a file with this content) or 'clash' (anything else,
    a directory in the way included)."""
    for parent in reversed(target.parents):
        if (parent.exists() or parent.is_symlink()) and not parent.is_dir():
            return "clash"
    if not target.exists() and not target.is_symlink():
        return "new"
    try:
        return "same" if target.is_file() and target.read_bytes() == content else "clash"
    except OSError:
        return "clash"


SHOWN_CLASHES = 10


@click.command("examples", short_help="Copy the example answers files the docs use.")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--skip-existing", is_flag=True,
              help="Write the files that are missing and leave any that differ as they are, rather than refuse.")
def examples_command(directory: str, skip_existing: bool) -> None:
    """Copy the bundled example answers files into DIR/examples.

    The docs ('lsp-check help TOPIC') run their commands from a folder holding
    examples/: among others the Spelthorne checks of 2006 to 2008, a cluster
    of five partnerships and a room of delegates by sector. 'lsp-check
    examples .' gives you that folder here. Nothing is overwritten: a file
    already there with other content stops the copy (exit 2) unless
    --skip-existing is given.
    """
    from lsp_check.writing import write_new

    source = examples_dir()
    names = example_files()
    if not names:
        raise Refusal(f"no examples found in {source}; this installation of lsp-check is incomplete")
    folder = Path(directory) / "examples"
    plan = [(name, folder / name, (source / name).read_bytes()) for name in names]
    states = {name: _state(target, content) for name, target, content in plan}
    clashes = [name for name in names if states[name] == "clash"]
    if clashes and not skip_existing:
        raise Refusal(_clash_message(folder, clashes, len(names)))
    written = []
    for name, target, content in plan:
        if states[name] != "new":
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise Refusal(f"{target.parent}: cannot be created: {error.strerror or error}") from None
        write_new(target, content.decode("utf-8"))
        written.append(name)
    say(_summary(folder, names, written, clashes))


def _named(folder: Path, clashes: list[Path]) -> str:
    """The first SHOWN_CLASHES of the files that differ, and how many more."""
    shown = ", ".join(str(folder / name) for name in clashes[:SHOWN_CLASHES])
    return shown + (f" and {len(clashes) - SHOWN_CLASHES} more" if len(clashes) > SHOWN_CLASHES else "")


def _clash_message(folder: Path, clashes: list[Path], total: int) -> str:
    return (f"{len(clashes)} of the {total} example files would overwrite files of yours that differ: "
            f"{_named(folder, clashes)}; nothing was written (give another DIR, or --skip-existing to write the rest "
            "and leave these alone)")


def _summary(folder: Path, names: list[Path], written: list[Path], clashes: list[Path]) -> str:
    """What was written and what was left alone, then the next command to try."""
    same = len(names) - len(written) - len(clashes)
    parts = [f"lsp-check: wrote {len(written)} example file{'s' if len(written) != 1 else ''} to {folder}"]
    if same:
        parts.append(f"{same} already there unchanged")
    if clashes:
        parts.append(f"left alone {len(clashes)} that differ: {_named(folder, clashes)}")
    lines = ["; ".join(parts), *(_contents(folder, names) if written else ())]
    here = folder.parent
    go = "" if here.resolve() == Path.cwd().resolve() else f"cd {_quoted(str(here))} && "
    lines.append(f"Try: {go}lsp-check score examples/spelthorne-2006.yaml (and 'lsp-check help programmes' for more)")
    return "\n".join(lines)


def _contents(folder: Path, names: list[Path]) -> list[str]:
    """One line for each file at the top of the folder and each folder in it, with how many files it holds."""
    top: dict[str, int] = {}
    for name in names:
        key = name.parts[0] + ("/" if len(name.parts) > 1 else "")
        top[key] = top.get(key, 0) + 1
    return [f"  {folder / key.rstrip('/')}{'/' if key.endswith('/') else ''}"
            + (f"  ({count} files)" if key.endswith("/") else "") for key, count in top.items()]


def _quoted(path: str) -> str:
    import shlex

    return shlex.quote(path)
