"""The headline tile every page shows: label, value and an optional change, already in Norwegian text."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.fmt import fmt_signed


@dataclass(frozen=True)
class Tile:
    """One st.metric, decided in analysis/views and only drawn by the page.

    `delta` is only ever a change (it is drawn as a badge, with an arrow unless it rounds to zero); it uses an
    ASCII '-' for negative numbers so Streamlit points the arrow down. `delta_color` is 'normal', 'inverse' or
    'off'. A note that is not a change (a share, a count beside the value) goes in `delta_description`: plain
    grey text, no badge.
    """

    key: str
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"
    delta_description: str | None = None
    help: str | None = None


def signed_delta(value: float | None, decimals: int = 0, suffix: str = "") -> str | None:
    """Return a change as Norwegian text for a tile's delta ('+3', '-0,12', '±0'), None when unknown."""
    if value is None or pd.isna(value):
        return None
    return fmt_signed(value, decimals, suffix).replace("−", "-")


def change_tile(key: str, label: str, value: str, change: float | None, decimals: int = 0, suffix: str = "",
                inverse: bool = False, description: str | None = None, help: str | None = None) -> Tile:
    """Return a tile whose delta is a signed change; no colour or arrow when it rounds to zero."""
    delta = signed_delta(change, decimals, suffix)
    color, arrow = ("inverse" if inverse else "normal"), "auto"
    if delta is not None and delta.startswith("±"):
        color, arrow = "off", "off"
    return Tile(key, label, value, delta, color, arrow, description, help)


def note_tile(key: str, label: str, value: str, note: str | None = None, help: str | None = None) -> Tile:
    """Return a tile with a grey note under its value that is not a change: no delta, so no badge or arrow."""
    return Tile(key, label, value, None, "off", "off", note, help)
