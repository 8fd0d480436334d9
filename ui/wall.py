"""The wall screen (?visning=vegg): TV layout CSS, the follow-up cards and the page rotation (?roter=60)."""

from __future__ import annotations

import os
import time
from typing import Any

import pandas as pd
import streamlit as st

from analysis import access, config
from analysis.fmt import fmt_datetime
from analysis.views.tables import evidence_words, theme_names
from analysis.wall_config import ROOT_PAGE, load_wall_config, next_page, rotation_seconds
from ui import auth, guard
from ui.text import escape_md

# Static CSS only (never user text). The layout is made for 1920×1080 (every height below is in CSS px of
# that screen); larger screens get the same layout scaled up with a CSS transform, so a 4K TV shows the same
# picture at twice the size instead of a small page in its top-left corner. Streamlit sizes a chart from its
# box's getBoundingClientRect(), which includes the scale: the chart's box is made 1/scale wide so the chart
# is drawn as wide as its column (the drawing itself overflows the box). CSS `zoom` has the same problem.
_WALL_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stSidebarNav"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], [data-testid="stTooltipIcon"] { display: none !important; }
html { font-size: 18px !important; }
/* The app's boxes follow the app's height (not the window's, which differs once the app is scaled below). */
[data-testid="stAppViewContainer"] > *, [data-testid="stMain"] { height: 100% !important; min-height: 0 !important; }
{scale_rules}.block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.5rem 1.4rem 0.2rem 1.4rem !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stMain"] h1 { font-size: 1.9rem !important; padding-top: 0 !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 1.4rem !important; padding-top: 0.2rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.9rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.5rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem !important; }
/* Tile titles and their notes wrap instead of being cut ("Stemning i dag (−1 til +…"). */
[data-testid="stMetricLabel"] *, [data-testid="stMetricDeltaDescription"],
[data-testid="stMetricDeltaDescription"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricDeltaDescription"] p { font-size: 0.9rem !important; }
/* Banners (log-in state, a bad ?roter=) stay, but in one slim line. */
[data-testid="stAlert"] [data-testid="stAlertContainer"] { padding: 0.3rem 0.8rem !important; }
[data-testid="stAlert"] p { font-size: 0.9rem !important; }
</style>
"""
# (min width, min height, scale) of the screens the 1080p layout is scaled up for.
SCALE_STEPS = ((2400, 1350, 1.25), (2880, 1620, 1.5), (3360, 1890, 1.75), (3840, 2160, 2))


def _scale_rule(width: int, height: int, scale: float) -> str:
    """The CSS that scales the app by `scale` on screens at least width × height px."""
    inv = 100 / scale
    return (f"@media (min-width: {width}px) and (min-height: {height}px) {{\n"
            f"  [data-testid=\"stApp\"] {{ transform: scale({scale:g}); transform-origin: 0 0;\n"
            f"    width: {inv:.3f}vw !important; height: {inv:.3f}vh !important; min-height: 0 !important; }}\n"
            f"  [data-testid=\"stVegaLiteChart\"] {{ width: {inv:.3f}% !important; "
            f"overflow: visible !important; }} }}\n")


WALL_CSS = _WALL_CSS.replace("{scale_rules}", "".join(_scale_rule(*step) for step in SCALE_STEPS))

T = {
    "safety": "Pasientsikkerhet: {r}",
    "themes": "Temaer: {t}",
    "why": "Hvorfor: {w}",
    "config": "Veggskjermen ({f}): {p}",
    "missing": "Rotasjonen hopper over «{p}»: siden finnes ikke i appen eller er ikke åpen for denne brukeren.",
}

# Queue status badges (our own markup; the status words come from analysis.follow_up).
STATUS_BADGE = {"ny": ":red-badge[Ny]", "tatt": ":orange-badge[Tatt]", "avvik meldt": ":violet-badge[Avvik meldt]"}


def render_css() -> None:
    """Draw the wall screen's static CSS."""
    st.html(WALL_CSS)


def render_queue_card(r: Any, labels: dict[str, str], wall: bool = False) -> None:
    """Draw one follow-up card: what happened, where, when, why, and its status (user text as plain text)."""
    with st.container(border=True):
        if r.safety:
            icon, head = ":red[:material/warning:]", T["safety"].format(r=r.reason or "ja")
        else:
            icon, head = ":orange[:material/trending_down:]", r.reason
        src = "lederrapport" if r.source == "leder" else (r.role or "chat")
        status = STATUS_BADGE.get(r.status, STATUS_BADGE["ny"])
        st.markdown(f"{icon} **{escape_md(head)}** {status}  \n{escape_md(r.unit or '–')} · "
                    f"{escape_md(fmt_datetime(pd.Timestamp(r.ts).to_pydatetime()))} · {escape_md(src)}")
        if r.text in (access.HIDDEN_TEXT, access.HIDDEN_TEXT_WALL):  # not for this role: say so, no quote marks
            st.caption(escape_md(r.text))
        else:
            st.text(f"«{r.text}»")
        extra = []
        if r.status != "ny":
            extra.append(r.status_text)
        if not wall:  # a TV shows what and where; the themes and the evidence are for the desk
            themes = theme_names(r.themes, labels)
            if themes:
                extra.append(T["themes"].format(t=themes))
            why = evidence_words(r.evidence)
            if why:
                extra.append(T["why"].format(w=why))
        if extra:
            st.caption(escape_md(" · ".join(extra)))


def _pages() -> tuple[dict[str, str], str | None]:
    """Return the app's pages as {playlist name: script path relative to app.py} and the current page's name.

    Streamlit has no public API for "which page is this" before the page runs; the script-run context knows
    (st.navigation has just resolved it). The default page has the url path "" and is the playlist's ROOT_PAGE.
    Pages this session's role may not open are left out, so the rotation skips them instead of being refused.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return {}, None
    root = ctx.pages_manager.main_script_parent
    allowed = set(access.allowed_pages(auth.current_principal()))
    pages, current = {}, None
    for page_hash, info in ctx.pages_manager.get_pages().items():
        url = info.get("url_pathname")
        name = url or ROOT_PAGE
        if page_hash == ctx.page_script_hash:
            current = name
        if url and url not in allowed:
            continue
        pages[name] = os.path.relpath(info["script_path"], root)
    return pages, current


def render_rotation() -> None:
    """Run the wall screen's timer: move to the playlist's next page every ?roter= seconds.

    Without ?roter= the pages that do not refresh themselves are re-run every refresh interval, so an
    unattended screen never shows old figures (the live page's own panel refreshes itself). Only the wall
    screen (?visning=vegg) runs a timer: the weekly page's presentation mode (?visning=presentasjon) shares
    the CSS but is driven by the person presenting.
    """
    if st.query_params.get("visning") != "vegg":
        return
    cfg = load_wall_config()
    seconds, warning = rotation_seconds(st.query_params.get("roter"), cfg)
    pages, current = _pages()
    if seconds is not None:
        for problem in cfg.problems:
            st.warning(escape_md(T["config"].format(f="data/vegg.toml", p=problem)), icon=":material/tv:")
        for missing in [p for p in cfg.pages if p not in pages]:
            st.warning(escape_md(T["missing"].format(p=missing)), icon=":material/tv:")
        if warning:
            st.warning(escape_md(warning), icon=":material/timer:")
    playlist = tuple(p for p in cfg.pages if p in pages)
    if seconds is None or not playlist:
        if current == ROOT_PAGE:
            return
        seconds, playlist = int(config.refresh_seconds()), ()
    st.session_state["_vegg_siden"] = time.monotonic()
    _timer(seconds, playlist, pages, current)


def _timer(seconds: int, playlist: tuple[str, ...], pages: dict[str, str], current: str | None) -> None:
    """A fragment that wakes every `seconds`: switch to the next page (query params kept) or re-run this one."""

    @st.fragment(run_every=seconds)
    @guard.guarded("rotasjonen")
    def tick() -> None:
        since = st.session_state.get("_vegg_siden", time.monotonic())
        # The first call comes with the page itself; only a timer run that comes (about) `seconds` later acts.
        if time.monotonic() - since < 0.8 * seconds:
            return
        if not playlist:
            st.rerun(scope="app")
        target = next_page(current, playlist)
        st.switch_page(pages[target], query_params=dict(st.query_params.to_dict()))

    tick()
