"""The report model's words for the figures a report withholds to keep respondents anonymous (docs/privacy.md).

score/disclosure.py decides what is withheld and why, as codes; every sentence saying so is here, once, for
every format: the lines under a room's title, the word a withheld cell shows, the list of a small room's notes
and the sentences of a sectors report.
"""

from __future__ import annotations

from lsp_check.report.model.words import plural
from lsp_check.score.disclosure import DEFAULT_THRESHOLD, NOTES_APART, RANGE, RANGE_MARGIN, SMALL_ROOM
from lsp_check.score.room import RoomDisclosure

WITHHELD = "withheld"  # what a withheld figure's cell shows, in every format
NOTES_TITLE = "Notes"
NOTES_MARK = "•"
# Said where a room's pooled figure would be (respondents answered different sections) when it is withheld.
POOLED_WITHHELD = ("the pooled figure is withheld, as in a room this small it would let each respondent's total be "
                   "worked out")


def threshold_of(disclosure: RoomDisclosure | None) -> int:
    """The anonymity threshold a room's report was judged by (the default when it was not judged)."""
    return disclosure.threshold if disclosure is not None else DEFAULT_THRESHOLD


def room_lines(disclosure: RoomDisclosure | None, respondents: int) -> tuple[str, ...]:
    """The lines under a room's title saying what is withheld and why ('' lines left out)."""
    if disclosure is None:
        return ()
    k = disclosure.threshold
    lines = []
    if SMALL_ROOM in disclosure.withheld:
        lines.append(small_room(respondents, k))
    if RANGE in disclosure.withheld:
        lines.append(f"Ranges withheld: a section's lowest and highest totals are shown only when at least "
                     f"{k + RANGE_MARGIN} respondents count in it, so that no one's total can be worked out "
                     "from them.")
    if NOTES_APART in disclosure.withheld:
        lines.append(f"Notes are listed apart from their questions' answers (under {NOTES_TITLE}), so that a "
                     "note cannot be matched to the answer beside it.")
    return tuple(lines)


def small_room(respondents: int, threshold: int, where: str = "") -> str:
    """What is said of a room below the anonymity threshold (disclosure.SMALL_ROOM), ``where`` naming which
    assessment it is in a comparison or a trend ('at the follow-up')."""
    at = f" {where}" if where else ""
    return (f"Only {plural(respondents, 'respondent')}{at}, fewer than {threshold}: nobody's answers are anonymous "
            "here, as each respondent can work out the others' from these figures.")


def notes_intro(threshold: int) -> str:
    """The introduction of a small room's list of notes."""
    return (f"With fewer than {threshold} respondents, notes are listed here, in the order of their text and "
            "without the answers they were written beside:")


def withheld_groups(withheld: tuple[tuple[str, int], ...], one: str, many: str) -> str:
    """The sentence naming the groups withheld to protect smaller ones ('' when none)."""
    if not withheld:
        return ""
    names = ", ".join(f"{name} ({plural(n, 'respondent')})" for name, n in withheld)
    other = "organisation" if one == "sector" else "sector"
    return (f"Also withheld, though large enough to show: {names}, so that no smaller group's answers can be "
            f"worked out by subtracting the {many} shown from the whole room, in this report or beside the report "
            f"by {other}.")


def cells_legend(many: str, threshold: int) -> str:
    """What a withheld cell of a sectors report means."""
    return (f"{WITHHELD}: a figure not shown because fewer than {threshold} of the group's respondents answered, "
            f"or because it would let a smaller group's answers be worked out by subtracting the {many} shown "
            "from the whole room.")
