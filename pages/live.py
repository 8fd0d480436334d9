"""Live — Supportsenteret nå: tiles, follow-up list, units needing attention, newest messages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import config
from analysis.charts.live_charts import SELECT_HOUR, build_hourly_sentiment_chart
from analysis.clock import local_now
from analysis.fmt import fmt_datetime, fmt_int
from analysis.queries.drilldown_queries import MessageSelection
from analysis.rules import label_nb
from analysis.views.tables import evidence_words, messages_table, queue_table, theme_names, to_csv
from ui import drill, guard, loaders, present, shell, sidebar
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
    "safety": "Pasientsikkerhet: {r}",
    "themes": "Temaer: {t}",
    "why": "Hvorfor: {w}",
    "units": "Enheter som trenger oppmerksomhet",
    "units_none": "Ingen enheter skiller seg ut nå: stemning, saksmengde og ledernes status ser stabile ut.",
    "hourly": "Meldinger siste døgn, etter stemning",
    "hourly_none": "Ingen chatmeldinger siste døgn.",
    "feed": "Siste meldinger",
    "feed_none": "Ingen meldinger siste uke.",
    "behind": "Meldinger {t}, {l}",
}

# Queue status badges (our own markup; the status words come from analysis.follow_up).
STATUS_BADGE = {"ny": ":red-badge[Ny]", "tatt": ":orange-badge[Tatt]", "avvik meldt": ":violet-badge[Avvik meldt]"}
# Sentiment badges: Streamlit's red/blue follow the chart palette (.streamlit/config.toml).
BADGE = {"negative": f":red-badge[{label_nb('negative')}]", "neutral": f":gray-badge[{label_nb('neutral')}]",
         "positive": f":blue-badge[{label_nb('positive')}]"}

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
    st.caption(queue.caption)
    rows = queue.items
    if rows.empty:
        st.success(queue.none_text)
        return
    st.markdown(f"**{escape_md(queue.counts_text)}**")
    if view.queue_more:
        st.caption(view.queue_more)
    if not WALL:
        st.download_button(T["follow_csv"], to_csv(queue_table(rows, labels)), file_name="trenger_oppfolging.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:", key="follow_csv")
    with st.container(height=height, border=False):
        for r in rows.head(view.queue_shown).itertuples():
            with st.container(border=True):
                if r.safety:
                    icon, head = ":red[:material/warning:]", T["safety"].format(r=r.reason or "ja")
                else:
                    icon, head = ":orange[:material/trending_down:]", r.reason
                src = "lederrapport" if r.source == "leder" else (r.role or "chat")
                status = STATUS_BADGE.get(r.status, STATUS_BADGE["ny"])
                st.markdown(f"{icon} **{escape_md(head)}** {status}  \n{escape_md(r.unit or '–')} · "
                            f"{escape_md(fmt_datetime(pd.Timestamp(r.ts).to_pydatetime()))} · {escape_md(src)}")
                st.text(f"«{r.text}»")
                extra = []
                if r.status != "ny":
                    extra.append(r.status_text)
                themes = theme_names(r.themes, labels)
                if themes:
                    extra.append(T["themes"].format(t=themes))
                why = evidence_words(r.evidence)
                if why:
                    extra.append(T["why"].format(w=why))
                if extra:
                    st.caption(escape_md(" · ".join(extra)))


def _attention(items) -> None:
    """Draw the units that need attention now with their reasons."""
    st.subheader(T["units"])
    if not items:
        st.success(T["units_none"])
        return
    with st.container(height=300 if not WALL else 420, border=False):
        for a in items:
            lines = "  \n".join(f"– {escape_md(r)}" for r in a.reasons)
            st.markdown(f"**{escape_md(a.unit)}** · {escape_md(a.service_area)}  \n{lines}")


def _feed(feed: pd.DataFrame, height: int) -> None:
    """Draw the newest messages, each with its sentiment badge in the house colours (one Markdown element)."""
    st.subheader(T["feed"])
    if feed.empty:
        st.info(T["feed_none"])
        return
    lines = []
    for r in feed.itertuples():
        badge = BADGE.get(r.label, BADGE["neutral"])
        when = pd.Timestamp(r.ts).strftime("%d.%m %H:%M")
        lines.append(f"{badge} {when} · **{escape_md(r.unit or '–')}**  \n{escape_md(r.text)}")
    with st.container(height=height, border=False):
        st.markdown("\n\n".join(lines))


@st.fragment(run_every=every or None)
@guard.guarded("live-visningen")
def live_panel() -> None:
    """Everything that refreshes by itself: header line, tiles, lists, chart and feed."""
    view = loaders.load_live_view(DB, f, loaders.live_now(DB, f.end))
    st.caption(" · ".join(x for x in (T["updated"].format(t=local_now().strftime("%H:%M:%S")), view.newest_text)
                          if x))
    if view.now_note:
        st.caption(view.now_note)
    if not view.has_data:
        st.info(T["no_data"].format(n=fmt_int(view.n_units)))
        return
    if view.stale_warning:
        st.warning(view.stale_warning)
    present.render_tiles(view.tiles)
    labels = loaders.load_theme_labels()
    left, mid, right = st.columns([1.1, 0.95, 1.35], gap="medium")
    with left:
        _follow_up(view, labels, height=560 if WALL else 470)
    with mid:
        _attention(view.attention)
        st.subheader(T["hourly"])
        event = None
        if view.hourly.empty:
            st.info(T["hourly_none"])
        else:
            event = render_chart(build_hourly_sentiment_chart, view.hourly, view.events, view.hourly_start,
                                 view.hourly_end, key="live_hourly", selection_mode=SELECT_HOUR)
    with right:
        _feed(view.feed, height=560 if WALL else 520)
    pick = drill.selected(event, SELECT_HOUR)
    if pick and not WALL:
        start = dt.datetime.strptime(pick["time"], "%Y-%m-%d %H:%M")
        sel = MessageSelection(since=start, until=start + dt.timedelta(hours=1), label=pick.get("label"),
                               include_reports=False)
        scope = type(f)(area=f.area, unit=f.unit)
        behind = loaders.load_messages_behind(DB, scope, sel)
        drill.render_behind(T["behind"].format(t=pick["time"], l=label_nb(pick.get("label"))), behind,
                            messages_table(behind.rows, labels), "live_drill", "meldinger.csv")


st.title(T["title"])
live_panel()
