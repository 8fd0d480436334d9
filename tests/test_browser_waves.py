"""«Bølger» in Chromium on the demo: the sentence naming the wave that does worse is in view at 1600×1000."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import access

pytestmark = pytest.mark.skipif("bolger" not in access.PAGE_ROLES,
                                reason="PAGE_ROLES in analysis/access.py has no «bolger» yet (issue 17)")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo with its three waves."""
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("waves_browser") / "demo.duckdb"
    build_demo(path, scale=0.2)
    return path


def test_worse_wave_sentence_is_visible_without_scrolling(demo_db: Path, tmp_path: Path) -> None:
    from ui.browser_check import browser, exceptions, running_app, wait_ready

    with running_app(demo_db) as base, browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/bolger")
        wait_ready(page, expect='[data-testid="stVegaLiteChart"] svg.marks')
        page.wait_for_timeout(800)
        page.screenshot(path=str(tmp_path / "bolger.png"))
        assert exceptions(page) == []
        sentence = page.get_by_text("ligger dårligere an enn Trondheim", exact=False).first
        box = sentence.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 1000
        assert "Malvik" in sentence.inner_text() and "E-link" in sentence.inner_text()
        # Five small multiples, each drawn, each legend naming every go-live in full (side by side they were cut).
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        assert charts.count() == 5
        for i in range(5):
            chart = charts.nth(i)
            assert chart.locator("svg.marks path").count() > 0
            right = chart.bounding_box()["x"] + chart.bounding_box()["width"]
            for label in ("Trondheim (PD1)", "Malvik (PD2, syntetisk)", "Melhus (PD3, syntetisk)"):
                box = chart.locator("svg text", has_text=label).first.bounding_box()
                assert box is not None and box["x"] + box["width"] <= right + 1, (i, label, box, right)
        # Another go-live chosen in the sidebar (a query parameter): the adoption page counts from its own day 0.
        page.goto(f"{base}/adopsjon?golive=Malvik+%28PD2%2C+syntetisk%29")
        wait_ready(page, expect='[data-testid="stVegaLiteChart"] svg.marks')
        assert exceptions(page) == []
        assert page.get_by_text("Go-live-dagen (lør. 4. juni)", exact=False).first.is_visible()
        page.goto(f"{base}/gevinster")
        wait_ready(page, expect='[data-testid="stVegaLiteChart"] svg.marks')
        assert exceptions(page) == []
        assert page.get_by_text("Realisert så langt", exact=False).first.is_visible()
