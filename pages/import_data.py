"""Importer data: upload a file, preview format and column mapping, import, then summary and rejects."""

import streamlit as st

from analysis import access
from analysis.importers import KIND_NAMES, import_file, preview
from analysis.importers.messages import KIND_LABELS
from analysis.views.import_view import upload_caption
from ui import auth, guard, loaders
from ui import loaders_forms as forms
from ui.text import escape_md

T = {
    "title": "Importer data",
    "intro": "Last opp en CSV- eller Excel-fil. Fødselsnummer, telefonnumre og e-postadresser fjernes før lagring.",
    "kind": "Hva inneholder filen?",
    "file": "Fil (.csv eller .xlsx)",
    "format": "Gjenkjent format: {d}. Overskriftene står i rad {r}.",
    "mapping": "Kolonner som brukes",
    "col_file": "Kolonne i filen",
    "col_field": "Brukes som",
    "unmapped": "Kolonner som ikke brukes: {c}",
    "manual": "Koble kolonner manuelt",
    "none": "(automatisk)",
    "rows": "Første rader (personopplysninger skjult)",
    "check": "{valid} av {total} rader er gyldige, {bad} avvises.",
    "issues": "Rader som avvises",
    "go": "Importer",
    "done": "Importen er ferdig.",
    "rejects": "Last ned avviste rader",
    "help_head": "Mal og eksempel for {kind}",
    "template": "Last ned mal ({size})",
    "example": "Last ned eksempel ({size})",
    "help_body": ("Malen har bare overskriftsraden; eksempelet har {n} oppdiktede rader som viser hvordan "
                  "verdiene skrives. Kolonner med andre overskrifter kobles også, og rekkefølgen er fri."),
    "help_units": ("Enhetene i eksemplene («Eksempel hjemmetjeneste» og flere) finnes bare i eksempelet for "
                   "enheter: importer ikke eksemplene i en database med ekte data."),
    "required": "Må være med: {cols}.",
    "columns": "Kolonnene",
}
# Streamlit's file chip writes the size in English ("0.6KB"); the page writes it in Norwegian instead.
# Static CSS, never user text.
HIDE_CHIP_SIZE = "<style>[data-testid='stFileChipName'] ~ * { display: none; }</style>"

DB = loaders.current_db()
st.title(T["title"])
st.caption(T["intro"])
kind = st.selectbox(T["kind"], KIND_NAMES, format_func=lambda k: KIND_LABELS[k].capitalize(), key="import_kind",
                    placeholder="Velg type")
help_ = forms.load_kind_help(kind)
with st.container(border=True):
    st.markdown(f"**{escape_md(T['help_head'].format(kind=help_.label))}**")
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(T["template"].format(size=help_.template_size), help_.template,
                         file_name=help_.template_name, mime="text/csv", icon=":material/table_view:",
                         key=f"template_{kind}", on_click="ignore")
    right.download_button(T["example"].format(size=help_.example_size), help_.example,
                          file_name=help_.example_name, mime="text/csv", icon=":material/description:",
                          key=f"example_{kind}", on_click="ignore")
    st.caption(T["help_body"].format(n=help_.example_rows) + " " + T["required"].format(
        cols=", ".join(f"«{c}»" for c in help_.required)))
    with st.expander(T["columns"]):
        name, required, holds, also = help_.columns.columns
        widths = {name: "small", required: "small", holds: "large", also: "large"}
        st.dataframe(help_.columns, hide_index=True, width="stretch",
                     column_config={c: st.column_config.TextColumn(width=w) for c, w in widths.items()})
    if help_.refers_to_units:
        st.caption(T["help_units"])

st.html(HIDE_CHIP_SIZE)
upload = st.file_uploader(T["file"], type=["csv", "xlsx", "txt"], key="import_file")

if upload is not None:
    data = upload.getvalue()
    st.caption(escape_md(upload_caption(upload.name, len(data))))
    p = preview(data, upload.name, kind, db=DB)
    mapping: dict[str, str] = {}
    if p.header:
        with st.expander(T["manual"], expanded=p.error is not None):
            choices = [None, *p.fields]
            for col in [h for h in p.header if h]:
                # Headers come from the user's file: escaped, since widget labels render Markdown.
                target = st.selectbox(escape_md(col), choices, key=f"map_{kind}_{col}", placeholder="Velg felt",
                                      format_func=lambda x: T["none"] if x is None else p.fields[x])
                if target:
                    mapping[col] = target
        if mapping:
            p = preview(data, upload.name, kind, mapping=mapping, db=DB)
    if p.error:
        st.error(escape_md(p.error))
    else:
        st.caption(T["format"].format(d=escape_md(p.description), r=p.header_row))
        st.subheader(T["mapping"])
        st.dataframe({T["col_file"]: list(p.mapping_labels), T["col_field"]: list(p.mapping_labels.values())},
                     hide_index=True)
        if p.unmapped:
            st.caption(T["unmapped"].format(c=escape_md(", ".join(p.unmapped))))
        st.subheader(T["rows"])
        st.dataframe(p.rows)  # rendered as data cells, never as HTML
        st.write(T["check"].format(valid=p.valid, total=p.rows_total, bad=p.rejected))
        if p.issues:
            with st.expander(T["issues"]):
                st.text("\n".join(str(i) for i in p.issues))
        if st.button(T["go"], type="primary", disabled=p.valid == 0, key="import_go"):
            with guard.guard("importen"):
                access.require(auth.current_principal(), "import")  # checked here too, not only by the page list
                result = import_file(data, kind, db=DB, mapping=mapping or None, filename=upload.name)
                auth.record(DB, "import", f"{kind}: {upload.name}", result.summary_text())
                st.cache_data.clear()  # the other pages show the new data at once
                st.success(T["done"])
                st.text(result.summary_text())
                rejects = result.rejects_bytes()
                if rejects:
                    st.download_button(T["rejects"], rejects, file_name=result.rejects_filename, key="import_rejects",
                                       on_click=loaders.record_download, args=(DB, "csv", result.rejects_filename))
