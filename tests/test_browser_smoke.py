"""Real-browser smoke test: the app opens in Debian's chromium and draws its first page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser


def test_overview_renders_with_chart_and_no_exception(fixture_db: Path, tmp_path: Path) -> None:
    with running_app(fixture_db) as base, browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{base}/oversikt")
        wait_ready(page, expect='[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas')
        assert exceptions(page) == []
        assert page.locator('[data-testid="stMetric"]').count() >= 4
        assert "Supportsaker" in page.inner_text("body")
        # Every page is listed in the sidebar: none folded under Streamlit's English "View n more".
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.locator("a").count() >= 13 and "View" not in nav.inner_text()
        page.screenshot(path=str(tmp_path / "overview.png"))


def test_first_deep_link_after_start_opens_the_page_without_a_dialog(fixture_db: Path) -> None:
    with running_app(fixture_db) as base, browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/belastning?enhet=Trondheim+legevakt")
        wait_ready(page, expect='[data-testid="stMetric"]')
        body = page.inner_text("body")
        assert "Page not found" not in body
        assert "Supportbelastning" in body
        assert exceptions(page) == []
