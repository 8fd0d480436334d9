"""The optional expected support-load curve (config file) and how actual load compares with it."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import expected_load_file

EXPECTED_FILE = "expected_load.csv"


@dataclass(frozen=True)
class ExpectedCurve:
    """Expected tickets per 100 staff per day, by days since go-live (linear between points)."""

    points: tuple[tuple[int, float], ...]
    source: str

    def per_100(self, day_offset: int) -> float | None:
        """Return the expected tickets per 100 staff on a day (None before go-live or past the curve)."""
        if not self.points or day_offset < self.points[0][0] or day_offset > self.points[-1][0]:
            return None
        for (d0, v0), (d1, v1) in zip(self.points, self.points[1:], strict=False):
            if d0 <= day_offset <= d1:
                return v0 if d1 == d0 else v0 + (v1 - v0) * (day_offset - d0) / (d1 - d0)
        return self.points[-1][1]


def load_expected(path: str | Path | None = None) -> ExpectedCurve | None:
    """Read the expected curve (CSV `dag,saker_per_100_ansatte`); None when the file is missing or empty."""
    file = Path(path) if path else expected_load_file()
    if not file.exists():
        return None
    points: dict[int, float] = {}
    with file.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(2048)
        fh.seek(0)
        delim = ";" if sample.count(";") > sample.count(",") else ","
        for row in csv.DictReader((line for line in fh if not line.lstrip().startswith("#")), delimiter=delim):
            try:
                day = int(str(row.get("dag", "")).strip())
                value = float(str(row.get("saker_per_100_ansatte", "")).strip().replace(",", "."))
            except ValueError:
                continue
            points[day] = value
    if not points:
        return None
    return ExpectedCurve(tuple(sorted(points.items())), file.name)


def expected_daily(curve: ExpectedCurve | None, days: list[dt.date], go_live: dt.date | None,
                   staff: int) -> pd.Series:
    """Return the expected number of tickets on each day (NaN where the curve says nothing)."""
    values: list[float] = []
    for day in days:
        v = curve.per_100((day - go_live).days) if curve and go_live and staff else None
        values.append(float("nan") if v is None else v * staff / 100.0)
    return pd.Series(values, index=range(len(days)), dtype="float64")


def week_load(daily: pd.DataFrame) -> tuple[int, float | None]:
    """Return (tickets opened, tickets expected) over the week's days that the curve covers (None: no day).

    `daily` holds `opened`, `expected` and `in_week` per day, as the WeekSummary builds it.
    """
    if daily is None or daily.empty or "in_week" not in daily:
        return 0, None
    wk = daily[daily["in_week"]]
    if "expected" not in wk:
        return int(wk["opened"].sum()), None
    # Compare like with like: only the days the curve covers (a partial week at go-live has uncovered days).
    covered = wk[wk["expected"].notna()]
    if covered.empty:
        return int(wk["opened"].sum()), None
    return int(covered["opened"].sum()), float(covered["expected"].sum())
