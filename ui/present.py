"""Streamlit presentation helpers: draw the tiles a view decided (no numbers are decided here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from analysis.views.tiles import Tile


def render_tiles(tiles: Sequence[Tile], columns: Sequence[Any] | None = None) -> None:
    """Draw a view's tiles side by side, one st.metric each, exactly as the view decided them."""
    cols = columns if columns is not None else st.columns(len(tiles))
    for col, t in zip(cols, tiles, strict=False):
        col.metric(t.label, t.value, delta=t.delta, delta_color=t.delta_color, delta_arrow=t.delta_arrow,
                   delta_description=t.delta_description, help=t.help)
