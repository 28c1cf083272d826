"""Writing files safely: atomically, and never over something the user wrote."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Any

from lsp_check.problems import fail


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes to a new file beside ``path`` and rename it into place, so no half file is left."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise fail(str(path), "is a directory; expected a file name to write")
    if not directory.is_dir():
        raise fail(str(path), f"cannot be written: directory '{directory}' does not exist")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        handle: IO[Any] = (os.fdopen(fd, "wb") if isinstance(data, bytes)
                           else os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (refusing to overwrite), atomically."""
    if path.exists():
        raise fail(str(path), "already exists; lsp-check never overwrites it (choose another name or remove it)")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise fail(str(path), f"cannot be written: directory '{directory}' does not exist")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # link() fails if the name was taken meanwhile, unlike replace().
        os.link(temp, path)
    except FileExistsError:
        raise fail(str(path), "already exists; lsp-check never overwrites it") from None
    finally:
        Path(temp).unlink(missing_ok=True)
