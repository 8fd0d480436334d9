"""Supportbelastning: tickets per day and hour, per unit, mix, backlog by age, closure ratio, time to resolve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.charts.support_charts import (
    SELECT_BACKLOG,
    SELECT_DAY_PRIORITY,
    SELECT_HOUR_WEEKDAY,
    SELECT_MIX,
    SELECT_UNIT,
)
from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import WEEKDAYS, fmt_date, fmt_int, fmt_num, fmt_pct
from analysis.metrics import closure_ratio, per_100, share
from analysis.queries import common_queries, drilldown_queries, support_queries
from analysis.queries.drilldown_queries import Behind, TicketSelection
from analysis.rules import age_buckets, load_rules
from analysis.views.tables import day_from_key, tickets_table
from analysis.views.tiles import Tile, note_tile

T = {
    "tickets": "Saker meldt i perioden",
    "per100": "{p} per 100 ansatte",
    "ratio": "Lukket ÷ meldt",
    "ratio_desc": "{c} lukket av {o} meldt",
    "ratio_help": "Under 1 betyr at køen vokser.",
    "open": "Åpne ved periodens slutt",
    "median": "Tid til løst, median",
    "p90": "Tid til løst, 90-persentil",
    "hours": "{h} timer",
    "resolve": "{p}: median {m} t, 90 % innen {q} t ({s} av lukkede)",
    "b_day": "Saker {d}, prioritet {p}",
    "b_hw": "Saker meldt på {w}er kl. {h}–{h2}",
    "b_unit": "Saker fra {u}",
    "b_mix": "Saker {d}: {v}",
    "b_backlog": "Åpne saker ved slutten av {d}, alder {a}",
}
MIX_BY = ("category", "priority")


@dataclass(frozen=True)
class SupportView:
    """The support page: tiles, tickets per day and hour, per unit, mixes, backlog by age, closure, resolve times."""

    empty: bool  # no ticket opened in the period and none open at its end
    end: dt.datetime | None  # the moment 'open at the end of the period' is counted
    summary: support_queries.SupportSummary
    tiles: tuple[Tile, ...]
    per_day: pd.DataFrame  # day, priority, priority_rank, n
    hour_weekday: pd.DataFrame  # weekday (ISO), hour, n
    per_unit: pd.DataFrame  # unit, service_area, staff_count, n, per_100 (most load first)
    category: pd.DataFrame  # day, value, n
    priority: pd.DataFrame  # day, value, n
    age_order: tuple[str, ...]  # the backlog's age buckets from the rules, youngest first
    backlog: pd.DataFrame  # day, age_bucket, n: open at the end of each day
    opened_closed: pd.DataFrame  # day, opened, closed, ratio
    resolve: pd.DataFrame  # priority, priority_rank, n, median_hours, p90_hours
    resolve_caption: str | None
    events: pd.DataFrame


@dataclass(frozen=True)
class TicketDrill:
    """What a clicked mark stands for: a title and the ticket selection behind it."""

    title: str
    selection: TicketSelection


@dataclass(frozen=True)
class TicketRows:
    """The tickets behind a clicked mark, ready to show: a title, a display table (at most the drill limit), a total."""

    title: str
    behind: Behind


def period_end(f: Filters, newest: dt.datetime | None) -> dt.datetime | None:
    """Return the moment the backlog is counted: the end of the chosen last day, at most the newest data."""
    end = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time()) if f.end else newest
    return newest if newest is not None and end is not None and end > newest else end


def build_tiles(s: support_queries.SupportSummary) -> tuple[Tile, ...]:
    """Return the five tiles: tickets opened, closed ÷ opened, open at the end, median and 90th percentile hours."""
    return (
        note_tile("tickets", T["tickets"], fmt_int(s.opened),
                  T["per100"].format(p=fmt_num(per_100(s.opened, s.staff)))),
        note_tile("ratio", T["ratio"], fmt_num(closure_ratio(s.closed, s.opened), 2),
                  T["ratio_desc"].format(c=fmt_int(s.closed), o=fmt_int(s.opened)), help=T["ratio_help"]),
        Tile("open", T["open"], fmt_int(s.open_at_end)),
        Tile("median", T["median"], T["hours"].format(h=fmt_num(s.median_hours))),
        Tile("p90", T["p90"], T["hours"].format(h=fmt_num(s.p90_hours))),
    )


def resolve_caption(resolve: pd.DataFrame, closed: int) -> str | None:
    """Return the resolve times per priority in words, with each priority's share of the closed tickets."""
    if resolve.empty:
        return None
    return ", ".join(T["resolve"].format(p=r.priority, m=fmt_num(r.median_hours), q=fmt_num(r.p90_hours),
                                         s=fmt_pct(share(r.n, closed), 0))
                     for r in resolve.itertuples())


def with_ratio(oc: pd.DataFrame) -> pd.DataFrame:
    """Add the daily closure ratio (closed ÷ opened) to the opened/closed frame."""
    return oc.assign(ratio=[closure_ratio(c, o) for c, o in zip(oc["closed"], oc["opened"], strict=True)])


def build_support_view(db: str | Path, f: Filters, now: Now | dt.datetime | None = None) -> SupportView:
    """Return everything the support page shows (about the period: `now` is accepted but not needed)."""
    span = common_queries.query_data_span(db)
    end = period_end(f, span.newest)
    summary = support_queries.query_support_summary(f, end, db)
    buckets = age_buckets(load_rules().backlog)
    first, last = f.start or span.first_day, f.end or span.last_day
    backlog = (support_queries.query_backlog(f, first, last, buckets, db) if first and last
               else pd.DataFrame(columns=["day", "age_bucket", "n"]))
    resolve = support_queries.query_resolve_times(f, db)
    return SupportView(
        empty=summary.opened == 0 and summary.open_at_end == 0,
        end=end,
        summary=summary,
        tiles=build_tiles(summary),
        per_day=support_queries.query_tickets_per_day(f, db),
        hour_weekday=support_queries.query_hour_weekday(f, db),
        per_unit=support_queries.query_tickets_per_unit(f, db),
        category=support_queries.query_mix_per_day(f, "category", db),
        priority=support_queries.query_mix_per_day(f, "priority", db),
        age_order=tuple(label for label, _, _ in buckets),
        backlog=backlog,
        opened_closed=with_ratio(support_queries.query_opened_closed(f, db)),
        resolve=resolve,
        resolve_caption=resolve_caption(resolve, summary.closed),
        events=common_queries.query_events(f, db),
    )


def ticket_drill(chart: str, datum: dict, by: str | None = None) -> TicketDrill | None:
    """Return the title and ticket selection behind a clicked datum of a chart (`by` names the mix shown)."""
    if chart == SELECT_DAY_PRIORITY:
        day = day_from_key(datum.get("dag"))
        return TicketDrill(T["b_day"].format(d=fmt_date(day), p=datum.get("priority")),
                           TicketSelection(day=day, priority=datum.get("priority")))
    if chart == SELECT_HOUR_WEEKDAY:
        wd, hr = int(datum["weekday"]), int(datum["hour"])
        return TicketDrill(T["b_hw"].format(w=WEEKDAYS[wd - 1], h=f"{hr:02d}", h2=f"{(hr + 1) % 24:02d}"),
                           TicketSelection(weekday=wd, hour=hr))
    if chart == SELECT_UNIT:
        return TicketDrill(T["b_unit"].format(u=datum["unit"]), TicketSelection(unit=datum["unit"]))
    if chart == SELECT_MIX and by in MIX_BY:
        day = day_from_key(datum.get("dag"))
        return TicketDrill(T["b_mix"].format(d=fmt_date(day), v=datum.get("value")),
                           TicketSelection(day=day, **{by: datum.get("value")}))
    if chart == SELECT_BACKLOG:
        day = day_from_key(datum.get("dag"))
        return TicketDrill(T["b_backlog"].format(d=fmt_date(day), a=datum.get("age_bucket")),
                           TicketSelection(open_on=day, age_bucket=datum.get("age_bucket")))
    return None


def ticket_rows(db: str | Path, f: Filters, chart: str, datum: dict, by: str | None = None) -> TicketRows | None:
    """Return the tickets behind a clicked datum as a display table with its title (None for an unknown chart)."""
    found = ticket_drill(chart, datum, by)
    if found is None:
        return None
    behind = drilldown_queries.query_tickets_behind(f, found.selection, path=db)
    return TicketRows(found.title, Behind(tickets_table(behind.rows), behind.total))
