"""The shared view filters (period, go-live, service area, unit) and their SQL conditions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    """A period (inclusive days), an optional go-live (go_lives.id; None = all) and service area and unit; hashable."""

    start: dt.date | None = None
    end: dt.date | None = None
    area: str | None = None
    unit: str | None = None
    go_live: int | None = None

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
