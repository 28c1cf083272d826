"""Tolerant matching of answers, ids and names: normalising text, suggesting close matches, and when two
partnership names are the same one."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_DASHES = re.compile(r"[\u2010-\u2015\u2212\-]+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Fold case, spacing, quotes and every kind of dash so that typed answers match labels."""
    text = _DASHES.sub("-", text.translate(_QUOTES).casefold())
    text = _SPACE.sub(" ", text).strip()
    return text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word``, if one is close enough to be a likely typo."""
    if len(word) > 200:  # far longer than any id or label: not a typo of one, and costly to compare
        return None
    import difflib

    pool = list(candidates)
    by_norm = {normalise(c): c for c in pool}
    found = difflib.get_close_matches(normalise(word), list(by_norm), n=1, cutoff=0.6)
    return by_norm[found[0]] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix, or an empty string when nothing is close."""
    match = suggest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


UNNAMED = "(partnership not named)"  # what every report and verdict says when the answers name no partnership


@functools.lru_cache(maxsize=4096)  # a room's files name a handful of partnerships, each thousands of times
def identity(name: str) -> str:
    """The key two names share when they name the same partnership (or sector, or organisation): letters and digits
    only, case-folded, so that case, spacing and punctuation do not tell names apart (load/identity.py says what
    is warned about names that are near but not the same)."""
    import unicodedata  # here, so that a report that never compares names does not load it at start-up

    return "".join(filter(str.isalnum, unicodedata.normalize("NFKC", name).casefold()))
