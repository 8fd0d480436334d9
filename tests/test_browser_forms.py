"""Real-browser tests of the daily report form (no unit chosen in advance, receipt, cleared form) and the
import page's templates (download, example upload, sizes in Norwegian)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import templates as tpl
from import_helpers import fresh_db
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("GOLIVE_TEST_SHOTS")  # a folder: save a screenshot of each state there, to look at


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    """One app on a units-only database (real data, so log-in is turned off explicitly)."""
    path = fresh_db(tmp_path_factory.mktemp("browser-forms"))
    with running_app(path, env={"GOLIVE_AUTH": "av"}) as base:
        yield base, path


def _shot(page, name: str) -> None:
    """Save a screenshot of the whole page when GOLIVE_TEST_SHOTS names a folder (Streamlit scrolls inside
    stMain, so the viewport is made as tall as the content first)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 40)})
        page.wait_for_timeout(800)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))
        page.set_viewport_size(size)


def test_report_form_chooses_no_unit_then_shows_a_receipt_and_clears_the_text(app) -> None:
    base, path = app
    with browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/rapport")
        wait_ready(page)
        main = page.get_by_test_id("stMain")
        unit = main.get_by_role("combobox", name="Enhet")
        assert unit.input_value() == ""  # the placeholder «Velg enhet», not the first unit
        assert main.get_by_text("Velg enheten du rapporterer for.").count() == 1
        _shot(page, "rapport_tom")
        unit.click()
        page.get_by_role("option", name="Trondheim legevakt", exact=True).click()
        wait_ready(page)
        form = page.get_by_test_id("stForm")
        assert form.get_by_role("radio", checked=True).count() == 0  # neither status nor mood chosen for you
        form.locator("label").filter(has_text="Rød").click()
        text = page.get_by_label("Hvordan går det? (maks 2000 tegn)")
        text.fill("<i>Mye</i> venting, ring 912 34 567")
        page.get_by_role("button", name="Send rapport").click()
        wait_ready(page, expect='[data-testid="stAlertContentSuccess"]')
        body = main.inner_text()
        assert "Rapporten er lagret" in body and "<i>Mye</i> venting, ring [telefon]" in body
        assert "912 34 567" not in body
        assert page.get_by_label("Hvordan går det? (maks 2000 tegn)").input_value() == ""
        assert form.get_by_role("radio", checked=True).count() == 0
        assert "Rapporter fra Trondheim legevakt" in body
        assert exceptions(page) == []
        _shot(page, "rapport_kvittering")
    assert db.read_rows("SELECT unit, status, text FROM unit_reports", db=path) == [
        ("Trondheim legevakt", "rød", "<i>Mye</i> venting, ring [telefon]")]


def test_import_page_offers_the_template_and_shows_sizes_in_norwegian(app, tmp_path: Path) -> None:
    base, _ = app
    example = tmp_path / tpl.example_filename("units")
    example.write_bytes(tpl.example_csv("units"))
    with browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/importer")
        wait_ready(page)
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(r"^Last ned mal \(")).click()
        download = info.value
        assert download.suggested_filename == "mal_units.csv"
        assert Path(download.path()).read_bytes() == tpl.template_csv("units")
        _shot(page, "importer_mal")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(example))
        wait_ready(page, expect='text="3 av 3 rader er gyldige, 0 avvises."')
        main = page.get_by_test_id("stMain").inner_text()
        assert re.search(r"Valgt fil: eksempel_units\.csv \(0,\d\u00a0kB\)", main)
        assert not re.search(r"\d(\.\d)?\s?KB", main)  # Streamlit's own "0.3KB" is hidden
        assert exceptions(page) == []
        _shot(page, "importer_fil")
