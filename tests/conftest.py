"""Shared fixtures: the project's paths and a loaded bundled library."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep the library cache of test runs (including subprocesses) out of the user's home.
os.environ["LSP_CHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="lsp-check-test-cache-")
# Text is laid out to COLUMNS when it is set, and pytest-xdist sets it in its workers: tests that want a width
# set it themselves.
os.environ.pop("COLUMNS", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def library():
    """The bundled questionnaires."""
    from lsp_check.load.questionnaires import load_library

    lib, _warnings = load_library()
    return lib
