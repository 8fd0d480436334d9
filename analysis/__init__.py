"""Go-live-puls product logic: store, queries, metrics, charts, text analysis, importers (no Streamlit)."""
