"""Adopsjon: active users ÷ staff since go-live, in total and per unit, against a target; portal log-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_int, fmt_pct
from analysis.queries import adoption_queries, common_queries
from analysis.queries.drilldown_queries import Behind
from analysis.rules import best_recent_share, lagging, load_rules
from analysis.views.tiles import Tile, change_tile, note_tile

T = {
    "day_one": "Go-live-dagen ({d})",
    "of": "{a} av {s} ansatte",
    "latest": "Beste dag {w} ({d})",
    "since": "siden go-live",
    "lag_tile": "Enheter under målet",
    "lag_value": "{n} av {m}",
    "lag_desc": "mål {t}",
    "portal": "Innlogget i HelsaMi ({d})",
    "portal_first": "første dag: {n}",
    "lag": "Enheter under målet (beste dag {w})",
    "lag_none": "Alle enheter har nådd målet på {t}.",
    "week": "siste uke",
    "days": "siste {n} dager",
    "behind_day": "Enhetene {d}",
    "behind_unit": "{u} per dag",
    "cols": {"day": "Dato", "unit": "Enhet", "service_area": "Tjenesteområde", "active_users": "Aktive brukere",
             "staff_count": "Ansatte", "share": "Andel aktive (%)"},
}
UNIT_COLUMNS = ["day", "unit", "service_area", "active_users", "staff_count", "share"]


@dataclass(frozen=True)
class AdoptionView:
    """The adoption page: tiles, the share per day since go-live, units below target, portal log-ins."""

    has_data: bool
    target: float
    go_live: dt.date | None
    chart_origin: dt.date | None  # day 0 of the chart: the go-live date, else the first day with data
    window_days: int
    tiles: tuple[Tile, ...]
    total: pd.DataFrame  # per day: day, active_users, staff, share
    per_unit: pd.DataFrame  # per unit and day: day, unit, service_area, active_users, staff_count, share
    best_units: pd.DataFrame  # per unit its best day in the window (same columns as per_unit)
    lagging: pd.DataFrame  # the best_units rows below target, lowest share first
    lagging_title: str
    lagging_none: str | None  # set when every unit has reached the target
    portal: pd.DataFrame  # day, logins (cumulative)
    events: pd.DataFrame


@dataclass(frozen=True)
class AdoptionDrill:
    """The rows behind a clicked point or bar, as a display table, with its title."""

    title: str
    behind: Behind


def default_target_percent() -> int:
    """Return the adoption target in whole per cent, the target field's starting value ($GOLIVE_ADOPTION_TARGET)."""
    return round(100 * config.adoption_target())


def window_text(days: int) -> str:
    """Return the adoption window in words: 'siste uke' for 7 days, else 'siste N dager'."""
    return T["week"] if days == 7 else T["days"].format(n=days)


def best_day(total: pd.DataFrame, last_day: dt.date, days: int) -> pd.Series:
    """Return the total row with the highest share in the `days` days up to `last_day`."""
    window = total[pd.to_datetime(total["day"]) > pd.Timestamp(last_day) - pd.Timedelta(days=days)]
    return window.loc[window["share"].idxmax()]


def build_tiles(day_one: pd.Series | None, go_live: dt.date | None, best: pd.Series, n_lagging: int, n_units: int,
                target: float, window: str, portal: pd.DataFrame) -> tuple[Tile, ...]:
    """Return the tiles: go-live day, best recent day, units below target, portal log-ins (those with data)."""
    tiles = []
    best_label = T["latest"].format(w=window, d=fmt_date(pd.Timestamp(best["day"]).date()))
    if day_one is not None:
        tiles.append(note_tile("day_one", T["day_one"].format(d=fmt_date(go_live)), fmt_pct(day_one["share"]),
                               T["of"].format(a=fmt_int(day_one["active_users"]), s=fmt_int(day_one["staff"]))))
        tiles.append(change_tile("best", best_label, fmt_pct(best["share"]), 100 * (best["share"] - day_one["share"]),
                                 1, " pp", description=T["since"]))
    else:
        tiles.append(note_tile("best", best_label, fmt_pct(best["share"]),
                               T["of"].format(a=fmt_int(best["active_users"]), s=fmt_int(best["staff"]))))
    tiles.append(note_tile("lagging", T["lag_tile"], T["lag_value"].format(n=fmt_int(n_lagging), m=fmt_int(n_units)),
                           T["lag_desc"].format(t=fmt_pct(target, 0))))
    if len(portal):
        last = portal.iloc[-1]
        tiles.append(note_tile("portal", T["portal"].format(d=fmt_date(pd.Timestamp(last["day"]).date())),
                               fmt_int(last["logins"]), T["portal_first"].format(n=fmt_int(portal.iloc[0]["logins"]))))
    return tuple(tiles)


def build_adoption_view(db: str | Path, f: Filters, now: Now | dt.datetime | None = None,
                        target: float | None = None) -> AdoptionView:
    """Return everything the adoption page shows (about the period: `now` is accepted but not needed)."""
    target = config.adoption_target() if target is None else target
    days = load_rules().adoption.vindu_dager
    window = window_text(days)
    go_live = adoption_queries.query_go_live_date(db, f.go_live)  # the chosen go-live's own day 0
    total = adoption_queries.query_adoption_total(f, db)
    per_unit = adoption_queries.query_adoption_units(f, db)
    lag_title = T["lag"].format(w=window)
    if total.empty:
        empty = pd.DataFrame(columns=UNIT_COLUMNS)
        return AdoptionView(False, target, go_live, go_live, days, (), total, per_unit, empty, empty, lag_title, None,
                            pd.DataFrame(columns=["day", "logins"]), pd.DataFrame())
    # Day one does not depend on the period: it is the go-live day under the same area/unit filter.
    first = (adoption_queries.query_adoption_total(replace(f, start=go_live, end=go_live), db)
             if go_live else total.head(0))
    last_day = pd.Timestamp(total["day"].max()).date()
    best_rows = best_recent_share(per_unit.to_dict("records"), last_day, days)
    best_units = pd.DataFrame(list(best_rows.values()), columns=per_unit.columns)
    behind = lagging({u: r["share"] for u, r in best_rows.items()}, target)
    lag_units = [u for u, _ in behind]
    lag_df = best_units.set_index("unit").loc[lag_units].reset_index()[best_units.columns] if lag_units \
        else best_units.head(0)
    portal = adoption_queries.query_portal_logins(f, db)
    tiles = build_tiles(first.iloc[0] if len(first) else None, go_live, best_day(total, last_day, days),
                        len(behind), len(best_units), target, window, portal)
    return AdoptionView(
        has_data=True, target=target, go_live=go_live,
        chart_origin=go_live or pd.Timestamp(total["day"].min()).date(), window_days=days, tiles=tiles,
        total=total, per_unit=per_unit, best_units=best_units, lagging=lag_df, lagging_title=lag_title,
        lagging_none=None if lag_units else T["lag_none"].format(t=fmt_pct(target, 0)),
        portal=portal, events=common_queries.query_events(f, db),
    )


def adoption_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return adoption rows as a display table: Norwegian headers, share in per cent with one decimal."""
    shown = rows.assign(share=(100 * rows["share"]).round(1)) if "share" in rows else rows
    return shown.rename(columns=T["cols"])


def adoption_day_rows(db: str | Path, f: Filters, day: dt.date) -> AdoptionDrill:
    """Return every unit's adoption on one day (what is behind a point on the total line)."""
    table = adoption_table(adoption_queries.query_adoption_day(f, day, db))
    return AdoptionDrill(T["behind_day"].format(d=fmt_date(day)), Behind(table, len(table)))


def adoption_unit_rows(db: str | Path, f: Filters, unit: str) -> AdoptionDrill:
    """Return one unit's adoption per day in the period (what is behind a bar of the lagging chart)."""
    rows = adoption_queries.query_adoption_units(replace(f, unit=unit), db)
    rows = rows[["day", "unit", "active_users", "staff_count", "share"]]
    rows = rows.assign(day=[fmt_date(pd.Timestamp(d).date()) for d in rows["day"]])
    table = adoption_table(rows)
    return AdoptionDrill(T["behind_unit"].format(u=unit), Behind(table, len(table)))
