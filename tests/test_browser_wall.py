"""Real browser: the wall screen (?visning=vegg) fits a TV without scrolling, reads from across the room, has
nothing to click, and rotates through the playlist of data/vegg.toml (?roter=N)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from analysis.wall_config import load_wall_config
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks'
# The pages of the playlist this project ships, with the title each shows.
TITLES = {"sanntid": "Live — Supportsenteret nå", "oppfolging": "Oppfølging", "oversikt": "Oversikt"}
PATHS = {"sanntid": "", "oppfolging": "oppfolging", "oversikt": "oversikt"}  # the live page is served at "/"
CHARTED = {"sanntid", "oversikt"}
DEMO_SCALE = 0.3  # a third of the demo's volume: the same shape, built in about 20 s

# How far the page scrolls: the document, and Streamlit's own scrolling boxes (it scrolls inside them).
SCROLL_JS = """() => {
  const boxes = ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', '[data-testid="stApp"]']
    .map(s => document.querySelector(s)).filter(Boolean);
  return {doc: document.documentElement.scrollHeight, view: window.innerHeight,
          extra: Math.max(0, ...boxes.map(b => b.scrollHeight - b.clientHeight))};
}"""
# Every text Vega drew in the charts: its font size in CSS px and its height on screen.
CHART_TEXT_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
  .filter(t => t.textContent.trim())
  .map(t => ({text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize),
              shown: t.getBoundingClientRect().height}))"""
# Anything a viewer could click or type into, if it is on screen.
CONTROLS_JS = """() => [...document.querySelectorAll(
    'button, a[download], input, textarea, select, [data-testid="stDownloadButton"], [role="button"]')]
  .filter(el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
                  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0'; })
  .map(el => el.getAttribute('data-testid') || el.getAttribute('aria-label') || el.tagName)"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app on a small demo go-live at its busiest (go-live week): a full queue, events, units needing attention.

    The live panel's own refresh is slow so it never redraws mid-test. The demo's banner (no log-in) stays on
    every page, the wall included, and the wall must still fit beside it.
    """
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("wall") / "wall.duckdb"
    build_demo(path, scale=DEMO_SCALE)
    with running_app(path, env={"GOLIVE_NOW": "2022-05-09T16:00", "GOLIVE_REFRESH_S": "300"}) as base:
        yield base


@pytest.fixture(scope="module")
def chrome(app: str) -> Iterator[object]:
    """One browser for the module; its first visit is the root page (see tests/test_browser_views.py)."""
    with browser() as b:
        warm = b.new_page()
        warm.goto(app)
        wait_ready(warm, expect='[data-testid="stMetric"]')
        warm.close()
        yield b


def open_wall(chrome, url: str, width: int, height: int, charts: bool):
    """Open a wall-screen URL at a screen size and wait until it is drawn."""
    page = chrome.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    wait_ready(page, expect=CHART if charts else '[data-testid="stMain"] h1')
    page.wait_for_timeout(500)  # Vega draws after Streamlit is idle
    return page


@pytest.mark.parametrize("name", list(TITLES))
def test_wall_page_fits_1080p_reads_from_afar_and_has_nothing_to_click(chrome, app: str, name: str) -> None:
    page = open_wall(chrome, f"{app}/{PATHS[name]}?visning=vegg", 1920, 1080, name in CHARTED)
    try:
        assert exceptions(page) == []
        assert TITLES[name] in page.inner_text('[data-testid="stMain"] h1')
        scroll = page.evaluate(SCROLL_JS)
        assert scroll["doc"] <= scroll["view"] and scroll["extra"] <= 1, scroll
        assert page.evaluate(CONTROLS_JS) == []
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        texts = page.evaluate(CHART_TEXT_JS)
        if name in CHARTED:
            assert texts, "the chart drew no text"
            assert min(t["px"] for t in texts) >= 16, [t for t in texts if t["px"] < 16][:5]
    finally:
        page.close()


def test_wall_live_page_shows_chart_and_several_cards_on_one_screen(chrome, app: str) -> None:
    page = open_wall(chrome, f"{app}/?visning=vegg", 1920, 1080, charts=True)
    try:
        chart = page.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
        assert chart["y"] + chart["height"] <= 1080
        cards = page.locator('[class*="st-key-vegg_kort"] [data-testid="stVerticalBlock"]')
        seen = [b for b in (cards.nth(i).bounding_box() for i in range(cards.count())) if b and b["y"] < 1080]
        assert len(seen) >= 3
        labels = page.locator('[data-testid="stMetricLabel"]')
        for i in range(labels.count()):  # tile titles wrap instead of ending in "…"
            el = labels.nth(i)
            assert el.evaluate("e => [...e.querySelectorAll('*')].every(c => c.scrollWidth <= c.clientWidth + 1)")
    finally:
        page.close()


def test_wall_scales_up_on_a_4k_screen(chrome, app: str) -> None:
    page = open_wall(chrome, f"{app}/?visning=vegg", 3840, 2160, charts=True)
    try:
        scroll = page.evaluate(SCROLL_JS)
        assert scroll["doc"] <= scroll["view"] and scroll["extra"] <= 1, scroll
        texts = page.evaluate(CHART_TEXT_JS)
        # Drawn at 18 px for 1080p, the page is scaled ×2: the letters are about twice as tall on screen.
        assert min(t["shown"] for t in texts) >= 2 * 16
        box = page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.bounding_box()
        feed = page.get_by_text("Siste meldinger", exact=True).bounding_box()
        assert box["x"] + box["width"] <= feed["x"]  # the chart stays in its own column
        assert exceptions(page) == []
    finally:
        page.close()


def test_rotation_cycles_the_playlist_and_keeps_the_query(chrome, app: str) -> None:
    playlist = load_wall_config().pages
    assert len(playlist) >= 3 and set(playlist[:3]) <= set(TITLES)
    # 5 s is the shortest ?roter= the project allows (minst_sekunder in data/vegg.toml): long enough for a
    # page to draw on this machine, short enough for a test.
    page = open_wall(chrome, f"{app}/?visning=vegg&roter=5", 1920, 1080, charts=True)
    try:
        visited = []
        for expected in [*playlist[1:], playlist[0]]:
            path = PATHS[expected]
            page.wait_for_function(f"() => location.pathname.replace(/^\\//, '') === '{path}'", timeout=45000)
            wait_ready(page, expect='[data-testid="stMain"] h1')
            page.wait_for_function(f"() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                                   f".includes({TITLES[expected]!r})", timeout=15000)
            query = urlparse(page.url).query
            assert "visning=vegg" in query and "roter=5" in query
            assert "Page not found" not in page.inner_text("body")
            visited.append(expected)
        assert len(set(visited)) >= 3
        assert exceptions(page) == []
    finally:
        page.close()


def test_a_bad_rotation_value_is_named_in_norwegian(chrome, app: str) -> None:
    page = open_wall(chrome, f"{app}/oversikt?visning=vegg&roter=2", 1920, 1080, charts=True)
    try:
        alert = page.locator('[data-testid="stAlert"]').filter(has_text="roter=2").inner_text()
        assert "kortere enn 5 sekunder" in alert
    finally:
        page.close()
