"""Load and check questionnaire files: the bundled library plus any author's own directory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from lsp_check import questionnaire
from lsp_check.load.limits import MAX_BAND_BOUND, MAX_SCORE, shorten
from lsp_check.load.shape import Checker, describe
from lsp_check.load.yamlfile import Document, load_file
from lsp_check.matching import normalise
from lsp_check.method import DEFAULT_MIN_ANSWERED
from lsp_check.problems import InputError, KeyPath, Problem
from lsp_check.questionnaire import Band, Library, Option, Question, Questionnaire, Scale, Section

QUESTIONNAIRE_KEYS = ("id", "title", "description", "source", "min_answered", "scales", "sections")
SCALE_KEYS = ("title", "options")
OPTION_KEYS = ("id", "label", "score", "level", "urgent")
SECTION_KEYS = ("id", "title", "description", "scale", "raise_needs", "min_answered", "band_basis", "bands", "questions")
QUESTION_KEYS = ("id", "text", "kind", "scale", "need", "actions", "options")
BAND_KEYS = ("min", "max", "label", "text")


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
    broken: set[str] = set()
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
            if scale is None:
                if isinstance(name, str):
                    broken.add(name)  # its own errors are said; what uses it is not told it is "not defined"
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
    known: dict[str, Scale | None] = {**dict.fromkeys(broken), **scales}
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


def _scale(checker: Checker, path: KeyPath, name: Any, raw: Any) -> Scale | None:
    if checker.ident(path, name, "a scale name") is None:
        return None
    if checker.mapping(path, raw, SCALE_KEYS, ("options",), what="a scale with 'options'") is None:
        return None
    title = checker.optional_text(path + ("title",), raw.get("title"))
    items = checker.sequence(path + ("options",), raw.get("options"), "options", min_items=2)
    options: list[Option] = []
    seen_ids: dict[str, int] = {}
    seen_labels: dict[str, int] = {}
    for i, item in enumerate(items):
        here = path + ("options", i)
        if checker.mapping(here, item, OPTION_KEYS, ("id", "label", "score"), what="an option") is None:
            continue
        option_id = checker.ident(here + ("id",), item.get("id"), "an option id")
        label = checker.text(here + ("label",), item.get("label"), "a label")
        score = checker.number(here + ("score",), item.get("score"), "a score", -MAX_SCORE, MAX_SCORE)
        level = checker.choice(here + ("level",), item.get("level"), questionnaire.LEVELS, questionnaire.OK)
        urgent = checker.boolean(here + ("urgent",), item.get("urgent"), False)
        if urgent and level != questionnaire.WEAK:
            checker.error(here + ("urgent",), f"found urgent: true on option '{shorten(str(item.get('id')))}', "
                                              f"whose level is {level}; expected urgent only on a weak option")
        if option_id is None or score is None:
            continue
        # A bad or missing label is reported; the option is kept (labelled by its id) so that the scale is still
        # defined and the rest of the file is checked against it in the same pass.
        label = label or option_id
        for seen, value, what in ((seen_ids, option_id, "id"), (seen_labels, normalise(label), "label")):
            if value in seen:
                checker.error(here + (what,), f"duplicate option {what} '{shorten(str(item.get(what)))}' (also option {seen[value] + 1})")
            seen[value] = i
        options.append(Option(option_id, label, score, level, urgent))
    if len(options) != len(items) or len(options) < 2:
        return None
    if not any(o.level == questionnaire.WEAK for o in options):
        checker.warn(path, f"scale '{name}' has no weak option, so its answers never raise a need")
    return Scale.build(name, tuple(options), title)


def _questionnaire(checker: Checker, data: dict[str, Any], scales: Mapping[str, Scale | None]) -> Questionnaire | None:
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
    for i, section in enumerate(sections):
        if section is None:
            continue
        if section.id in seen:
            checker.error(("sections", i, "id"), f"duplicate section id '{section.id}' (also section {seen[section.id] + 1})")
        seen[section.id] = i
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


def _section(checker: Checker, path: KeyPath, raw: Any, qid: str, scales: Mapping[str, Scale | None],
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
    questions: list[Question | None] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        question = _question(checker, path + ("questions", i), item, default_scale, "scale" in raw, raise_needs, scales)
        questions.append(question)
        if question is None:
            continue
        if question.id in seen:
            checker.error(
                path + ("questions", i, "id"),
                f"duplicate question id '{question.id}' (also question {seen[question.id] + 1})",
            )
        seen[question.id] = i
    if sid is None or title is None or any(q is None for q in questions) or not questions:
        if "bands" in raw:
            # The section cannot be built, but its bands can still be checked against each other, so that every
            # problem in the file is said in one pass.
            partial = Section(sid or "", title or "", tuple(q for q in questions if q), qid, description,
                              raise_needs, basis)
            _bands(checker, path + ("bands",), raw.get("bands"), partial, complete=False)
        return None
    section = Section(sid, title, tuple(q for q in questions if q), qid, description, raise_needs, basis)
    bands = _bands(checker, path + ("bands",), raw.get("bands"), section) if "bands" in raw else ()
    if "bands" not in raw and section.scored:
        checker.warn(path, f"section '{sid}' has no bands, so reports show its score without an interpretation")
    scored = sum(1 for q in section.questions if q.scored)
    if local and isinstance(least, int) and scored and least > scored:
        checker.error(path + ("min_answered",), f"found {least}; expected at most {scored}, the number of scored questions "
                             f"in section '{sid}'")
    return Section.build(sid, title, section.questions, qid, description, raise_needs, basis, bands, least)


def _scale_ref(checker: Checker, path: KeyPath, name: Any, scales: Mapping[str, Scale | None]) -> Scale | None:
    """The scale a name refers to; None, with an error, for a name not defined, and None alone for a scale whose
    own definition has errors (already said where it is written)."""
    if not isinstance(name, str) or not name.strip():
        checker.error(path, f"found {describe(name)}; expected the name of a scale")
        return None
    if name not in scales:
        known = ", ".join(sorted(scales)) or "none"
        checker.error(path, f"scale '{shorten(name)}' is not defined{checker.did_you_mean(name, scales)}; defined scales: {known}")
        return None
    return scales[name]


def _question(
    checker: Checker,
    path: KeyPath,
    raw: Any,
    default_scale: Scale | None,
    section_has_scale: bool,
    raise_needs: bool,
    scales: Mapping[str, Scale | None],
) -> Question | None:
    if checker.mapping(path, raw, QUESTION_KEYS, ("id", "text"), what="a question") is None:
        return None
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
            return None
        return Question(qid, text, kind, choices=choices)
    if "scale" in raw:
        scale = _scale_ref(checker, path + ("scale",), raw.get("scale"), scales)
        if scale is None:
            return None
    elif default_scale is None:
        if not section_has_scale:
            checker.error(path, "a choice question needs a scale: give 'scale' here or on its section")
        return None
    else:
        scale = default_scale
    actions, by_option = _actions(checker, path + ("actions",), raw.get("actions"), scale)
    weak = [o for o in scale.options if o.level == questionnaire.WEAK]
    if raise_needs and weak:
        if need is None:
            checker.error(path, "missing 'need': weak answers to this question raise a need, which needs a name")
        missing = [o.label for o in weak if not by_option.get(o.id, actions)]
        if missing and "actions" in raw:
            checker.error(path + ("actions",), f"no actions to suggest for the weak answer(s): {', '.join(missing)}")
        elif missing:
            checker.error(path, f"missing 'actions': weak answers ({', '.join(missing)}) need actions to suggest")
    elif (actions or by_option) and not raise_needs:
        checker.warn(path + ("actions",), "the section sets raise_needs: false, so these actions are never suggested", key=True)
    if qid is None or text is None:
        return None
    return Question(qid, text, kind, scale, need, actions, by_option)


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


def _actions(checker: Checker, path: KeyPath, raw: Any, scale: Scale) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    if raw is None:
        return (), {}
    if isinstance(raw, list):
        return _action_list(checker, path, raw), {}
    if isinstance(raw, dict):
        weak_ids = [o.id for o in scale.options if o.level == questionnaire.WEAK]
        by_option: dict[str, tuple[str, ...]] = {}
        for option_id, items in raw.items():
            if option_id not in weak_ids:
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


def _action_list(checker: Checker, path: KeyPath, items: list[Any]) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(items):
        text = checker.text(path + (i,), item, "the text of an action")
        if text:
            out.append(text)
    return tuple(out)


def _bands(checker: Checker, path: KeyPath, raw: Any, section: Section, complete: bool = True) -> tuple[Band, ...]:
    """The section's bands, each checked, then checked together: no overlap, no gap, every possible value covered.

    Not ``complete`` (some of the section's questions or its scale could not be read), the possible values are
    not known: overlaps are still checked, and gaps between bands of whole-number totals.
    """
    items = checker.sequence(path, raw, "bands")
    bands: list[tuple[int, Band]] = []
    for i, item in enumerate(items):
        here = path + (i,)
        if checker.mapping(here, item, BAND_KEYS, ("min", "max", "label"), what="a band") is None:
            continue
        low = checker.number(here + ("min",), item.get("min"), "a number", -MAX_BAND_BOUND, MAX_BAND_BOUND)
        high = checker.number(here + ("max",), item.get("max"), "a number", -MAX_BAND_BOUND, MAX_BAND_BOUND)
        label = checker.text(here + ("label",), item.get("label"), "a label")
        text = checker.optional_text(here + ("text",), item.get("text"))
        if low is None or high is None or label is None:
            continue
        if low > high:
            checker.error(here, f"min {low} is greater than max {high}")
            continue
        bands.append((i, Band(low, high, label, text)))
    if not bands or len(bands) != len(items) or (complete and not section.scored):
        if complete and not section.scored and items:
            checker.error(path, "bands need scored questions; this section has none")
        return tuple(b for _, b in bands)
    ordered = sorted(bands, key=lambda ib: ib[1].min)
    if complete:
        lowest, highest, whole = possible_range(section)
    else:  # nothing is known beyond the bands themselves
        lowest, highest = ordered[0][1].min, max(b.max for _, b in bands)
        whole = section.band_basis == "total" and all(float(b.min).is_integer() and float(b.max).is_integer()
                                                      for _, b in bands)
    for (_, before), (j, after) in zip(ordered, ordered[1:]):
        if after.min <= before.max:
            checker.error(
                path + (j,),
                f"band '{shorten(after.label)}' ({_n(after.min)}–{_n(after.max)}) overlaps band '{shorten(before.label)}' "
                f"({_n(before.min)}–{_n(before.max)})",
            )
        elif whole and after.min > before.max + 1:
            checker.error(
                path + (j,),
                f"no band covers {_range(before.max + 1, after.min - 1)}, between band '{shorten(before.label)}' "
                f"and band '{shorten(after.label)}'",
            )
    first, last = ordered[0], ordered[-1]
    if first[1].min > lowest:
        checker.error(path + (first[0],), f"no band covers {_range(lowest, first[1].min - (1 if whole else 0))}, "
                      f"the lowest possible {section.band_basis}")
    if last[1].max < highest:
        checker.error(path + (last[0],), f"no band covers {_range(last[1].max + (1 if whole else 0), highest)}, "
                      f"the highest possible {section.band_basis}")
    return tuple(b for _, b in bands)


def possible_range(section: Section) -> tuple[float, float, bool]:
    """The lowest and highest value a section's bands must cover, and whether values are whole numbers."""
    scales = [q.scale for q in section.questions if q.scored and q.scale]
    low = sum(s.min_score for s in scales)
    high = sum(s.max_score for s in scales)
    if section.band_basis == "percent":
        return 0.0, 100.0, False  # from floor to ceiling, whatever the scale's scores (method.md, rule 1)
    if section.band_basis == "mean":
        return min(s.min_score for s in scales), max(s.max_score for s in scales), False
    whole = all(float(o.score).is_integer() for s in scales for o in s.options)
    return low, high, whole


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range(low: float, high: float) -> str:
    return _n(low) if low == high else f"{_n(low)}–{_n(high)}"
