"""The unit leaders' daily report: validate, mask, analyse and store one report.

Rule: a unit may report several times a day; every distinct report is stored with its time, and
the LATEST report per unit and day counts (view `unit_reports_latest`). Sending the same content as
the current latest report again (a double click, a resubmitted form) stores nothing. Sending content
equal to an older report but different from the latest is a real change back, and is stored.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis import db as store
from analysis.importers import messages as msg
from analysis.importers.schemas import REPORT_TEXT_LIMIT
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.values import LOCAL_TZ, ValueProblem, clean_text, parse_status
from analysis.text import stored_columns
from analysis.text.masking import mask_text

STATUSES = ("grønn", "gul", "rød")
MOODS = {"1", "2", "3", "4", "5"}


@dataclass
class ReportResult:
    """Outcome of a submitted report: errors (nothing stored) or what was stored."""

    ok: bool
    errors: list[str] = field(default_factory=list)
    stored: bool = False
    duplicate: bool = False
    replaces: bool = False
    unit: str | None = None
    day: dt.date | None = None
    status: str | None = None
    mood: int | None = None
    text: str | None = None  # the text as stored: masked, cleaned (None without text)
    masked: Counter = field(default_factory=Counter)
    label: str | None = None
    safety: bool = False
    safety_reason: str | None = None

    @property
    def message(self) -> str:
        """A Norwegian confirmation or the errors, for the form."""
        if not self.ok:
            return " ".join(self.errors)
        day = self.day.strftime("%d.%m.%Y") if self.day else ""
        parts = [(msg.REPORT_DUPLICATE if self.duplicate else msg.REPORT_STORED).format(unit=self.unit, day=day)]
        if self.replaces and not self.duplicate:
            parts.append(msg.REPORT_REPLACES)
        if self.masked:
            parts.append(msg.REPORT_MASKED.format(items=msg.format_masked(self.masked)))
        return " ".join(parts)


def _sentence(text: str) -> str:
    """Capitalise and end with a full stop unless it already ends with punctuation."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def today() -> dt.date:
    """Today in Norwegian local time."""
    return dt.datetime.now(LOCAL_TZ).date()


def _validate(unit: str | None, status: str | None, mood: object, text: str | None, day: dt.date | None,
              units: UnitMatcher) -> tuple[list[str], dict]:
    """Check the form values; return (errors, cleaned values)."""
    errors: list[str] = []
    clean: dict = {}
    if not unit or not str(unit).strip():
        errors.append(msg.REPORT_UNIT_MISSING)
    else:
        try:
            clean["unit"] = units.resolve(str(unit))
        except ValueProblem as exc:
            errors.append(_sentence(str(exc)))
    try:
        clean["status"] = parse_status(status or "")
    except ValueProblem:
        errors.append(msg.REPORT_STATUS)
    if mood is None:
        clean["mood"] = None  # optional, as in an imported report (the form always sends one)
    elif isinstance(mood, bool) or not isinstance(mood, (numbers.Integral, str)) or str(mood).strip() not in MOODS:
        errors.append(msg.REPORT_MOOD)
    else:
        clean["mood"] = int(str(mood).strip())
    body = clean_text(text or "")
    if len(body) > REPORT_TEXT_LIMIT:
        errors.append(msg.REPORT_TEXT_LONG.format(length=len(body), limit=REPORT_TEXT_LIMIT))
    clean["text"] = body or None
    clean["day"] = day or today()
    if clean["day"] > today():
        errors.append(msg.REPORT_DAY_FUTURE.format(day=clean["day"].strftime("%d.%m.%Y")))
    return errors, clean


def submit_report(unit: str, status: str, mood: int | None, text: str, day: dt.date | None = None,
                  db: str | Path | None = None, author: str | None = None) -> ReportResult:
    """Validate, mask, analyse and store one report for its `day`; a resubmission of the latest stores nothing.

    `author` is who sent it, as the log-in (or the operating system, on the command line) names them.
    """
    errors, clean = _validate(unit, status, mood, text, day, UnitMatcher.load(db))
    if errors:
        return ReportResult(ok=False, errors=errors)
    masked: Counter = Counter()
    if clean["text"]:
        clean["text"], masked = mask_text(clean["text"])
    analysis = stored_columns.score_texts([clean["text"]]).iloc[0].to_dict() if clean["text"] else {}
    result = ReportResult(ok=True, unit=clean["unit"], day=clean["day"], status=clean["status"], mood=clean["mood"],
                          text=clean["text"], masked=masked,
                          label=analysis.get("label"), safety=bool(analysis.get("safety", False)),
                          safety_reason=analysis.get("safety_reason"))
    # `day` is what the report is about (it places the report in time); `reported_at` is only when it was
    # sent, kept to order corrections of the same day (view unit_reports_latest).
    now = dt.datetime.now(LOCAL_TZ).replace(tzinfo=None)

    def work(con: duckdb.DuckDBPyConnection) -> None:
        latest = con.execute(
            "SELECT status, mood, text FROM unit_reports_latest WHERE unit = ? AND day = ?",
            [clean["unit"], clean["day"]],
        ).fetchone()
        if latest == (clean["status"], clean["mood"], clean["text"]):
            result.duplicate = True
            return
        result.replaces = latest is not None
        con.execute(
            "INSERT INTO unit_reports (day, unit, status, mood, text, reported_at, polarity, label, language, "
            "themes, safety, safety_reason, evidence, analyzer_version, source, author) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS VARCHAR[]), ?, ?, ?, ?, 'skjema', ?)",
            [clean["day"], clean["unit"], clean["status"], clean["mood"], clean["text"], now,
             analysis.get("polarity"), analysis.get("label"), analysis.get("language"),
             list(analysis.get("themes") or []) if analysis else None, bool(analysis.get("safety", False)),
             analysis.get("safety_reason"), analysis.get("evidence"), analysis.get("analyzer_version"), author],
        )
        result.stored = True

    store.write(work, db)
    return result
