"""Go-live-puls product logic: store, queries, metrics, charts, text analysis, importers (no Streamlit)."""

from analysis import _native

# Before any submodule is imported: the hot text modules load their Cython build only when it was made
# from the current sources (see analysis/_native.py).
_native.install()
