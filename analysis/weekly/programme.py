"""The weekly meeting's programme sections (issue 17): the benefits realised and the go-live waves compared.

Both come from the pages' own views («Gevinster», «Bølger»), held at the week's 'now', so the export says what the
pages said that week; each is left out when its view is not `active` (no benefit registered, no later wave live).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_num
from analysis.views.benefits_view import build_benefits_view, mnok
from analysis.views.waves_view import build_waves_view

WAVE_DETAILS = 4  # the reasons under the waves sentence: enough for "why", few enough for one slide
BENEFIT_ROWS = 8  # the benefit table on one slide; the page lists the rest
BENEFIT_COLUMNS = ("Gevinst", "Utgangspunkt", "Mål", "Siste måling", "Kr per år nå")


@dataclass(frozen=True)
class BenefitsBrief:
    """The «Gevinster» section: the NOK a year realised against the goal, and each benefit's latest value."""

    headline: str
    realised_nok: float
    rows: tuple[tuple[str, str, str, str, str], ...]
    more: int  # benefits not in the table


@dataclass(frozen=True)
class WavesBrief:
    """The «Bølger» section: the sentence naming the wave doing worse than the first, and why."""

    headline: str
    details: tuple[str, ...]


def _value(value: float | None, unit: str | None) -> str:
    """A measured value with its unit of measure."""
    if value is None:
        return "–"
    return f"{fmt_num(value)} {unit}" if unit else fmt_num(value)


def benefits_brief(path: str | None, now: Now, go_live: int | None = None) -> BenefitsBrief | None:
    """The benefits at `now` (measurements after it are not counted), or None when none is registered."""
    view = build_benefits_view(path, Filters(go_live=go_live), now)
    if not view.active:
        return None
    rows = []
    for b in view.benefits[:BENEFIT_ROWS]:
        name = b.name if b.kind == "gevinst" else f"{b.name} (ulempe)"
        latest = "ikke målt" if b.latest is None else (
            f"{_value(b.latest, b.measure_unit)} ({fmt_date(b.latest_on, weekday=False)}) – {b.status}")
        rows.append((name, _value(b.baseline, b.measure_unit), _value(b.target, b.measure_unit), latest,
                     mnok(b.realised_nok)))
    return BenefitsBrief(view.headline, view.realised_nok, tuple(rows), max(0, len(view.benefits) - BENEFIT_ROWS))


def waves_brief(path: str | None, now: Now) -> WavesBrief | None:
    """The waves compared at `now`, or None when no later wave has gone live by then."""
    view = build_waves_view(path, None, now)
    if not view.active:
        return None
    return WavesBrief(view.headline, tuple(view.details[:WAVE_DETAILS]))


def programme(path: str | Path | None, week_end: dt.date, as_of: dt.datetime | None, go_live: int | None = None
              ) -> tuple[BenefitsBrief | None, WavesBrief | None]:
    """Both programme sections for a week: 'now' is the week's last moment, or the data's as-of time if earlier.

    The benefits are the go-live's when the week is one go-live's; the waves always compare them all.
    """
    last = dt.datetime.combine(week_end, dt.time(23, 59))
    now = Now(min(last, as_of) if as_of else last, "override")
    try:
        where = None if path is None else str(path)  # None: the configured database, as everywhere
        return benefits_brief(where, now, go_live), waves_brief(where, now)
    except duckdb.CatalogException:  # a file from before schema step 5 (opened read-only, not migrated yet)
        return None, None
