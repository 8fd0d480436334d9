"""Display tables behind the pages and their CSV downloads: Norwegian headers, plain-text cells."""

from __future__ import annotations

import datetime as dt
import functools
import json

import pandas as pd

from analysis.cell_safety import neutralise
from analysis.fmt import fmt_datetime, fmt_int, fmt_num, fmt_polarity
from analysis.rules import label_nb

SOURCE_NB = {"chat": "chat", "leder": "lederrapport"}
# Columns whose numbers read differently from the default (one decimal): signed polarity, whole counts.
SIGNED_COLUMNS = {"Polaritet": fmt_polarity}
ID_COLUMNS = {"Saksnr.", "ID"}  # identifiers: digits as they are, no thousands space


def evidence_words(raw: str | None, limit: int = 6) -> str:
    """Return the evidence in Norwegian as 'word (−0,5, domeneord), word (+0,3)', strongest first.

    Stored evidence keeps its rule codes; they are translated here, for display only (rule_nb). Items
    that would show as 0,0 say nothing to the reader and are left out.
    """
    if not raw:
        return ""
    try:
        from analysis.text.stored_columns import evidence_from_json

        items = evidence_from_json(raw)
    except (ValueError, TypeError, json.JSONDecodeError):
        return ""
    from analysis.text.lexicon import rule_nb

    shown = [(e, fmt_num(abs(e.get("weight") or 0), 1)) for e in items]
    shown = [(e, size) for e, size in shown if size != fmt_num(0.0, 1)]  # a weight shown as 0,0 is no reason
    shown.sort(key=lambda es: -abs(es[0]["weight"]))
    parts = []
    for e, size in shown[:limit]:
        weight = f"{'+' if e['weight'] > 0 else '−'}{size}"
        rule = rule_nb(e.get("rule"))
        if e.get("rule") == "no-stance":  # the gate's damping has no word of its own
            parts.append(f"{rule} ({weight})")
        else:
            parts.append(f"{e.get('token')} ({weight}{', ' + rule if rule else ''})")
    return ", ".join(parts)


def theme_names(themes: object, labels: dict[str, str]) -> str:
    """Return the themes' display names joined by commas."""
    if themes is None or (isinstance(themes, float)) or len(themes) == 0:
        return ""
    return ", ".join(labels.get(t, t) for t in themes)


def _ts(value: object) -> str:
    """Format a timestamp for a table cell."""
    if value is None or pd.isna(value):
        return ""
    return fmt_datetime(pd.Timestamp(value).to_pydatetime())


def messages_table(rows: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Return messages/reports as a display table (every cell plain text or a number)."""
    if rows.empty:
        return pd.DataFrame(columns=["Tid", "Enhet", "Kilde", "Rolle", "Tekst", "Stemning", "Polaritet", "Temaer",
                                     "Pasientsikkerhet", "Hvorfor"])
    return pd.DataFrame({
        "Tid": [_ts(t) for t in rows["ts"]],
        "Enhet": rows["unit"].fillna(""),
        "Kilde": rows["source"].map(lambda s: SOURCE_NB.get(s, s)) if "source" in rows else "chat",
        "Rolle": rows["role"].fillna(""),
        "Tekst": rows["text"].fillna(""),
        "Stemning": rows["label"].map(label_nb),
        "Polaritet": rows["polarity"].round(2),
        "Temaer": [theme_names(t, labels) for t in rows["themes"]],
        "Pasientsikkerhet": [(r or "Ja") if s else "" for s, r in zip(rows["safety"], rows["safety_reason"],
                                                                       strict=True)],
        "Hvorfor": [evidence_words(e) for e in rows["evidence"]],
    })


def tickets_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return tickets as a display table."""
    return pd.DataFrame({
        "Saksnr.": rows["ticket_id"],
        "Meldt": [_ts(t) for t in rows["opened_at"]],
        "Lukket": [_ts(t) for t in rows["closed_at"]],
        "Enhet": rows["unit"].fillna(""),
        "Kategori": rows["category"].fillna(""),
        "Prioritet": rows["priority"].fillna(""),
        "Kanal": rows["channel"].fillna(""),
        "Status": rows["status"].fillna(""),
        "Oppsummering": rows["summary"].fillna(""),
        "Timer til løst": rows["hours_to_resolve"],
    })


def to_csv(table: pd.DataFrame) -> bytes:
    """Return a table as CSV for Norwegian Excel: semicolons, decimal comma, UTF-8 with BOM, no formula cells."""
    safe = table.copy()
    safe.columns = [neutralise(str(c)) for c in table.columns]
    for i in range(safe.shape[1]):
        if not pd.api.types.is_numeric_dtype(safe.iloc[:, i]):  # numbers stay numbers, with the decimal comma
            safe.isetitem(i, safe.iloc[:, i].map(neutralise))
    return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def day_from_key(key: object) -> dt.date | None:
    """Parse a selection's 'dag' value (YYYY-MM-DD, or epoch milliseconds) into a date."""
    if key is None:
        return None
    if isinstance(key, int | float):
        return pd.Timestamp(key, unit="ms").date()
    try:
        return dt.date.fromisoformat(str(key)[:10])
    except ValueError:
        return None


def queue_table(rows: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Return the follow-up queue as a display table: id, kind, reason and status first, then the message."""
    head = pd.DataFrame({
        "ID": rows["item"] if len(rows) else [],
        "Type": rows["kind"] if len(rows) else [],
        "Grunn": rows["reason"] if len(rows) else [],
        "Status": rows["status_text"] if len(rows) else [],
        "Kommentar": rows["status_comment"].fillna("") if len(rows) else [],
    })
    return pd.concat([head, messages_table(rows, labels)], axis=1)


def nb_number(value: object, decimals: int = 1, column: str = "") -> str:
    """Format one table number the Norwegian way: decimal comma, a space for thousands, a real minus."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if column in SIGNED_COLUMNS:
        return SIGNED_COLUMNS[column](float(value))
    if column in ID_COLUMNS:
        return str(int(value)) if float(value).is_integer() else str(value)
    return fmt_int(value) if decimals == 0 else fmt_num(float(value), decimals)


def _decimals(values: pd.Series) -> int:
    """Return 0 for a column of whole numbers (counts, also when NaN made them floats), else 1."""
    if pd.api.types.is_integer_dtype(values):
        return 0
    present = values.dropna()
    return 0 if len(present) and (present == present.round()).all() and present.abs().max() >= 10 else 1


def nb_display(table: pd.DataFrame) -> object:
    """Return a table for st.dataframe whose numbers show the Norwegian way (−0,96; 7 200) but sort as numbers.

    A pandas Styler: Streamlit draws its formatted values and sorts on the underlying numbers. The table itself
    (and its CSV from `to_csv`) keeps plain numbers.
    """
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])
               and not pd.api.types.is_bool_dtype(table[c])]
    if not numeric:
        return table
    return table.style.format({c: functools.partial(_cell, decimals=_decimals(table[c]), column=str(c))
                               for c in numeric})


def _cell(value: object, decimals: int, column: str) -> str:
    """Format one cell for nb_display (a named function: a Styler formatter per column)."""
    return nb_number(value, decimals, column)
