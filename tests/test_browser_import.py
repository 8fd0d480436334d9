"""Real-browser tests of the import page (upload, preview, import, rejects) and the report form."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from import_helpers import fresh_db
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

CHAT = (
    "\ufeffTidspunkt;Enhet;Melding;Rolle\n"
    "07.05.2022 09:15;Lade HJT;Får ikke logget inn, ring meg på 912 34 567;ansatt\n"
    "07.05.2022 10:02;Havstein HVS;\"Går bra; god stemning\";superbruker\n"
    "07.05.2022 11:40;Ukjent enhet;Denne raden avvises;ansatt\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    """One app on a units-only database for the module."""
    path = fresh_db(tmp_path_factory.mktemp("browser-import"))
    with running_app(path) as base:
        yield base, path


def _select(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by its label."""
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_upload_preview_and_import_a_chat_file(app, tmp_path: Path) -> None:
    base, path = app
    csv = tmp_path / "chat.csv"
    csv.write_text(CHAT, encoding="utf-8")
    with browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/importer")
        wait_ready(page)
        _select(page, "Hva inneholder filen?", "Chatmeldinger")
        wait_ready(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
        wait_ready(page, expect='text="2 av 3 rader er gyldige, 1 avvises."')
        body = page.inner_text("body")
        assert "Kolonner som brukes" in body
        assert "912 34 567" not in body  # the preview masks personal data
        page.get_by_role("button", name="Importer", exact=True).click()
        wait_ready(page, expect='text="Importen er ferdig."')
        assert page.get_by_role("button", name="Last ned avviste rader").count() == 1
        assert exceptions(page) == []
    rows = db.read_rows("SELECT unit, text FROM chat_messages ORDER BY ts", db=path)
    assert rows == [("Lade hjemmetjeneste", "Får ikke logget inn, ring meg på [telefon]"),
                    ("Havstein helse- og velferdssenter", "Går bra; god stemning")]


def test_report_form_stores_and_shows_the_report(app) -> None:
    base, path = app
    with browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{base}/rapport")
        wait_ready(page)
        form = page.get_by_test_id("stForm")
        page.get_by_test_id("stMain").get_by_role("combobox", name="Enhet").click()
        page.get_by_role("option", name="Trondheim legevakt", exact=True).click()
        form.locator("label").filter(has_text="Rød").click()
        page.get_by_label("Hvordan går det? (maks 2000 tegn)").fill("<i>Mye</i> venting på pålogging")
        page.get_by_role("button", name="Send rapport").click()
        wait_ready(page, expect='[data-testid="stAlertContentSuccess"]')
        assert "Rapporter fra Trondheim legevakt" in page.inner_text("body")
        assert exceptions(page) == []
    assert db.read_rows("SELECT unit, status, text FROM unit_reports", db=path) == [
        ("Trondheim legevakt", "rød", "<i>Mye</i> venting på pålogging")]
