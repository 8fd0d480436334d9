"""Norwegian (bokmål) formatting of numbers, percentages, dates and times for the UI and exports."""

from __future__ import annotations

import datetime as dt
import math

NBSP = "\u00a0"  # thousands separator and before % (the chart locale in charts/chart_theme.py uses the same)
DECIMAL = ","
MINUS = "\u2212"  # a real minus sign, as wide as the plus

WEEKDAYS_SHORT = ["man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn."]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]
MONTHS_SHORT = ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]



def _missing(value: object) -> bool:
    """Tell whether a value is None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: float | int | None) -> str:
    """Format a whole number with a non-breaking space as thousands separator: 7 200."""
    if _missing(value):
        return "–"
    return f"{round(value):,}".replace(",", NBSP).replace("-", MINUS)


def fmt_num(value: float | None, decimals: int = 1) -> str:
    """Format a decimal number with a decimal comma: 3,4."""
    if _missing(value):
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", NBSP)
    return text.replace("-", MINUS)


def fmt_pct(share: float | None, decimals: int = 1) -> str:
    """Format a share (0..1) as a Norwegian percentage: 84,7 %."""
    if _missing(share):
        return "–"
    return f"{fmt_num(share * 100, decimals)}{NBSP}%"


def fmt_signed(value: float | None, decimals: int = 0, suffix: str = "") -> str:
    """Format a change with an explicit sign: +12, −3,5 %."""
    if _missing(value):
        return "–"
    value = round(float(value), decimals)  # the sign of what is shown: -0.004 is "±0,00", not "−0,00"
    body = fmt_int(abs(value)) if decimals == 0 else fmt_num(abs(value), decimals)
    sign = "+" if value > 0 else MINUS if value < 0 else "±"
    return f"{sign}{body}{suffix}"


def fmt_date(day: dt.date | None, weekday: bool = True, year: bool = False) -> str:
    """Format a date the Norwegian way: lør. 7. mai (optionally with the year)."""
    if day is None:
        return "–"
    if isinstance(day, dt.datetime):
        day = day.date()
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    if weekday:
        text = f"{WEEKDAYS_SHORT[day.weekday()]} {text}"
    return text


def fmt_datetime(ts: dt.datetime | None, year: bool = False) -> str:
    """Format a timestamp: lør. 7. mai kl. 14:32."""
    if ts is None:
        return "–"
    return f"{fmt_date(ts.date(), year=year)} kl.{NBSP}{ts:%H:%M}"


def fmt_polarity(value: float | None) -> str:
    """Format a polarity in [-1, 1] with sign and two decimals: +0,42."""
    if _missing(value):
        return "–"
    return fmt_signed(value, 2)


def iso_week_label(year: int, week: int) -> str:
    """Format an ISO week as 'Uke 19 (2022)'."""
    return f"Uke {week} ({year})"
