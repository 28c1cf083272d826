"""The rule for what files add up to (one health check or a room), and which kind of result each is, written once."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, ROOT
from lsp_check.api import one_partnership, score_files
from lsp_check.load.inputs import expand, is_single
from lsp_check.problems import InputError
from lsp_check.report import kind_of
from lsp_check.score.result import Result
from lsp_check.score.room import Rooms


def test_one_answers_file_named_on_its_own_is_a_single_health_check():
    assert is_single(["a.yaml"], ["a.yaml"])


@pytest.mark.parametrize("args,paths", [
    (["a.yaml", "b.yaml"], ["a.yaml", "b.yaml"]),  # two files
    (["responses.csv"], ["responses.csv"]),  # a form export, even of one respondent
    (["RESPONSES.CSV"], ["RESPONSES.CSV"]),
    (["answers/*.yaml"], ["answers/a.yaml", "answers/b.yaml"]),  # a pattern
])
def test_anything_else_is_a_room(args, paths):
    assert not is_single(args, paths)


def test_a_directory_holding_one_file_is_still_a_room(tmp_path):
    (tmp_path / "only.yaml").write_text("x", encoding="utf-8")
    assert not is_single([str(tmp_path)], [str(tmp_path / "only.yaml")])


def test_assess_gives_the_kind_every_format_dispatches_on(library):
    single = score_files([str(EXAMPLES / "spelthorne-2006.yaml")], [str(EXAMPLES / "spelthorne-2006.yaml")], library)
    room = score_files([str(ROOT / "tests/fixtures/room")], expand([str(ROOT / "tests/fixtures/room")]), library)
    assert isinstance(single, Result) and kind_of(single) == "single"
    assert isinstance(room, Rooms) and kind_of(room) == "room" and len(room.rooms) == 1


def test_a_side_of_a_comparison_must_hold_one_partnership(library):
    room = score_files([str(EXAMPLES / "cluster")], expand([str(EXAMPLES / "cluster")]), library)
    with pytest.raises(InputError) as error:
        one_partnership(room, "examples/cluster")
    assert "holds 5 partnerships" in str(error.value.problems[0])
    single_room = Rooms(room.rooms[:1])
    assert one_partnership(single_room, "x") is room.rooms[0]


def test_only_results_have_a_kind():
    with pytest.raises(TypeError):
        kind_of([1, 2])
