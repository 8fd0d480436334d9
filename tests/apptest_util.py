"""One way to run the app under AppTest: on a database, with query parameters, on a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_app(db: Path, page: str | None, monkeypatch: pytest.MonkeyPatch, timeout: int = 60,
            env: dict[str, str] | None = None, **params: str) -> AppTest:
    """Run app.py on `db` (GOLIVE_DB) with URL query parameters, then switch to `page` if given."""
    monkeypatch.setenv("GOLIVE_DB", str(db))
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def metrics_of(at: AppTest) -> dict[str, str]:
    """Return the metric tiles as label → value."""
    return {m.label: m.value for m in at.metric}
