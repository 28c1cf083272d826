"""Writing files safely: atomically, never over something the user wrote, and straight through to devices.

The policy (docs/reliability.md, "Output targets"): a regular file is replaced
atomically (a temporary file beside it, renamed into place); a symbolic link is
kept and its target replaced atomically; a device, FIFO or socket, or a
descriptor such as ``/dev/stdout``, is written straight through, never
replaced. Any OS error while writing is bad input naming the file and the
reason: the old file is left intact and no temporary file is left behind.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from lsp_check.problems import InputError, fail

# A symbolic link through one of these is an open descriptor (/dev/stdout -> /proc/self/fd/1), written through.
_DESCRIPTOR = re.compile(r"^/(?:proc/(?:self|thread-self|\d+)|dev)/fd/\d+$")
_MAX_LINKS = 40


def check_writable(path: Path) -> Path:
    """The directory ``path`` would be written in; raise InputError if it cannot be written there.

    A directory that does not exist yet is no obstacle (writing creates it, ``make_directory``), unless what is
    in its place is a file."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise fail(str(path), "is a directory; expected a file name to write")
    if not directory.is_dir():
        # The nearest of the folder and its parents that is there: a file in the way cannot hold a folder.
        blocked = next((p for p in (directory, *directory.parents) if p.exists() or p.is_symlink()), None)
        if blocked is not None and not blocked.is_dir():
            raise fail(str(path), f"cannot be written: '{blocked}' is a file, not a directory")
    return directory


def make_directory(path: Path) -> Path:
    """The directory ``path`` is written in, created first (with any missing parents) if it does not exist, as a
    new output file's folder may not yet: every command's -o writes so."""
    directory = check_writable(path)
    if not directory.is_dir():
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise fail(str(path), f"cannot be written: directory '{directory}' cannot be created: "
                                  f"{_reason(error)}") from None
    return directory


def writes_through(path: Path) -> bool:
    """Whether ``path`` is written straight through: a device, FIFO or socket, or a link to an open descriptor."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return True
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR.match(current):
            return True
        if not os.path.islink(current):
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _link_target(path: Path) -> Path:
    """The file a symbolic link names, which may not exist yet; a loop of links is an OS error (ELOOP)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        pass  # a dangling link: its target is created
    return Path(os.path.realpath(path))


def _refuse_kernel_files(path: Path, target: Path) -> None:
    """Files under /proc and /sys are the kernel's settings, never a report, even for root."""
    for top in ("/proc", "/sys"):
        if os.path.abspath(target).startswith(top + "/"):
            raise fail(str(path), f"cannot be written: it is under {top}, the kernel's interface, not a place "
                                  "for a report")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_atomic(path: Path, data: str | bytes | Iterable[str]) -> None:
    """Write text (UTF-8), bytes, or text in chunks to ``path``, replacing it atomically.

    No half file is ever left. A file that is replaced keeps its permissions; a new one gets the usual
    ones (0666 less the umask), not the owner-only permissions of a temporary file. A symbolic link is
    kept, and its target replaced; a device or FIFO is written straight through.
    """
    try:
        if writes_through(path):
            _write_through(path, data)
            return
        target = _link_target(path) if path.is_symlink() else path
        _refuse_kernel_files(path, target)
        _replace(target, data)
    except OSError as error:
        raise fail(str(path), f"cannot be written: {_reason(error)}") from None


def _replace(path: Path, data: str | bytes | Iterable[str]) -> None:
    directory = make_directory(path)
    mode = _mode_for(path)
    fd, temp = _temporary(path, directory)
    try:
        with _open(fd, data) as handle:
            _write(handle, data)
            handle.flush()
            _chmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, data: str | bytes | Iterable[str]) -> None:
    with (open(path, "wb") if isinstance(data, bytes) else open(path, "w", encoding="utf-8", newline="\n")) as handle:
        _write(handle, data)


def _temporary(path: Path, directory: Path) -> tuple[int, str]:
    # The name is cut so that a target with a long (but valid) name still has a valid temporary name.
    return tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=directory)


def _open(fd: int, data: object) -> IO[Any]:
    return os.fdopen(fd, "wb") if isinstance(data, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline="\n")


def _write(handle: IO[Any], data: str | bytes | Iterable[str]) -> None:
    if isinstance(data, (str, bytes)):
        handle.write(data)
    else:
        handle.writelines(data)  # large reports arrive in chunks


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
    """Write a file that must not exist yet (refusing to overwrite), atomically; a device or FIFO is written to."""
    try:
        if writes_through(path):
            _write_through(path, text)
            return
        _refuse_kernel_files(path, Path(os.path.realpath(path)))
        _create(path, text)
    except InputError:
        raise
    except OSError as error:
        raise fail(str(path), f"cannot be written: {_reason(error)}") from None


def _create(path: Path, text: str) -> None:
    if path.exists() or path.is_symlink():
        raise fail(str(path), "already exists; lsp-check never overwrites it (choose another name or remove it)")
    directory = make_directory(path)
    fd, temp = _temporary(path, directory)
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
