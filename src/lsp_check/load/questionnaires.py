"""Load and check questionnaire files: the bundled library plus any author's own directory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Union

from lsp_check import questionnaire
from lsp_check.load.limits import MAX_SCORE, shorten
from lsp_check.load.shape import Checker, describe
from lsp_check.load.yamlfile import Document, load_file
from lsp_check.matching import normalise, suggest
from lsp_check.method import DEFAULT_MIN_ANSWERED
from lsp_check.problems import InputError, KeyPath, Problem
from lsp_check.questionnaire import Library, Option, Question, Questionnaire, Scale, Section

QUESTIONNAIRE_KEYS = ("id", "title", "description", "source", "min_answered", "scales", "sections")
SCALE_KEYS = ("title", "options")
OPTION_KEYS = ("id", "label", "score", "level", "urgent")
SECTION_KEYS = ("id", "title", "description", "scale", "raise_needs", "min_answered", "band_basis", "bands", "questions")
QUESTION_KEYS = ("id", "text", "kind", "scale", "need", "actions", "options")


def bundled_dir() -> str:
    """Where the bundled questionnaires are: inside the installed package, or the source checkout."""
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(os.path.dirname(here), "questionnaires")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "questionnaires")


def questionnaire_files(directory: str | os.PathLike[str]) -> list[str]:
    """The YAML files of a questionnaire directory, in name order."""
    directory = os.fspath(directory)
    names = sorted(n for n in os.listdir(directory) if n.endswith((".yaml", ".yml")))
    return [p for p in (os.path.join(directory, n) for n in names) if os.path.isfile(p)]


class _Source(NamedTuple):
    doc: Document
    bundled: bool


def is_questionnaire_data(data: Any) -> bool:
    """Whether parsed YAML looks like a questionnaire (or scales) file rather than answers."""
    return isinstance(data, dict) and "answers" not in data and bool({"sections", "scales"} & set(data))


def load_library(
    extra_dirs: Iterable[str | os.PathLike[str]] = (), extra_files: Iterable[str | os.PathLike[str]] = (),
    cache: bool = True,
) -> tuple[Library, list[Problem]]:
    """Load bundled questionnaires, then the given directories and files; return the library and warnings.

    With ``cache`` (as the command line does), a library read before is taken from the cache
    (load/cache.py), and one read now is written to it. Raises InputError listing every error in every file.
    """
    files = [os.fspath(p) for p in extra_files]
    given = {os.path.realpath(p) for p in files}
    # A bundled file given again explicitly (e.g. `validate questionnaires/*.yaml`) is read once, as given.
    plan: list[tuple[str, str, bool]] = [
        (p, _display(p), True) for p in questionnaire_files(bundled_dir()) if not given or os.path.realpath(p) not in given
    ]
    for directory in (os.fspath(d) for d in extra_dirs):
        if not os.path.isdir(directory):
            kind = "does not exist" if not os.path.exists(directory) else "is not a directory"
            raise InputError([Problem(directory, f"questionnaire directory {kind}")])
        plan.extend((p, p, False) for p in questionnaire_files(directory) if os.path.realpath(p) not in given)
    plan.extend((p, p, False) for p in files)

    if not cache:
        return build_library([_Source(load_file(path, name), bundled) for path, name, bundled in plan])
    from lsp_check.load import cache as stored
    from lsp_check.load import cachecodec

    key = stored.key_for(plan)
    found = stored.load(key)
    if found is not None:
        try:
            return cachecodec.decode(found)
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss
            pass
    library, warnings = build_library([_Source(load_file(path, name), bundled) for path, name, bundled in plan])
    stored.save(key, cachecodec.encode(library, warnings))
    return library, warnings


def _display(path: str) -> str:
    return f"<bundled>/{os.path.basename(path)}"


def build_library(sources: list[_Source]) -> tuple[Library, list[Problem]]:
    """Check every source file and assemble the library."""
    problems: list[Problem] = []
    notices: list[str] = []
    scales: dict[str, Scale] = {}
    broken: dict[str, Known | None] = {}  # scales with mistakes: what of each could be read
    scale_origin: dict[str, _Source] = {}
    checkers = [Checker(s.doc) for s in sources]
    for source, checker in zip(sources, checkers):
        data = source.doc.data
        if data is None:
            checker.error((), "file is empty; expected a questionnaire with 'id', 'title' and 'sections'")
            continue
        if checker.mapping((), data, QUESTIONNAIRE_KEYS, what="a questionnaire mapping") is None:
            continue
        raw_scales = data.get("scales")
        if raw_scales is None:
            continue
        if not isinstance(raw_scales, dict):
            checker.error(("scales",), f"found {describe(raw_scales)}; expected a mapping of scale names to scales")
            continue
        for name, raw in raw_scales.items():
            scale = _scale(checker, ("scales", name), name, raw)
            if not isinstance(scale, Scale):
                if isinstance(name, str):
                    broken[name] = scale  # its own errors are said; what uses it is not told it is "not defined"
                continue
            if name in scales:
                earlier = scale_origin[name]
                if earlier.bundled and not source.bundled:
                    notices.append(f"scale '{name}' from {source.doc.name} overrides the bundled one")
                else:
                    checker.error(("scales", name), f"scale '{name}' is already defined in {earlier.doc.name}", key=True)
                    continue
            scales[name] = scale
            scale_origin[name] = source

    questionnaires: dict[str, Questionnaire] = {}
    origin: dict[str, _Source] = {}
    # The scales a question may name: those defined, and those whose definitions have errors (None), so that a
    # mistake in a scale is said once, where it is, and did-you-mean hints include every scale written.
    known: dict[str, Known | None] = {**broken, **scales}
    for source, checker in zip(sources, checkers):
        data = source.doc.data
        if not isinstance(data, dict) or ("sections" not in data and "id" not in data):
            continue
        questionnaire = _questionnaire(checker, data, known)
        if questionnaire is None:
            continue
        qid = questionnaire.id
        if qid in questionnaires:
            earlier = origin[qid]
            if earlier.bundled and not source.bundled:
                notices.append(f"questionnaire '{qid}' from {source.doc.name} overrides the bundled one")
            else:
                checker.error(("id",), f"questionnaire '{qid}' is already defined in {earlier.doc.name}")
                continue
        questionnaires[qid] = questionnaire
        origin[qid] = source

    sections: dict[str, Section] = {}
    section_origin: dict[str, str] = {}
    for qid, questionnaire in questionnaires.items():
        checker = checkers[sources.index(origin[qid])]
        for index, section in enumerate(questionnaire.sections):
            if section.id in sections:
                checker.error(
                    ("sections", index, "id"),
                    f"section id '{section.id}' is already used by questionnaire '{section_origin[section.id]}'; "
                    "section ids must be unique",
                )
                continue
            sections[section.id] = section
            section_origin[section.id] = qid

    for checker in checkers:
        problems.extend(checker.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    library = Library(dict(sorted(questionnaires.items())), sections, scales, tuple(notices))
    return library, [p for p in problems if p.severity != "error"]


class Partial(NamedTuple):
    """What a scale written with mistakes still tells, so that what uses it is checked in the same pass: the checks
    that need what could not be read are left until it is fixed."""

    name: str
    levels: Mapping[str, str | None]  # each option id read, with its level (None: not read, it may be weak)
    labels: Mapping[str, str]
    scores: tuple[float, ...]  # the scores read
    every_id: bool  # every option's id was read
    every_score: bool  # every option's score was read


# A scale as the checks of what uses it see it: whole, or in part; None where nothing of it is known.
Known = Union[Scale, Partial]
MORE_CHECKS = "; more checks of what uses scale '{}' follow once this is fixed"


def _facts(scale: Known) -> Partial:
    """What the checks of the questions and bands using a scale rely on."""
    if isinstance(scale, Partial):
        return scale
    return Partial(scale.name, {o.id: o.level for o in scale.options}, {o.id: o.label for o in scale.options},
                   tuple(o.score for o in scale.options), True, True)


def _scale(checker: Checker, path: KeyPath, name: Any, raw: Any) -> Known | None:
    if checker.ident(path, name, "a scale name") is None:
        return None
    if checker.mapping(path, raw, SCALE_KEYS, ("options",), what="a scale with 'options'") is None:
        return None
    title = checker.optional_text(path + ("title",), raw.get("title"))
    items = checker.sequence(path + ("options",), raw.get("options"), "options", min_items=2)
    options: list[Option] = []
    levels: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    scores: list[float] = []
    every_id = every_score = True
    seen_ids: dict[str, int] = {}
    seen_labels: dict[str, int] = {}
    for i, item in enumerate(items):
        here = path + ("options", i)
        before = len(checker.problems)
        if checker.mapping(here, item, OPTION_KEYS, ("id", "label", "score"), what="an option") is None:
            every_id = every_score = False
            continue
        option_id = checker.ident(here + ("id",), item.get("id"), "an option id")
        label = checker.text(here + ("label",), item.get("label"), "a label")
        score = checker.number(here + ("score",), item.get("score"), "a score", -MAX_SCORE, MAX_SCORE)
        level = checker.choice(here + ("level",), item.get("level"), questionnaire.LEVELS, questionnaire.OK)
        # A level misspelt or mistyped is not read, and a key not known may be a misspelt 'level': either way the
        # option may be weak, which the actions of the questions using the scale depend on.
        level_read = item.get("level") in questionnaire.LEVELS or (
            "level" not in item and all(key in OPTION_KEYS for key in item))
        urgent = checker.boolean(here + ("urgent",), item.get("urgent"), False)
        if urgent and level != questionnaire.WEAK:
            checker.error(here + ("urgent",), f"found urgent: true on option '{shorten(str(item.get('id')))}', "
                                              f"whose level is {level}; expected urgent only on a weak option")
        if option_id is None:
            every_id = every_score = False
            checker.add_to_last(before, MORE_CHECKS.format(name))
            continue
        # A bad or missing label is reported; the option is kept (labelled by its id) so that the scale is still
        # defined and the rest of the file is checked against it in the same pass.
        label = label or option_id
        for seen, value, what in ((seen_ids, option_id, "id"), (seen_labels, normalise(label), "label")):
            if value in seen:
                checker.error(here + (what,), f"duplicate option {what} '{shorten(str(item.get(what)))}' (also option {seen[value] + 1})")
            seen[value] = i
        levels.setdefault(option_id, level if level_read else None)
        labels.setdefault(option_id, label)
        if score is None:
            every_score = False
        else:
            scores.append(score)
            options.append(Option(option_id, label, score, level, urgent))
        if score is None or not level_read:
            checker.add_to_last(before, MORE_CHECKS.format(name))
    if len(options) == len(items) >= 2 and None not in levels.values():
        if not any(o.level == questionnaire.WEAK for o in options):
            checker.warn(path, f"scale '{name}' has no weak option, so its answers never raise a need")
        return Scale.build(name, tuple(options), title)
    return Partial(name, levels, labels, tuple(scores), every_id and len(items) >= 2, every_score and len(items) >= 2) if levels else None


def _questionnaire(checker: Checker, data: dict[str, Any], scales: Mapping[str, Known | None]) -> Questionnaire | None:
    for key in ("id", "title", "sections"):
        if key not in data:
            checker.error((), f"missing required key '{key}'")
            checker.missing.add((key,))
    qid = checker.ident(("id",), data.get("id"), "a questionnaire id")
    title = checker.text(("title",), data.get("title"), "a title")
    description = checker.optional_text(("description",), data.get("description"))
    source = checker.optional_text(("source",), data.get("source"))
    items = checker.sequence(("sections",), data.get("sections"), "sections") if "sections" in data else []
    least = _min_answered(checker, ("min_answered",), data.get("min_answered"), DEFAULT_MIN_ANSWERED)
    sections = [_section(checker, ("sections", i), item, qid or "", scales, least) for i, item in enumerate(items)]
    seen: dict[str, int] = {}
    for i, written in enumerate(_ids(items)):
        if written is None:
            continue
        if written in seen:
            checker.error(("sections", i, "id"), f"duplicate section id '{written}' (also section {seen[written] + 1})")
        seen[written] = i
    if qid is None or title is None or not items or any(s is None for s in sections):
        return None
    return Questionnaire(qid, title, tuple(s for s in sections if s), checker.doc.name, description, source)


def _min_answered(checker: Checker, path: KeyPath, raw: Any, default: float | int) -> float | int:
    """A coverage rule: a share above 0 and at most 1 (0.5), or a whole count of at least 1 (3)."""
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        checker.error(path, f"found {describe(raw)}; expected a share of the scored questions between 0 and 1 "
                            "(e.g. 0.5) or a whole number of questions (e.g. 3)")
        return default
    if isinstance(raw, float) and not 0 < raw <= 1:
        checker.error(path, f"found {raw}; expected a share above 0 and at most 1 (e.g. 0.5), "
                            "or a whole number of questions (e.g. 3)")
        return default
    if isinstance(raw, int) and raw < 1:
        checker.error(path, f"found {raw}; expected at least 1 question, or a share such as 0.5")
        return default
    return raw


def _ids(items: list[Any]) -> list[str | None]:
    """The id each item is written with, where it has one: duplicates are found whatever else is wrong with them."""
    out: list[str | None] = []
    for item in items:
        value = item.get("id") if isinstance(item, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        out.append(value if isinstance(value, str) and value.strip() else None)
    return out


class _Read(NamedTuple):
    """A question as read: the question (None when it has mistakes), whether it is scored, its scale as known."""

    question: Question | None
    scored: bool
    scale: Known | None


def _section(checker: Checker, path: KeyPath, raw: Any, qid: str, scales: Mapping[str, Known | None],
             least: float | int = DEFAULT_MIN_ANSWERED) -> Section | None:
    if checker.mapping(path, raw, SECTION_KEYS, ("id", "title", "questions"), what="a section") is None:
        return None
    sid = checker.ident(path + ("id",), raw.get("id"), "a section id")
    title = checker.text(path + ("title",), raw.get("title"), "a title")
    description = checker.optional_text(path + ("description",), raw.get("description"))
    raise_needs = checker.boolean(path + ("raise_needs",), raw.get("raise_needs"), True)
    basis = checker.choice(path + ("band_basis",), raw.get("band_basis"), questionnaire.BAND_BASES, "total")
    local = "min_answered" in raw
    least = _min_answered(checker, path + ("min_answered",), raw.get("min_answered"), least)
    default_scale = _scale_ref(checker, path + ("scale",), raw.get("scale"), scales) if "scale" in raw else None
    items = checker.sequence(path + ("questions",), raw.get("questions"), "questions")
    reads = [_question(checker, path + ("questions", i), item, default_scale, "scale" in raw, raise_needs, scales)
             for i, item in enumerate(items)]
    seen: dict[str, int] = {}
    for i, written in enumerate(_ids(items)):
        if written is None:
            continue
        if written in seen:
            checker.error(path + ("questions", i, "id"), f"duplicate question id '{written}' (also question {seen[written] + 1})")
        seen[written] = i
    questions = tuple(r.question for r in reads if r.question)
    states = [r.scale for r in reads if r.scored]
    # The bands are checked whatever else is wrong with the section, as far as its scales are known, so that every
    # problem in the file is said in one pass.
    # Imported here: a questionnaire is checked only when it is not in the library cache (load/cache.py), so a
    # run that reads the cache never loads the band checks.
    from lsp_check.load.bands import check_bands, span

    known = [None if state is None else _facts(state) for state in states]
    spans = span([None if f is None else (f.scores, f.every_score) for f in known], basis)
    bands = (check_bands(checker, path + ("bands",), raw.get("bands"), basis, spans, bool(states) or not reads)
             if "bands" in raw else ())
    if sid is None or title is None or len(questions) != len(reads) or not questions:
        return None
    section = Section(sid, title, questions, qid, description, raise_needs, basis)
    if "bands" not in raw and section.scored:
        checker.warn(path, f"section '{sid}' has no bands, so reports show its score without an interpretation")
    scored = sum(1 for q in section.questions if q.scored)
    if local and isinstance(least, int) and scored and least > scored:
        checker.error(path + ("min_answered",), f"found {least}; expected at most {scored}, the number of scored questions "
                             f"in section '{sid}'")
    return Section.build(sid, title, section.questions, qid, description, raise_needs, basis, bands, least)


def _scale_ref(checker: Checker, path: KeyPath, name: Any, scales: Mapping[str, Known | None]) -> Known | None:
    """The scale a name refers to, as far as it is known (a scale whose own definition has errors, said where it is
    written, is known in part or not at all). A name not defined is an error; what uses it is checked against the
    defined scale its name is close to, saying so, or else once it names one."""
    then = "; what uses it is checked further once it names a defined scale"
    if not isinstance(name, str) or not name.strip():
        checker.error(path, f"found {describe(name)}; expected the name of a scale{then}")
        return None
    if name not in scales:
        known = ", ".join(sorted(scales)) or "none"
        hint = checker.did_you_mean(name, scales)
        guess = suggest(name, scales) if hint else None
        if guess is not None:
            then = f"; what uses it is checked against scale '{guess}' meanwhile"
        checker.error(path, f"scale '{shorten(name)}' is not defined{hint}; defined scales: {known}{then}")
        return scales[guess] if guess is not None else None
    return scales[name]


def _question(
    checker: Checker,
    path: KeyPath,
    raw: Any,
    default_scale: Known | None,
    section_has_scale: bool,
    raise_needs: bool,
    scales: Mapping[str, Known | None],
) -> _Read:
    if checker.mapping(path, raw, QUESTION_KEYS, ("id", "text"), what="a question") is None:
        return _Read(None, True, None)
    qid = checker.ident(path + ("id",), raw.get("id"), "a question id")
    text = checker.text(path + ("text",), raw.get("text"), "the question's text")
    kind = checker.choice(path + ("kind",), raw.get("kind"), questionnaire.KINDS, questionnaire.CHOICE)
    need = checker.optional_text(path + ("need",), raw.get("need"), "the name of a need") or None
    if "options" in raw and kind != questionnaire.LIST:
        checker.error(path + ("options",), f"only a list question takes 'options' (the choices a form offers to tick); "
                      f"{'a choice question takes a scale' if kind == questionnaire.CHOICE else 'remove it'}", key=True)
    if kind != questionnaire.CHOICE:
        for key in ("scale", "need", "actions"):
            if key in raw:
                checker.error(path + (key,), f"a {kind} question is not scored; remove '{key}'", key=True)
        choices = _choices(checker, path + ("options",), raw.get("options")) if kind == questionnaire.LIST else ()
        if qid is None or text is None:
            return _Read(None, False, None)
        return _Read(Question(qid, text, kind, choices=choices), False, None)
    if "scale" in raw:
        scale = _scale_ref(checker, path + ("scale",), raw.get("scale"), scales)
    else:
        scale = default_scale
        if scale is None and not section_has_scale:
            checker.error(path, "a choice question needs a scale: give 'scale' here or on its section")
    facts = _facts(scale) if scale is not None else None
    actions, by_option = _actions(checker, path + ("actions",), raw.get("actions"), facts)
    if facts is None:
        return _Read(None, True, None)
    # Only the options known to be weak are held to having actions: one whose level could not be read is not.
    weak = [option for option, level in facts.levels.items() if level == questionnaire.WEAK]
    if raise_needs and weak:
        if need is None:
            checker.error(path, "missing 'need': weak answers to this question raise a need, which needs a name")
        missing = [facts.labels[option] for option in weak if not by_option.get(option, actions)]
        if missing and "actions" in raw:
            checker.error(path + ("actions",), f"no actions to suggest for the weak answer(s): {', '.join(missing)}")
        elif missing:
            checker.error(path, f"missing 'actions': weak answers ({', '.join(missing)}) need actions to suggest")
    elif (actions or by_option) and not raise_needs:
        checker.warn(path + ("actions",), "the section sets raise_needs: false, so these actions are never suggested", key=True)
    if qid is None or text is None or not isinstance(scale, Scale):
        return _Read(None, True, scale)
    return _Read(Question(qid, text, kind, scale, need, actions, by_option), True, scale)


def _choices(checker: Checker, path: KeyPath, raw: Any) -> tuple[str, ...]:
    """A list question's options: texts, at least two, none the same as another ignoring case and spacing."""
    if raw is None:
        return ()
    items = checker.sequence(path, raw, "options", min_items=2)
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        text = checker.text(path + (i,), item, "the text of an option")
        if text is None:
            continue
        key = normalise(text)
        if key in seen:
            checker.error(path + (i,), f"duplicate option '{shorten(text)}' (also option {seen[key] + 1})")
        seen[key] = i
        out.append(text)
    return tuple(out)


def _actions(checker: Checker, path: KeyPath, raw: Any,
             scale: Partial | None) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The actions of a question, for all its weak answers or by weak option; which options are weak is checked as
    far as the scale is known (not at all for a scale not known, nor for an option whose level could not be read)."""
    if raw is None:
        return (), {}
    if isinstance(raw, list):
        return _action_list(checker, path, raw), {}
    if isinstance(raw, dict):
        by_option: dict[str, tuple[str, ...]] = {}
        for option_id, items in raw.items():
            if scale is not None and not _may_be_weak(scale, option_id):
                weak_ids = [option for option, level in scale.levels.items() if level in (questionnaire.WEAK, None)]
                checker.error(
                    path + (option_id,),
                    f"'{shorten(str(option_id))}' is not a weak option of scale '{scale.name}'{checker.did_you_mean(option_id, weak_ids)}; "
                    f"expected one of: {', '.join(weak_ids)}",
                    key=True,
                )
                continue
            if not isinstance(items, list):
                checker.error(path + (option_id,), f"found {describe(items)}; expected a list of actions")
                continue
            by_option[option_id] = _action_list(checker, path + (option_id,), items)
        return (), by_option
    checker.error(path, f"found {describe(raw)}; expected a list of actions, or a mapping from weak option ids to lists")
    return (), {}


def _may_be_weak(scale: Partial, option_id: Any) -> bool:
    """Whether an option id names a weak option of the scale, or may (its level, or some option's id, not read)."""
    if option_id in scale.levels:
        return scale.levels[option_id] in (questionnaire.WEAK, None)
    return not scale.every_id


def _action_list(checker: Checker, path: KeyPath, items: list[Any]) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(items):
        text = checker.text(path + (i,), item, "the text of an action")
        if text:
            out.append(text)
    return tuple(out)
