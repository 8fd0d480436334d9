"""Oppfølging: the whole follow-up queue for the shift lead — take, mark «avvik meldt», close, reopen, find."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.fmt import fmt_datetime, fmt_int
from analysis.follow_up import ACTIONS, COMMENT_MAX, PERSON_MAX
from analysis.views.follow_up_view import WALL_SHOWN, wall_more_text
from analysis.views.tables import nb_display, queue_table, to_csv
from ui import auth, guard, loaders, shell, sidebar, wall
from ui.text import escape_md

T = {
    "title": "Oppfølging",
    "who": "Ditt navn",
    "who_help": "Vises ved statusendringene, så alle ser hvem som har saken.",
    "pick": "Velg en rad i tabellen for å ta saken, melde avvik eller lukke den.",
    "csv": "Last ned hele køen (CSV)",
    "item": "Valgt: {kind} · {unit} · {t}",
    "comment": "Kommentar (valgfritt)",
    "history": "Historikk",
    "no_history": "Ingen statusendringer ennå.",
    "closed": "Lukkede saker",
    "search": "Søk i lukkede (tekst, enhet, navn eller kommentar)",
    "closed_none": "Ingen lukkede saker funnet.",
    "closed_count": "{n} lukkede saker vist (de siste først).",
}

# The wall's card grid: columns, and the height (px at 1920×1080) of each column under the title.
WALL_COLUMNS, WALL_HEIGHT = 3, 860

DB = loaders.current_db()
f = sidebar.current_filters()
st.title(T["title"])
search = st.session_state.get("lukket_sok") or None
view = loaders.load_follow_up_view(DB, f, loaders.live_now(DB, f.end), search)
queue = view.queue
labels = loaders.load_theme_labels()


def render_wall() -> None:
    """The queue on a TV: counts and the first cards in a grid, newest safety items first; nothing to click."""
    if queue.items.empty:
        st.success(queue.none_text)
        return
    more = wall_more_text(len(queue.items))
    st.markdown(f"**{escape_md(queue.counts_text)}**" + (f" · {escape_md(more)}" if more else ""))
    rows = list(queue.items.head(WALL_SHOWN).itertuples())
    for i, col in enumerate(st.columns(WALL_COLUMNS, gap="medium")):
        with col, st.container(height=WALL_HEIGHT, border=False, key=f"vegg_kort_{i}"):
            for r in rows[i::WALL_COLUMNS]:
                wall.render_queue_card(r, labels, wall=True)


if shell.is_wall_mode():
    render_wall()
    st.stop()

st.caption(queue.caption)
if queue.items.empty:
    st.success(queue.none_text)
else:
    st.markdown(f"**{escape_md(queue.counts_text)}**")
    me = auth.current_principal()
    if me.source == "oidc" and "ditt_navn" not in st.session_state:
        st.session_state["ditt_navn"] = me.name[:PERSON_MAX]  # the log-in's name; still editable for a shared PC
    person = st.text_input(T["who"], max_chars=PERSON_MAX, key="ditt_navn", help=T["who_help"])
    table = queue_table(queue.items, labels)
    st.download_button(T["csv"], to_csv(table), file_name="trenger_oppfolging.csv", mime="text/csv",
                       on_click=loaders.record_download, args=(DB, "csv", "trenger_oppfolging.csv"),
                       icon=":material/download:", key="queue_csv")
    st.caption(T["pick"])
    shown = table[["ID", "Type", "Grunn", "Status", "Tid", "Enhet", "Tekst"]]
    event = st.dataframe(shown, hide_index=True, width="stretch", height=420, on_select="rerun",
                         selection_mode="single-row", key="queue_table")
    picked = event.selection.rows if event and event.selection else []
    # An alert links to ?sak=<item>: that item is open until the user picks another row.
    linked = queue.items.index[queue.items["item"] == st.query_params.get("sak")].tolist()
    if not picked and linked:
        picked = [queue.items.index.get_loc(linked[0])]
    if picked:
        row = queue.items.iloc[picked[0]]
        with st.container(border=True):
            st.markdown(escape_md(T["item"].format(kind=row["kind"], unit=row["unit"] or "–",
                                                   t=fmt_datetime(pd.Timestamp(row["ts"]).to_pydatetime()))))
            st.text(f"«{row['text']}»")
            st.caption(escape_md(f"{row['reason']} · {row['status_text']}"))
            comment = st.text_input(T["comment"], max_chars=COMMENT_MAX, key=f"kommentar_{row['item']}")
            cols = st.columns(len(view.actions[row["item"]]) or 1)
            for col, action in zip(cols, view.actions[row["item"]], strict=False):
                if col.button(ACTIONS[action], key=f"{action}_{row['item']}", width="stretch"):
                    with guard.guard("statusendringen"):
                        result = loaders.act_on_item(DB, row["item"], action, person, comment, row["status"])
                        st.toast(escape_md(result.message))
                        st.rerun()
            history = loaders.load_item_history(DB, row["item"])
            st.markdown(f"**{T['history']}**")
            if history.empty:
                st.caption(T["no_history"])
            else:
                st.dataframe(nb_display(history), hide_index=True, width="stretch")

st.subheader(T["closed"])
st.text_input(T["search"], key="lukket_sok")
if view.closed.empty:
    st.caption(T["closed_none"])
else:
    st.caption(T["closed_count"].format(n=fmt_int(len(view.closed))))
    closed = queue_table(view.closed, labels)[["ID", "Type", "Status", "Kommentar", "Tid", "Enhet", "Tekst"]]
    st.dataframe(nb_display(closed), hide_index=True, width="stretch")
