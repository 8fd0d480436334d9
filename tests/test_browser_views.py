"""Real-browser tests of the views in Debian's chromium: render, charts, drill-down, URL filters, wall mode."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from analysis import db
from analysis.fmt import fmt_int
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'
HOSTILE = "<script>window.__xss = 1</script> **fet** [lenke](http://evil.example) :red[rød]"
HOSTILE_UNIT = "**Fet enhet** <i>x</i> http://evil.example"
# The live page is the default page: Streamlit serves it at the root URL, and at its own address (a hidden alias,
# ui/auth.navigation) without Streamlit's English "Page not found" dialog.
PAGES = {"": "Live — Supportsenteret nå", "sanntid": "Live — Supportsenteret nå", "enheter": "Enheter — stemning",
         "adopsjon": "Adopsjon", "belastning": "Supportbelastning"}


@pytest.fixture(scope="module")
def views_db(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture plus one hostile, safety-flagged message (to prove user text is never markup)."""
    path = tmp_path_factory.mktemp("views") / "views.duckdb"
    shutil.copy(fixture_db, path)
    db.write(lambda con: con.execute(
        """INSERT INTO chat_messages (ts, unit, text, role, channel, polarity, label, language, themes, safety,
                                      safety_reason, evidence, analyzer_version, source)
           VALUES ('2022-05-14 11:00', 'Lade hjemmetjeneste', ?, 'ansatt', 'supportchat', -0.8, 'negative', 'nb',
                   ['legemidler'], TRUE, 'Legemiddel', '[["<b>x</b>", "lexicon", -0.8]]', 'test', 'test')""",
        [HOSTILE]), path)
    db.write(lambda con: con.execute("INSERT INTO units VALUES (?, 'BOA', 10, '2022-05-07', [])", [HOSTILE_UNIT]),
             path)
    return path


@pytest.fixture(scope="module")
def chrome() -> Iterator[object]:
    """One browser for the module."""
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def app(views_db: Path, chrome) -> Iterator[str]:
    """One app for the whole module, with 'now' fixed inside the fixture's period.

    Known Streamlit quirk: with a pages/ directory next to app.py, the very first script run after a
    server start uses the legacy pages/ routing and shows a "Page not found" dialog for a deep link
    (while still showing the right page), until st.navigation has run once. So the first visit goes to
    the root page.
    """
    with running_app(views_db, env={"GOLIVE_NOW": "2022-05-14T12:00", "GOLIVE_REFRESH_S": "300"}) as base:
        warm = chrome.new_page()
        warm.goto(base)
        wait_ready(warm, expect='[data-testid="stMetric"]')
        warm.close()
        yield base


@pytest.fixture()
def page(chrome, app: str):
    """A fresh 1920×1080 tab; the server's first request is made before any test looks at a page."""
    p = chrome.new_page(viewport={"width": 1920, "height": 1080})
    yield p
    p.close()


def open_page(page, url: str, expect: str | None = CHART) -> None:
    """Open a URL and wait until Streamlit is idle and (optionally) a chart is drawn."""
    page.goto(url)
    wait_ready(page, expect=expect)
    page.wait_for_timeout(300)


def metric(page, label: str) -> str:
    """Return the value of the metric tile with this label."""
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def select_value(page, label: str) -> str:
    """Return the shown value of the sidebar selectbox with this label."""
    return page.locator(f'[data-testid="stSidebar"] input[aria-label="{label}"]').input_value()


def one(path: Path, query: str, params: list | None = None):
    """Return the single value of a direct read-only query."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query, params or []).fetchone()[0]


@pytest.mark.parametrize("slug", list(PAGES))
def test_page_renders_with_charts(page, app: str, slug: str) -> None:
    open_page(page, f"{app}/{slug}")
    assert exceptions(page) == []
    assert PAGES[slug] in page.inner_text('[data-testid="stMain"]')
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    assert "Page not found" not in page.inner_text("body")


def test_drill_down_on_tickets_per_day(page, app: str) -> None:
    open_page(page, f"{app}/belastning")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    bar = chart.locator("svg.marks g.mark-rect path").nth(3)
    bar.hover()
    page.wait_for_selector("#vg-tooltip-element", state="visible")
    tip = page.inner_text("#vg-tooltip-element")
    n = int(tip.split("Saker")[-1].strip().split()[0])
    bar.click()
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=15000)
    wait_ready(page)
    main = page.inner_text('[data-testid="stMain"]')
    assert f"Viser {n} av {n} rader." in main
    assert page.locator('[data-testid="stDownloadButton"]').count() == 1
    assert exceptions(page) == []


def test_heatmap_of_one_unit_has_readable_cells(page, app: str) -> None:
    """Streamlit fits legend and axis into the chart's height: one unit's row must still be drawn, not squeezed."""
    open_page(page, f"{app}/enheter?enhet={quote('Lade hjemmetjeneste')}")
    cells = page.locator('[data-testid="stVegaLiteChart"]').first.locator("svg.marks g.mark-rect.role-mark path")
    assert cells.count() > 0
    assert min(cells.nth(i).bounding_box()["height"] for i in range(cells.count())) >= 20


def test_filtered_url_reopens_view_and_survives_page_switch(page, app: str, views_db: Path) -> None:
    unit = "Trondheim legevakt"
    open_page(page, f"{app}/belastning?enhet={quote(unit)}&fra=2022-05-09")
    n = one(views_db, "SELECT count(*) FROM tickets WHERE unit = ? AND opened_at::DATE >= '2022-05-09'", [unit])
    assert metric(page, "Saker meldt i perioden") == fmt_int(n)
    assert select_value(page, "Enhet") == unit
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Enheter").click()
    page.wait_for_url("**/enheter**")
    wait_ready(page, expect=CHART)
    assert "enhet=Trondheim" in page.url and "fra=2022-05-09" in page.url
    assert select_value(page, "Enhet") == unit
    assert "Trondheim legevakt" in page.locator('[data-testid="stMarkdown"]').filter(has_text="Trondheim").first \
        .inner_text()  # the unit page's cards now show only the filtered unit


def test_wall_mode_hides_sidebar(page, app: str) -> None:
    open_page(page, f"{app}/?visning=vegg", expect='[data-testid="stMetric"]')
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stMetric"]').count() == 5
    assert "Trenger oppfølging" in page.inner_text('[data-testid="stMain"]')


def test_user_text_is_shown_as_text_never_markup(page, app: str) -> None:
    open_page(page, f"{app}/")
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert "**fet**" in text and "<script>" in text and "[lenke](http://evil.example)" in text
    assert page.evaluate("() => window.__xss === undefined")
    assert main.locator("strong", has_text="fet").count() == 0
    assert main.locator('a[href^="http://evil"]').count() == 0
    assert main.locator("b", has_text="x").count() == 0


def test_unit_names_are_escaped_in_cards(page, app: str) -> None:
    open_page(page, f"{app}/enheter")
    main = page.locator('[data-testid="stMain"]')
    assert "**Fet enhet** <i>x</i>" in main.inner_text()
    # The card title is bold by design; the name's own ** must stay literal inside it.
    assert main.locator("strong").filter(has_text=re.compile(r"^Fet enhet$")).count() == 0
    assert main.locator("strong").filter(has_text="**Fet enhet**").count() >= 1
    assert main.locator("i", has_text="x").count() == 0
    assert main.locator('a[href^="http://evil"]').count() == 0
