"""Oversikt: headline figures of the go-live under the chosen filter."""

import streamlit as st

from analysis.charts.overview_charts import build_daily_activity_chart
from analysis.fmt import fmt_date, fmt_int, fmt_pct, fmt_polarity
from ui import loaders, sidebar

T = {
    "title": "Oversikt",
    "active": "Aktive brukere av ansatte",
    "tickets": "Supportsaker",
    "open": "{n} åpne nå",
    "messages": "Meldinger i chat",
    "mood": "Snittstemning (−1 til +1)",
    "neg": "{p} negative",
    "portal": "Innbyggere innlogget i HelsaMi",
    "chart": "Saker per dag, farget etter dagens stemning i chatten",
    "empty": "Ingen data i valgt periode ennå. Når saker og meldinger kommer inn, vises de her.",
    "per_day": "siste dag: {d}",
}

DB = loaders.current_db()
f = sidebar.current_filters()
ov = loaders.load_overview(DB, f)

st.title(T["title"])
c1, c2, c3, c4, c5 = st.columns(5)
share = ov.active_users / ov.staff if ov.active_users is not None and ov.staff else None
c1.metric(T["active"], f"{fmt_int(ov.active_users)} av {fmt_int(ov.staff)}",
          delta=fmt_pct(share) if share is not None else None, delta_color="off",
          help=T["per_day"].format(d=fmt_date(ov.active_day)) if ov.active_day else None)
c2.metric(T["tickets"], fmt_int(ov.tickets), delta=T["open"].format(n=fmt_int(ov.open_tickets)),
          delta_color="off", delta_arrow="off")
c3.metric(T["messages"], fmt_int(ov.messages))
c4.metric(T["mood"], fmt_polarity(ov.mean_polarity),
          delta=T["neg"].format(p=fmt_pct(ov.negative_share)) if ov.negative_share is not None else None,
          delta_color="off", delta_arrow="off")
c5.metric(T["portal"], fmt_int(ov.portal_logins),
          help=T["per_day"].format(d=fmt_date(ov.portal_day)) if ov.portal_day else None)

daily = loaders.load_daily_activity(DB, f)
st.subheader(T["chart"])
if daily.empty:
    st.info(T["empty"])
else:
    st.altair_chart(build_daily_activity_chart(daily, loaders.load_events(DB, f)), width="stretch")
