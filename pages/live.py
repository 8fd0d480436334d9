"""Live — Supportsenteret nå: tiles, follow-up list, units needing attention, newest messages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import config
from analysis.access import HIDDEN_TEXT, HIDDEN_TEXT_WALL
from analysis.charts.live_charts import SELECT_HOUR, build_hourly_sentiment_chart
from analysis.clock import local_now
from analysis.fmt import fmt_int
from analysis.queries.drilldown_queries import MessageSelection
from analysis.rules import label_nb
from analysis.views.tables import messages_table, queue_table, to_csv
from ui import drill, guard, loaders, present, shell, sidebar, wall
from ui.charts import render_chart
from ui.text import escape_md

T = {
    "title": "Live — Supportsenteret nå",
    "updated": "Sist oppdatert {t}",
    "no_data": "Ingen data ennå: {n} enheter er registrert, men ingen saker, chatmeldinger eller lederrapporter "
               "er kommet inn. Når de første kommer (import eller demodata), vises tall, oppfølgingsliste og "
               "siste meldinger her, og siden oppdaterer seg selv.",
    "refresh": "Oppdater live-visningen",
    "refresh_opts": {0: "Av", 10: "Hvert 10. sekund", 30: "Hvert 30. sekund", 60: "Hvert minutt",
                     300: "Hvert 5. minutt"},
    "follow": "Trenger oppfølging",
    "follow_csv": "Last ned hele listen (CSV)",
    "units": "Enheter som trenger oppmerksomhet",
    "units_none": "Ingen enheter skiller seg ut nå: stemning, saksmengde og ledernes status ser stabile ut.",
    "hourly": "Meldinger siste døgn, etter stemning",
    "hourly_none": "Ingen chatmeldinger siste døgn.",
    "feed": "Siste meldinger",
    "feed_none": "Ingen meldinger siste uke.",
    "behind": "Meldinger {t}, {l}",
    "feeds": "Datakilder (API og overvåket mappe)",
}

# Sentiment badges: Streamlit's red/blue follow the chart palette (.streamlit/config.toml).
BADGE = {"negative": f":red-badge[{label_nb('negative')}]", "neutral": f":gray-badge[{label_nb('neutral')}]",
         "positive": f":blue-badge[{label_nb('positive')}]"}

HIDDEN = (HIDDEN_TEXT, HIDDEN_TEXT_WALL)

DB = loaders.current_db()
f = sidebar.current_filters()
WALL = shell.is_wall_mode()

default_every = int(config.refresh_seconds())
options = sorted({*T["refresh_opts"], default_every})
if not WALL:
    with st.sidebar:
        st.divider()
        every = st.selectbox(T["refresh"], options, index=options.index(default_every), key="oppdater",
                             placeholder="Velg intervall",
                             format_func=lambda s: T["refresh_opts"].get(s, f"Hvert {s}. sekund"))
else:
    every = default_every


def _follow_up(view, labels: dict[str, str], height: int) -> None:
    """Draw the queue's first cards (safety first): what happened, where, when, why, and its status."""
    queue = view.queue
    st.subheader(T["follow"])
    if not WALL:  # the desk reads how the queue is made; the wall shows the counts and the cards
        st.caption(queue.caption)
    rows = queue.items
    if rows.empty:
        st.success(queue.none_text)
        return
    st.markdown(f"**{escape_md(queue.counts_text)}**")
    if view.queue_more and not WALL:
        st.caption(view.queue_more)
    if not WALL:
        st.download_button(T["follow_csv"], to_csv(queue_table(rows, labels)), file_name="trenger_oppfolging.csv",
                           mime="text/csv", on_click=loaders.record_download,
                           args=(DB, "csv", "trenger_oppfolging.csv"), icon=":material/download:", key="follow_csv")
    with st.container(height=height, border=False, key="vegg_kort" if WALL else None):
        for r in rows.head(view.queue_shown).itertuples():
            wall.render_queue_card(r, labels, wall=WALL)


def _attention(items, height: int) -> None:
    """Draw the units that need attention now with their reasons."""
    st.subheader(T["units"])
    if not items:
        st.success(T["units_none"])
        return
    with st.container(height=height, border=False):
        for a in items:
            lines = "  \n".join(f"– {escape_md(r)}" for r in a.reasons)
            st.markdown(f"**{escape_md(a.unit)}** · {escape_md(a.service_area)}  \n{lines}")


def _feed(feed: pd.DataFrame, height: int) -> None:
    """Draw the newest messages, each with its sentiment badge in the house colours (one Markdown element)."""
    st.subheader(T["feed"])
    if feed.empty:
        st.info(T["feed_none"])
        return
    note = loaders.hidden_note(feed)
    if note:
        st.caption(escape_md(note))
    lines = []
    for r in feed.itertuples():
        badge = BADGE.get(r.label, BADGE["neutral"])
        when = pd.Timestamp(r.ts).strftime("%d.%m %H:%M")
        head = f"{badge} {when} · **{escape_md(r.unit or '–')}**"
        # A hidden text is said once above, not as a marker on every line.
        lines.append(head if r.text in HIDDEN else f"{head}  \n{escape_md(r.text)}")
    with st.container(height=height, border=False):
        st.markdown("\n\n".join(lines))


def _hourly(view) -> object:
    """Draw the messages per hour of the last day (clickable at the desk, larger and still on the wall)."""
    st.subheader(T["hourly"])
    if view.hourly.empty:
        st.info(T["hourly_none"])
        return None
    if WALL:
        return render_chart(build_hourly_sentiment_chart, view.hourly, view.events, view.hourly_start,
                            view.hourly_end, key="live_hourly", wall=True, height=LAYOUT["chart"])
    return render_chart(build_hourly_sentiment_chart, view.hourly, view.events, view.hourly_start,
                        view.hourly_end, key="live_hourly", selection_mode=SELECT_HOUR)


# Heights in px. The wall's are for 1920×1080 (larger screens scale the whole page, see ui/wall.py): tiles,
# the hourly chart, several follow-up cards and the feed on one screen without scrolling.
LAYOUT = {"cards": 690, "attention": 310, "chart": 280, "feed": 690} if WALL else \
    {"cards": 470, "attention": 300, "feed": 520}


@st.fragment(run_every=every or None)
@guard.guarded("live-visningen")
def live_panel() -> None:
    """Everything that refreshes by itself: header line, tiles, lists, chart and feed."""
    view = loaders.load_live_view(DB, f, loaders.live_now(DB, f.end))
    notes = (T["updated"].format(t=local_now().strftime("%H:%M:%S")), view.newest_text)
    if WALL:
        notes += (view.now_note,)
    st.caption(" · ".join(x for x in notes if x))
    if view.now_note and not WALL:
        st.caption(view.now_note)
    if not view.has_data:
        st.info(T["no_data"].format(n=fmt_int(view.n_units)))
        return
    if view.stale_warning:
        st.warning(view.stale_warning)
    feeds = loaders.load_feed_status(DB)
    if feeds.warning:
        st.warning(escape_md(feeds.warning), icon=":material/sensors_off:")
    present.render_tiles(view.tiles)
    labels = loaders.load_theme_labels()
    if WALL:
        left, mid, right = st.columns([1.15, 1.3, 1.0], gap="medium")
        with left:
            _follow_up(view, labels, height=LAYOUT["cards"])
        with mid:
            _hourly(view)
            _attention(view.attention, LAYOUT["attention"])
        with right:
            _feed(view.feed, height=LAYOUT["feed"])
        return
    left, mid, right = st.columns([1.1, 0.95, 1.35], gap="medium")
    with left:
        _follow_up(view, labels, height=LAYOUT["cards"])
    with mid:
        _attention(view.attention, LAYOUT["attention"])
        event = _hourly(view)
    with right:
        _feed(view.feed, height=LAYOUT["feed"])
    if not feeds.rows.empty:
        with st.expander(T["feeds"]):
            st.caption(feeds.caption)
            st.dataframe(feeds.rows, hide_index=True, width="stretch")
    pick = drill.selected(event, SELECT_HOUR)
    if pick:
        start = dt.datetime.strptime(pick["time"], "%Y-%m-%d %H:%M")
        sel = MessageSelection(since=start, until=start + dt.timedelta(hours=1), label=pick.get("label"),
                               include_reports=False)
        scope = type(f)(area=f.area, unit=f.unit)
        behind = loaders.load_messages_behind(DB, scope, sel)
        drill.render_behind(T["behind"].format(t=pick["time"], l=label_nb(pick.get("label"))), behind,
                            messages_table(behind.rows, labels), "live_drill", "meldinger.csv")


st.title(T["title"])
live_panel()
