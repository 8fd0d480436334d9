"""Real-browser test of Enheter: a click on a heatmap cell opens its messages right there, "Hvorfor" in view."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.browser_check import browser, exceptions, running_app, wait_ready
from ui.drill import MESSAGE_COLUMNS, MESSAGE_WIDTHS

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'
DIALOG = '[role="dialog"]'
TOOLTIP = "#vg-tooltip-element"
SHOTS = os.environ.get("GOLIVE_TEST_SHOTS")  # a folder: keep what the test saw, for a person to look at


@pytest.fixture(scope="module")
def app(fixture_db: Path) -> Iterator[tuple[str, object]]:
    """The app over the fixture with 'now' inside its period; the first request warms the server (see views test)."""
    with running_app(fixture_db, env={"GOLIVE_NOW": "2022-05-14T12:00", "GOLIVE_REFRESH_S": "300",
                                          "GOLIVE_AUTH": "av"}) as base:
        with browser() as chrome:
            warm = chrome.new_page()
            warm.goto(base)
            wait_ready(warm)
            warm.close()
            yield base, chrome


def find_cell(page, chart) -> tuple[float, float, str]:
    """Return a point on a heatmap cell and its tooltip, found by hovering (the chart may be a canvas)."""
    box = chart.bounding_box()
    for fy in (0.5, 0.4, 0.6, 0.3, 0.7):
        for fx in (0.5, 0.6, 0.4, 0.7, 0.3):
            x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
            page.mouse.move(x, y)
            page.wait_for_timeout(250)
            tip = page.locator(TOOLTIP)
            if tip.count() and tip.is_visible() and "Snittstemning" in (text := tip.inner_text()):
                return x, y, text
    raise AssertionError("no heatmap cell found under the mouse")


def test_heatmap_cell_opens_its_messages_beside_the_click_with_hvorfor_in_view(app) -> None:
    base, chrome = app
    page = chrome.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(f"{base}/enheter")
        wait_ready(page, expect=CHART)
        heat = page.locator('[data-testid="stVegaLiteChart"]').first
        heat.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        x, y, tip = find_cell(page, heat)
        unit = tip.split("Enhet")[1].split("Dato")[0].strip()
        page.mouse.click(x, y)
        page.wait_for_selector(f'{DIALOG} [data-testid="stDataFrame"]', timeout=20000)
        wait_ready(page)
        page.wait_for_timeout(500)
        dialog = page.locator(DIALOG).first
        assert f"Meldinger og lederrapporter: {unit}" in dialog.inner_text()
        # The result is on screen where the click was made: no scrolling down the page to find it.
        d = dialog.bounding_box()
        assert 0 <= d["y"] and d["y"] + 200 <= 1000
        assert d["x"] <= x <= d["x"] + d["width"]
        grid = dialog.locator('[data-testid="stDataFrame"]')
        heads = [h.strip() for h in grid.locator("th").all_inner_texts()]
        assert heads[:len(MESSAGE_COLUMNS)] == [c for c in MESSAGE_COLUMNS if c in heads]
        assert "Hvorfor" in heads
        # "Hvorfor" ends inside the grid's visible width: readable without scrolling sideways.
        visible = page.evaluate("g => (g.querySelector('.dvn-scroller') || g).clientWidth", grid.element_handle())
        hvorfor_right = sum(MESSAGE_WIDTHS[c] for c in heads[:heads.index("Hvorfor") + 1])
        assert hvorfor_right <= visible
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "enheter_drill.png"))
        assert exceptions(page) == []
        page.keyboard.press("Escape")
        page.wait_for_timeout(1000)
        wait_ready(page)
        assert page.locator(DIALOG).count() == 0
    finally:
        page.close()
