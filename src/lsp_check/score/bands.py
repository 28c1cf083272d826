"""The band rules: what value a section's bands read, and which band a value falls in (docs/method.md).

A leaf of score/: one answers file (engine) and a room (room) read their bands here, and it imports
nothing else of score/.
"""

from __future__ import annotations

from lsp_check.questionnaire import Band, Section


def band_value(section: Section, total: float, maximum: float, low: float, answered: int, full_max: float,
               full_low: float) -> float:
    """What a section's bands read: its raw total (put on the full section pro rata, floor to ceiling, when
    questions were skipped), its percent from floor to ceiling, or its mean answer score."""
    share = (total - low) / (maximum - low) if maximum > low else 0.0
    if section.band_basis == "percent":
        value = share * 100
    elif section.band_basis == "mean":
        value = total / answered if answered else 0.0
    elif maximum == full_max and low == full_low:
        value = total
    else:
        value = full_low + share * (full_max - full_low)
    # Rounded well below any band's precision, so 16 reached through a percentage is not 15.999…
    return round(value, 9)


def band_for(bands: tuple[Band, ...], value: float) -> Band | None:
    """The band a value falls in; a value between two bands belongs to the lower one."""
    chosen = None
    for band in sorted(bands, key=lambda b: b.min):
        if value >= band.min:
            chosen = band
    return chosen
