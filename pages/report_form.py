"""Enhetsrapport: the unit leaders' daily status form (unit, status, mood, free text)."""

import datetime as dt

import streamlit as st

from analysis.fmt import fmt_date
from analysis.importers import STATUSES, submit_report
from analysis.importers.report_entry import today
from analysis.importers.schemas import REPORT_TEXT_LIMIT
from analysis.rules import label_nb
from ui import guard, loaders
from ui.text import escape_md

T = {
    "title": "Daglig rapport fra enheten",
    "intro": "Én rapport per enhet og dag; sender du flere, er det den siste som gjelder.",
    "unit": "Enhet",
    "day": "Dato",
    "status": "Status",
    "mood": "Stemning (1 = svært dårlig, 5 = svært god)",
    "text": "Hvordan går det? (maks {n} tegn)",
    "send": "Send rapport",
    "no_units": "Ingen enheter er registrert ennå. Importer enhetslisten først.",
    "status_labels": {"grønn": ":green[●] Grønn", "gul": ":orange[●] Gul", "rød": ":red[●] Rød"},
    "history": "Siste rapporter fra {u}",
    "no_history": "Ingen rapporter fra denne enheten ennå.",
    "cols": {"day": "Dato", "status": "Status", "mood": "Stemning (1–5)", "text": "Tekst",
             "label": "Tekstens tone"},
}

DB = loaders.current_db()
st.title(T["title"])
st.caption(T["intro"])
units = loaders.load_units(DB)
names = units["name"].tolist() if "name" in units else []
if not names:
    st.info(T["no_units"])
else:
    with st.form("report_form", clear_on_submit=False):
        unit = st.selectbox(T["unit"], names, key="report_unit", placeholder="Velg enhet")
        day = st.date_input(T["day"], value=today(), max_value=today(), format="DD.MM.YYYY", key="report_day")
        status = st.radio(T["status"], STATUSES, horizontal=True, key="report_status",
                          format_func=lambda s: T["status_labels"][s])
        mood = st.slider(T["mood"], 1, 5, 3, key="report_mood")
        text = st.text_area(T["text"].format(n=REPORT_TEXT_LIMIT), max_chars=REPORT_TEXT_LIMIT, key="report_text")
        sent = st.form_submit_button(T["send"], type="primary")
    if sent:
        with guard.guard("innsendingen av rapporten"):
            result = submit_report(unit, status, mood, text, day=day if isinstance(day, dt.date) else None, db=DB)
            if result.ok:
                st.cache_data.clear()  # visible on the other pages at once
                st.success(escape_md(result.message))
            else:
                for error in result.errors:
                    st.error(escape_md(error))

    st.subheader(T["history"].format(u=escape_md(unit)))
    history = loaders.load_report_history(DB, unit)
    if history.empty:
        st.caption(T["no_history"])
    else:
        table = history.assign(
            day=[fmt_date(d, year=True) for d in history["day"]],
            status=history["status"].str.capitalize(),
            label=[label_nb(x) for x in history["label"]],
        )[list(T["cols"])].rename(columns=T["cols"])
        st.dataframe(table, hide_index=True, width="stretch")  # cells, never HTML
