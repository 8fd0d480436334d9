"""Go-live-puls: page config, log-in, shared filters and navigation — nothing else."""

import streamlit as st

from ui import auth, guard, loaders, loaders_waves, shell, sidebar

st.set_page_config(page_title="Go-live-puls", page_icon="📈", layout="wide")

# (file, title, icon, url_path) per section. url_path must differ from the file names: Streamlit's legacy pages/
# handling would otherwise run the page file without this entrypoint on a server's very first request. Which roles
# may open each url_path is decided in analysis/access.py (PAGE_ROLES); the others are hidden and refused.
PAGES = {
    "Supportsenteret": [
        ("pages/live.py", "Live — Supportsenteret nå", ":material/sensors:", "sanntid"),
        ("pages/follow_up.py", "Oppfølging", ":material/assignment_late:", "oppfolging"),
        ("pages/alerts.py", "Varsler", ":material/notifications_active:", "varsler"),
        ("pages/overview.py", "Oversikt", ":material/dashboard:", "oversikt"),
    ],
    "Enhetene": [
        ("pages/units.py", "Enheter — stemning", ":material/groups:", "enheter"),
        ("pages/adoption.py", "Adopsjon", ":material/trending_up:", "adopsjon"),
        ("pages/support.py", "Supportbelastning", ":material/support_agent:", "belastning"),
        ("pages/report_form.py", "Daglig rapport", ":material/edit_note:", "rapport"),
    ],
    "Møter og data": [
        ("pages/weekly.py", "Ukemøte", ":material/event_note:", "ukemote"),
        ("pages/import_data.py", "Importer data", ":material/upload_file:", "importer"),
        ("pages/audit.py", "Revisjonslogg", ":material/policy:", "revisjonslogg"),
    ],
    "Bølger og gevinster": [
        ("pages/waves.py", "Bølger", ":material/waves:", "bolger"),
        ("pages/benefits.py", "Gevinster", ":material/savings:", "gevinster"),
    ],
}

ready = False
with guard.guard("appen"):
    DB = loaders.current_db()
    if shell.ensure_database(DB):
        st.toast("Demodatabasen er bygget: alt du ser er syntetiske data.")
    auth.sign_in(DB, loaders.load_meta(DB).get("demo") == "1")  # stops at the log-in screen or a refusal
    ready = True
# Registered even when the start-up failed (with nobody's rights: every page hidden), so a link still lands here.
sections, page_keys = auth.navigation(PAGES, auth.current_principal() if ready else auth.NOBODY)
# expanded: every page listed (Streamlit would otherwise fold the rest under an English "View n more").
nav = st.navigation(sections, position="hidden" if shell.is_wall_mode() else "sidebar", expanded=True)
if ready:
    ready = False
    with guard.guard("appen"):
        span = loaders.load_data_span(DB)
        st.session_state["_filters"] = sidebar.render_filters(loaders.load_units(DB), span.first_day, span.last_day,
                                                              loaders_waves.load_go_lives(DB))
        sidebar.render_user(auth.current_principal(), DB)
        shell.render_chrome(DB, span.newest)
        ready = True
if ready:
    with guard.guard("siden"):
        guard.run_page(nav, page_keys, DB)  # refuses, in Norwegian, a page the role may not open
