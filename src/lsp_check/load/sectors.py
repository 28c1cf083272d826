"""Respondent information from answers files and form exports: which sector a respondent represents.

A sector is written many ways ("Borough Council", "NHS Surrey", "Council for Voluntary Service");
the sectors issue groups respondents by it, so a few well-known sectors are recognised by their words
and given one name. Anything else is kept as written, with case and spacing normalised.
"""

from __future__ import annotations

import re

# Checked in this order, so that the more specific words win ("Council for Voluntary Service" is voluntary,
# "County Council" a council). Each entry: the sector's name and the words or phrases that mean it.
SECTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("police", ("police", "constabulary", "police authority")),
    ("fire", ("fire", "fire and rescue")),
    ("health", ("health", "nhs", "pct", "primary care trust", "hospital", "ccg", "clinical commissioning")),
    ("education", ("education", "school", "schools", "college", "university")),
    ("housing", ("housing", "housing association", "registered social landlord")),
    ("voluntary", ("voluntary", "vcs", "cvs", "charity", "charities", "third sector", "community sector", "faith",
                   "not for profit", "community and voluntary")),
    ("business", ("business", "businesses", "private", "private sector", "commerce", "chamber", "company",
                  "employer", "employers")),
    ("council", ("council", "councils", "local authority", "local government", "borough", "district", "county",
                 "councillor", "unitary")),
)

_WORDS = re.compile(r"[^\w]+")


def _words(text: str) -> str:
    return " " + " ".join(_WORDS.sub(" ", text.casefold()).split()) + " "


def normalise_sector(text: str) -> str:
    """A sector's one name (council, police, health, voluntary, business, ...), or the text in lower case."""
    words = _words(text)
    for name, phrases in SECTORS:
        if any(f" {phrase} " in words for phrase in phrases):
            return name
    return " ".join(text.casefold().split())


def info_role(heading: str) -> str:
    """'sector' or 'organisation' when a form column's heading asks for one (matched by word), else ''.

    "Sector", "Your sector", "Which sector do you represent?" give 'sector'; "Organisation",
    "Which organisation do you represent?", "Organization name" give 'organisation'.
    """
    words = _words(heading).split()
    if len(words) > 12:
        return ""
    if "sector" in words or "sectors" in words:
        return "sector"
    if {"organisation", "organization", "organisations", "organizations", "agency"} & set(words):
        return "organisation"
    return ""
