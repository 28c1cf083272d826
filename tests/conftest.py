"""Shared fixtures: the project's paths and a loaded bundled library."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def library():
    """The bundled questionnaires."""
    from lsp_check.library import load_library

    lib, _warnings = load_library()
    return lib
