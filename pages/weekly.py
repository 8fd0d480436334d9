"""Ukemøte: one screen for the weekly go-live meeting, with notes and PowerPoint/PDF/HTML exports."""

import streamlit as st

from analysis.charts.weekly_charts import build_adoption_chart, build_expected_chart, build_load_chart, build_mood_chart
from analysis.queries.weekly_queries import NOTE_KINDS
from ui import guard, loaders, shell
from ui.text import escape_md

T = {
    "week": "Uke",
    "scope": "Ukemøtet viser hele kommunen; filtrene i sidemenyen gjelder ikke her.",
    "themes": "Temaer siden forrige uke",
    "grew": "Økte",
    "shrank": "Minket",
    "no_grew": "Ingen temaer økte.",
    "no_shrank": "Ingen temaer minket.",
    "units": "Enheter",
    "attention": "Trenger oppmerksomhet",
    "well": "Går bra",
    "no_attention": "Ingen enheter skiller seg negativt ut denne uka.",
    "no_well": "Ingen enheter skiller seg positivt ut denne uka.",
    "quotes": "Stemmer fra enhetene",
    "no_quotes": "Ingen meldinger å sitere denne uka.",
    "criteria": "Stabilisering: exit-kriterier",
    "expected": "Faktisk mot forventet saksmengde",
    "no_expected": "Ingen forventningskurve for denne uka (data/expected_load.csv mangler eller dekker ikke uka).",
    "notes": "Beslutninger og tiltak",
    "no_notes": "Ingen notater ennå.",
    "kind": "Type",
    "kinds": {"beslutning": "Beslutning", "tiltak": "Tiltak"},
    "text": "Tekst",
    "author": "Hvem (valgfritt)",
    "save": "Lagre notat",
    "saved": "Notatet er lagret.",
    "need_text": "Skriv en tekst før du lagrer.",
    "exports": "Last ned ukemøtet",
    "dl": {"pptx": "PowerPoint (.pptx)", "pdf": "PDF", "html": "HTML (frittstående)"},
    "dl_help": "Filen lages når du klikker (noen sekunder); tallene er de samme som på siden.",
}

# Static CSS only (never user text): nine tiles and three charts on the first 1920×1080 screen.
PRESENT_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.5rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem !important; }
.block-container { padding-top: .6rem !important; padding-bottom: 1rem !important; }
h1 { padding-top: 0 !important; }
</style>
"""

# The week lives in the URL as ?uke=2022-W19 (a shareable link for the meeting); the view decides which weeks
# are offered and which one is shown (any valid ISO week, also one outside the data).
DB = loaders.current_db()
present = shell.is_wall_mode()
v = loaders.load_weekly_view(DB, st.query_params.get("uke"))

if v.summary is None:
    st.title(v.title)
    st.info(v.message)
    st.stop()

texts = {w.iso_week: w.text for w in v.weeks}
head, pick = st.columns([4, 1], vertical_alignment="bottom")
with pick:
    week = st.selectbox(T["week"], list(texts), index=v.week_index, key=f"uke_{v.week}", placeholder="Velg uke",
                        format_func=texts.get)
st.query_params["uke"] = week
if week != v.week:
    v = loaders.load_weekly_view(DB, week)
s = v.summary
with head:
    st.title(v.title)
    st.caption(v.caption)
if present:
    st.html(PRESENT_CSS)
else:
    st.caption(T["scope"])

if not s.has_data:
    st.info(s.message)
    st.stop()
st.markdown(f"**{escape_md(s.headline)}**")  # criteria names come from the rules file
if s.message:
    st.info(s.message)

for row in (v.tiles[:5], v.tiles[5:]):
    for col, t in zip(st.columns(5), row, strict=False):
        col.metric(t.label, t.value, delta=t.delta, delta_color=t.delta_color, delta_arrow=t.delta_arrow, help=t.help)
        if not present:
            col.caption(t.help)

h = 230 if present else 250
c1, c2, c3 = st.columns(3)
lab, labels = v.chart_label, v.chart_event_labels
c1.altair_chart(build_adoption_chart(s.daily, s.events, s.monday, lab, s.this.staff, h, labels=labels),
                width="stretch")
c2.altair_chart(build_load_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")
c3.altair_chart(build_mood_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(T["themes"])
    g, k = st.columns(2)
    g.markdown(f"**{T['grew']}**")
    for t in s.themes_grew:
        g.markdown(f"- {escape_md(t.sentence())}")  # theme names come from themes.toml
    if not s.themes_grew:
        g.caption(T["no_grew"])
    k.markdown(f"**{T['shrank']}**")
    for t in s.themes_shrank:
        k.markdown(f"- {escape_md(t.sentence())}")
    if not s.themes_shrank:
        k.caption(T["no_shrank"])
with right:
    st.subheader(T["units"])
    a, w = st.columns(2)
    a.markdown(f"**{T['attention']}**")
    for u in s.attention:
        a.markdown(f"- **{escape_md(u.unit)}**: " + escape_md("; ".join(u.reasons)))
    if not s.attention:
        a.caption(T["no_attention"])
    w.markdown(f"**{T['well']}**")
    for u in s.doing_well:
        w.markdown(f"- **{escape_md(u.unit)}**: " + escape_md("; ".join(u.reasons)))
    if not s.doing_well:
        w.caption(T["no_well"])

st.subheader(T["quotes"])
for q in v.quotes:
    with st.container(border=True):
        st.markdown(f"#### «{escape_md(q.text)}»")
        st.caption(escape_md(q.attribution))
if not v.quotes:
    st.caption(T["no_quotes"])
if v.safety_heading:
    st.warning(escape_md(v.safety_heading))
    for line in v.safety_lines:
        st.markdown(f"- {escape_md(line)}")
st.caption(s.quote_rule)

st.subheader(T["criteria"])
st.markdown(f"**{escape_md(s.criteria_text)}**")
if not v.criteria_table.empty:
    st.dataframe(v.criteria_table, hide_index=True, width="stretch")
st.caption(escape_md(v.criteria_source_text))  # a file path: underscores are not emphasis

st.subheader(T["expected"])
if v.expected_text:
    st.markdown(escape_md(v.expected_text))
    st.altair_chart(build_expected_chart(s.daily, s.monday, lab, 260), width="stretch")
else:
    st.caption(T["no_expected"])

st.subheader(T["notes"])
n1, n2 = st.columns(2)
for col, notes, title in ((n1, v.notes_this, v.notes_this_title), (n2, v.notes_prev, v.notes_prev_title)):
    col.markdown(f"**{title}**")
    for n in notes:
        col.markdown(f"- {escape_md(n)}")
    if not notes:
        col.caption(T["no_notes"])

if not present:
    with st.form("ukenotat", clear_on_submit=True):
        st.markdown(f"**{v.note_form_title}**")
        kind = st.radio(T["kind"], NOTE_KINDS, format_func=lambda k: T["kinds"][k], horizontal=True, key="notat_type")
        text = st.text_area(T["text"], max_chars=500, key="notat_tekst")
        author = st.text_input(T["author"], max_chars=80, key="notat_hvem")
        if st.form_submit_button(T["save"]):
            if not text.strip():
                st.warning(T["need_text"])
            else:
                # A busy or locked database is a Norwegian message here, not Streamlit's error page.
                with guard.guard("lagringen av notatet"):
                    loaders.save_note(DB, s.iso_week, kind, text, author)
                    st.success(T["saved"])
                    st.rerun()

    st.subheader(T["exports"])
    for col, x in zip(st.columns(len(v.exports)), v.exports, strict=True):
        col.download_button(
            T["dl"][x.fmt], data=lambda fmt=x.fmt: loaders.load_export(DB, s.iso_week, fmt),
            file_name=x.file_name, mime=x.mime, on_click="ignore", help=T["dl_help"], key=f"dl_{x.fmt}",
            width="stretch")
