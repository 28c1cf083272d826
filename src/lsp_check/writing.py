"""Writing files safely: atomically, and never over something the user wrote."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from lsp_check.problems import fail


def check_writable(path: Path) -> Path:
    """The directory ``path`` would be written in; raise InputError if it cannot be written there."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise fail(str(path), "is a directory; expected a file name to write")
    if not directory.is_dir():
        raise fail(str(path), f"cannot be written: directory '{directory}' does not exist")
    return directory


def write_atomic(path: Path, data: str | bytes | Iterable[str]) -> None:
    """Write text (UTF-8), bytes, or text in chunks to a new file beside ``path`` and rename it into place.

    No half file is ever left. A file that is replaced keeps its permissions; a new one gets the usual
    ones (0666 less the umask), not the owner-only permissions of a temporary file.
    """
    directory = check_writable(path)
    mode = _mode_for(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        handle: IO[Any] = (os.fdopen(fd, "wb") if isinstance(data, bytes)
                           else os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
        with handle:
            if isinstance(data, (str, bytes)):
                handle.write(data)
            else:
                handle.writelines(data)  # large reports arrive in chunks
            handle.flush()
            _chmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _chmod(fd: int, mode: int) -> None:
    if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where permissions differ anyway
        os.fchmod(fd, mode)


def write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (refusing to overwrite), atomically."""
    if path.exists():
        raise fail(str(path), "already exists; lsp-check never overwrites it (choose another name or remove it)")
    directory = check_writable(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            _chmod(handle.fileno(), _mode_for(path))
        # link() fails if the name was taken meanwhile, unlike replace().
        os.link(temp, path)
    except FileExistsError:
        raise fail(str(path), "already exists; lsp-check never overwrites it") from None
    finally:
        Path(temp).unlink(missing_ok=True)
