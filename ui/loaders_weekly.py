"""Cached loaders for the weekly meeting page: the week summary, week choices, exports, and saving notes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analysis.queries import weekly_queries as qw
from analysis.weekly import summary as ws

TTL = 60

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "html": "text/html",
}


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def load_week_options(path: str) -> tuple[list[str], str | None]:
    """Load the ISO weeks covered by the data and the default (last full) week."""
    first, last, _ = qw.query_span(path)
    return ws.weeks_between(first, last), ws.default_week(first, last)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def load_week_summary(path: str, iso_week: str) -> ws.WeekSummary:
    """Load the summary of one week (the one object the page and every export render from)."""
    return ws.build_week_summary(iso_week, path)


@st.cache_data(ttl=TTL, max_entries=12, show_spinner=False)
def load_export(path: str, iso_week: str, fmt: str) -> bytes:
    """Build one export of the cached week summary and return its bytes."""
    from analysis.cli.weekly_commands import export

    summary = load_week_summary(path, iso_week)
    with tempfile.TemporaryDirectory() as tmp:
        out = export(summary, fmt, Path(tmp) / f"ukemote.{fmt}")
        return out.read_bytes()


def save_note(path: str, iso_week: str, kind: str, text: str, author: str | None) -> int:
    """Store a meeting note and drop the cached summary and exports so they show it at once."""
    note_id = qw.insert_note(iso_week, kind, text, author, path)
    load_week_summary.clear()
    load_export.clear()
    return note_id
