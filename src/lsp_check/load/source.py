"""Reading one input file's bytes: a regular file, or standard input for "-", bounded in size.

FIFOs, devices and sockets are refused before anything is read: a FIFO would wait for ever and
/dev/zero would never end. Standard input is read once and kept, so a file given as "-" can be
read again (answers are re-read to locate problems).
"""

from __future__ import annotations

import os
import stat
import sys

from lsp_check.problems import fail

STDIN = "-"
STDIN_NAME = "<stdin>"

_KINDS = (
    (stat.S_ISDIR, "is a directory; expected a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file; to read a pipe, give '-' and redirect it to "
                    "standard input"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)

# Standard input as read, with the stream it came from (tests swap sys.stdin between runs in one process).
_stdin: tuple[object, bytes] | None = None


def display_name(path: str) -> str:
    """The name messages give a file: its path, or <stdin> for "-"."""
    return STDIN_NAME if path == STDIN else path


def read_bytes(path: str, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file (or of standard input for "-"), refusing anything else and anything too big."""
    if path == STDIN:
        return _read_stdin(name, max_bytes)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise fail(name, "file not found") from None
    except OSError as exc:
        raise fail(name, f"cannot be read: {exc.strerror or exc}") from None
    _check_kind(info.st_mode, name)
    _check_size(info.st_size, name, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Non-blocking, so that a file swapped for a FIFO after the check above cannot hang the open.
        fd = os.open(path, flags)
    except OSError as exc:
        raise fail(name, f"cannot be read: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            _check_kind(os.fstat(handle.fileno()).st_mode, name)
            # Ask for the size the file had (a buffer of max_bytes for a small file costs time), then, if it
            # has grown since, for the rest up to the limit.
            raw = handle.read(min(info.st_size, max_bytes) + 1)
            if len(raw) > info.st_size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        raise fail(name, f"cannot be read: {exc.strerror or exc}") from None
    _check_size(len(raw), name, max_bytes)
    return raw


def _read_stdin(name: str, max_bytes: int) -> bytes:
    global _stdin
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise fail(name, "standard input is not available")
    if _stdin is None or _stdin[0] is not stream:
        try:
            _stdin = (stream, stream.read(max_bytes + 1))
        except (OSError, ValueError) as exc:
            raise fail(name, f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    _check_size(len(_stdin[1]), name, max_bytes)
    return _stdin[1]


def _check_kind(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    for test, message in _KINDS:
        if test(mode):
            raise fail(name, message)
    raise fail(name, "is not a regular file")


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise fail(name, f"is larger than {max_bytes:,} bytes ({max_bytes // 1_048_576} MiB), the most lsp-check "
                         "reads from one file; split it or remove what is not needed")
