"""Real-browser test of Ukemøte: the page draws its charts, and presentation mode fits 1920×1080."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'


def test_weekly_page_and_presentation_mode(weeks_db: Path, tmp_path: Path) -> None:
    with running_app(weeks_db) as base, browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{base}/")  # first visit registers the pages before we deep-link to one
        wait_ready(page)
        page.goto(f"{base}/ukemote?uke=2022-W19")
        wait_ready(page, expect=CHART)
        assert exceptions(page) == []
        body = page.inner_text("body")
        assert "Ukemøte – Uke 19 (2022)" in body and "Stabilisering: exit-kriterier" in body
        assert page.locator('[data-testid="stMetric"]').count() == 9
        assert page.locator('[data-testid="stSidebar"]').is_visible()
        page.screenshot(path=str(tmp_path / "ukemote.png"), full_page=True)

        page.goto(f"{base}/ukemote?uke=2022-W19&visning=presentasjon")
        wait_ready(page, expect=CHART)
        page.wait_for_timeout(800)
        assert exceptions(page) == []
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('[data-testid="stToolbar"]').is_visible()
        # The first screen holds the title, all nine tiles and the three charts.
        tiles = page.locator('[data-testid="stMetric"]')
        assert tiles.count() == 9
        for i in range(9):
            box = tiles.nth(i).bounding_box()
            assert box and box["y"] + box["height"] <= 1080
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        assert charts.count() >= 3
        for i in range(3):
            box = charts.nth(i).bounding_box()
            assert box and box["y"] + box["height"] <= 1080, f"chart {i} below the fold: {box}"
            assert box["height"] >= 200, "charts keep a readable plot height"
        size = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=\"stMetricValue\"]')).fontSize)")
        assert size >= 36, "large type on the wall"
        page.screenshot(path=str(tmp_path / "presentasjon.png"))
