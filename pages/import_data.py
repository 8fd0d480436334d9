"""Importer data: upload a file, preview format and column mapping, import, then summary and rejects."""

import streamlit as st

from analysis.importers import KIND_NAMES, import_file, preview
from analysis.importers.messages import KIND_LABELS
from ui import guard, loaders
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
}

DB = loaders.current_db()
st.title(T["title"])
st.caption(T["intro"])
kind = st.selectbox(T["kind"], KIND_NAMES, format_func=lambda k: KIND_LABELS[k].capitalize(), key="import_kind",
                    placeholder="Velg type")
upload = st.file_uploader(T["file"], type=["csv", "xlsx", "txt"], key="import_file")

if upload is not None:
    data = upload.getvalue()
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
                result = import_file(data, kind, db=DB, mapping=mapping or None, filename=upload.name)
                st.cache_data.clear()  # the other pages show the new data at once
                st.success(T["done"])
                st.text(result.summary_text())
                rejects = result.rejects_bytes()
                if rejects:
                    st.download_button(T["rejects"], rejects, file_name=result.rejects_filename, key="import_rejects")
