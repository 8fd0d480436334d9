"""Live — Supportsenteret nå: tiles, follow-up list, units needing attention, newest messages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import config
from analysis.charts.live_charts import SELECT_HOUR, build_hourly_sentiment_chart
from analysis.fmt import fmt_date, fmt_datetime, fmt_int, fmt_pct, fmt_polarity, label_nb
from analysis.metrics import local_now, staleness_minutes
from analysis.queries.drilldown_queries import MessageSelection
from ui import drill, loaders, present, shell, sidebar
from ui.charts import render_chart
from ui.text import escape_md

T = {
    "title": "Live — Supportsenteret nå",
    "updated": "Sist oppdatert {t}",
    "newest": "nyeste data {t}",
    "demo": "Demodata: «nå» er siste tidspunkt i dataene ({t}). Sett «Til dato» for å spille av en tidligere dag.",
    "override": "«Nå» er satt fast til {t} (GOLIVE_NOW).",
    "stale": "Ingen nye data på {m} – siste registrering {t}. Sjekk importen.",
    "no_data": "Ingen data ennå: {n} enheter er registrert, men ingen saker, chatmeldinger eller lederrapporter "
               "er kommet inn. Når de første kommer (import eller demodata), vises tall, oppfølgingsliste og "
               "siste meldinger her, og siden oppdaterer seg selv.",
    "refresh": "Oppdater live-visningen",
    "refresh_opts": {0: "Av", 10: "Hvert 10. sekund", 30: "Hvert 30. sekund", 60: "Hvert minutt",
                     300: "Hvert 5. minutt"},
    "tickets": "Saker i dag",
    "vs_yesterday": "mot samme tid i går",
    "open": "Åpne saker nå",
    "vs_24h": "mot for 24 timer siden",
    "mood": "Stemning i dag (−1 til +1)",
    "mood_help": "Snitt av {n} chatmeldinger i dag.",
    "active": "Aktive brukere av ansatte",
    "active_desc": "{a} av {s} · {d}",
    "portal": "Innlogget i HelsaMi",
    "vs_day_before": "mot dagen før",
    "follow": "Trenger oppfølging",
    "follow_cap": "Pasientsikkerhet og sterkt negative meldinger siste {h} timer, nyeste først.",
    "follow_more": "Viser de {n} nyeste av {total}.",
    "follow_csv": "Last ned hele listen (CSV)",
    "follow_none": "Ingenting som trenger oppfølging de siste {h} timene.",
    "safety": "Pasientsikkerhet: {r}",
    "negative": "Sterkt negativ ({p})",
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

# Sentiment badges: Streamlit's red/blue follow the chart palette (.streamlit/config.toml).
BADGE = {"negative": ":red-badge[negativ]", "neutral": ":gray-badge[nøytral]", "positive": ":blue-badge[positiv]"}
# Cards are heavy to draw: the newest ones on screen, the whole list as CSV.
FOLLOW_UP_SHOWN = 10

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


def _tiles(tiles) -> None:
    """Draw the five headline tiles."""
    c = st.columns(5)
    present.metric(c[0], T["tickets"], fmt_int(tiles.tickets_today),
                   delta=present.metric_delta(tiles.tickets_today - tiles.tickets_yesterday),
                   delta_color="inverse", delta_description=T["vs_yesterday"])
    present.metric(c[1], T["open"], fmt_int(tiles.open_now),
                   delta=present.metric_delta(tiles.open_now - tiles.open_24h_ago), delta_color="inverse",
                   delta_description=T["vs_24h"])
    mood_delta = None
    if tiles.mood_today is not None and tiles.mood_yesterday is not None:
        mood_delta = present.metric_delta(tiles.mood_today - tiles.mood_yesterday, 2)
    present.metric(c[2], T["mood"], fmt_polarity(tiles.mood_today), delta=mood_delta,
                   delta_description=T["vs_yesterday"], help=T["mood_help"].format(n=fmt_int(tiles.messages_today)))
    share = tiles.active_users / tiles.staff if tiles.active_users is not None and tiles.staff else None
    prev = tiles.active_prev / tiles.staff if tiles.active_prev is not None and tiles.staff else None
    active_desc = T["active_desc"].format(a=fmt_int(tiles.active_users), s=fmt_int(tiles.staff),
                                          d=fmt_date(tiles.active_day)) if share is not None else None
    present.metric(c[3], T["active"], fmt_pct(share),
                   delta=present.metric_delta(100 * (share - prev), 1, " pp") if share is not None and prev is not None
                   else None, delta_description=active_desc)
    portal_delta = None
    if tiles.portal_logins is not None and tiles.portal_prev is not None:
        portal_delta = present.metric_delta(tiles.portal_logins - tiles.portal_prev)
    present.metric(c[4], T["portal"], fmt_int(tiles.portal_logins), delta=portal_delta,
                   delta_description=T["vs_day_before"])


def _follow_up(rows: pd.DataFrame, labels: dict[str, str], height: int) -> None:
    """Draw the follow-up cards: what happened, where, when, and why it was flagged."""
    from analysis.metrics import FOLLOW_UP_HOURS

    st.subheader(T["follow"])
    st.caption(T["follow_cap"].format(h=FOLLOW_UP_HOURS))
    if rows.empty:
        st.success(T["follow_none"].format(h=FOLLOW_UP_HOURS))
        return
    if len(rows) > FOLLOW_UP_SHOWN:
        st.caption(T["follow_more"].format(n=FOLLOW_UP_SHOWN, total=fmt_int(len(rows))))
        st.download_button(T["follow_csv"], present.to_csv(present.messages_table(rows, labels)),
                           file_name="trenger_oppfolging.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", key="follow_csv")
    with st.container(height=height, border=False):
        for r in rows.head(FOLLOW_UP_SHOWN).itertuples():
            with st.container(border=True):
                if r.safety:
                    icon, head = ":red[:material/warning:]", T["safety"].format(r=r.safety_reason or "ja")
                else:
                    icon, head = ":orange[:material/trending_down:]", T["negative"].format(p=fmt_polarity(r.polarity))
                src = "lederrapport" if r.source == "leder" else (r.role or "chat")
                st.markdown(f"{icon} **{escape_md(head)}**  \n{escape_md(r.unit or '–')} · "
                            f"{escape_md(fmt_datetime(pd.Timestamp(r.ts).to_pydatetime()))} · {escape_md(src)}")
                st.text(f"«{r.text}»")
                extra = []
                themes = present.theme_names(r.themes, labels)
                if themes:
                    extra.append(T["themes"].format(t=themes))
                why = present.evidence_words(r.evidence)
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
        for a in items[:12]:
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
def live_panel() -> None:
    """Everything that refreshes by itself: header line, tiles, lists, chart and feed."""
    now = loaders.live_now(DB, f.end)
    span = loaders.load_live_span(DB)
    clock = local_now().strftime("%H:%M:%S")
    note = [T["updated"].format(t=clock)]
    if span.newest:
        note.append(T["newest"].format(t=fmt_datetime(span.newest, year=True)))
    st.caption(" · ".join(note))
    if now.mode == "demo":
        st.caption(T["demo"].format(t=fmt_datetime(now.ts)))
    elif now.mode == "override":
        st.caption(T["override"].format(t=fmt_datetime(now.ts)))
    if span.newest is None:
        st.info(T["no_data"].format(n=fmt_int(len(loaders.load_units(DB)))))
        return
    else:
        age = staleness_minutes(span.newest, now.ts)
        if age is not None and age > config.stale_minutes():
            txt = f"{fmt_int(age)} minutter" if age < 180 else f"{fmt_int(age / 60)} timer"
            st.warning(T["stale"].format(m=txt, t=fmt_datetime(span.newest, year=True)))
    _tiles(loaders.load_live_tiles(DB, f, now.ts))
    labels = loaders.load_theme_labels()
    left, mid, right = st.columns([1.1, 0.95, 1.35], gap="medium")
    with left:
        _follow_up(loaders.load_follow_up(DB, f, now.ts), labels, height=560 if WALL else 470)
    with mid:
        _attention(loaders.load_attention(DB, f, now.ts))
        st.subheader(T["hourly"])
        hourly = loaders.load_hourly_sentiment(DB, f, now.ts)
        event = None
        if hourly.empty:
            st.info(T["hourly_none"])
        else:
            hour = now.ts.replace(minute=0, second=0, microsecond=0)
            event = render_chart(build_hourly_sentiment_chart, hourly, loaders.load_events(DB, f),
                                 hour - dt.timedelta(hours=24), hour + dt.timedelta(hours=1), key="live_hourly",
                                 selection_mode=SELECT_HOUR)
    with right:
        _feed(loaders.load_feed(DB, f, now.ts), height=560 if WALL else 520)
    pick = drill.selected(event, SELECT_HOUR)
    if pick and not WALL:
        start = dt.datetime.strptime(pick["time"], "%Y-%m-%d %H:%M")
        sel = MessageSelection(since=start, until=start + dt.timedelta(hours=1), label=pick.get("label"),
                               include_reports=False)
        scope = type(f)(area=f.area, unit=f.unit)
        behind = loaders.load_messages_behind(DB, scope, sel)
        drill.render_behind(T["behind"].format(t=pick["time"], l=label_nb(pick.get("label"))), behind,
                            present.messages_table(behind.rows, labels), "live_drill", "meldinger.csv")


st.title(T["title"])
live_panel()
