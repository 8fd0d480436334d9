"""Parse cell values as they come from Norwegian exports: dates, numbers, statuses, free text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from analysis.importers import messages as msg
from analysis.text.masking import mask_value

LOCAL_TZ = ZoneInfo("Europe/Oslo")
MIN_YEAR, MAX_YEAR = 2000, 2100

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_NO = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})"
    r"(?:,?\s+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$"
)
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


class ValueProblem(ValueError):
    """A cell value is invalid; the message is Norwegian, without row or column."""


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None, or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: object, limit: int = 40) -> str:
    """Render a bad value for a message: masked, shortened, on one line."""
    text = mask_value(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_year(year: int) -> None:
    """Refuse years that are surely typos for a go-live dashboard."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueProblem(msg.V_YEAR_RANGE.format(year=year))


def parse_datetime(value: object, bad: str = msg.V_BAD_DATETIME) -> dt.datetime:
    """Parse ISO or dd.mm.yyyy [HH:MM[:SS]] text, or an Excel date cell, to naive local time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TZ).replace(tzinfo=None)
        _check_year(value.year)
        return value
    if isinstance(value, dt.date):
        _check_year(value.year)
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueProblem(msg.V_NUMBER_AS_DATE.format(value=show(value)))
    text = str(value).strip()
    m = _NO.match(text)
    try:
        if m:
            d, mo, y, h, mi, s = m.groups()
            _check_year(int(y))
            return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        m = _ISO.match(text)
        if m:
            y, mo, d, h, mi, s, frac, tz = m.groups()
            _check_year(int(y))
            micro = int((frac or "0")[:6].ljust(6, "0"))
            out = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), micro)
            if tz:
                out = dt.datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
                out = out.astimezone(LOCAL_TZ).replace(tzinfo=None)
            return out
    except ValueError as exc:
        if isinstance(exc, ValueProblem):
            raise
    raise ValueProblem(bad.format(value=show(value)))


def parse_date(value: object) -> dt.date:
    """Parse a date (a time part, if any, is dropped)."""
    return parse_datetime(value, bad=msg.V_BAD_DATE).date()


def parse_int(value: object, low: int | None = 0, high: int | None = None) -> int:
    """Parse a whole number: '1 234', '1.234', '12,0', Excel numbers; check the range."""
    if isinstance(value, bool):
        raise ValueProblem(msg.V_BAD_INT.format(value=show(value)))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(msg.V_BAD_INT.format(value=show(value)))
        number = int(value)
    else:
        text = _SPACES.sub("", str(value).strip())
        if _THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            f = float(text)
        except ValueError:
            raise ValueProblem(msg.V_BAD_INT.format(value=show(value))) from None
        if not f.is_integer() or "e" in text.lower() or text.lower() in ("nan", "inf", "-inf"):
            raise ValueProblem(msg.V_BAD_INT.format(value=show(value)))
        number = int(f)
    if low == 0 and number < 0 and high is None:
        raise ValueProblem(msg.V_NEGATIVE.format(value=number))
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueProblem(msg.V_RANGE.format(low=low, high=high, value=number))
    return number


def fold(text: str) -> str:
    """Fold for matching: lower case, æøå and accents flattened, only letters and digits kept."""
    text = re.sub(r"\(.*?\)", "", str(text)).casefold()
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


_STATUS = {
    "grønn": ("gronn", "gron", "green", "g"),
    "gul": ("gul", "yellow", "y"),
    "rød": ("rod", "red", "r"),
}
_STATUS_LOOKUP = {alias: canon for canon, aliases in _STATUS.items() for alias in aliases}


def parse_status(value: object) -> str:
    """Parse a traffic-light status to 'grønn', 'gul' or 'rød'."""
    canon = _STATUS_LOOKUP.get(fold(str(value)))
    if canon is None:
        raise ValueProblem(msg.V_BAD_STATUS.format(value=show(value)))
    return canon


def cell_text(value: object) -> str:
    """Render any cell as text: whole Excel numbers without '.0', dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def clean_text(value: object) -> str:
    """Normalise free text: line endings to LF, outer whitespace trimmed, inside kept exactly."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def split_aliases(value: object) -> list[str]:
    """Split an alias cell on ';', ',' or '|' into distinct non-empty names."""
    out: list[str] = []
    for part in re.split(r"[;,|]", cell_text(value)):
        name = " ".join(part.split())
        if name and name.casefold() not in {a.casefold() for a in out}:
            out.append(name)
    return out
