"""Ukemøte: one screen for the weekly go-live meeting, with notes and PowerPoint/PDF/HTML exports."""

import re

import pandas as pd
import streamlit as st

from analysis.charts.weekly_charts import build_adoption_chart, build_expected_chart, build_load_chart, build_mood_chart
from analysis.fmt import fmt_date
from analysis.queries.weekly_queries import NOTE_KINDS
from analysis.weekly.report import quote_line, safety_heading
from analysis.weekly.summary import week_dates, week_id, week_label, week_monday
from ui import loaders, shell
from ui import loaders_weekly as lw

T = {
    "title": "Ukemøte",
    "week": "Uke",
    "empty": "Databasen har ingen data ennå. Når saker, meldinger og bruksdata er importert, vises ukas tall her.",
    "scope": "Ukemøtet viser hele kommunen; filtrene i sidemenyen gjelder ikke her.",
    "vs_prev": "fra forrige uke",
    "charts": "Utviklingen over go-live-ukene",
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
    "criteria_src": "Kriteriene kommer fra {src}; endre terskler der.",
    "cols": {"title": "Kriterium", "target": "Mål", "actual": "Denne uka", "status": "Status"},
    "expected": "Faktisk mot forventet saksmengde",
    "no_expected": "Ingen forventningskurve for denne uka (data/expected_load.csv mangler eller dekker ikke uka).",
    "notes": "Beslutninger og tiltak",
    "notes_this": "Uke {w}",
    "notes_prev": "Forrige uke (uke {w})",
    "no_notes": "Ingen notater ennå.",
    "form": "Nytt notat for uke {w}",
    "kind": "Type",
    "kinds": {"beslutning": "Beslutning", "tiltak": "Tiltak"},
    "text": "Tekst",
    "author": "Hvem (valgfritt)",
    "save": "Lagre notat",
    "saved": "Notatet er lagret.",
    "need_text": "Skriv en tekst før du lagrer.",
    "too_long": "Notatet kan være høyst 500 tegn.",
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



def esc(text: str) -> str:
    """Escape Markdown so stored user text (quotes, notes) shows literally: no links, images or formatting."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~<$])", r"\\\1", str(text))


DB = loaders.current_db()
weeks, default = lw.load_week_options(DB)
present = shell.is_wall_mode()

if not weeks:
    st.title(T["title"])
    st.info(T["empty"])
    st.stop()

# The week lives in the URL as ?uke=2022-W19 (a shareable link for the meeting); any valid ISO week works,
# also one outside the data, which then gets its own message.
asked = st.query_params.get("uke")
if asked:
    try:
        asked = week_id(week_monday(asked))
    except ValueError:
        asked = None
if asked and asked not in weeks:
    weeks = sorted([*weeks, asked])
start = asked or (default if default in weeks else weeks[-1])
head, pick = st.columns([4, 1], vertical_alignment="bottom")
with pick:
    week = st.selectbox(T["week"], weeks, index=weeks.index(start), key=f"uke_{start}", placeholder="Velg uke",
                        format_func=lambda w: f"{week_label(w)} · {week_dates(week_monday(w))}")
st.query_params["uke"] = week
s = lw.load_week_summary(DB, week)
with head:
    st.title(f"{T['title']} – {s.label}")
    st.caption(f"{s.dates} · {s.phase} · tall {s.as_of_text}")
if present:
    st.html(PRESENT_CSS)
else:
    st.caption(T["scope"])

if not s.has_data:
    st.info(s.message)
    st.stop()
st.markdown(f"**{s.headline}**")
if s.message:
    st.info(s.message)

for row in (s.tiles[:5], s.tiles[5:]):
    for col, t in zip(st.columns(5), row, strict=False):
        color = "gray" if t.good is None else "green" if t.good else "red"
        arrow = {"up": "up", "down": "down"}.get(t.trend or "", "off")
        col.metric(t.label, t.value, delta=f"{t.delta} {T['vs_prev']}" if t.delta else None,
                   delta_color=color, delta_arrow=arrow, help=t.sub)
        if not present:
            col.caption(t.sub)

lab = f"Uke {s.week_number}"
h = 230 if present else 250
c1, c2, c3 = st.columns(3)
labels = len(s.events) <= 4  # many events: dashed rules with tooltips only, titles are in the exports
c1.altair_chart(build_adoption_chart(s.daily, s.events, s.monday, lab, s.this.staff, h, labels=labels),
                width="stretch")
c2.altair_chart(build_load_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")
c3.altair_chart(build_mood_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(T["themes"])
    g, k = st.columns(2)
    g.markdown(f"**{T['grew']}**")
    for t in s.themes_grew or []:
        g.markdown(f"- {t.sentence()}")
    if not s.themes_grew:
        g.caption(T["no_grew"])
    k.markdown(f"**{T['shrank']}**")
    for t in s.themes_shrank or []:
        k.markdown(f"- {t.sentence()}")
    if not s.themes_shrank:
        k.caption(T["no_shrank"])
with right:
    st.subheader(T["units"])
    a, w = st.columns(2)
    a.markdown(f"**{T['attention']}**")
    for u in s.attention:
        a.markdown(f"- **{u.unit}**: " + "; ".join(u.reasons))
    if not s.attention:
        a.caption(T["no_attention"])
    w.markdown(f"**{T['well']}**")
    for u in s.doing_well:
        w.markdown(f"- **{u.unit}**: " + "; ".join(u.reasons))
    if not s.doing_well:
        w.caption(T["no_well"])

st.subheader(T["quotes"])
if s.quotes:
    for q in s.quotes:
        with st.container(border=True):
            st.markdown(f"#### «{esc(q.text)}»")
            st.caption(esc(quote_line(q)))
else:
    st.caption(T["no_quotes"])
if s.safety:
    st.warning(esc(safety_heading(s)))
    for x in s.safety:
        st.markdown(f"- {esc(x.unit or 'ukjent enhet')} · {fmt_date(x.day)}: «{esc(x.text)}»")
st.caption(s.quote_rule)

st.subheader(T["criteria"])
st.markdown(f"**{s.criteria_text}**")
if s.criteria:
    st.dataframe(pd.DataFrame([{T["cols"]["title"]: c.title, T["cols"]["target"]: c.target,
                                T["cols"]["actual"]: c.actual, T["cols"]["status"]: ("✅ " if c.met else "❌ "
                                if c.status == "ikke oppfylt" else "❔ ") + c.status} for c in s.criteria]),
                 hide_index=True, width="stretch")
st.caption(T["criteria_src"].format(src=s.criteria_source))

st.subheader(T["expected"])
if s.expected and s.daily["expected"].notna().any():
    st.markdown(s.expected.sentence())
    st.altair_chart(build_expected_chart(s.daily, s.monday, lab, 260), width="stretch")
else:
    st.caption(T["no_expected"])

st.subheader(T["notes"])
prev_no = s.prev_week.split("W")[-1].lstrip("0")
n1, n2 = st.columns(2)
for col, notes, title in ((n1, s.notes_this, T["notes_this"].format(w=s.week_number)),
                          (n2, s.notes_prev, T["notes_prev"].format(w=prev_no))):
    col.markdown(f"**{title}**")
    for n in notes:
        col.markdown(f"- {esc(n.sentence())}")
    if not notes:
        col.caption(T["no_notes"])

if not present:
    with st.form("ukenotat", clear_on_submit=True):
        st.markdown(f"**{T['form'].format(w=s.week_number)}**")
        kind = st.radio(T["kind"], NOTE_KINDS, format_func=lambda k: T["kinds"][k], horizontal=True, key="notat_type")
        text = st.text_area(T["text"], max_chars=500, key="notat_tekst")
        author = st.text_input(T["author"], max_chars=80, key="notat_hvem")
        if st.form_submit_button(T["save"]):
            if not text.strip():
                st.warning(T["need_text"])
            else:
                lw.save_note(DB, s.iso_week, kind, text, author)
                st.success(T["saved"])
                st.rerun()

    st.subheader(T["exports"])
    cols = st.columns(3)
    for col, fmt in zip(cols, ("pptx", "pdf", "html"), strict=True):
        col.download_button(
            T["dl"][fmt], data=lambda fmt=fmt: lw.load_export(DB, s.iso_week, fmt),
            file_name=f"ukemote-{s.iso_week}.{fmt}", mime=lw.MIME[fmt], on_click="ignore",
            help=T["dl_help"], key=f"dl_{fmt}", width="stretch")
