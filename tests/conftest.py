"""Shared fixtures: the project's paths and a loaded bundled library."""

from __future__ import annotations

import os
import sys
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

# The modules this process compiles from here on (the test modules, which pytest rewrites, and the package) are
# kept between runs in pytest's own cache folder, even where the environment says not to write bytecode
# (PYTHONDONTWRITEBYTECODE): otherwise every worker of every run compiles all of them again. Nothing is written
# beside the sources; subprocesses keep the environment they are given.
sys.pycache_prefix = str(ROOT / ".pytest_cache" / "pycache")
sys.dont_write_bytecode = False


@pytest.fixture(scope="session")
def library():
    """The bundled questionnaires."""
    from lsp_check.load.questionnaires import load_library

    lib, _warnings = load_library()
    return lib


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory):
    """The project built as a wheel and unpacked into a folder to put on PYTHONPATH, as pip would install it:
    ``(wheel, site)``. Built once a session (the tests that use it share the xdist group "wheel")."""
    import subprocess
    import zipfile

    where = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(where), str(ROOT)],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = where.glob("lsp_check-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(where / "site")
    return wheel, where / "site"


# The browser every browser test shares: Debian's chromium, driven by playwright (which downloads no browser).
CHROMIUM = "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("LSP_CHECK_REQUIRE_BROWSER") == "1"
# Headless and offline: no sandbox (containers), no GPU, nothing fetched, every host name unresolvable but the
# loopback address the live room's tests serve on.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session (one per worker under pytest-xdist).

    Skipped, saying why, where chromium is not installed; with LSP_CHECK_REQUIRE_BROWSER=1 (set by .ci/run once
    chromium is there) a missing browser fails instead.
    """
    if not os.path.exists(CHROMIUM):
        message = f"chromium is not installed at {CHROMIUM}, so the HTML reports were not checked in a browser"
        if REQUIRE_BROWSER:
            pytest.fail(f"LSP_CHECK_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(f"{message} (.ci/run installs it with apt-get when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# Every kind of HTML page the tool makes, as the command that makes it (run from the checkout): adding a page is one
# line. The browser tests (tests/test_browser.py, tests/test_table_fit.py) open them.
HTML_PAGES = {
    "single": ("score", "examples/spelthorne-2006.yaml"),
    "single-radar": ("score", "examples/smarter-partnerships.yaml"),
    "single-narrative": ("score", "examples/surrey-baseline.yaml"),
    "room": ("score", "tests/fixtures/room"),
    "compare": ("compare", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml"),
    "cluster": ("cluster", "examples/cluster"),
    "plan": ("plan", "examples/spelthorne-2006.yaml"),
    "sectors": ("score", "examples/sectors", "--by", "sector"),
    "trend": ("trend", "examples/spelthorne-2006.yaml", "examples/spelthorne-2007.yaml", "examples/spelthorne-2008.yaml"),
}


@pytest.fixture(scope="session")
def html_page(tmp_path_factory):
    """Each kind of HTML page (HTML_PAGES), written by the command a user runs the first time a test asks for it."""
    from click.testing import CliRunner

    from lsp_check.cli.main import cli

    folder = tmp_path_factory.mktemp("html-pages")
    made: dict[str, Path] = {}

    def page(kind: str) -> Path:
        if kind not in made:
            command, *inputs = HTML_PAGES[kind]
            out = folder / f"{kind}.html"
            here = os.getcwd()
            os.chdir(ROOT)
            try:
                result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, [command, *inputs, "-f", "html", "-o", str(out)])
            finally:
                os.chdir(here)
            assert result.exit_code == 0, result.stderr
            made[kind] = out
        return made[kind]

    return page


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist's ``--dist loadgroup`` (pyproject.toml), keep each xdist_group's tests on one worker.

    pytest-xdist marks a grouped test by adding ``@GROUP`` to its node id, assigning ``item._nodeid``; from pytest
    9.2 a node id is ``item._id``, so that assignment is lost and groups are scattered. This makes the same mark.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid.rpartition("]")[2]:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


def code_lines(markdown: str) -> list[str]:
    """The lines of a page's fenced code blocks, each without its fence's indentation (as Markdown reads it)."""
    lines, fenced, indent = [], False, 0
    for line in markdown.split("\n"):
        stripped = line.lstrip(" ")
        if stripped.startswith("```"):
            fenced, indent = not fenced, len(line) - len(stripped)
        elif fenced and stripped:
            lines.append(line[min(indent, len(line) - len(stripped)):].rstrip())
    return lines


def widest_prose(printed: str, markdown: str) -> int:
    """The widest line of a help page as printed, leaving out its code lines (printed whole, however wide)."""
    code = set(code_lines(markdown))
    return max((len(line) for line in printed.split("\n") if line.strip() not in {c.strip() for c in code}), default=0)
