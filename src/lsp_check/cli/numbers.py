"""Numeric options that refuse NaN and infinity, as --fail-under does (a NaN threshold passes or fails everything)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    _FloatParam = click.ParamType[float]  # generic for the type checker since click 8.3; plain at run time before
else:
    _FloatParam = click.ParamType


class Points(_FloatParam):
    """A finite number of percentage points from ``low`` to ``high`` (--min-change)."""

    name = "points"

    def __init__(self, low: float = 0.0, high: float = 100.0) -> None:
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The number, or a usage error naming the option."""
        from lsp_check.figures import num
        from lsp_check.load.limits import shorten

        expected = f"a number of points from {num(self.low)} to {num(self.high)}"
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"'{shorten(str(value))}' is not a number; expected {expected}", param, ctx)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            self.fail(f"'{shorten(str(value))}' is not {expected}", param, ctx)
        return number
