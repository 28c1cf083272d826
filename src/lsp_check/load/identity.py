"""A partnership's identity (and an organisation's): one rule for when two names are the same one, and what is said
when they are not quite.

Names are the same when they are equal ignoring case, spacing and punctuation ("Local Spelthorne Partnership",
"local spelthorne  partnership" and "Local Spelthorne Partnership." are one partnership: ``matching.identity``, at
the package root because scoring groups by it too); reports show the first spelling met. Names that still differ but look like slips of the same one (one letter added, left out, changed or
two swapped, or one name the start of the other: "Spelthorne" and "Spelthorne Partnership") are *near-duplicates*:
they are kept apart, never merged by guess, and every command that meets them names both in a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsp_check.load.limits import shorten
from lsp_check.matching import UNNAMED, identity
from lsp_check.problems import Problem

# Names longer than this are not compared for near-duplicates (no partnership's name is this long), nor are the
# names beyond the first MAX_NAMES_COMPARED: the search costs time with the length and number of names, and a
# hostile file could give thousands.
NEAR_DUPLICATE_CHARS = 80
MAX_NAMES_COMPARED = 1_000
# Near-duplicate pairs warned about one by one; the rest are counted in one more warning.
MAX_WARNINGS = 5


class Spellings:
    """The first spelling met of each name, by its identity."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def add(self, name: str) -> str:
        """Record a name (the first spelling of its identity is kept); return its identity."""
        key = identity(name)
        self.first.setdefault(key, name)
        return key

    def shown(self, key: str) -> str:
        """The spelling reports show for an identity."""
        return self.first.get(key, key)


def one_edit_apart(first: str, second: str) -> bool:
    """Whether two different texts differ by one letter added, left out or changed, or two neighbours swapped.

    A difference in a digit does not count: "Area 1" and "Area 2" are numbered apart on purpose.
    """
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    start = 0
    while start < len(first) and first[start] == second[start]:
        start += 1
    if len(first) < len(second):  # one letter added
        return not second[start].isdigit() and first[start:] == second[start + 1:]
    if first[start + 1:] == second[start + 1:]:  # one letter changed
        return not (first[start].isdigit() or second[start].isdigit())
    return (start + 1 < len(first) and first[start] == second[start + 1] and first[start + 1] == second[start]
            and first[start + 2:] == second[start + 2:]
            and not (first[start].isdigit() or first[start + 1].isdigit()))  # two neighbours swapped


def near_duplicates(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names with different identities that look like the same name: one edit apart, or one a prefix of
    the other (ignoring case, spacing and punctuation). Each pair in the order the names were given.

    A prefix that leaves only digits over ("Area 1" and "Area 12") is numbering, not a slip.
    """
    keys: dict[str, str] = {}
    for name in names:
        key = identity(name)
        if key and len(key) <= NEAR_DUPLICATE_CHARS and len(keys) < MAX_NAMES_COMPARED:
            keys.setdefault(key, name)
    order = {key: n for n, key in enumerate(keys)}
    found: set[tuple[str, str]] = set()
    # Every key is looked up by its prefixes and by itself with one letter left out: a pair one edit apart shares
    # a key with one letter left out (or is one), and a prefix pair is found by the prefix. Each candidate is then
    # checked exactly, so the search stays near linear in the number of names. Digits are never left out: a
    # difference in a digit is not a slip (one_edit_apart).
    by_deletion: dict[str, list[str]] = {}
    for key in keys:
        for at in range(len(key)):
            if not key[at].isdigit():
                by_deletion.setdefault(key[:at] + key[at + 1:], []).append(key)
    for key in keys:
        candidates = {key[:end] for end in range(1, len(key)) if key[:end] in keys}
        candidates.update(by_deletion.get(key, ()))
        for at in range(len(key)):
            if key[at].isdigit():
                continue
            shorter = key[:at] + key[at + 1:]
            candidates.update(by_deletion.get(shorter, ()))
            if shorter in keys:
                candidates.add(shorter)
        for other in candidates:
            if other != key and (_prefix(key, other) or _prefix(other, key) or one_edit_apart(key, other)):
                found.add((key, other) if order[key] < order[other] else (other, key))
    return [(keys[a], keys[b]) for a, b in sorted(found, key=lambda pair: (order[pair[0]], order[pair[1]]))]


def _prefix(short: str, long: str) -> bool:
    return len(short) < len(long) and long.startswith(short) and not long[len(short):].isdigit()


def unnamed_warning(first_file: str, respondents: int) -> Problem:
    """The one warning of a run whose answers name no partnership: reports say so rather than guess a name."""
    others = respondents - 1
    more = f" (nor do the answers of {others} other respondent{'' if others == 1 else 's'})" if others else ""
    return Problem(first_file, f"names no partnership{more}; the report calls it {UNNAMED} (add 'partnership: NAME' "
                               "to each answers file, or a Partnership column to the form export)",
                   severity="warning")


def near_duplicate_warnings(named: Iterable[tuple[str, str]]) -> list[Problem]:
    """A warning for each pair of near-duplicate names among (name, first file naming it): they are kept apart.

    Past MAX_WARNINGS pairs, one more warning counts the rest.
    """
    where: dict[str, str] = {}
    for name, path in named:
        where.setdefault(name, path)
    pairs = near_duplicates(where)
    found = [Problem(where[second], f"names the partnership '{shorten(second)}', which looks like "
                                    f"'{shorten(first)}' ({where[first]}) but is not the same name, so they are "
                                    "scored as two partnerships; if they are one, give every file the same name",
                     severity="warning")
             for first, second in pairs[:MAX_WARNINGS]]
    if len(pairs) > MAX_WARNINGS:
        found.append(Problem(where[pairs[MAX_WARNINGS][1]], f"and {len(pairs) - MAX_WARNINGS:,} more pairs of "
                                                             "partnership names that look alike", severity="warning"))
    return found


def group_warnings(names: Iterable[str], by: str) -> list[Problem]:
    """A warning for each pair of near-duplicate sector or organisation names (``by``): they are counted apart."""
    return [Problem(f"--by {by}", f"'{shorten(second)}' looks like '{shorten(first)}' but is not the same name, so "
                                  f"they are counted as two {by}s; if they are one, give every file the same name",
                    severity="warning")
            for first, second in near_duplicates(name for name in names if name)[:MAX_WARNINGS]]


def naming_warnings(partnerships: Iterable[tuple[str, str, int]]) -> list[Problem]:
    """Warnings on the names of the partnerships read, each given as (its first spelling, the first file naming
    it, its respondents): answers naming none (said once), and names that look like another's but are not the same
    (near-duplicates), kept apart and named."""
    named = list(partnerships)
    found = [unnamed_warning(path, respondents) for name, path, respondents in named if not identity(name)][:1]
    found.extend(near_duplicate_warnings((name, path) for name, path, _ in named))
    return found
