"""Enheter — stemning: each unit's three signals side by side, where they disagree, and what is behind them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.charts.units_charts import (
    SELECT_CELL,
    SELECT_POINT,
    SELECT_THEME,
    build_heatmap,
    build_theme_chart,
    build_trend_chart,
)
from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_polarity
from analysis.queries.drilldown_queries import MessageSelection
from analysis.queries.units_queries import CARD_WINDOW_DAYS
from ui import drill, loaders, present, sidebar
from ui.charts import render_chart
from ui.text import escape_md

T = {
    "title": "Enheter — stemning",
    "cap": "Tre signaler per enhet: lederens siste rapport, chatstemning og saker per 100 ansatte "
           "siste {n} døgn til og med {d}. ⚑ markerer der signalene spriker.",
    "flags": "⚑ {n} enheter der signalene spriker",
    "no_flags": "Signalene spriker ikke for noen enhet i perioden.",
    "leader": "Leder: {s} · stemning {m}/5 ({d})",
    "leader_none": "Leder: ingen rapport i perioden",
    "chat": "Chat {l}: {p} ({n} meldinger, {neg} negative)",
    "chat_few": "Chat: {n} meldinger – for få til å si noe",
    "tickets": "Saker: {p} per 100 ansatte ({n} saker)",
    "more": "Vis de {n} andre enhetene",
    "heat": "Stemning per enhet og dag",
    "heat_none": "Ingen chatmeldinger i perioden ennå.",
    "focus": "Enhet i fokus",
    "trend": "Utvikling: {u} mot tjenesteområdet og alle enheter",
    "trend_none": "Ingen chatmeldinger fra denne enheten i perioden.",
    "themes": "Temaer for {u}, mest negative øverst",
    "themes_none": "Ingen temaer funnet i enhetens meldinger i perioden.",
    "behind_cell": "Meldinger og lederrapporter: {u}, {d}",
    "behind_point": "Meldinger: {s}, {d}",
    "behind_theme": "Meldinger om «{t}» fra {u}",
    "no_data": "Ingen data ennå: {n} enheter er registrert, men ingen chatmeldinger, lederrapporter eller saker "
               "er kommet inn. Kortene, varmekartet og temaene fylles ut så snart de første kommer.",
    "empty": "Ingen enheter er registrert ennå. Legg inn enhetslisten for å se stemningen per enhet.",
}
# Traffic lights as a coloured dot plus the word (colour is never the only cue).
DOT = {"grønn": ":green[●]", "gul": ":orange[●]", "rød": ":red[●]", None: ":gray[○]"}
CARDS_FIRST = 8

DB = loaders.current_db()
f = sidebar.current_filters()
span = loaders.load_data_span(DB)
labels = loaders.load_theme_labels()

st.title(T["title"])
end = f.end or span.last_day
all_units = loaders.load_units(DB)
if all_units.empty:
    st.info(T["empty"])
    st.stop()
if end is None:
    st.info(T["no_data"].format(n=len(all_units)))
    st.stop()


def _card(r) -> None:
    """Draw one unit's card with the three signals and a disagreement flag."""
    status = r.status if isinstance(r.status, str) else None
    light = r.chat_light if isinstance(r.chat_light, str) else None
    with st.container(border=True):
        st.markdown(f"**{escape_md(r.unit)}** · {escape_md(r.service_area)}")
        lines = []
        if status:
            lines.append((DOT[status], T["leader"].format(s=status, m=fmt_int(r.mood),
                                                          d=fmt_date(pd.Timestamp(r.report_day).date()))))
        else:
            lines.append((DOT[None], T["leader_none"]))
        if light:
            lines.append((DOT[light], T["chat"].format(l=light, p=fmt_polarity(r.mean_polarity),
                                                       n=fmt_int(r.n_messages), neg=fmt_pct(r.negative_share, 0))))
        else:
            lines.append((DOT[None], T["chat_few"].format(n=fmt_int(r.n_messages))))
        load = ":violet[▲]" if r.high_load else ":gray[■]"
        lines.append((load, T["tickets"].format(p=fmt_num(r.tickets_per_100), n=fmt_int(r.tickets))))
        # The dots are our own markup; everything else is escaped.
        st.markdown("  \n".join(f"{dot} {escape_md(text)}" for dot, text in lines))
        if isinstance(r.flag, str):
            st.markdown(f":orange-badge[⚑ {escape_md(r.flag)}]")


def _cards(cards: pd.DataFrame) -> None:
    """Draw the cards, most worrying first; the rest behind an expander."""
    order = cards.assign(
        _f=cards["flag"].isna(), _s=cards["status"].map({"rød": 0, "gul": 1, "grønn": 2}).fillna(3),
        _p=cards["mean_polarity"].fillna(0),
    ).sort_values(["_f", "_s", "_p", "unit"])
    flagged = int(cards["flag"].notna().sum())
    st.markdown(f"**{escape_md(T['flags'].format(n=flagged))}**" if flagged else escape_md(T["no_flags"]))
    rows = list(order.itertuples())
    per_row = 4
    for i in range(0, min(CARDS_FIRST, len(rows)), per_row):
        cols = st.columns(per_row)
        for col, r in zip(cols, rows[i:i + per_row], strict=False):
            with col:
                _card(r)
    # The other cards only when asked for: an expander would still draw all of them.
    if len(rows) > CARDS_FIRST and st.toggle(T["more"].format(n=len(rows) - CARDS_FIRST), key="alle"):
        for i in range(CARDS_FIRST, len(rows), per_row):
            cols = st.columns(per_row)
            for col, r in zip(cols, rows[i:i + per_row], strict=False):
                with col:
                    _card(r)


cards = loaders.load_unit_cards(DB, f, end) if end else pd.DataFrame()
if end:
    st.caption(escape_md(T["cap"].format(n=CARD_WINDOW_DAYS, d=fmt_date(end))))
    _cards(cards)

events = loaders.load_events(DB, f)
left, right = st.columns([1.1, 1], gap="large")
drills: list = []
period_only = Filters(f.start, f.end)  # the trend and themes compare beyond the sidebar's unit filter
with left:
    st.subheader(T["heat"])
    cells = loaders.load_unit_day_sentiment(DB, f)
    if cells.empty:
        st.info(T["heat_none"])
    else:
        drill.hint()
        ev = render_chart(build_heatmap, cells, events, key="heat", selection_mode=SELECT_CELL)
        pick = drill.selected(ev, SELECT_CELL)
        if pick:
            day = present.day_from_key(pick.get("dag"))
            drills.append((T["behind_cell"].format(u=pick["unit"], d=fmt_date(day)), f,
                           MessageSelection(unit=pick["unit"], day=day), "heat"))

with right:
    names = cards["unit"].tolist() if len(cards) else all_units["name"].tolist()
    if f.unit and f.unit in names:
        default = f.unit
    else:
        flagged = cards[cards["flag"].notna()]["unit"].tolist() if len(cards) else []
        default = flagged[0] if flagged else names[0]
    unit = st.selectbox(T["focus"], names, index=names.index(default), key="fokus", placeholder="Velg enhet")
    area = all_units.set_index("name").loc[unit, "service_area"]
    st.subheader(T["trend"].format(u=unit))
    trend = loaders.load_unit_trend(DB, f, unit)
    if trend.empty or not (trend["series"] == "unit").any():
        st.info(T["trend_none"])
    else:
        ev = render_chart(build_trend_chart, trend, events, unit, area, key="trend", selection_mode=SELECT_POINT)
        pick = drill.selected(ev, SELECT_POINT)
        if pick:
            day = present.day_from_key(pick.get("dag"))
            series = pick.get("series")
            sel = MessageSelection(unit=unit if series == "unit" else None, area=area if series == "area" else None,
                                   day=day, include_reports=series == "unit")
            name = {"unit": unit, "area": area}.get(series, "alle enheter")
            scope = f if series == "unit" else period_only
            drills.append((T["behind_point"].format(s=name, d=fmt_date(day)), scope, sel, "trend"))
    st.subheader(T["themes"].format(u=unit))
    themes = loaders.load_unit_themes(DB, f, unit)
    if themes.empty:
        st.info(T["themes_none"])
    else:
        ev = render_chart(build_theme_chart, themes, labels, key="themes", selection_mode=SELECT_THEME)
        pick = drill.selected(ev, SELECT_THEME)
        if pick:
            theme = pick.get("theme")
            drills.append((T["behind_theme"].format(t=labels.get(theme, theme), u=unit), period_only,
                           MessageSelection(unit=unit, theme=theme, include_reports=False), "theme"))

for title, scope, sel, key in drills:
    behind = loaders.load_messages_behind(DB, scope, sel)
    drill.render_behind(title, behind, present.messages_table(behind.rows, labels), f"units_{key}",
                        f"meldinger_{key}.csv")
