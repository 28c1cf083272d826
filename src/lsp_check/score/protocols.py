"""The one family of results: what one answers file's ``Result`` and a room's ``Room`` both are.

The plan, the comparison and the gates read either through these protocols, never by guessing from
attributes. Both satisfy them structurally (mypy checks it at ``_members`` below): one answers file is a
partnership's result with one respondent, whose needs are each felt by that one respondent, never disagreed
on, with no group priority. Where the two say different things (a room's headline is its median respondent),
code narrows on the concrete type.

Only type checkers import this module: the protocols cost nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lsp_check.questionnaire import AgreedAction, Band


class ScoredOverall(Protocol):
    """The overall figure of a partnership's result: the headline percent (rounded, and ``exact``), with the
    answers given over the questions asked."""

    @property
    def percent(self) -> float | None: ...
    @property
    def exact(self) -> float | None: ...
    @property
    def answered(self) -> int: ...
    @property
    def questions(self) -> int: ...


class ScoredNeed(Protocol):
    """A need raised by one answer or by a room's answers to one question, with the actions it suggests."""

    @property
    def section(self) -> str: ...
    @property
    def section_title(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def question_text(self) -> str: ...
    @property
    def need(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def actions(self) -> tuple[str, ...]: ...
    @property
    def severity(self) -> float: ...
    @property
    def urgent_answer(self) -> bool: ...
    @property
    def weak(self) -> int: ...
    @property
    def responses(self) -> int: ...
    @property
    def disagreement(self) -> bool: ...
    @property
    def priority(self) -> str: ...


class ScoredSection(Protocol):
    """A section as scored: its headline percent and band, and whether the coverage rule let it be scored."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def scored(self) -> bool: ...
    @property
    def required(self) -> int: ...
    @property
    def band(self) -> Band | None: ...
    @property
    def covered(self) -> bool: ...
    @property
    def headline_percent(self) -> float | None: ...
    @property
    def headline_exact(self) -> float | None: ...


class PartnershipResult(Protocol):
    """One partnership's scored health check: from one answers file, or from a room of its respondents."""

    @property
    def partnership(self) -> str: ...
    @property
    def dates(self) -> tuple[str, ...]: ...
    @property
    def respondents(self) -> int: ...
    @property
    def sections(self) -> Sequence[ScoredSection]: ...
    @property
    def overall(self) -> ScoredOverall: ...
    @property
    def needs(self) -> Sequence[ScoredNeed]: ...
    @property
    def agreed(self) -> tuple[AgreedAction, ...]: ...


if TYPE_CHECKING:
    from lsp_check.score.result import Need, Result, SectionResult
    from lsp_check.score.room import Room, RoomNeed, RoomSection

    def _members(single: Result, room: Room, need: Need, group_need: RoomNeed, section: SectionResult,
                 group_section: RoomSection) -> tuple[PartnershipResult, PartnershipResult, ScoredNeed, ScoredNeed,
                                                       ScoredSection, ScoredSection]:
        """Never called: mypy checks here that both families satisfy the protocols."""
        return single, room, need, group_need, section, group_section
