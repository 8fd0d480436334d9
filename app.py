"""Go-live-puls: page config, shared filters and navigation — nothing else."""

import streamlit as st

from ui import guard, loaders, shell, sidebar

st.set_page_config(page_title="Go-live-puls", page_icon="📈", layout="wide")

pages = {
    # url_path must differ from the file names: Streamlit's legacy pages/ handling would otherwise run
    # the page file without this entrypoint on a server's very first request.
    "Supportsenteret": [
        st.Page("pages/live.py", title="Live — Supportsenteret nå", icon=":material/sensors:", url_path="sanntid",
                default=True),
        st.Page("pages/follow_up.py", title="Oppfølging", icon=":material/assignment_late:", url_path="oppfolging"),
        st.Page("pages/overview.py", title="Oversikt", icon=":material/dashboard:", url_path="oversikt"),
    ],
    "Enhetene": [
        st.Page("pages/units.py", title="Enheter — stemning", icon=":material/groups:", url_path="enheter"),
        st.Page("pages/adoption.py", title="Adopsjon", icon=":material/trending_up:", url_path="adopsjon"),
        st.Page("pages/support.py", title="Supportbelastning", icon=":material/support_agent:",
                url_path="belastning"),
        st.Page("pages/report_form.py", title="Daglig rapport", icon=":material/edit_note:", url_path="rapport"),
    ],
    "Møter og data": [
        st.Page("pages/weekly.py", title="Ukemøte", icon=":material/event_note:", url_path="ukemote"),
        st.Page("pages/import_data.py", title="Importer data", icon=":material/upload_file:", url_path="importer"),
    ],
}
nav = st.navigation(pages, position="hidden" if shell.is_wall_mode() else "sidebar")

ready = False
with guard.guard("appen"):
    DB = loaders.current_db()
    if shell.ensure_database(DB):
        st.toast("Demodatabasen er bygget: alt du ser er syntetiske data.")
    span = loaders.load_data_span(DB)
    st.session_state["_filters"] = sidebar.render_filters(loaders.load_units(DB), span.first_day, span.last_day)
    shell.render_chrome(DB, span.newest)
    ready = True
if ready:
    with guard.guard("siden"):
        nav.run()
