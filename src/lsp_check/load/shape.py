"""Small typed checks over a located YAML document, collecting every problem in one pass."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lsp_check.load.limits import MAX_PROBLEMS_SHOWN, shorten
from lsp_check.load.yamlfile import Document
from lsp_check.matching import did_you_mean
from lsp_check.problems import KeyPath, Problem

# Ids are at most 80 characters, so that every message naming one shows it whole.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


def describe(value: Any) -> str:
    """Say what a YAML value is, for 'found X; expected Y' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {'.nan' if math.isnan(value) else '.inf' if value > 0 else '-.inf'}"
    if isinstance(value, (int, float)):
        return f"the number {shorten(str(value))}"
    if isinstance(value, str):
        return f"the text '{shorten(value)}'" if value.strip() else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Checker:
    """Checks values of one document against expected shapes, collecting problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        # Keys already reported missing: checking their (absent) value would only say so again.
        self.missing: set[KeyPath] = set()

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors, not warnings."""
        return [p for p in self.problems if p.severity == "error"]

    def did_you_mean(self, word: str, candidates: Iterable[str]) -> str:
        """A did-you-mean hint, while there are few enough problems to read one by one (hints cost time)."""
        return did_you_mean(word, candidates) if len(self.problems) < MAX_PROBLEMS_SHOWN else ""

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        """Record an error at ``path``, unless it is about a value already reported missing."""
        if path in self.missing:
            return
        self.problems.append(self.doc.problem(path, message, key=key))

    def add_to_last(self, since: int, words: str) -> None:
        """Add ``words`` to the last error recorded since there were ``since`` problems (if any), once."""
        for index in range(len(self.problems) - 1, since - 1, -1):
            problem = self.problems[index]
            if problem.severity == "error":
                if not problem.message.endswith(words):
                    self.problems[index] = problem._replace(message=problem.message + words)
                return

    def warn(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        """Record a warning at ``path``."""
        self.problems.append(self.doc.problem(path, message, key=key, severity="warning"))

    def mapping(
        self,
        path: KeyPath,
        value: Any,
        keys: Iterable[str],
        required: Iterable[str] = (),
        what: str = "a mapping",
    ) -> dict[str, Any] | None:
        """Check a mapping's keys: report unknown keys (with the closest valid one) and missing ones."""
        if not isinstance(value, dict):
            self.error(path, f"found {describe(value)}; expected {what}")
            return None
        allowed = list(keys)
        for key in value:
            if key not in allowed:
                self.error(
                    path + (key,),
                    f"unknown key '{shorten(key)}'{self.did_you_mean(key, allowed)}; expected one of: {', '.join(allowed)}",
                    key=True,
                )
        for key in required:
            if key not in value:
                self.error(path, f"missing required key '{key}'")
                self.missing.add(path + (key,))
        return value

    def sequence(self, path: KeyPath, value: Any, what: str, *, min_items: int = 1) -> list[Any]:
        """Check a list with at least ``min_items`` items; return it, or an empty list."""
        if not isinstance(value, list):
            self.error(path, f"found {describe(value)}; expected a list of {what}")
            return []
        if len(value) < min_items:
            self.error(path, f"found {len(value)} {what}; expected at least {min_items}")
        return value

    def text(self, path: KeyPath, value: Any, what: str = "text") -> str | None:
        """Check a non-empty piece of text."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.error(path, f"found {describe(value)}; expected {what}")
        return None

    def optional_text(self, path: KeyPath, value: Any, what: str = "text") -> str:
        """Check an optional piece of text; nothing is fine, a non-text value is not."""
        if value is None:
            return ""
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip()
        self.error(path, f"found {describe(value)}; expected {what}")
        return ""

    def ident(self, path: KeyPath, value: Any, what: str = "an id") -> str | None:
        """Check an id: letters, digits, '-', '_' or '.', starting with a letter or digit."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _ID.match(value):
            return value
        self.error(path, f"found {describe(value)}; expected {what} (letters, digits, '-' or '_', no spaces; "
                         "at most 80 characters)")
        return None

    def number(self, path: KeyPath, value: Any, what: str = "a number", low: float = -math.inf,
               high: float = math.inf) -> float | None:
        """Check a finite number (not a boolean) from ``low`` to ``high``."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
            return value
        if math.isfinite(low) and math.isfinite(high):
            what = f"{what} from {low:,} to {high:,}"
        self.error(path, f"found {describe(value)}; expected {what}")
        return None

    def boolean(self, path: KeyPath, value: Any, default: bool) -> bool:
        """Check true or false; nothing means the default."""
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.error(path, f"found {describe(value)}; expected true or false")
        return default

    def choice(self, path: KeyPath, value: Any, allowed: Mapping[str, Any] | Iterable[str], default: str) -> str:
        """Check one of a fixed set of words; nothing means the default."""
        options = list(allowed)
        if value is None:
            return default
        if isinstance(value, str) and value in options:
            return value
        shown = shorten(value) if isinstance(value, str) else describe(value)
        hint = self.did_you_mean(value, options) if isinstance(value, str) else ""
        self.error(path, f"found '{shown}'{hint}; expected one of: {', '.join(options)}")
        return default
