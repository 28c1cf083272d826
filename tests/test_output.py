"""Atomic writing: whole files only, and the permissions a user expects."""

from __future__ import annotations

import os
import stat

import pytest

from lsp_check.problems import InputError
from lsp_check.writing import write_atomic, write_new

posix_only = pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")


@posix_only
def test_replacing_a_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@posix_only
@pytest.mark.parametrize("write", [write_atomic, write_new])
def test_a_new_file_gets_the_usual_permissions_not_owner_only(tmp_path, write):
    old = os.umask(0o022)
    try:
        write(tmp_path / "report.md", "text\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == 0o644


def test_nothing_is_left_beside_the_file(tmp_path):
    write_atomic(tmp_path / "a.yaml", "one\n")
    write_atomic(tmp_path / "a.yaml", "two\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_a_missing_directory_is_created(tmp_path):
    write_atomic(tmp_path / "nowhere" / "deeper" / "a.yaml", "x\n")
    assert (tmp_path / "nowhere" / "deeper" / "a.yaml").read_text(encoding="utf-8") == "x\n"


def test_a_file_where_the_directory_would_be_is_bad_input(tmp_path):
    (tmp_path / "taken").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match="'.*taken' is a file, not a directory"):
        write_atomic(tmp_path / "taken" / "deeper" / "a.yaml", "x\n")
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine\n"
