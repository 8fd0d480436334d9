"""The app shell around every page: database bootstrap, header with freshness, wall-screen mode (ui/wall.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analysis import db, settings
from analysis.fmt import fmt_datetime
from ui.text import escape_md

# Streamlit's file uploader has English built-in texts; static CSS puts Norwegian ones in their place.
NB_WIDGET_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "Velg fil"; font-size: 1rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "Dra filen hit, eller velg den · CSV eller XLSX, inntil 200 MB"; font-size: 0.875rem; }
</style>
"""


def is_wall_mode() -> bool:
    """Tell whether the wall-screen / presentation mode is on (?visning=vegg in the URL)."""
    return st.query_params.get("visning") in ("vegg", "presentasjon")


def ensure_database(path: str) -> bool:
    """Build the demo database when the file is missing, else bring its schema up to date.

    Returns True when the demo was built now.
    """
    if Path(path).exists():
        _migrated_version(path)
        return False
    from analysis.demo.generator import build_demo  # heavy: only on first start

    with st.spinner("Første oppstart: bygger demodatabasen (syntetiske data) …"):
        build_demo(path)
    return True


@st.cache_data(ttl=300, max_entries=8, show_spinner=False)
def _migrated_version(path: str) -> int:
    """Migrate an older database file once (readers never migrate); refuse one from a newer program."""
    if db.check_version(path) < db.SCHEMA_VERSION:
        return db.ensure_schema(path)
    return db.SCHEMA_VERSION


def render_header(path: str, meta: dict[str, str], newest: dt.datetime | None) -> None:
    """Show which database the app reads, whether it is demo data and how fresh the data is."""
    name = Path(path).name
    fresh = f"nyeste data: {fmt_datetime(newest, year=True)}" if newest else "ingen data ennå"
    demo = " · **demodata** (syntetisk go-live)" if meta.get("demo") == "1" else ""
    st.caption(f"Database: `{name}`{demo} · {fresh}")


def render_chrome(path: str, newest: dt.datetime | None) -> None:
    """Draw what every page shares: widget texts in Norwegian, wall-screen CSS or the header, rule warnings."""
    from analysis.rules import load_rules
    from ui import loaders

    st.html(NB_WIDGET_CSS)
    if is_wall_mode():
        from ui import wall

        wall.render_css()
        wall.render_rotation()
        return
    render_header(path, loaders.load_meta(path), newest)
    for problem in load_rules().problems:
        st.warning(escape_md(f"Regelfilen: {problem}"), icon=":material/rule:")
    for problem in settings.problems():
        st.warning(escape_md(f"Innstilling: {problem}"), icon=":material/settings:")
