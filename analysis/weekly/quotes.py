"""The quote selection rule: a few representative, explainable quotes for the weekly meeting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_LENGTH = 20
MAX_QUOTES = 5
MIN_QUOTES = 3
TOP_THEMES = 3

RULE_TEXT = (
    "Slik velges sitatene: ukas meldinger fra chatten og enhetsrapportene med minst {min_len} tegn og "
    "tydelig positiv eller negativ stemning. Like tekster telles én gang, og meldinger flagget for "
    "pasientsikkerhet vises i egen liste i stedet. Meldinger om ukas {top} vanligste temaer går foran, "
    "deretter sterkest stemning (høyest |polaritet|) og nyest. Vi veksler mellom negativ og positiv, "
    "tar høyst ett sitat per enhet og inntil {max_q}. Blir det færre enn {min_q}, fylles det på med nøytrale "
    "meldinger etter samme regel. Teksten vises slik den er lagret (maskert)."
)


@dataclass(frozen=True)
class Quote:
    """One selected quote with where and when it came from."""

    text: str
    unit: str | None
    day: dt.date
    label: str
    polarity: float
    source: str
    role: str | None
    themes: tuple[str, ...]
    on_top_theme: bool


def rule_text() -> str:
    """Return the quote rule in Norwegian, for the page caption and the exports."""
    return RULE_TEXT.format(min_len=MIN_LENGTH, top=TOP_THEMES, max_q=MAX_QUOTES, min_q=MIN_QUOTES)


def _norm(text: str) -> str:
    """Normalise a text for duplicate detection (case and whitespace)."""
    return re.sub(r"\s+", " ", str(text).strip().lower())


def select_quotes(candidates: pd.DataFrame, top_themes: list[str], max_quotes: int = MAX_QUOTES) -> list[Quote]:
    """Pick up to `max_quotes` quotes by the documented rule (deterministic for the same data)."""
    if candidates is None or candidates.empty:
        return []
    df = candidates.copy()
    df = df[df["text"].astype(str).str.strip().str.len() >= MIN_LENGTH]
    df = df[~df["safety"].fillna(False).astype(bool)]
    df = df[df["label"].isin(["positive", "negative", "neutral"])]
    if df.empty:
        return []
    top = set(top_themes)
    # Themes may be NULL (an import without analysis): treat as no themes.
    df["themes_t"] = df["themes"].apply(lambda t: tuple(t) if isinstance(t, (list, tuple, np.ndarray)) else ())
    df["on_top"] = df["themes_t"].apply(lambda t: bool(top.intersection(t)))
    df["strength"] = df["polarity"].abs()
    df["norm"] = df["text"].map(_norm)
    df = df.sort_values(["on_top", "strength", "ts", "text"], ascending=[False, False, False, True], kind="stable")
    df = df.drop_duplicates("norm", keep="first")
    queues = {lab: df[df["label"] == lab].to_dict("records") for lab in ("negative", "positive", "neutral")}
    picked: list[Quote] = []
    used_units: set[str] = set()

    def take(row: dict) -> bool:
        """Add a row unless its unit already has a quote."""
        unit_key = row["unit"] if isinstance(row["unit"], str) else "(ukjent enhet)"
        if unit_key in used_units:
            return False
        used_units.add(unit_key)
        day = row["day"]
        picked.append(Quote(
            text=str(row["text"]).strip(), unit=row["unit"] if isinstance(row["unit"], str) else None,
            day=day.date() if isinstance(day, dt.datetime) else pd.Timestamp(day).date(),
            label=row["label"], polarity=float(row["polarity"]), source=row["source"],
            role=row["role"] if isinstance(row["role"], str) else None,
            themes=row["themes_t"], on_top_theme=row["on_top"],
        ))
        return True

    side = "negative"
    while len(picked) < max_quotes and (queues["negative"] or queues["positive"]):
        if not queues[side]:
            side = "positive" if side == "negative" else "negative"
        if take(queues[side].pop(0)):
            side = "positive" if side == "negative" else "negative"
    while len(picked) < min(MIN_QUOTES, max_quotes) and queues["neutral"]:
        take(queues["neutral"].pop(0))
    return picked
