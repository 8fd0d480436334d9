"""Real browser: the shift lead takes an item in the Oppfølging page; the status is stored and survives a reload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import db
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser


def test_take_an_item_and_see_it_after_a_reload(fixture_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "queue.duckdb"
    shutil.copy(fixture_db, path)
    with running_app(path, env={"GOLIVE_NOW": "2022-05-14T12:00"}) as base, browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1100})
        page.goto(f"{base}/oppfolging")
        wait_ready(page, expect='[data-testid="stDataFrame"]')
        assert not exceptions(page)
        page.get_by_role("textbox", name="Ditt navn").fill("Kari Vaktleder")
        page.get_by_role("textbox", name="Ditt navn").press("Enter")
        wait_ready(page)
        # Select the first row of the queue (the grid's row-selection column).
        grid = page.locator('[data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
        wait_ready(page)
        page.get_by_role("button", name="Ta saken").click()
        wait_ready(page)
        # The click's rerun may not have started when wait_ready looks (the app still reads "not running"): wait for
        # the row itself. Through the project's reader: it retries while the app's own connections hold the file.
        stored: list = []
        for _ in range(50):
            stored = db.read_rows("SELECT status, person FROM follow_up_actions", db=path)
            if stored:
                break
            page.wait_for_timeout(200)
        page.screenshot(path=str(tmp_path / "taken.png"))
        assert stored == [("tatt", "Kari Vaktleder")], page.inner_text('[data-testid="stMain"]')[:600]
        page.goto(base)  # the live page, in a fresh load: the card shows who has it
        wait_ready(page)
        assert "Tatt av Kari Vaktleder" in page.inner_text('[data-testid="stMain"]')
        page.screenshot(path=str(tmp_path / "live.png"))
        assert not exceptions(page)
