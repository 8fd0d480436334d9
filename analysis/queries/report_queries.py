"""Queries for the daily report form: a unit's stored reports (the latest per day), by report date."""

from __future__ import annotations

import pandas as pd

from analysis import db
from analysis.queries.common_queries import DbPath

# A unit reports at most once a day: ten years of reports is far more than a go-live period holds, and
# keeps a mistaken query from pulling a whole table into the page.
HISTORY_CAP = 3660


def query_unit_reports(unit: str, path: DbPath = None, cap: int = HISTORY_CAP) -> pd.DataFrame:
    """Return every day a unit has reported for (the latest report per day counts), newest day first."""
    return db.read_df(
        """SELECT day, status, mood, text, label, reported_at, source FROM unit_reports_latest
           WHERE unit = ? ORDER BY day DESC, reported_at DESC NULLS LAST LIMIT ?""",
        [unit, cap],
        db=path,
    )
