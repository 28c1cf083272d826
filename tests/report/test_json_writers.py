"""A large room's JSON written on two cores is the same text as written on one, and as json.dumps writes it."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from lsp_check import api
from lsp_check.report import RenderOptions, render
from lsp_check.report import json as writer


def test_two_writers_write_the_same_text_as_one(library, monkeypatch):
    rooms = api.assess(str(EXAMPLES / "cluster"), library)
    one = "".join(render("json", rooms, RenderOptions(workers=1)))
    monkeypatch.setattr(writer, "PARALLEL_FROM", 2)
    two = "".join(render("json", rooms, RenderOptions(workers=2)))
    assert two == one
    assert one == json.dumps(json.loads(one), indent=2, ensure_ascii=False) + "\n"
    assert [g["partnership"] for g in json.loads(two)["groups"]][-1] == "Local Spelthorne Partnership"


def test_a_caller_that_allows_one_process_gets_no_fork(library, monkeypatch):
    monkeypatch.setattr(writer, "PARALLEL_FROM", 2)
    monkeypatch.setattr(writer, "_two_writers", lambda groups: (_ for _ in ()).throw(AssertionError("forked")))
    rooms = api.assess(str(EXAMPLES / "cluster"), library)
    assert json.loads("".join(render("json", rooms, RenderOptions(workers=1))))["kind"] == "groups"
