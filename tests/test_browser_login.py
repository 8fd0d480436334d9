"""Log-in through a real OpenID Connect provider on localhost (oidc-provider-mock), as each role, in Chromium.

The provider, the app (with its own secrets.toml and roles file) and the browser all run here; nothing is mocked
inside the app. Each role logs in through the provider's form and the test checks which pages the navigation
offers, that a page outside the role is refused in Norwegian when opened by URL, and that every log-in leaves
exactly one audit row. A unit leader opens another unit's drill-down on Enheter and sees no message text, then their
own unit's with text, leaving one view_text row. The command line refuses the same import for a unit leader.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from analysis import access, db
from fixture_db import private_copy
from ui.browser_check import ROOT, browser, exceptions, free_port, running_app, wait_ready

pytestmark = pytest.mark.browser
oidc = pytest.importorskip("oidc_provider_mock")

LEADER_UNIT = "Lade hjemmetjeneste"
USERS = {  # sub → (claims, the navigation's page titles the role must see, a page it must not open)
    "leder": ({"email": "leder@kommune.test", "name": "Lise Leder"},
              {"Oversikt", "Enheter — stemning", "Daglig rapport"}, "oppfolging"),
    "support": ({"email": "support@kommune.test", "name": "Sondre Support", "groups": ["grp-support"]},
                {"Live — Supportsenteret nå", "Oppfølging", "Ukemøte"}, "importer"),
    "mote": ({"email": "mote@kommune.test", "name": "Mona Møte"}, {"Ukemøte"}, "enheter"),
    "admin": ({"email": "admin@kommune.test", "name": "Ada Admin"},
              {"Importer data", "Revisjonslogg", "Ukemøte"}, "sanntid"),
}
ALL_TITLES = {"Live — Supportsenteret nå", "Oppfølging", "Varsler", "Oversikt", "Enheter — stemning", "Adopsjon",
              "Supportbelastning", "Daglig rapport", "Ukemøte", "Bølger", "Gevinster", "Importer data", "Revisjonslogg"}
ROLES_TOML = f"""
[[person]]
bruker = "leder@kommune.test"
rolle = "enhetsleder"
enheter = ["{LEADER_UNIT}"]

[[gruppe]]
id = "grp-support"
rolle = "supportsenter"

[[person]]
bruker = "mote@kommune.test"
rolle = "møte"

[[person]]
bruker = "admin@kommune.test"
rolle = "admin"
"""


def app_with_login(db_path: Path, secrets: Path, roles: Path, port: int):
    """Start the app with its secrets file and roles file on `port`; a context yielding its base URL (localhost)."""
    # GOLIVE_AUTH unset: the default, log-in because [auth] is configured.
    return running_app(db_path, port, env={"GOLIVE_ROLES": str(roles)}, extra_args=("--secrets.files", str(secrets)),
                       host="localhost", unset=("GOLIVE_AUTH",))


@contextmanager
def login_app(fixture_db: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The provider with the test users, and the app on a copy of the fixture; yields the base URL and the copy."""
    work = tmp_path / "golive.duckdb"
    private_copy(fixture_db, work)
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES_TOML, encoding="utf-8")
    users = [oidc.User(sub=sub, claims=claims) for sub, (claims, _, _) in USERS.items()]
    app_port = free_port()
    with oidc.run_server_in_thread(port=0, user_claims=users) as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f"""[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "en-lang-hemmelighet-bare-for-testen"
client_id = "golive-test"
client_secret = "testhemmelighet"
server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"
""", encoding="utf-8")
        with app_with_login(work, secrets, roles, app_port) as base:
            yield base, work


def nav_titles(page) -> set[str]:
    """The page titles the sidebar navigation offers (the link text after its icon's name)."""
    return {a.inner_text().strip().splitlines()[-1].strip()
            for a in page.query_selector_all('[data-testid="stSidebarNav"] a')}


def log_in(page, base: str, sub: str) -> None:
    """Open the app, press «Logg inn», choose the user at the provider and come back logged in."""
    page.goto(base)
    wait_ready(page)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_selector('input[name="sub"]', timeout=30000)
    page.fill('input[name="sub"]', sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**", timeout=30000)
    wait_ready(page, expect='button:has-text("Logg ut")')


def test_each_role_sees_its_pages_and_is_refused_others(fixture_db: Path, tmp_path: Path) -> None:
    with login_app(fixture_db, tmp_path) as (base, work), browser() as b:
        # Not logged in: only the log-in screen, no data, no navigation.
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/oversikt")
        wait_ready(page)
        assert page.get_by_role("button", name="Logg inn").count() == 1
        assert nav_titles(page) == set()
        assert page.locator('[data-testid="stMetric"]').count() == 0
        page.close()
        for sub, (claims, must_see, refused) in USERS.items():
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            log_in(page, base, sub)
            titles = nav_titles(page)
            expected = {t for t in ALL_TITLES if _url_of(t) in access.allowed_pages(_principal(sub, claims))}
            assert must_see <= expected
            body = page.inner_text("body")
            if len(expected) == 1:  # Streamlit shows no navigation for a single page: that page is open
                assert titles == set() and next(iter(expected)) in body
            else:
                assert titles == expected, (sub, titles)
            assert claims["name"] in body
            assert exceptions(page) == []
            page.reload()  # a new session with the same log-in: no second log-in row
            wait_ready(page, expect='button:has-text("Logg ut")')
            page.goto(f"{base}/{refused}")
            wait_ready(page)
            body = page.inner_text("body")
            assert "Ingen tilgang" in body and "Du har ikke tilgang til siden" in body, (sub, body[:500])
            assert page.locator('[data-testid="stMetric"]').count() == 0
            page.screenshot(path=str(tmp_path / f"refused_{sub}.png"))
            ctx.close()
    logins = db.read_rows("SELECT actor, count(*) FROM audit_log WHERE action = 'login' GROUP BY actor ORDER BY 1",
                          db=work)
    assert logins == sorted((claims["email"], 1) for claims, _, _ in USERS.values())
    refusals = db.read_rows("SELECT actor, target FROM audit_log WHERE action = 'refused' ORDER BY id", db=work)
    assert [a for a, _ in refusals] == [claims["email"] for claims, _, _ in USERS.values()]


CHART = '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas'
DIALOG = '[role="dialog"]'
TOOLTIP = "#vg-tooltip-element"
SHOTS = os.environ.get("GOLIVE_TEST_SHOTS")  # a folder: keep what the test saw, for a person to look at


def heat_cells(page, chart, want: str) -> dict[str, tuple[float, float]]:
    """A point on a heatmap cell per unit, found by hovering row by row (the chart may be a canvas); stops once
    `want` and one other unit are found (a sparse heatmap has gaps, so each row is tried across the days)."""
    box = chart.bounding_box()
    found: dict[str, tuple[float, float]] = {}
    for fy in [n / 24 for n in range(2, 22)]:
        for fx in [0.2 + n * 0.07 for n in range(11)]:
            x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
            page.mouse.move(x, y)
            page.wait_for_timeout(100)
            tip = page.locator(TOOLTIP)
            if tip.count() and tip.is_visible() and "Snittstemning" in (text := tip.inner_text()):
                found.setdefault(text.split("Enhet")[1].split("Dato")[0].strip(), (x, y))
                break  # this row's unit is known: the next row
        if want in found and len(found) > 1:
            break
    return found


def open_cell(page, point: tuple[float, float], unit: str):
    """Click a heatmap cell and return its drill-down dialog once its list is drawn."""
    page.mouse.click(*point)
    page.wait_for_selector(f'{DIALOG} [data-testid="stDataFrame"]', timeout=20000)
    wait_ready(page)
    page.wait_for_timeout(800)
    dialog = page.locator(DIALOG).first
    assert f"Meldinger og lederrapporter: {unit}" in dialog.inner_text()
    return dialog


def grid_cells(dialog) -> list[str]:
    """The texts of the dialog's table cells (the data grid keeps an accessible table beside its canvas)."""
    return [c.strip() for c in dialog.locator('[data-testid="stDataFrame"] td').all_inner_texts()]


def stored_texts(work: Path, unit: str) -> set[str]:
    """Every message and report text stored for a unit."""
    rows = db.read_rows("SELECT text FROM chat_messages WHERE unit = ? UNION SELECT text FROM unit_reports "
                        "WHERE unit = ?", [unit, unit], db=work)
    return {t for (t,) in rows if t}


def test_unit_leader_sees_no_text_in_another_units_drill_down_and_text_in_their_own(fixture_db: Path,
                                                                                   tmp_path: Path) -> None:
    shots = Path(SHOTS) if SHOTS else tmp_path
    with login_app(fixture_db, tmp_path) as (base, work), browser() as b:
        ctx = b.new_context(viewport={"width": 1600, "height": 1000})
        page = ctx.new_page()
        log_in(page, base, "leder")
        page.goto(f"{base}/enheter")
        wait_ready(page, expect=CHART, timeout_ms=60000)
        heat = page.locator('[data-testid="stVegaLiteChart"]').first
        heat.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        cells = heat_cells(page, heat, LEADER_UNIT)
        other = next(u for u in sorted(cells) if u != LEADER_UNIT)
        assert LEADER_UNIT in cells, cells
        # Another unit: the rows are there (time, sentiment, polarity), the text is not, and a note says so.
        dialog = open_cell(page, cells[other], other)
        text = dialog.inner_text()
        assert "Meldingsteksten er skjult" in text and LEADER_UNIT in text
        shown = grid_cells(dialog)
        assert access.HIDDEN_TEXT in shown
        assert not [t for t in stored_texts(work, other) if any(t in c for c in shown)]
        assert not [t for t in stored_texts(work, other) if t in text]
        page.screenshot(path=str(shots / "enheter_leder_annen_enhet.png"))
        assert exceptions(page) == []
        page.keyboard.press("Escape")
        page.wait_for_timeout(1000)
        wait_ready(page)
        # Their own unit: the text is shown, no note.
        dialog = open_cell(page, cells[LEADER_UNIT], LEADER_UNIT)
        shown = grid_cells(dialog)
        assert "Meldingsteksten er skjult" not in dialog.inner_text() and access.HIDDEN_TEXT not in shown
        assert [t for t in stored_texts(work, LEADER_UNIT) if any(t in c for c in shown)]
        page.screenshot(path=str(shots / "enheter_leder_egen_enhet.png"))
        assert exceptions(page) == []
        page.reload()  # a new session: the log-in is not repeated
        wait_ready(page, expect=CHART, timeout_ms=60000)
        ctx.close()
    got = db.read_rows("SELECT actor, action, target, detail, acted_at FROM audit_log "
                       "WHERE action NOT IN ('role_change') ORDER BY id", db=work)
    assert [(a, act) for a, act, *_ in got] == [("leder@kommune.test", "login"), ("leder@kommune.test", "view_text")]
    assert got[1][2].startswith(f"Drill-down: unit={LEADER_UNIT}, day=") and got[1][3] == f"tekst fra: {LEADER_UNIT}"
    assert all(at is not None for *_, at in got)


def _url_of(title: str) -> str:
    """The url_path of a page title (as app.py registers them)."""
    return {"Live — Supportsenteret nå": "sanntid", "Oppfølging": "oppfolging", "Varsler": "varsler",
            "Oversikt": "oversikt",
            "Enheter — stemning": "enheter", "Adopsjon": "adopsjon", "Supportbelastning": "belastning",
            "Daglig rapport": "rapport", "Ukemøte": "ukemote", "Bølger": "bolger", "Gevinster": "gevinster",
            "Importer data": "importer",
            "Revisjonslogg": "revisjonslogg"}[title]


def _principal(sub: str, claims: dict) -> access.Principal:
    """The principal the roles file gives a test user (to compare the navigation with the rules)."""
    book = access.parse_roles(__import__("tomllib").loads(ROLES_TOML))
    return access.principal_from_claims({"sub": sub, **claims}, book)


def test_refused_import_stays_refused_on_the_command_line(fixture_db: Path, tmp_path: Path) -> None:
    work = tmp_path / "golive.duckdb"
    private_copy(fixture_db, work)
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[[person]]\nbruker = "{access.os_user()}"\nrolle = "enhetsleder"\nenheter = ["{LEADER_UNIT}"]\n',
                     encoding="utf-8")
    csv = tmp_path / "chat.csv"
    csv.write_text("tid;enhet;melding\n09.05.2022 10:00;Lade hjemmetjeneste;Alt går fint\n", encoding="utf-8")
    before = db.read_rows("SELECT count(*) FROM chat_messages", db=work)[0][0]
    env = {**os.environ, "GOLIVE_ROLES": str(roles), "GOLIVE_AUTH": "av"}  # a role in the file wins over «av»
    done = subprocess.run([sys.executable, "-m", "analysis", "import", "chat", str(csv), "--db", str(work)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == access.EXIT_FORBIDDEN
    assert "kan ikke importere data" in done.stderr
    assert db.read_rows("SELECT count(*) FROM chat_messages", db=work)[0][0] == before
    rows = db.read_rows("SELECT actor, action, via FROM audit_log", db=work)
    assert rows == [(access.os_user(), "refused", "cli")]
