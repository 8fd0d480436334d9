"""Spreadsheet cells that cannot run: formula triggers at the start of text get a quote (OWASP CSV injection)."""

from __future__ import annotations

import re

# Excel, LibreOffice and Google Sheets start a formula (or DDE call) at these characters.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A plain number stays a number: -0,5 · +3 · -12.5 · 1e-3 (digits only, one decimal mark, no spaces).
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """Tell whether a spreadsheet would read `text` as a formula: a trigger first and not a plain number."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """Return a text cell with a leading quote if it would start a formula; anything else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return QUOTE + value
    return value


def restore(value: object) -> object:
    """Undo `neutralise` on a cell read back (a re-imported rejects or drill-down file gets its text back)."""
    if isinstance(value, str) and value.startswith(QUOTE) and is_formula_like(value[1:]):
        return value[1:]
    return value
