"""Daglig rapport: the unit leaders' daily status form (unit, date, status, mood, free text), receipt and history."""

import streamlit as st

from analysis.config import now_override
from analysis.importers import STATUSES
from analysis.importers.report_entry import today
from analysis.importers.schemas import REPORT_TEXT_LIMIT
from analysis.views.report_view import ReportReceipt, build_receipt, choose_unit, default_day
from ui import guard, loaders, sidebar
from ui import loaders_forms as forms
from ui.text import escape_md

T = {
    "title": "Daglig rapport fra enheten",
    "intro": "Én rapport per enhet og dag; sender du flere, er det den siste som gjelder.",
    "unit": "Enhet",
    "day": "Dato",
    "status": "Status",
    "mood": "Stemning (valgfritt)",
    "mood_help": "1 = svært dårlig, 5 = svært god",
    "text": "Hvordan går det? (maks {n} tegn)",
    "send": "Send rapport",
    "no_units": "Ingen enheter er registrert ennå. Importer enhetslisten først.",
    "status_labels": {"grønn": ":green[●] Grønn", "gul": ":orange[●] Gul", "rød": ":red[●] Rød"},
    "not_sent": "Rapporten er ikke sendt.",
    "receipt_text": "Teksten slik den er lagret:",
    "history": "Rapporter fra {u}",
    "no_history": "Ingen rapporter fra denne enheten ennå.",
    "pick_unit": "Velg enhet for å se rapportene derfra.",
}
# What the form's fields return to after a report is stored: the typed text (which may hold unmasked
# personal data) must not stay on screen, and the next report must choose its status again.
OUTCOME = "_report_outcome"
CLEARED_KEYS = ("report_status", "report_mood", "report_text", "report_day")
HIGHLIGHT = "background-color: rgba(255, 213, 79, 0.35)"  # the row of the report just sent
# st.dataframe draws about ten rows before it scrolls; a report just sent for an older day must be in view
# without scrolling, so the table then grows to reach it (up to MAX_ROWS rows; the receipt names the day).
ROW_PX, HEAD_PX, SHOWN_ROWS, MAX_ROWS = 35, 38, 10, 120


def _send(path: str, day_default) -> None:
    """Submit the form (a callback, so a stored report can clear the fields before they are drawn again)."""
    ss = st.session_state
    try:
        result = forms.send_report(path, ss.get("report_unit"), ss.get("report_status"), ss.get("report_mood"),
                                   ss.get("report_text"), ss.get("report_day"))
    except Exception as exc:  # reported by the guard when the page is drawn
        ss[OUTCOME] = exc
        return
    ss[OUTCOME] = result
    if result.ok:
        ss["report_status"], ss["report_mood"], ss["report_text"], ss["report_day"] = None, None, "", day_default


def _render_receipt(receipt: ReportReceipt) -> None:
    """Show what was stored; the text as stored (masked) and as plain text, never Markdown."""
    with st.container(border=True):
        st.success(escape_md(receipt.title), icon=":material/task_alt:")
        st.markdown("  \n".join(f"**{label}:** {escape_md(value)}" for label, value in receipt.fields))
        st.caption(T["receipt_text"])
        st.text(receipt.text)
        for note in receipt.notes:
            st.caption(escape_md(note))


DB = loaders.current_db()
st.title(T["title"])
st.caption(T["intro"])
units = loaders.load_units(DB)
names = units["name"].tolist() if "name" in units else []
if not names:
    st.info(T["no_units"])
    st.stop()

choice = choose_unit(names, forms.user_units(), sidebar.current_filters().unit)
if not choice.options:
    st.info(choice.note)
    st.stop()
# Follow the log-in or the sidebar when they change; otherwise keep what the user chose.
if st.session_state.get("_report_unit_default", "") != choice.default:
    st.session_state["_report_unit_default"] = choice.default
    st.session_state["report_unit"] = choice.default
if st.session_state.get("report_unit") not in choice.options:
    st.session_state["report_unit"] = None
unit = st.selectbox(T["unit"], choice.options, key="report_unit", placeholder="Velg enhet")
if unit is None or unit == choice.default:
    st.caption(choice.note)  # where the unit came from, or that it must be chosen

day_default = default_day(now_override())
outcome = st.session_state.pop(OUTCOME, None)
receipt = build_receipt(outcome) if outcome is not None and not isinstance(outcome, Exception) and outcome.ok else None
if receipt:
    _render_receipt(receipt)

with st.form("report_form"):
    st.session_state.setdefault("report_day", day_default)
    st.date_input(T["day"], max_value=today(), format="DD.MM.YYYY", key="report_day")
    st.radio(T["status"], STATUSES, index=None, horizontal=True, key="report_status",
             format_func=lambda s: T["status_labels"][s])
    st.radio(T["mood"], (1, 2, 3, 4, 5), index=None, horizontal=True, key="report_mood", help=T["mood_help"])
    st.text_area(T["text"].format(n=REPORT_TEXT_LIMIT), max_chars=REPORT_TEXT_LIMIT, key="report_text")
    st.form_submit_button(T["send"], type="primary", on_click=_send, args=(DB, day_default))

if isinstance(outcome, Exception):
    guard.report(outcome, "innsendingen av rapporten")
elif outcome is not None and not outcome.ok:
    for error in outcome.errors:
        st.error(escape_md(error))
    st.caption(T["not_sent"])

if not unit:
    st.caption(T["pick_unit"])
else:
    st.subheader(escape_md(T["history"].format(u=unit)))
    history = forms.load_report_history(DB, unit)
    if history.table.empty:
        st.caption(T["no_history"])
    else:
        st.caption(history.caption)
        mark = history.row_of(receipt.day) if receipt and receipt.unit == unit else None
        table, height = history.table, "auto"
        if mark is not None:
            table = table.style.apply(lambda r: [HIGHLIGHT if r.name == mark else ""] * len(r), axis=1)
            if SHOWN_ROWS <= mark < MAX_ROWS:
                height = HEAD_PX + ROW_PX * min(mark + 3, len(history.days)) + 2
        st.dataframe(table, hide_index=True, width="stretch", height=height)  # cells, never HTML
