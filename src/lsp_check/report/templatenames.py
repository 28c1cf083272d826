"""What a user's template is told when it names something its report does not hold.

jinja2's own message names the Python class of the object ("'lsp_check.report.model.health.Report object' has
no attribute 'partnrship'"), which means nothing to a template's author. Here the undefined value raises
``MissingName``, knowing the name and the fields of what it was looked up on; ``explain`` then says it in the
author's words, as the template wrote it (``report.partnrship is not a field of the report (did you mean
'partnership'?)``), found on the template's own line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

import jinja2

from lsp_check.matching import did_you_mean


class MissingName(jinja2.UndefinedError):
    """A template used a name or a field that is not there; ``fields`` are those that are."""

    def __init__(self, message: str, name: object, fields: tuple[str, ...], looked_in: bool) -> None:
        super().__init__(message)
        self.name = name
        self.fields = fields
        self.looked_in = looked_in  # the name was a field looked up on an object, not a name of its own


def fields_of(value: object) -> tuple[str, ...]:
    """The names a template may read on ``value``: a mapping's keys, a record's fields, else its public attributes."""
    if isinstance(value, Mapping):
        return tuple(str(key) for key in value)
    record = getattr(value, "_fields", None)  # a NamedTuple's
    if isinstance(record, tuple):
        return tuple(str(field) for field in record)
    if dataclasses.is_dataclass(value):
        return tuple(field.name for field in dataclasses.fields(value))
    return tuple(name for name in dir(value) if not name.startswith("_") and not callable(getattr(value, name, None)))


def undefined_class(base: type[jinja2.Undefined]) -> type[jinja2.Undefined]:
    """``base`` (strict) raising MissingName, so that the message can name what the template wrote."""

    class Named(base):  # type: ignore[valid-type,misc]  # a class made from the environment's own
        """An undefined value that says which name was missing and what was there instead."""

        def __init__(self, hint: str | None = None, obj: object = jinja2.utils.missing, name: str | None = None,
                     exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError) -> None:
            super().__init__(hint, obj, name, exc)
            if exc is jinja2.UndefinedError:
                looked_in = obj is not jinja2.utils.missing
                fields = fields_of(obj) if looked_in else ()
                self._undefined_exception = lambda message: MissingName(message, name, fields, looked_in)

    return Named


def explain(error: MissingName, line: str, given: Iterable[str], report: object) -> str:
    """The message for a missing name: the path the template wrote (found on its ``line``), what it is not a field
    of, and the closest field; a name of its own is offered the closest name given, or the report's field."""
    name = str(error.name)
    if not error.looked_in:
        given = tuple(given)
        hint = did_you_mean(name, fields_of(report)).replace("'", "'report.", 1) or did_you_mean(name, given)
        return f"'{name}' is undefined{hint}"
    if not isinstance(error.name, str):
        return f"there is no item {error.name!r} here"
    written = re.search(rf"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*)(?:\.{re.escape(name)}\b|\[['\"]"
                        rf"{re.escape(name)}['\"]\])", line)
    owner = written.group(1) if written else ""
    where = "the report" if owner == "report" else (owner or "what it is looked up on")
    path = f"{owner}.{name}" if owner else name
    return f"{path} is not a field of {where}{did_you_mean(name, error.fields)}"
