"""Enheter — stemning: each unit's three signals side by side, where they disagree, and what is behind them."""

from __future__ import annotations

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
from analysis.fmt import fmt_date
from analysis.queries.drilldown_queries import MessageSelection
from analysis.views.tables import day_from_key, messages_table
from ui import drill, loaders, sidebar
from ui.charts import render_chart
from ui.text import escape_md

T = {
    "title": "Enheter — stemning",
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
    "heat_how": "Gruppert etter tjenesteområde; i hver gruppe står enhetene som trenger oppmerksomhet først. "
                "Hendelser er merket over kartet (pek for hele tittelen).",
    "dialog": "Hva ligger bak",
}
# Traffic lights as a coloured dot plus the word (colour is never the only cue).
DOT = {"grønn": ":green[●]", "gul": ":orange[●]", "rød": ":red[●]", None: ":gray[○]", "high": ":violet[▲]",
       "normal": ":gray[■]"}
PER_ROW = 4
DB = loaders.current_db()
f = sidebar.current_filters()
labels = loaders.load_theme_labels()
st.title(T["title"])
view = loaders.load_units_view(DB, f, st.session_state.get("fokus"))
if view.message:
    st.info(view.message)
    st.stop()


def _chart_key(chart: str) -> str:
    """Return the chart's widget key; it changes when its dialog is closed, which clears the chart's selection."""
    return f"{chart}_{st.session_state.get(f'enheter_v_{chart}', 0)}"


def _forget(chart: str) -> None:
    """Clear a chart's selection once its dialog is closed, so the same mark can be clicked again."""
    st.session_state[f"enheter_v_{chart}"] = st.session_state.get(f"enheter_v_{chart}", 0) + 1


def _open_newest(found: list) -> None:
    """Open the dialog for the mark clicked last (the one not shown before), right where the user is looking."""
    seen = st.session_state.get("enheter_vist", {})
    now = {key: repr((title, sel)) for title, _scope, sel, key in found}
    new = [d for d in found if seen.get(d[3]) != now[d[3]]]
    st.session_state["enheter_vist"] = now
    if not new:
        return
    title, scope, sel, key = new[-1]

    @st.dialog(T["dialog"], width="large", on_dismiss=lambda: _forget(key))
    def _behind() -> None:
        behind = loaders.load_messages_behind(DB, scope, sel)
        if note := loaders.hidden_note(behind.rows):  # another unit's messages: figures only, and say so
            st.info(escape_md(note), icon=":material/visibility_off:")
        drill.render_behind(title, behind, messages_table(behind.rows, labels), f"units_{key}",
                            f"meldinger_{key}.csv", column_order=drill.MESSAGE_COLUMNS,
                            column_config=drill.message_widths())

    _behind()


def _card(card) -> None:
    """Draw one unit's card with the three signals and a disagreement flag."""
    with st.container(border=True):
        st.markdown(f"**{escape_md(card.unit)}** · {escape_md(card.service_area)}")
        # The dots are our own markup; everything else is escaped.
        st.markdown("  \n".join(f"{DOT[line.level]} {escape_md(line.text)}" for line in card.lines))
        if card.flag:
            st.markdown(f":orange-badge[⚑ {escape_md(card.flag)}]")


def _card_rows(cards) -> None:
    """Draw cards four to a row."""
    for i in range(0, len(cards), PER_ROW):
        for col, card in zip(st.columns(PER_ROW), cards[i:i + PER_ROW], strict=False):
            with col:
                _card(card)


st.caption(escape_md(view.caption))
st.markdown(f"**{escape_md(view.flag_text)}**" if view.n_flagged else escape_md(view.flag_text))
_card_rows(view.cards[:view.cards_first])
# The other cards only when asked for: an expander would still draw all of them.
rest = view.cards[view.cards_first:]
if rest and st.toggle(T["more"].format(n=len(rest)), key="alle"):
    _card_rows(rest)

drills: list = []  # (title, filters, selection, chart) for every chart with a clicked mark
period_only = Filters(f.start, f.end)  # the trend and themes compare beyond the sidebar's unit filter
st.subheader(T["heat"])
if view.heat.empty:
    st.info(T["heat_none"])
else:
    drill.hint()
    st.caption(T["heat_how"])
    ev = render_chart(build_heatmap, view.heat, view.events, order=view.heat_order, headers=view.heat_headers,
                      key=_chart_key("heat"), selection_mode=SELECT_CELL)
    if pick := drill.selected(ev, SELECT_CELL):
        day = day_from_key(pick.get("dag"))
        drills.append((T["behind_cell"].format(u=pick["unit"], d=fmt_date(day)), f,
                       MessageSelection(unit=pick["unit"], day=day), "heat"))

left, right = st.columns([1.1, 1], gap="large")
with left:
    names = list(view.unit_names)
    unit = st.selectbox(T["focus"], names, index=names.index(view.focus), key="fokus", placeholder="Velg enhet")
    area = view.focus_area
    st.subheader(T["trend"].format(u=escape_md(unit)))
    if view.trend.empty or not (view.trend["series"] == "unit").any():
        st.info(T["trend_none"])
    else:
        ev = render_chart(build_trend_chart, view.trend, view.events, unit, area, key=_chart_key("trend"),
                          selection_mode=SELECT_POINT)
        if pick := drill.selected(ev, SELECT_POINT):
            day = day_from_key(pick.get("dag"))
            series = pick.get("series")
            sel = MessageSelection(unit=unit if series == "unit" else None, area=area if series == "area" else None,
                                   day=day, include_reports=series == "unit")
            name = {"unit": unit, "area": area}.get(series, "alle enheter")
            scope = f if series == "unit" else period_only
            drills.append((T["behind_point"].format(s=name, d=fmt_date(day)), scope, sel, "trend"))
with right:
    st.subheader(T["themes"].format(u=escape_md(unit)))
    if view.themes.empty:
        st.info(T["themes_none"])
    else:
        ev = render_chart(build_theme_chart, view.themes, labels, key=_chart_key("themes"),
                          selection_mode=SELECT_THEME)
        if pick := drill.selected(ev, SELECT_THEME):
            theme = pick.get("theme")
            drills.append((T["behind_theme"].format(t=labels.get(theme, theme), u=unit), period_only,
                           MessageSelection(unit=unit, theme=theme, include_reports=False), "theme"))

_open_newest(drills)
