"""The shared view filters (period, go-live, service area, unit) and their SQL conditions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Filters:
    """A period (inclusive days), an optional go-live (go_lives.id; None = all) and service area and unit; hashable."""

    start: dt.date | None = None
    end: dt.date | None = None
    area: str | None = None
    unit: str | None = None
    go_live: int | None = None

    def anytime(self) -> Filters:
        """The same filter without its period (pages about 'now'); the go-live, area and unit stay."""
        return replace(self, start=None, end=None)

    def all_units(self) -> Filters:
        """The same filter over every unit of its go-live (peers, comparisons); the period and go-live stay."""
        return replace(self, area=None, unit=None)

    def where(self, time_col: str, unit_col: str = "unit", is_date: bool = False) -> tuple[str, list]:
        """Return an SQL condition (with ? placeholders) and its parameters for this filter.

        `time_col` and `unit_col` are trusted column expressions from the query module, never
        user input; every user value goes in as a bound parameter.
        """
        parts: list[str] = ["TRUE"]
        params: list = []
        day_expr = time_col if is_date else f"CAST({time_col} AS DATE)"
        if self.start is not None:
            parts.append(f"{day_expr} >= ?")
            params.append(self.start)
        if self.end is not None:
            parts.append(f"{day_expr} <= ?")
            params.append(self.end)
        if self.unit:
            parts.append(f"{unit_col} = ?")
            params.append(self.unit)
        elif self.area:
            parts.append(f"{unit_col} IN (SELECT name FROM units WHERE service_area = ?)")
            params.append(self.area)
        if self.go_live is not None:
            parts.append(f"{unit_col} IN (SELECT unit FROM unit_go_live WHERE go_live_id = ?)")
            params.append(self.go_live)
        return " AND ".join(parts), params

    def units_where(self) -> tuple[str, list]:
        """Return the condition on the units table alone (go-live, area/unit, no period)."""
        parts: list[str] = []
        params: list = []
        if self.unit:
            parts.append("name = ?")
            params.append(self.unit)
        elif self.area:
            parts.append("service_area = ?")
            params.append(self.area)
        if self.go_live is not None:
            parts.append("name IN (SELECT unit FROM unit_go_live WHERE go_live_id = ?)")
            params.append(self.go_live)
        return (" AND ".join(parts) or "TRUE"), params

    def portal_where(self, day_col: str = "day") -> tuple[str, list]:
        """Return the condition on the portal log-ins: the period and the go-live (log-ins have no unit)."""
        sql, params = Filters(self.start, self.end).where(day_col, is_date=True)
        if self.go_live is not None:
            # Log-ins imported before any go-live was registered name none that exists: they are the first go-live's
            # (as a unit without a go-live is).
            sql += (" AND (go_live_id = ? OR (go_live_id NOT IN (SELECT id FROM go_lives)"
                    " AND ? = (SELECT min(id) FROM go_lives)))")
            params += [self.go_live, self.go_live]
        return sql, params

    def events_where(self) -> tuple[str, list]:
        """Return the condition on the timeline's events: the period, the go-live's own and programme-wide events.

        An event names its go-live, or a unit (it follows the unit's go-live), or neither (programme-wide: on every
        go-live's timeline). A chosen unit keeps the events without a unit and its own.
        """
        sql, params = Filters(self.start, self.end).where("ts")
        if self.unit:
            sql += " AND (unit IS NULL OR unit = ?)"
            params.append(self.unit)
        if self.go_live is not None:
            sql += (" AND (go_live_id = ? OR (go_live_id IS NULL AND (unit IS NULL"
                    " OR unit IN (SELECT unit FROM unit_go_live WHERE go_live_id = ?))))")
            params += [self.go_live, self.go_live]
        return sql, params
