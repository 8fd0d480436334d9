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
        page.goto(f"{base}/gevinster")
        wait_ready(page, expect='[data-testid="stVegaLiteChart"] svg.marks')
        assert exceptions(page) == []
        assert page.get_by_text("Realisert så langt", exact=False).first.is_visible()
