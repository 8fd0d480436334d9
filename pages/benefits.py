"""Gevinster: the benefit register against baseline and target, NOK a year realised, and the owners' form."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis import access
from analysis.charts.benefits_charts import benefit_curve
from analysis.views.benefits_view import COMMENT_LIMIT, benefit_table, measurable_benefits, mnok
from analysis.views.tables import nb_display
from ui import auth, guard, loaders, sidebar
from ui.charts import render_chart
from ui.loaders_waves import load_benefits_view, send_measurement
from ui.text import escape_md

T = {
    "title": "Gevinster og ulemper",
    "realised": "Realisert per år nå",
    "goal": "Mål per år (langsiktig)",
    "per_citizen": "Kr per innbygger og år",
    "register": "Gevinstregisteret",
    "form": "Ny måling",
    "benefit": "Gevinst eller ulempe",
    "day": "Målt dato",
    "value": "Verdi",
    "comment": "Kommentar (valgfritt, maks {n} tegn)",
    "send": "Lagre måling",
    "unregistered": "Målinger for navn som ikke er i registeret: {names}.",
    "masked": "Kommentaren er lagret slik (personopplysninger maskert):",
    "goal_from": "Målet: {text}.",
}

DB = loaders.current_db()
f = sidebar.current_filters()
view = load_benefits_view(DB, f)
st.title(T["title"])
st.info(escape_md(view.headline), icon=":material/savings:")
c1, c2, c3 = st.columns(3)
c1.metric(T["realised"], mnok(view.realised_nok))
c2.metric(T["goal"], mnok(view.goal_nok))
c3.metric(T["per_citizen"], "–" if view.per_citizen is None else f"{view.per_citizen:.0f} / {view.goal_per_citizen}")
if view.goal_text:
    st.caption(escape_md(T["goal_from"].format(text=view.goal_text)))
cols = st.columns(min(3, max(1, len(view.benefits))))
for i, b in enumerate(view.benefits):
    with cols[i % len(cols)]:
        render_chart(benefit_curve, view.measurements, b.name, b.kind, b.baseline, b.target, b.measure_unit or "",
                     b.status)
if view.benefits:
    st.subheader(T["register"])
    st.dataframe(nb_display(benefit_table(view)), hide_index=True, width="stretch")
if view.unregistered:
    st.caption(escape_md(T["unregistered"].format(names=", ".join(view.unregistered))))

principal = auth.current_principal()
mine = measurable_benefits(DB, view, principal) if access.can(principal, "benefit") else ()
if mine:  # the owners' form: admin every benefit, a unit leader those that cover their units
    st.subheader(T["form"])
    with st.form("gevinst_maling", clear_on_submit=True):
        name = st.selectbox(T["benefit"], list(mine), key="gevinst_navn")
        day = st.date_input(T["day"], value=view.now.ts.date() if view.now else dt.date.today(), format="DD.MM.YYYY",
                            key="gevinst_dato")
        value = st.text_input(T["value"], key="gevinst_verdi")
        comment = st.text_area(T["comment"].format(n=COMMENT_LIMIT), max_chars=COMMENT_LIMIT, key="gevinst_kommentar")
        sent = st.form_submit_button(T["send"], icon=":material/add_chart:")
    if sent:
        with guard.guard("skjemaet"):
            result = send_measurement(DB, name, day, value, comment)
            (st.success if result.ok else st.error)(escape_md(result.message))
            if result.ok and result.comment:
                st.caption(T["masked"])
                st.text(result.comment)
