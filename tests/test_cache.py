"""The questionnaire library cache never serves a stale or broken library."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from lsp_check.cli.main import cli

QUESTIONNAIRE = """\
id: tiny
title: Tiny
sections:
  - id: tiny
    title: Tiny
    scale: action
    bands:
      - {min: 0, max: 3, label: LABEL}
    questions:
      - id: q
        text: A statement
        need: a need
        actions: [do something]
"""


def _score(tmp_path: Path, directory: Path) -> dict:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  tiny:\n    q: YES - working well\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(answers), "-f", "json", "--questionnaires", str(directory)])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_edited_questionnaire_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("LSP_CHECK_CACHE_DIR", str(tmp_path / "cache"))
    directory = tmp_path / "mine"
    directory.mkdir()
    path = directory / "tiny.yaml"
    path.write_text(QUESTIONNAIRE.replace("LABEL", "First"), encoding="utf-8")
    assert _score(tmp_path, directory)["sections"][0]["band"]["label"] == "First"
    assert list((tmp_path / "cache").glob("library-*.cache"))
    path.write_text(QUESTIONNAIRE.replace("LABEL", "Second"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _score(tmp_path, directory)["sections"][0]["band"]["label"] == "Second"


def test_corrupt_cache_is_ignored(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("LSP_CHECK_CACHE_DIR", str(cache))
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "tiny.yaml").write_text(QUESTIONNAIRE.replace("LABEL", "Band"), encoding="utf-8")
    _score(tmp_path, directory)
    for entry in cache.glob("library-*.cache"):
        entry.write_bytes(b"not a pickle")
    assert _score(tmp_path, directory)["sections"][0]["band"]["label"] == "Band"


def test_errors_are_reported_every_time_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("LSP_CHECK_CACHE_DIR", str(tmp_path / "cache"))
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "tiny.yaml").write_text(QUESTIONNAIRE.replace("scale: action", "scale: actoin"), encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(cli, ["questionnaires", "--questionnaires", str(directory)])
        assert result.exit_code == 2
        assert "scale 'actoin' is not defined (did you mean 'action'?)" in result.stderr


def test_cached_library_is_identical_to_a_freshly_checked_one():
    import marshal

    from lsp_check.load import cachecodec as libcodec
    from lsp_check.load.questionnaires import _display, _Source, build_library, bundled_dir, questionnaire_files
    from lsp_check.load.yamlfile import load_file

    library, warnings = build_library([_Source(load_file(p, _display(p)), True)
                                       for p in questionnaire_files(bundled_dir())])
    stored = marshal.loads(marshal.dumps(libcodec.encode(library, warnings)))
    assert libcodec.decode(stored) == (library, warnings)
