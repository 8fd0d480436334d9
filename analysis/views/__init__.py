"""The page-data layer: one function per page that decides everything the page shows, as one frozen object.

Pages and `ui/` only cache and draw these objects; `python -m analysis view PAGE --json` prints the same
object, so scripts and checks see exactly what the page shows. No Streamlit here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

# PAGE key (as in the URL and the `view` command) -> "module:function"; imported lazily so the command line
# and each page load only what they show.
PAGES: dict[str, str] = {
    "live": "analysis.views.live_view:build_live_view",
    "oppfolging": "analysis.views.follow_up_view:build_follow_up_view",
    "oversikt": "analysis.views.overview_view:build_overview_view",
    "enheter": "analysis.views.units_view:build_units_view",
    "adopsjon": "analysis.views.adoption_view:build_adoption_view",
    "belastning": "analysis.views.support_view:build_support_view",
    "ukemote": "analysis.views.weekly_view:build_weekly_view",
    "bolger": "analysis.views.waves_view:build_waves_view",
    "gevinster": "analysis.views.benefits_view:build_benefits_view",
}


def builder(page: str) -> Callable[..., Any]:
    """Return the view function of a page key."""
    import importlib

    module, _, func = PAGES[page].partition(":")
    return getattr(importlib.import_module(module), func)


def to_jsonable(value: Any) -> Any:
    """Turn a view object (dataclasses, DataFrames, dates, numpy numbers) into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr}
        return out
    if isinstance(value, pd.DataFrame):
        return [{str(k): to_jsonable(v) for k, v in row.items()} for row in value.to_dict("records")]
    if isinstance(value, pd.Series):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return [to_jsonable(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime().isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if value is pd.NaT or value is pd.NA:
        return None
    return value
