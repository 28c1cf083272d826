"""The JSON report: every figure of a result, for scripts and CI, with a schema_version."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from lsp_check.figures import json_number as n
from lsp_check.method import DEFAULT_THRESHOLD, NOT_ENOUGH_WHOLE
from lsp_check.report import Rendered, RenderOptions, by_kind
from lsp_check.report.json.periods import periods_data
from lsp_check.report.model.plan import reason
from lsp_check.score.plan import make_plan
from lsp_check.score.result import Flag, Result, SectionResult

if TYPE_CHECKING:
    from lsp_check.load.validation import Validation
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison, NeedChange, Side
    from lsp_check.score.plan import Plan, Plans
    from lsp_check.score.room import Room, Rooms, RoomSection
    from lsp_check.score.sectors import Sectors
    from lsp_check.score.trend import Trend

# JSON-ready data: json.dumps writes it; nothing here reads it back, so its values need no closer type.
Data = dict[str, object]
R = TypeVar("R")

SCHEMA_VERSION = 3  # the shapes and what changed in each version: docs/formats.md


def to_data(result: Result) -> Data:
    """The result as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "single",
        "partnership": result.partnership,
        "date": result.date,
        "respondent": result.respondent,
        "organisation": result.organisation,
        "sector": result.sector,
        "source": result.source,
        "sections": [_section(s) for s in result.sections],
        "overall": {
            "score": n(result.overall.score),
            "max": n(result.overall.max),
            "min": n(result.overall.low),
            "percent": result.overall.percent,
            "status": _overall_status(result.overall.percent, result.sections),
            "answered": result.overall.answered,
            "questions": result.overall.questions,
        },
        "needs": [
            {
                "section": need.section,
                "question": need.question,
                "need": need.need,
                "answer": need.answer,
                "level": need.level,
                "severity": round(need.severity, 3),
                "urgent": need.urgent,
                "actions": list(need.actions),
                "note": need.note,
            }
            for need in result.needs
        ],
        "tracked": [_flag(f) for f in result.tracked],
        "low": [_flag(f) for f in result.low],
        "unanswered": [{"section": m.section, "question": m.question, "text": m.question_text} for m in result.unanswered],
        "plan": plan_rows(make_plan(result)),
    }


def plan_rows(plan: Plan) -> list[Data]:
    """The plan's rows as JSON-ready data (the reason worded as every report words it)."""
    return [
        {"horizon_months": r.horizon, "priority": r.rank, "need": r.need, "section": r.section, "action": r.action,
         "source": r.source, "owner": r.owner, "due": r.due, "reason": reason(r, plan.room)}
        for r in plan.rows
    ]


def plan_data(plans: Sequence[Plan]) -> Data:
    """Standalone action plans as JSON-ready data."""
    return {"schema_version": SCHEMA_VERSION, "kind": "plans",
            "plans": [{"partnership": p.partnership, "date": p.date, "fieldwork_periods": periods_data(p.periods),
                       "rows": plan_rows(p)} for p in plans]}


def _section(section: SectionResult) -> Data:
    band = section.band
    return {
        "id": section.id,
        "title": section.title,
        "scored": section.scored,
        "status": section.status,
        "score": n(section.score) if section.scored else None,
        "min": n(section.low) if section.scored else None,
        "max": n(section.max) if section.scored else None,
        "percent": section.percent,
        "mean": section.mean,
        "answered": section.answered,
        "questions": section.questions,
        "min_answered": section.required,
        "band": {"label": band.label, "text": band.text, "estimated": section.band_estimated} if band else None,
        "answers": [
            {
                "question": item.question,
                "text": item.text,
                "kind": item.kind,
                "answer": list(item.items) if item.kind == "list" else item.answer,
                "option": item.option,
                "score": n(item.score),
                "level": item.level,
                "note": item.note,
            }
            for item in section.items
        ],
    }


def _overall_status(percent: float | None, sections: Sequence[SectionResult] | Sequence[RoomSection]) -> str:
    """"scored", "not enough answers to score the whole" (a section below coverage), or "not scored"."""
    if percent is not None:
        return "scored"
    return NOT_ENOUGH_WHOLE if any(s.scored and not s.covered for s in sections) else "not scored"


def _flag(flag: Flag) -> Data:
    return {"section": flag.section, "question": flag.question, "text": flag.question_text, "answer": flag.answer,
            "note": flag.note}


def group_data(groups: Sequence[Room]) -> Data:
    """Group results (one per partnership) as JSON-ready data; respondents named only when kept."""
    return {"schema_version": SCHEMA_VERSION, "kind": "groups", "groups": [_group(g) for g in groups],
            "left_out": []}


def _texts(pairs: tuple[tuple[str, str], ...]) -> list[object]:
    return [{"respondent": who, "text": text} if who else text for who, text in pairs]


def _group(group: Room) -> Data:
    data: Data = {
        "partnership": group.partnership,
        "dates": list(group.dates),
        "fieldwork_periods": periods_data(group.periods, group.disclosure.threshold if group.disclosure is not None
                                          else DEFAULT_THRESHOLD),
        "respondents": group.respondents,
    }
    if group.names:
        data["names"] = list(group.names)
    data["sections"] = [
        {
            "id": s.id,
            "title": s.title,
            "scored": s.scored,
            "status": s.status,
            "respondents": s.respondents,
            "scored_respondents": s.scored_respondents,
            "min_answered": s.required,
            "max": n(s.max) if s.scored else None,
            "min": n(s.low) if s.scored else None,
            "median_score": n(s.median_score),
            "range": [n(s.low_score), n(s.high_score)] if s.low_score is not None else None,
            "median_percent": s.median_percent,
            "scaled_respondents": s.scaled_respondents,
            "median_scaled": s.median_scaled,
            "range_scaled": list(s.range_scaled) if s.low_score is not None else None,
            "band": {"label": s.band.label, "text": s.band.text} if s.band else None,
            "items": [
                {
                    "question": i.question,
                    "text": i.text,
                    "kind": i.kind,
                    "responses": i.responses,
                    "distribution": [{"id": c.id, "label": c.label, "count": c.chosen} for c in i.counts],
                    "median": i.median,
                    "mean": i.mean,
                    "spread": i.spread,
                    "consensus": None if i.consensus is None else round(i.consensus, 3),
                    "disagreement": i.disagreement,
                    "minority": i.minority,
                    "weak_share": round(i.weak_share, 3),
                    "answers": _texts(i.texts),
                    "notes": _texts(i.notes),
                }
                for i in s.items
            ],
        }
        for s in group.sections
    ]
    notes = {(s.id, i.question): _texts(i.notes) for s in group.sections for i in s.items if i.notes}
    o = group.overall
    d = group.disclosure
    pooled = d is None or "pooled" not in d.withheld  # a small room's pooled sum is withheld (score/disclosure.py)
    data["overall"] = {"percent": o.percent, "pooled_score": n(o.pooled_score) if pooled else None,
                       "pooled_min": n(o.pooled_min) if pooled else None,
                       "pooled_max": n(o.pooled_max) if pooled else None, "pooled_percent": group.pooled_percent,
                       "status": _overall_status(o.percent, group.sections), "section_sets": group.section_sets}
    data["disclosure"] = None if d is None else {"threshold": d.threshold, "withheld": list(d.withheld),
                                                 "ranges": list(d.ranges)}
    data["notes_apart"] = [] if d is None else [{"section": x.section, "question": x.question, "text": x.text}
                                                for x in d.notes]
    data["needs"] = [
        {"section": d.section, "question": d.question, "need": d.need, "answer": d.answer, "actions": list(d.actions),
         "weak": d.weak, "responses": d.responses, "disagreement": d.disagreement, "priority": d.priority,
         "severity": round(d.severity, 3), "urgent": d.urgent, "notes": notes.get((d.section, d.question), [])}
        for d in group.needs
    ]
    data["to_discuss"] = [
        {"section": d.section, "question": d.question, "text": d.question_text, "consensus": d.consensus,
         "responses": d.responses, "distribution": [{"id": c.id, "label": c.label, "count": c.chosen} for c in d.counts]}
        for d in group.to_discuss
    ]
    for key, flags in (("tracked", group.tracked), ("low", group.low), ("individual_views", group.individual)):
        data[key] = [{"section": f.section, "question": f.question, "text": f.question_text, "answer": f.answer,
                      "weak": f.weak, "responses": f.responses, "notes": notes.get((f.section, f.question), [])}
                     for f in flags]
    data["unanswered"] = [{"section": f.section, "question": f.question, "text": f.question_text}
                          for f in group.unanswered]
    data["plan"] = plan_rows(make_plan(group))
    return data


def compare_data(c: Comparison) -> Data:
    """A comparison as JSON-ready data."""
    from lsp_check.report.model.compare import overall_title, section_note
    from lsp_check.score.compare import NEED_GROUPS, moved_direction

    def side(s: Side) -> Data:
        return {"partnership": s.partnership, "date": s.date, "respondents": s.respondents, "overall_percent": s.overall,
                "fieldwork_date": s.day, "small_room": s.small}

    def needs(key: str, items: tuple[NeedChange, ...]) -> list[Data]:
        return [{"section": n.section, "question": n.question, "need": n.need,
                 **({"weak": n.weak, "responses": n.responses} if key == "improved" else {})} for n in items]

    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "comparison",
        "partnership": c.partnership,
        "different_partnerships": c.different_partnerships,
        "reversed": c.reversed,
        "room_changed": c.room_changed,
        "same_respondents": None if c.left_out is None else {"left_out_baseline": c.left_out[0],
                                                             "left_out_followup": c.left_out[1]},
        "baseline": side(c.baseline),
        "followup": side(c.followup),
        "overall": {"then": c.overall_then, "now": c.overall_now, "change": c.overall_change,
                    "title": overall_title(c.overall_sections, "both"),
                    "sections": None if c.overall_sections is None else list(c.overall_sections)},
        "sections": [
            {"id": m.id, "title": m.title, "then": m.then, "now": m.now, "change": m.change,
             "direction": m.direction, "then_band": m.then_band, "now_band": m.now_band,
             "then_score": n(m.then_score), "now_score": n(m.now_score), "max": n(m.max),
             "note": section_note(m, min_change=c.min_change,
                                  respondents=(c.baseline.respondents, c.followup.respondents)),
             "regressed": m.regressed,
             "respondents": [m.then_n, m.now_n], "one_step": None if m.one_step is None else round(m.one_step, 3),
             "least_change": None if m.least_fall is None else round(m.least_fall, 3),
             "steps": None if m.steps is None else round(m.steps, 3)}
            for m in c.sections
        ],
        "only_baseline": list(c.only_baseline),
        "only_followup": list(c.only_followup),
        "questions": [
            {"section": m.section, "question": m.question, "text": m.text, "then": m.then_answer, "now": m.now_answer,
             "then_score": n(m.then_score), "now_score": n(m.now_score), "change": m.change,
             "direction": moved_direction(m), "change_direction": m.direction}
            for m in c.items
        ],
        "needs": {key: needs(key, getattr(c, key)) for key in NEED_GROUPS},
        "min_change": c.min_change,
        "regressions": [m.id for m in c.regressions],
    }


def cluster_data(c: Cluster) -> Data:
    """A cluster view as JSON-ready data."""
    from lsp_check.report.model.cluster import where

    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "cluster",
        "sections": [{"id": sid, "title": title, "median_percent": c.medians.get(sid)} for sid, title in c.sections],
        "partnerships": [
            {"partnership": r.partnership, "respondents": r.respondents,
             "first_date": r.dates[0] if r.dates else None, "last_date": r.dates[-1] if r.dates else None,
             "fieldwork_periods": periods_data(r.periods),
             "percent": {sid: r.percents.get(sid) for sid, _ in c.sections},
             "versus_median": {sid: r.versus.get(sid) for sid, _ in c.sections}}
            for r in c.rows
        ],
        "shared_needs": [
            {"rank": i, "need": s.need, "partnerships": s.partnership_count, "of": len(c.rows),
             "respondents": s.respondents, "answered": s.answered,
             "which": list(s.partnerships),
             "weak_shares": [{"partnership": p, "weak": w, "responses": r, "share": round(w / r, 3) if r else None}
                             for p, (w, r) in zip(s.partnerships, s.weak)],
             "questions": list(where(s))}
            for i, s in enumerate(c.shared, 1)
        ],
        "left_out": [{"partnership": name, "respondents": count} for name, count in c.left_out],
    }


_CONTAINERS = (dict, list, tuple)
_LEAF_ENCODERS: dict[int, Callable[[object], str]] = {}


def _leaf_encoder(level: int) -> Callable[[object], str]:
    """json's C encoder, with the separator that puts each entry of a container at ``level`` on its own line."""
    encode = _LEAF_ENCODERS.get(level)
    if encode is None:
        separators = (",\n" + "  " * (level + 1), ": ")
        encode = _LEAF_ENCODERS[level] = json.JSONEncoder(ensure_ascii=False, separators=separators).encode
    return encode


def pretty(value: object, level: int = 0) -> str:
    """Exactly ``json.dumps(value, indent=2, ensure_ascii=False)``, several times faster on large reports;
    at ``level`` > 0, as it reads nested that deep (each line after the first indented by two spaces a level).

    json indents only in its pure-Python encoder. Here each list or mapping that holds no other is written by
    json's C encoder, whose item separator carries the newline and indentation of its level; only the
    containers above those are walked in Python. Strings never hold a raw newline in JSON, so the one-line
    text of a leaf can be opened out at its brackets. tests/test_formats.py holds it to json.dumps. Measured by
    bench/tricks.py "json-writer": 5% of `lsp-check score DIR --format json` on 10,000 files (the 19 MB
    report); on one answers file it buys nothing.
    """
    parts: list[str] = []
    _pretty(value, level, parts.append)
    return "".join(parts)


def _pretty(value: object, level: int, out: Callable[[str], object]) -> None:
    if isinstance(value, dict):
        entries: Iterable[object] = value.values()
    elif isinstance(value, (list, tuple)):
        entries = value
    else:
        out(_scalar(value, level))
        return
    if not value:
        out("{}" if isinstance(value, dict) else "[]")
        return
    inner = "\n" + "  " * (level + 1)
    if _flat(entries):
        text = _leaf_encoder(level)(value)
        out(text[0] + inner + text[1:-1] + "\n" + "  " * level + text[-1])
        return
    deeper = level + 1
    if isinstance(value, (list, tuple)) and all(entry and type(entry) is dict and _flat(entry.values()) for entry in value):
        # A list of flat mappings (answer distributions, plan rows) in one call: the C encoder's separator is
        # right inside each mapping, and between them, where "}" + separator + "{" can only be a boundary
        # (a key starts with a quote, a value's text ends with one), it is opened out to its own level.
        separator = ",\n" + "  " * (level + 2)
        text = _leaf_encoder(deeper)(value)
        body = text[2:-2].replace("}" + separator + "{", "\n" + "  " * deeper + "}," + inner + "{" + separator[1:])
        out("[" + inner + "{" + separator[1:] + body + "\n" + "  " * deeper + "}\n" + "  " * level + "]")
        return
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):  # json's own rules for other keys, at this level
            out(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level))
            return
        out("{")
        comma = inner
        for key, entry in value.items():
            if isinstance(entry, _CONTAINERS):
                out(comma + _string(key) + ": ")
                _pretty(entry, deeper, out)
            else:
                out(comma + _string(key) + ": " + _scalar(entry, deeper))
            comma = "," + inner
        out("\n" + "  " * level + "}")
        return
    out("[")
    comma = inner
    for entry in value:
        if isinstance(entry, _CONTAINERS):
            out(comma)
            _pretty(entry, deeper, out)
        else:
            out(comma + _scalar(entry, deeper))
        comma = "," + inner
    out("\n" + "  " * level + "]")


def _flat(entries: Iterable[object]) -> bool:
    """Whether no entry is a list or mapping with something in it (an empty one is a single token)."""
    return not any(entry and isinstance(entry, _CONTAINERS) for entry in entries)


_string = json.encoder.encode_basestring  # with ensure_ascii=False, as json.dumps above


def _scalar(value: object, level: int) -> str:
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and value - value == 0.0:  # finite: json writes repr(); NaN and infinities its way
        return float.__repr__(value)
    return _leaf_encoder(level)(value)


def _dumped(data: Callable[[R], Data]) -> Callable[[R, RenderOptions], str]:
    def render_kind(result: R, options: RenderOptions) -> str:
        return pretty(data(result)) + "\n"

    render_kind.__doc__ = data.__doc__
    return render_kind


def _group_chunks(groups: Sequence[Room], left_out: Sequence[tuple[str, int]] = (),
                  later: Callable[[], Iterator[str]] | None = None) -> Iterator[str]:
    # Written a partnership at a time, so memory does not grow with the size of the report;
    # the text is the same as json.dumps(group_data(groups), indent=2). ``later`` gives the text of the
    # partnerships after these, written meanwhile by another process.
    yield f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "kind": "groups",\n  "groups": ['
    for i, group in enumerate(groups):
        yield ("," if i else "") + _body(group)
    if later is not None:
        yield from later()
    yield "\n  ]" if groups else "]"
    yield ',\n  "left_out": ' + pretty([{"partnership": name, "respondents": count} for name, count in left_out], 1)
    yield "\n}\n"


def _body(group: Room) -> str:
    return "\n    " + pretty(_group(group), level=2)


# From this many partnerships a room's JSON is written on two cores, when the caller allows more than one
# process (RenderOptions.workers; the command line does): the second half of the partnerships by a forked
# process while this one writes the first. Measured by bench/tricks.py "parallel-json": 11% of
# `lsp-check score DIR --format json` on 10,000 files of 334 partnerships (docs/performance.md).
PARALLEL_FROM = 64
SPOOL_READ = 1 << 20  # the second writer's text is read back a megabyte at a time


def _rooms(rooms: Rooms, options: RenderOptions) -> Iterator[str]:
    """A room's JSON, a partnership at a time (the second half written alongside, for a large room)."""
    groups = rooms.rooms
    if options.workers < 2 or len(groups) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _group_chunks(groups, rooms.left_out)
    return _two_writers(groups, rooms.left_out)


def _two_writers(groups: tuple[Room, ...], left_out: Sequence[tuple[str, int]]) -> Iterator[str]:
    """The first half written here while a forked process, which inherits the rest, writes the second into a
    temporary file, read once this half is written (a file, not a pipe: neither process waits on the other)."""
    import tempfile

    half = len(groups) // 2
    with tempfile.TemporaryFile() as spool:
        pid = os.fork()
        if pid == 0:  # the second writer: its half, then gone, without running the parent's clean-up
            status = 1
            try:
                for group in groups[half:]:  # a partnership at a time, so memory does not grow with the room
                    spool.write(("," + _body(group)).encode("utf-8"))
                spool.flush()
                status = 0
            finally:
                os._exit(status)

        def later() -> Iterator[str]:
            _, status = os.waitpid(pid, 0)
            if status != 0:
                raise RuntimeError(f"the second JSON writer failed (wait status {status})")
            spool.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            while piece := spool.read(SPOOL_READ):
                yield decoder.decode(piece)
            yield decoder.decode(b"", final=True)

        try:
            yield from _group_chunks(groups[:half], left_out, later)
        finally:
            if not _reaped(pid):
                os.kill(pid, 9)
                os.waitpid(pid, 0)


def _reaped(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG) != (0, 0)
    except ChildProcessError:
        return True


def _plans(plans: Plans) -> Data:
    """Standalone action plans as JSON-ready data."""
    return plan_data(plans.plans)


render = by_kind("json", {
    "single": _dumped(to_data),
    "room": _rooms,
    "comparison": _dumped(compare_data),
    "cluster": _dumped(cluster_data),
    "plans": _dumped(_plans),
    "sectors": _dumped(lambda result: _sectors_data(result)),
    "trend": _dumped(lambda result: _trend_data(result)),
    "validation": lambda result, options: pretty(_validation_data(result, options)) + "\n",  # validate -f json
})


def _validation_data(result: Validation, options: RenderOptions) -> dict[str, object]:
    """What validate found as JSON-ready data (report/json/validation.py), with its verdict."""
    from lsp_check.report.json.validation import validation_data
    from lsp_check.score.gates import decide_validation

    verdict = options.verdict or decide_validation(result)
    return validation_data(result, SCHEMA_VERSION, verdict.line.removeprefix("lsp-check: "), verdict.status)


def _trend_data(result: Trend) -> dict[str, object]:
    """A trend as JSON-ready data (report/json_trend.py)."""
    from lsp_check.report.json.trend import trend_data

    return trend_data(result, SCHEMA_VERSION)


def _sectors_data(result: Sectors) -> dict[str, object]:
    """Sectors side by side as JSON-ready data (report/json_sectors.py)."""
    from lsp_check.report.json.sectors import sectors_data

    return sectors_data(result, SCHEMA_VERSION)


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The report with the files --skip-invalid left out as its "skipped" field, right after its schema_version
    (each file named only when respondents may be: ``RenderOptions.name_skipped``; each problem only by its kind,
    report/model/skipped.py)."""
    from lsp_check.report.model.skipped import problem_kind

    named = options.name_skipped
    entries = [{"file": p.file if named else None, "problem": problem_kind(p)} for p in options.skipped]
    return _after_version(rendered, f'  "skipped": {pretty(entries, 1)},\n')


def with_gates(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The report with the gates the run was asked to hold as its "gates" field, right after its schema_version:
    the exit status and verdict line, and each gate read against each figure, unrounded (score/gates.py)."""
    verdict = options.verdict
    if verdict is None:
        return rendered
    checks = [{"gate": c.gate, "threshold": c.threshold, "partnership": c.partnership or None, "subject": c.subject,
               "section": c.section or None, "figure": c.figure, "met": c.met, "reason": c.reason or None}
              for c in verdict.checks]
    gates = {"status": verdict.status, "met": all(c.met for c in verdict.checks),
             "verdict": verdict.line.removeprefix("lsp-check: "), "checks": checks}
    return _after_version(rendered, f'  "gates": {pretty(gates, 1)},\n')


def _after_version(rendered: Rendered, field: str) -> Rendered:
    """The document with ``field`` (a line of JSON ending with a comma) right after its schema_version line."""

    def placed(text: str) -> str:
        start = text.index('"schema_version"')
        end = text.index("\n", start) + 1
        return text[:end] + field + text[end:]

    if isinstance(rendered, str):
        return placed(rendered)
    if isinstance(rendered, bytes):
        return rendered

    def chunks(rest: Iterator[str]) -> Iterator[str]:
        head = ""
        for chunk in rest:
            head += chunk
            if '"schema_version"' in head and "\n" in head[head.index('"schema_version"'):]:
                break
        yield placed(head)
        yield from rest

    return chunks(iter(rendered))
