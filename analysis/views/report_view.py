"""The daily report form's data: which unit to offer first, a unit's report history, and the receipt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.fmt import NBSP, fmt_date, fmt_int
from analysis.importers import messages as msg
from analysis.importers.report_entry import ReportResult, today
from analysis.queries import report_queries
from analysis.queries.common_queries import DbPath
from analysis.rules import label_nb

TEXT_COLUMN = "Tekst"  # the history's free-text column (blanked for a reader without access to the unit)
STATUS_NB = {"grønn": "Grønn", "gul": "Gul", "rød": "Rød"}
SOURCE_FORM = "skjema"  # unit_reports.source of a report sent through the form

T = {
    "from_login": "Enheten er hentet fra innloggingen din.",
    "from_filter": "Enheten er hentet fra filteret i sidepanelet.",
    "choose": "Velg enheten du rapporterer for.",
    "none_of_mine": "Ingen av enhetene dine finnes i enhetslisten; be administrator rette rollefilen.",
    "stored": "Rapporten er lagret",
    "duplicate": "Denne rapporten var allerede lagret – ingenting nytt er lagret",
    "where": "Den står i historikken nedenfor under {day}.",
    "no_text": "(ingen tekst)",
    "no_mood": "ikke oppgitt",
    "cols": {"day": "Dato", "status": "Status", "mood": "Stemning (1–5)", "text": TEXT_COLUMN,
             "label": "Tekstens tone", "sent": "Sendt"},
    "imported": "importert",
    "span": "{n} rapporter fra {first} til {last}, nyeste dato først.",
    "span_one": "1 rapport, {day}.",
}


@dataclass(frozen=True)
class UnitChoice:
    """The units the form offers, the one chosen in advance (None: the user must choose) and why."""

    options: tuple[str, ...]
    default: str | None
    note: str  # Norwegian: where the unit came from, or that it must be chosen


def choose_unit(names: Sequence[str], user_units: Sequence[str] | None = None,
                filter_unit: str | None = None) -> UnitChoice:
    """Offer the logged-in user's units (all units without a log-in) and choose one only when it is known.

    A unit is known from the sidebar's unit filter (when it is among the offered units) or from a log-in with
    exactly one unit. Otherwise nothing is chosen: never the first in the list, which is a wrong-unit
    report waiting to happen ("BOA Byåsen" beside "Byåsen hjemmetjeneste").
    """
    mine = tuple(n for n in names if user_units and n in set(user_units))
    # A logged-in unit leader reports for their own units only (analysis.access.can_report), even if none exist.
    options = mine if user_units else tuple(names)
    if filter_unit and filter_unit in options:
        return UnitChoice(options, filter_unit, T["from_filter"])
    if len(mine) == 1:
        return UnitChoice(options, mine[0], T["from_login"])
    return UnitChoice(options, None, T["choose"] if options else T["none_of_mine"])


def default_day(override: dt.datetime | None = None) -> dt.date:
    """The form's date before the user picks one: the app's 'now' (GOLIVE_NOW) if set, never after today."""
    return min(override.date(), today()) if override else today()


@dataclass(frozen=True)
class ReportHistory:
    """Every day a unit has reported for (the latest report per day), newest day first, ready to show."""

    unit: str
    table: pd.DataFrame  # Norwegian column names, display strings; shown as cells, never as HTML
    days: tuple[dt.date, ...]  # the report day of each table row
    caption: str

    def row_of(self, day: dt.date | None) -> int | None:
        """The table row of a report day (to mark the report just sent), None if absent."""
        return self.days.index(day) if day in self.days else None


def _sent(reported_at: object, source: object) -> str:
    """When a report was sent through the form; imported reports say so."""
    if source != SOURCE_FORM:
        return T["imported"]
    if not isinstance(reported_at, dt.datetime):
        return "–"
    return f"{reported_at:%d.%m.%Y} kl.{NBSP}{reported_at:%H:%M}"  # short: the column sits beside the text


def history_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Turn stored report rows into the history table's display columns."""
    cols = T["cols"]
    return pd.DataFrame({
        cols["day"]: [fmt_date(d, year=True) for d in rows["day"]],
        cols["status"]: [STATUS_NB.get(s, s) for s in rows["status"]],
        cols["mood"]: ["–" if pd.isna(m) else fmt_int(m) for m in rows["mood"]],
        cols["text"]: ["" if t is None or pd.isna(t) else t for t in rows["text"]],
        cols["label"]: [label_nb(x) for x in rows["label"]],
        cols["sent"]: [_sent(ts, src) for ts, src in zip(rows["reported_at"], rows["source"], strict=True)],
    })


def build_report_history(path: DbPath, unit: str) -> ReportHistory:
    """A unit's whole report history by report date, so a report for a past date is there too."""
    rows = report_queries.query_unit_reports(unit, path)
    days = tuple(d.date() if isinstance(d, dt.datetime) else d for d in rows["day"])
    if not days:
        caption = ""
    elif len(days) == 1:
        caption = T["span_one"].format(day=fmt_date(days[0], year=True))
    else:
        caption = T["span"].format(n=fmt_int(len(days)), first=fmt_date(days[-1], year=True),
                                   last=fmt_date(days[0], year=True))
    return ReportHistory(unit, history_table(rows), days, caption)


@dataclass(frozen=True)
class ReportReceipt:
    """What was stored, as the sender should see it: the masked text, never the typed one."""

    title: str
    stored: bool
    unit: str
    day: dt.date
    fields: tuple[tuple[str, str], ...]  # (label, value) for unit, date, status, mood
    text: str  # as stored (masked); shown as plain text
    notes: tuple[str, ...]


def build_receipt(result: ReportResult) -> ReportReceipt:
    """The receipt of a successful submission (stored, or already stored)."""
    if not result.ok or result.unit is None or result.day is None:
        raise ValueError("a receipt needs a report that was accepted")
    day = fmt_date(result.day, year=True)
    fields = (
        ("Enhet", result.unit),
        ("Dato", day),
        ("Status", STATUS_NB.get(result.status or "", result.status or "–")),
        ("Stemning", T["no_mood"] if result.mood is None else fmt_int(result.mood)),
    )
    notes: list[str] = []
    if result.replaces and not result.duplicate:
        notes.append(msg.REPORT_REPLACES)
    if result.masked:
        notes.append(msg.REPORT_MASKED.format(items=msg.format_masked(result.masked)))
    notes.append(T["where"].format(day=day))
    return ReportReceipt(
        title=T["duplicate"] if result.duplicate else T["stored"], stored=result.stored,
        unit=result.unit, day=result.day, fields=fields, text=result.text or T["no_text"], notes=tuple(notes),
    )
