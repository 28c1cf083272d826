"""A cache of the checked questionnaire library, so each run need not re-parse every questionnaire file.

The key is every file's path, size, modification time and inode plus the
lsp-check version; any change to any file means a miss. Only libraries that
loaded without errors are cached. The cache is an optimisation: every failure
to read or write it is ignored. Set LSP_CHECK_NO_CACHE=1 to turn it off, or
LSP_CHECK_CACHE_DIR to move it. Measured by bench/tricks.py "library-cache": 8% of
`lsp-check score FILE --format json` on a quiet machine (more on a loaded one).
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

from lsp_check import __version__


def cache_dir() -> str | None:
    """Where the cache lives, or None when caching is turned off."""
    if os.environ.get("LSP_CHECK_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("LSP_CHECK_CACHE_DIR"):
        return os.environ["LSP_CHECK_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "lsp-check")


def key_for(plan: list[tuple[str, str, bool]]) -> str | None:
    """A key naming exactly these files in this state, or None if one cannot be read."""
    parts = [__version__]
    here = os.path.dirname(os.path.realpath(__file__))
    try:
        # The cached objects' shapes come from these modules: a change to them is a miss too.
        for module in ("../questionnaire.py", "questionnaires.py", "cache.py", "cachecodec.py"):
            parts.append(str(os.stat(os.path.join(here, module)).st_mtime_ns))
        for path, name, bundled in plan:
            stat = os.stat(path)
            parts.append(f"{os.path.abspath(path)}\0{name}\0{bundled}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}")
    except OSError:
        return None
    return "\n".join(parts)


def _file(key: str) -> str | None:
    directory = cache_dir()
    if directory is None:
        return None
    return os.path.join(directory, f"library-{zlib.crc32(key.encode('utf-8')):08x}.cache")


def load(key: str | None) -> Any:
    """The cached value for a key, or None."""
    path = _file(key) if key else None
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            stored_key, value = marshal.load(handle)
    except Exception:  # noqa: BLE001 - a broken or missing cache is a miss, never an error
        return None
    return value if stored_key == key else None


def save(key: str | None, value: Any) -> None:
    """Store a value (plain values only: marshal's types) under a key, atomically; failures are ignored."""
    path = _file(key) if key else None
    if path is None:
        return
    directory = os.path.dirname(path)
    temp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        os.makedirs(directory, exist_ok=True)
        with open(temp, "wb") as handle:
            marshal.dump((key, value), handle)
        os.replace(temp, path)
        _prune(directory)
    except Exception:  # noqa: BLE001 - caching is only an optimisation
        try:
            os.unlink(temp)
        except OSError:
            pass


KEEP = 16


def _prune(directory: str) -> None:
    """Keep only the most recently written few entries."""
    names = [n for n in os.listdir(directory) if n.startswith("library-") and n.endswith(".cache")]
    entries = sorted((os.path.join(directory, n) for n in names), key=lambda p: os.stat(p).st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        try:
            os.unlink(old)
        except OSError:
            pass
