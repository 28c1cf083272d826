"""The shipped JSON Schemas: in step with the loader, true to the bundled files, and served by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from lsp_check import questionnaire
from lsp_check.author.schemas import load_schema, schema_path, schema_text
from lsp_check.cli.main import cli
from lsp_check.load import answers as answers_module
from lsp_check.load import questionnaires as library_module
from lsp_check.load.bands import BAND_KEYS
from lsp_check.load.yamlfile import load
from lsp_check.problems import InputError

jsonschema = pytest.importorskip("jsonschema")

QUESTIONNAIRES = ROOT / "questionnaires"
SCHEMA_LINE = "# yaml-language-server: $schema=answers.schema.json"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LSP_CHECK_QUESTIONNAIRES", raising=False)
    return CliRunner(env={"NO_COLOR": "1"})


def _validator(kind: str):
    return jsonschema.Draft202012Validator(load_schema(kind))


def _data(path: Path):
    """Parse as lsp-check does: yes/no and dates stay text, so types match the loader's view."""
    return load(path.read_text(encoding="utf-8"), str(path)).data


def _errors(kind: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(kind).iter_errors(data)]


def _properties(schema: dict, *where: str) -> tuple[str, ...]:
    node = schema
    for step in where:
        node = node[step]
    return tuple(node["properties"])


# --- the schemas themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["questionnaire", "answers"])
def test_schema_is_valid_draft_2020_12_with_an_invalid_host_id(kind):
    schema = load_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://lsp-check.invalid/schemas/{kind}.schema.json"
    assert schema_path(kind).name == f"{kind}.schema.json" and schema_path(kind).is_file()
    assert json.loads(schema_text(kind)) == schema


def test_unknown_schema_kind_is_refused():
    with pytest.raises(ValueError):
        schema_path("report")


# --- schema and loader cannot drift -----------------------------------------------------------------


@pytest.mark.parametrize(
    "where, keys",
    [
        ((), library_module.QUESTIONNAIRE_KEYS),
        (("$defs", "scale"), library_module.SCALE_KEYS),
        (("$defs", "option"), library_module.OPTION_KEYS),
        (("$defs", "section"), library_module.SECTION_KEYS),
        (("$defs", "question"), library_module.QUESTION_KEYS),
        (("$defs", "band"), BAND_KEYS),
    ],
    ids=["questionnaire", "scale", "option", "section", "question", "band"],
)
def test_questionnaire_schema_keys_match_the_loader(where, keys):
    assert _properties(load_schema("questionnaire"), *where) == keys


def test_answers_schema_keys_match_the_loader():
    schema = load_schema("answers")
    assert _properties(schema) == answers_module.ANSWERS_KEYS
    with_note = next(s for s in schema["$defs"]["answer"]["anyOf"] if s.get("type") == "object")
    assert tuple(with_note["properties"]) == answers_module.ANSWER_KEYS


def _all_objects(node):
    if isinstance(node, dict):
        if "properties" in node and node.get("type") in ("object", ["object", "null"]):
            yield node
        for value in node.values():
            yield from _all_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_objects(value)


@pytest.mark.parametrize("kind", ["questionnaire", "answers"])
def test_every_object_rejects_unknown_keys_and_every_property_has_help(kind):
    objects = list(_all_objects(load_schema(kind)))
    assert objects
    for node in objects:
        assert node["additionalProperties"] is False, node.get("title")
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{name} has no description"


def test_enums_match_the_model():
    defs = load_schema("questionnaire")["$defs"]
    assert defs["option"]["properties"]["level"]["enum"] == [*questionnaire.LEVELS, None]
    assert defs["question"]["properties"]["kind"]["enum"] == [*questionnaire.KINDS, None]
    assert defs["section"]["properties"]["band_basis"]["enum"] == [*questionnaire.BAND_BASES, None]


# --- the bundled files validate ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(QUESTIONNAIRES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_questionnaire_file_validates(path):
    assert _errors("questionnaire", _data(path)) == []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_answers_file_validates(path):
    assert _errors("answers", _data(path)) == []


def test_bundled_files_exist():
    assert (QUESTIONNAIRES / "scales.yaml").is_file()
    assert len(list(QUESTIONNAIRES.glob("*.yaml"))) >= 2 and len(list(EXAMPLES.glob("*.yaml"))) >= 2


def test_scales_only_file_is_a_questionnaire_file_but_answers_are_not():
    scales = _data(QUESTIONNAIRES / "scales.yaml")
    assert set(scales) == {"scales"}
    assert _errors("questionnaire", scales) == []
    assert _errors("questionnaire", _data(EXAMPLES / "spelthorne-2006.yaml"))
    assert _errors("answers", _data(QUESTIONNAIRES / "leadership.yaml"))


def test_actions_by_weak_option_validate():
    data = load(
        "id: q\ntitle: Q\nsections:\n  - id: s\n    title: S\n    scale: action\n    questions:\n"
        "      - id: a\n        text: A\n        need: n\n"
        "        actions:\n          action-needed: [do this]\n          needs-improving: [do that]\n",
        "mine.yaml",
    ).data
    assert _errors("questionnaire", data) == []


def test_answers_with_notes_lists_and_blanks_validate():
    data = load(
        "partnership: P\ndate: 2006-02-24\nanswers:\n  general:\n    real-results:\n"
        "    trust: {answer: Often, note: why}\n    other: 3\n  away:\n    items: [one, two]\n  blank:\n",
        "answers.yaml",
    ).data
    assert data["date"] == "2006-02-24"
    assert _errors("answers", data) == []


# --- broken files are rejected ----------------------------------------------------------------------


def _leadership():
    return _data(QUESTIONNAIRES / "leadership.yaml")


def test_unknown_questionnaire_key_is_rejected():
    data = _leadership()
    data["sectoins"] = []
    assert any("sectoins" in e for e in _errors("questionnaire", data))


def test_unknown_question_key_is_rejected():
    data = _leadership()
    data["sections"][0]["questions"][0]["needs"] = "typo"
    assert any("needs" in e for e in _errors("questionnaire", data))


def test_wrong_level_is_rejected():
    data = _data(QUESTIONNAIRES / "scales.yaml")
    data["scales"]["frequency"]["options"][0]["level"] = "bad"
    errors = _errors("questionnaire", data)
    assert any(e.startswith("scales/frequency/options/0/level") for e in errors), errors


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["sections"][0].__setitem__("band_basis", "median"),
        lambda d: d["sections"][0]["questions"][0].__setitem__("kind", "essay"),
        lambda d: d["sections"][0]["questions"][0].__setitem__("kind", "text"),  # still has need and actions
        lambda d: d["sections"][0]["questions"][0].__setitem__("actions", "one action"),
        lambda d: d["sections"][0]["questions"][0].__setitem__("actions", [""]),
        lambda d: d["sections"][0].__setitem__("raise_needs", "no"),
        lambda d: d["sections"][0].__setitem__("id", "has space"),
        lambda d: d["sections"][0].__setitem__("questions", []),
        lambda d: d.pop("title"),
        lambda d: d["sections"][0]["bands"][0].pop("max"),
    ],
    ids=["band-basis", "kind", "text-with-actions", "actions-string", "empty-action", "raise-needs-text",
         "bad-id", "no-questions", "no-title", "band-without-max"],
)
def test_broken_questionnaires_are_rejected(change, tmp_path):
    data = _leadership()
    change(data)
    assert _errors("questionnaire", data)
    # The loader rejects it too: the schema is no stricter than lsp-check.
    path = tmp_path / "leadership.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError):
        library_module.load_library(extra_files=[path])


@pytest.mark.parametrize(
    "text",
    [
        "answers: {}\nextra: 1\n",
        "partnership: P\n",
        "answers:\n",
        "answers:\n  general:\n    trust: true\n",
        "answers:\n  general:\n    trust: {answer: Often, comment: x}\n",
        "answers:\n  general:\n    trust: {answer: {answer: Often}}\n",
        "answers:\n  general: [Often]\n",
    ],
    ids=["unknown-key", "no-answers", "null-answers", "boolean", "unknown-note-key", "nested", "section-list"],
)
def test_broken_answers_are_rejected(text, library):
    doc = load(text, "answers.yaml")
    assert _errors("answers", doc.data)
    with pytest.raises(InputError):  # and so does lsp-check
        answers_module.check_answers(doc, library)


# --- the CLI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["answers", "questionnaire"])
def test_schema_command_prints_the_shipped_schema(runner, kind):
    result = runner.invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(schema_path(kind).read_text(encoding="utf-8"))
    assert result.stdout == schema_text(kind)
    assert result.stderr == ""


def test_schema_command_refuses_an_unknown_kind(runner):
    result = runner.invoke(cli, ["schema", "report"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_template_points_editors_at_no_installed_schema(runner):
    result = runner.invoke(cli, ["template", "general"])
    assert result.exit_code == 0, result.stderr
    assert "$schema" not in result.stdout  # a path inside the installation breaks once the file is shared
    assert result.stdout.startswith("# lsp-check answers: General\n")
    assert _errors("answers", load(result.stdout, "template.yaml").data) == []


@pytest.mark.parametrize("value, valid", [(0.5, True), (1.0, True), (3, True), (0, False), (1.5, False),
                                          ("half", False)])
def test_questionnaire_schema_checks_min_answered_as_the_loader_does(value, valid):
    data = {"id": "mine", "title": "Mine", "min_answered": value,
            "sections": [{"id": "mine", "title": "Mine", "min_answered": value,
                          "questions": [{"id": "a", "text": "A", "kind": "text"}]}]}
    assert (_errors("questionnaire", data) == []) == valid
