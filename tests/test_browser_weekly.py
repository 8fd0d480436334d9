"""Real-browser test of Ukemøte: the page draws its charts; presentation mode is slides that fit 1920×1080."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'
# How far the slide's content reaches, and whether the main area scrolls.
EXTENT = """() => { const m = document.querySelector('[data-testid="stMain"]');
  const els = [...document.querySelectorAll('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')]
    .filter(e => e.offsetParent !== null);
  return {bottom: Math.max(...els.map(e => e.getBoundingClientRect().bottom)),
          scroll: m.scrollHeight, client: m.clientHeight}; }"""


def _indicator(page) -> str:
    """Return the 'Lysbilde n av N' text."""
    return page.locator("text=/Lysbilde \\d+ av \\d+/").first.inner_text()


def test_weekly_page_and_slides(weeks_db: Path, tmp_path: Path) -> None:
    # The fixture is not demo data: with no log-in configured the app opens it only with GOLIVE_AUTH=av.
    with running_app(weeks_db, env={"GOLIVE_AUTH": "av"}) as base, browser() as b:
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

        page.goto(f"{base}/ukemote?uke=2022-W19&visning=presentasjon")
        wait_ready(page)
        page.wait_for_selector("text=/Lysbilde 1 av \\d+/", timeout=30000)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        total = int(_indicator(page).rsplit(" ", 1)[1])
        assert total >= 10, "a title slide and the nine sections of the exports"
        keys = ["ArrowRight", "PageDown"]  # the arrow keys and a presenter's clicker both step forward
        for n in range(1, total + 1):
            page.wait_for_timeout(600)  # let Vega finish drawing
            assert exceptions(page) == []
            assert _indicator(page) == f"Lysbilde {n} av {total}"
            extent = page.evaluate(EXTENT)
            assert extent["bottom"] <= 1080 and extent["scroll"] <= extent["client"], f"slide {n} scrolls: {extent}"
            if n == 2:
                assert page.locator('[data-testid="stMetric"]').count() == 9
            if n in (3, 4):  # adoption and load: one wide chart each
                box = page.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
                assert box and box["width"] >= 1600 and box["height"] >= 400
            page.screenshot(path=str(tmp_path / f"lysbilde_{n:02d}.png"))
            if n < total:
                page.keyboard.press(keys[n % 2])
                page.wait_for_selector(f"text=Lysbilde {n + 1} av {total}", timeout=30000)
                wait_ready(page)
        assert page.locator('.st-key-lysbilde_neste button').is_disabled()
        page.keyboard.press("PageUp")
        page.wait_for_selector(f"text=Lysbilde {total - 1} av {total}", timeout=30000)
        page.locator('.st-key-lysbilde_forrige button').click()
        page.wait_for_selector(f"text=Lysbilde {total - 2} av {total}", timeout=30000)
        assert "lysbilde=" in page.url, "the slide is in the URL, so a reload stays on it"
