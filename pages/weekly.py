"""Ukemøte: one screen for the weekly go-live meeting, with notes and PowerPoint/PDF/HTML exports.

In presentation mode (?visning=presentasjon) the page is a deck: one section of the exports' outline per
1920×1080 screen, stepped with the buttons, the arrow keys or PageUp/PageDown (a presenter's clicker).
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import access
from analysis.charts.weekly_charts import build_adoption_chart, build_expected_chart, build_load_chart, build_mood_chart
from analysis.queries.weekly_queries import NOTE_KINDS
from analysis.weekly.programme import BENEFIT_COLUMNS
from ui import auth, guard, loaders, shell, sidebar
from ui.text import escape_md

T = {
    "week": "Uke",
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
    "notes_admin": "Beslutninger og tiltak skrives inn av møtets administrator (rollen admin).",
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
    "slide": "Lysbilde {n} av {total}",
    "prev": "Forrige",
    "next": "Neste",
    "keys": "Bla med ← →, PageUp/PageDown eller knappene.",
    "cont": " (forts.)",
    "safety": "Flagget for pasientsikkerhet",
    "criteria_head": ("Kriterium", "Mål", "Denne uka", "Status"),
}
STATUS_COLORS = {"oppfylt": "#009E73", "ikke oppfylt": "#D55E00"}  # the exports' colours for the same words

# Static CSS only (never user text). A slide is one 1920×1080 screen: tighter padding, large type for the room,
# and the two buttons that only carry the PageUp/PageDown shortcuts are not drawn.
SLIDE_CSS = """
<style>
.block-container { padding-top: .8rem !important; padding-bottom: .5rem !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem !important; }
.st-key-lysbilde_pgup, .st-key-lysbilde_pgdn { display: none !important; }
.st-key-lysbilde_bar h2 { padding: 0 !important; font-size: 2.3rem !important; color: #0072B2; }
.st-key-lysbilde_body p, .st-key-lysbilde_body li { font-size: 1.0rem; line-height: 1.4; }
.st-key-lysbilde_body h3 { font-size: 1.3rem !important; padding: .2rem 0 !important; }
.st-key-lysbilde_body .stCaption p, .st-key-lysbilde_body [data-testid="stCaptionContainer"] p { font-size: .8rem; }
.st-key-lysbilde_title h1 { font-size: 3.4rem !important; color: #0072B2; }
.st-key-lysbilde_title p { font-size: 1.5rem !important; line-height: 1.45; }
</style>
"""

SLIDE_CHART_PX = 1720  # the plot's width on a 1920 px screen: event titles are spaced for it
CHART_ALONE_H, CHART_WITH_TILES_H, CHART_WITH_THEMES_H = 620, 500, 400


def status_style(value: str) -> str:
    """Return the CSS of a status cell: the colour the exports give the same word."""
    color = STATUS_COLORS.get(value)
    return f"color: {color}; font-weight: 600" if color else ""


# ---------------------------------------------------------------------------- sections (both modes)


def render_tiles(tiles, captions: bool, per_row: int = 5) -> None:
    """Draw metric tiles in rows of `per_row`, each with its explanation under it when `captions`."""
    for start in range(0, len(tiles), per_row):
        for col, t in zip(st.columns(per_row), tiles[start:start + per_row], strict=False):
            col.metric(t.label, t.value, delta=t.delta, delta_color=t.delta_color, delta_arrow=t.delta_arrow,
                       help=t.help)
            if captions:
                col.caption(t.help)


def render_list(col, heading: str, lines: list[str], empty: str, bold_first: bool = False) -> None:
    """Draw a headed bullet list in `col` (the lines escaped: names come from files and the database)."""
    col.markdown(f"**{heading}**")
    for line in lines:
        col.markdown(f"- {escape_md(line)}")
    if not lines:
        col.caption(empty)


def render_themes(s) -> None:
    """Draw the themes that grew and shrank since last week, side by side."""
    g, k = st.columns(2)
    render_list(g, T["grew"], [t.sentence() for t in s.themes_grew], T["no_grew"])  # names from themes.toml
    render_list(k, T["shrank"], [t.sentence() for t in s.themes_shrank], T["no_shrank"])


def render_units(s, split_attention: bool = False) -> None:
    """Draw the units that need attention and those doing well (attention over two columns on a slide)."""
    def unit_lines(col, units) -> None:
        for u in units:
            col.markdown(f"- **{escape_md(u.unit)}**: " + escape_md("; ".join(u.reasons)))

    if split_attention and len(s.attention) > 2:
        a1, a2, w = st.columns([1, 1, 1])
        half = (len(s.attention) + 1) // 2
        a1.markdown(f"**{T['attention']}**")
        a2.markdown("&nbsp;")
        unit_lines(a1, s.attention[:half])
        unit_lines(a2, s.attention[half:])
    else:
        a, w = st.columns(2)
        a.markdown(f"**{T['attention']}**")
        unit_lines(a, s.attention)
        if not s.attention:
            a.caption(T["no_attention"])
    w.markdown(f"**{T['well']}**")
    unit_lines(w, s.doing_well)
    if not s.doing_well:
        w.caption(T["no_well"])


def render_quotes(v, columns: int = 1) -> None:
    """Draw the week's quotes, each with who said it (the text as stored, masked, never as HTML)."""
    cols = st.columns(columns)
    for i, q in enumerate(v.quotes):
        with cols[i % columns], st.container(border=True):
            st.markdown(f"#### «{escape_md(q.text)}»")
            st.caption(escape_md(q.attribution))
    if not v.quotes:
        st.caption(T["no_quotes"])


def render_safety(v) -> None:
    """Draw the week's flagged texts that a person must follow up."""
    if v.safety_heading:
        st.warning(escape_md(v.safety_heading))
        for line in v.safety_lines:
            st.markdown(f"- {escape_md(line)}")


def render_criteria_table(v) -> None:
    """Draw the criteria as a table, the status in words coloured like the exports."""
    if not v.criteria_table.empty:
        st.dataframe(v.criteria_table.style.map(status_style, subset=["Status"]), hide_index=True, width="stretch")


def render_criteria_rows(v) -> None:
    """Draw the criteria as rows with a Material icon per status (no emoji font needed on the projector)."""
    widths = [2, 3, 3, 1.6]
    for col, head in zip(st.columns(widths), T["criteria_head"], strict=True):
        col.markdown(f"**{head}**")
    for r in v.criteria_rows:
        cols = st.columns(widths)
        for col, text in zip(cols[:3], (r.title, r.target, r.actual), strict=True):
            col.markdown(escape_md(text))
        cols[3].markdown(f":{r.color}[{r.icon} {escape_md(r.status)}]")  # icon and colour come from the view


def render_notes(v) -> None:
    """Draw this week's and last week's decisions and actions side by side."""
    for col, notes, title in zip(st.columns(2), (v.notes_this, v.notes_prev),
                                 (v.notes_this_title, v.notes_prev_title), strict=True):
        render_list(col, title, list(notes), T["no_notes"])


def week_picker(v) -> str:
    """Draw the week picker and return the chosen ISO week (kept in the URL as ?uke=)."""
    texts = {w.iso_week: w.text for w in v.weeks}
    week = st.selectbox(T["week"], list(texts), index=v.week_index, key=f"uke_{v.week}", placeholder="Velg uke",
                        format_func=texts.get)
    st.query_params["uke"] = week
    return week


# ---------------------------------------------------------------------------- presentation mode: slides


def slide_index(total: int) -> int:
    """Return the shown slide (0-based) from ?lysbilde= (1-based in the URL, so a link opens on that slide)."""
    try:
        n = int(st.query_params.get("lysbilde", "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), total) - 1


def go_to(i: int) -> None:
    """Button callback: show slide `i` (0-based)."""
    st.query_params["lysbilde"] = str(i + 1)


def slide_chart(v, key: str, height: int):
    """Return one of the week's charts drawn wide for a slide, its event titles spaced for the width."""
    s, lab = v.summary, v.chart_label
    args = {"labels": True, "plot_px": SLIDE_CHART_PX}
    if key == "adoption":
        return build_adoption_chart(s.daily, s.events, s.monday, lab, s.this.staff, height, **args)
    if key == "load":
        return build_load_chart(s.daily, s.events, s.monday, lab, height, **args)
    if key == "mood":
        return build_mood_chart(s.daily, s.events, s.monday, lab, height, **args)
    return build_expected_chart(s.daily, s.monday, lab, height)


def render_programme(s, key: str) -> None:
    """Draw the «Gevinster» or «Bølger» section of the week (figures from the pages' own views)."""
    if key == "benefits" and s.benefits is not None:
        st.markdown(f"**{escape_md(s.benefits.headline)}**")
        st.dataframe(pd.DataFrame(list(s.benefits.rows), columns=list(BENEFIT_COLUMNS)), hide_index=True,
                     width="stretch")
    elif key == "waves" and s.waves is not None:
        st.markdown(f"**{escape_md(s.waves.headline)}**")
        st.markdown("\n".join(f"- {escape_md(d)}" for d in s.waves.details))


def build_slides(v) -> list[tuple[str, Callable[[], None]]]:
    """Return (title, draw) per slide: a title slide, then the exports' outline; the safety list continues."""
    s = v.summary
    by_key = {t.key: t for t in v.tiles}

    def title_slide() -> None:
        with st.container(key="lysbilde_title"):
            st.title(v.title)
            st.markdown(escape_md(v.caption))
            st.markdown(f"**{escape_md(s.headline)}**")  # criteria names come from the rules file
            if s.message:
                st.info(s.message)
        left, _ = st.columns([1, 3])
        with left:
            if week_picker(v) != v.week:
                st.rerun()  # the view above was loaded for the week in the URL before the pick

    def chart_slide(key: str, tile_keys: tuple[str, ...]) -> Callable[[], None]:
        def draw() -> None:
            if key == "expected":
                if v.expected_text:
                    st.markdown(f"**{escape_md(v.expected_text)}**")
                    st.altair_chart(slide_chart(v, key, CHART_ALONE_H), width="stretch")
                else:
                    st.caption(T["no_expected"])
                return
            height = CHART_WITH_THEMES_H if key == "mood" else CHART_WITH_TILES_H
            st.altair_chart(slide_chart(v, key, height), width="stretch")
            render_tiles([by_key[k] for k in tile_keys if k in by_key], captions=True, per_row=5)
            if key == "mood":
                render_themes(s)
        return draw

    slides: list[tuple[str, Callable[[], None]]] = [(v.title, title_slide)]
    for item in v.outline:
        if item.key == "tiles":
            slides.append((item.title, lambda: render_tiles(list(v.tiles), captions=True)))
        elif item.key in ("adoption", "load", "expected", "mood"):
            slides.append((item.title, chart_slide(item.key, item.tile_keys)))
        elif item.key == "units":
            slides.append((item.title, lambda: render_units(s, split_attention=True)))
        elif item.key == "quotes":
            slides.append((item.title, lambda: (render_quotes(v, columns=2), st.caption(s.quote_rule))))
            if v.safety_heading:
                slides.append((item.title + T["cont"], lambda: render_safety(v)))
        elif item.key == "criteria":
            slides.append((item.title, lambda: (st.markdown(f"**{escape_md(s.criteria_text)}**"),
                                                render_criteria_rows(v),
                                                st.caption(escape_md(v.criteria_source_text)))))
        elif item.key == "notes":
            slides.append((item.title, lambda: render_notes(v)))
        elif item.key in ("benefits", "waves"):
            slides.append((item.title, lambda key=item.key: render_programme(s, key)))
        else:  # a section the page has no drawing for yet: its title, so the count matches the exports
            slides.append((item.title, lambda: None))
    return slides


def render_slides(v) -> None:
    """Draw one slide with the navigation bar: title, 'Lysbilde n av N', previous and next."""
    st.html(SLIDE_CSS)
    slides = build_slides(v)
    i = slide_index(len(slides))
    title, draw = slides[i]
    with st.container(key="lysbilde_bar"):
        name, where, back, fwd = st.columns([8, 2.2, 1.1, 1.1], vertical_alignment="center")
        name.header(title if i else v.summary.label, anchor=False)
        where.markdown(f"**{T['slide'].format(n=i + 1, total=len(slides))}**", help=T["keys"])
        back.button(T["prev"], icon=":material/arrow_back:", key="lysbilde_forrige", shortcut="Left",
                    disabled=i == 0, on_click=go_to, args=(i - 1,), width="stretch")
        fwd.button(T["next"], icon=":material/arrow_forward:", key="lysbilde_neste", shortcut="Right",
                   disabled=i == len(slides) - 1, on_click=go_to, args=(i + 1,), width="stretch")
        # A presenter's clicker sends PageUp/PageDown: two more buttons carry those keys (hidden by SLIDE_CSS).
        st.button(T["prev"], key="lysbilde_pgup", shortcut="PageUp", on_click=go_to, args=(max(i - 1, 0),))
        st.button(T["next"], key="lysbilde_pgdn", shortcut="PageDown", on_click=go_to,
                  args=(min(i + 1, len(slides) - 1),))
    with st.container(key="lysbilde_body"):
        draw()


# ---------------------------------------------------------------------------- the page


# The week lives in the URL as ?uke=2022-W19 (a shareable link for the meeting); the view decides which weeks
# are offered and which one is shown (any valid ISO week, also one outside the data).
DB = loaders.current_db()
present = shell.is_wall_mode()
GO_LIVE = sidebar.current_filters().go_live  # the one sidebar filter the meeting follows: which go-live
v = loaders.load_weekly_view(DB, st.query_params.get("uke"), GO_LIVE)

if v.summary is None:
    st.title(v.title)
    st.info(v.message)
    st.stop()

if present and v.summary.has_data:
    render_slides(v)
    st.stop()

head, pick = st.columns([4, 1], vertical_alignment="bottom")
with pick:
    week = week_picker(v)
if week != v.week:
    v = loaders.load_weekly_view(DB, week, GO_LIVE)
s = v.summary
with head:
    st.title(v.title)
    st.caption(v.caption)
if not present:
    st.caption(v.scope_text)

if not s.has_data:
    st.info(s.message)
    st.stop()
st.markdown(f"**{escape_md(s.headline)}**")  # criteria names come from the rules file
if s.message:
    st.info(s.message)

render_tiles(list(v.tiles), captions=True)

h = 250
c1, c2, c3 = st.columns(3)
lab, labels = v.chart_label, v.chart_event_labels
c1.altair_chart(build_adoption_chart(s.daily, s.events, s.monday, lab, s.this.staff, h, labels=labels),
                width="stretch")
c2.altair_chart(build_load_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")
c3.altair_chart(build_mood_chart(s.daily, s.events, s.monday, lab, h, labels=labels), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(T["themes"])
    render_themes(s)
with right:
    st.subheader(T["units"])
    render_units(s)

st.subheader(T["quotes"])
render_quotes(v)
render_safety(v)
st.caption(s.quote_rule)

st.subheader(T["criteria"])
st.markdown(f"**{escape_md(s.criteria_text)}**")
render_criteria_table(v)
st.caption(escape_md(v.criteria_source_text))  # a file path: underscores are not emphasis

st.subheader(T["expected"])
if v.expected_text:
    st.markdown(escape_md(v.expected_text))
    st.altair_chart(build_expected_chart(s.daily, s.monday, lab, 260), width="stretch")
else:
    st.caption(T["no_expected"])

for item in v.outline:  # the programme's sections, when a benefit or a later wave is active
    if item.key in ("benefits", "waves"):
        st.subheader(item.title)
        render_programme(s, item.key)

st.subheader(T["notes"])
render_notes(v)

if access.can(auth.current_principal(), "note"):  # notes are the admin's (save_note refuses others too)
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
                    loaders.save_note(DB, s.iso_week, kind, text, author, GO_LIVE)
                    st.success(T["saved"])
                    st.rerun()
else:
    st.caption(T["notes_admin"])

st.subheader(T["exports"])
for col, x in zip(st.columns(len(v.exports)), v.exports, strict=True):
    col.download_button(
        T["dl"][x.fmt], data=lambda fmt=x.fmt: loaders.load_export(DB, s.iso_week, fmt, GO_LIVE),
        file_name=x.file_name, mime=x.mime, on_click=loaders.record_download,
        args=(DB, x.fmt, f"ukemøte {s.iso_week}: {x.file_name}"), help=T["dl_help"], key=f"dl_{x.fmt}",
        width="stretch")
