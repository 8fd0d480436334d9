"""Chart glue: build each chart's Vega-Lite spec once per input (Altair's schema validation is slow), then draw it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import altair as alt
import streamlit as st

# Streamlit's own Altair → Vega-Lite conversion (datasets as Arrow bytes, theme "none"): the spec drawn from the
# cache is exactly what st.altair_chart would have sent. It is private: should a Streamlit release drop it, the
# charts are drawn with st.altair_chart as before (slower, same picture).
try:
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
except ImportError:  # pragma: no cover - depends on the installed Streamlit
    _convert_altair_to_vega_lite_spec = None

TTL = 300


@st.cache_data(ttl=TTL, max_entries=128, show_spinner=False)
def chart_spec(_build: Callable[..., alt.TopLevelMixin], name: str, args: tuple,
               kwargs: dict[str, Any] | None = None) -> dict:
    """Return the Vega-Lite spec of `_build(*args, **kwargs)`, cached on the builder's name and its inputs."""
    return _convert_altair_to_vega_lite_spec(_build(*args, **(kwargs or {})))


def render_chart(build: Callable[..., alt.TopLevelMixin], *args: Any, key: str | None = None,
                 selection_mode: str | Iterable[str] | None = None, **kwargs: Any) -> Any:
    """Draw a chart built by `build`; with a selection mode it reruns on a click and returns the selection."""
    select = {} if selection_mode is None else {"on_select": "rerun", "selection_mode": selection_mode}
    if _convert_altair_to_vega_lite_spec is None:
        return st.altair_chart(build(*args, **kwargs), width="stretch", key=key, **select)
    spec = chart_spec(build, f"{build.__module__}.{build.__qualname__}", args, kwargs or None)
    return st.vega_lite_chart(spec, width="stretch", key=key, **select)
