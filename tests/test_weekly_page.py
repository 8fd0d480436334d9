"""AppTest of the Ukemøte page: no exceptions, figures equal SQL, the week in the URL, notes round-trip."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis.fmt import fmt_int, fmt_num, fmt_pct
from apptest_util import metrics_of, run_app

PAGE = "pages/weekly.py"


def _run(db: Path, monkeypatch: pytest.MonkeyPatch, week: str | None = None, **params: str) -> AppTest:
    """Run the weekly page on `db`, optionally with ?uke=… and other query parameters."""
    if week:
        params["uke"] = week
    at = run_app(db, PAGE, monkeypatch, timeout=90, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_default_week_and_figures_equal_sql(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(weeks_db, monkeypatch)
    assert at.title[0].value == "Ukemøte – Uke 21 (2022)", "default: the last full week in the data"
    at = _run(weeks_db, monkeypatch, "2022-W19")
    assert at.title[0].value == "Ukemøte – Uke 19 (2022)"
    s, e = dt.datetime(2022, 5, 9), dt.datetime(2022, 5, 16)
    with duckdb.connect(str(weeks_db), read_only=True) as con:
        staff = con.execute("SELECT sum(staff_count) FROM units").fetchone()[0]
        one = lambda sql, p: con.execute(sql, p).fetchone()[0]  # noqa: E731
        tickets = one("SELECT count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ?", [s, e])
        backlog = one("SELECT count(*) FROM tickets WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)",
                      [e, e])
        closed = one("SELECT count(*) FROM tickets WHERE closed_at >= ? AND closed_at < ?", [s, e])
        active = con.execute("SELECT max(n) FROM (SELECT sum(active_users) n FROM adoption_daily "
                             "WHERE day BETWEEN '2022-05-09' AND '2022-05-15' GROUP BY day)").fetchone()[0]
        neg, n = con.execute("SELECT count(*) FILTER (WHERE label = 'negative'), count(*) FROM chat_messages "
                             "WHERE ts >= ? AND ts < ?", [s, e]).fetchone()
    m = metrics_of(at)
    assert m["Nye supportsaker"] == fmt_int(tickets)
    assert m["Saker per 100 ansatte"] == fmt_num(tickets * 100 / staff)
    assert m["Åpne saker (restanse)"] == fmt_int(backlog)
    assert m["Lukkerate (lukket ÷ nye)"] == fmt_num(closed / tickets, 2)
    assert m["Aktive brukere av ansatte"] == fmt_pct(active / staff)
    assert m["Andel negative meldinger"] == fmt_pct(neg / n)
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 3
    titles = [json.loads(c.proto.spec).get("title", {}).get("text") for c in charts]
    assert "Aktive brukere, andel av ansatte" in titles
    assert any("høyst ett sitat per enhet" in c.value for c in at.caption), "the quote rule is on the page"


def test_page_and_export_share_the_figures(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.weekly.summary import build_week_summary

    at = _run(weeks_db, monkeypatch, "2022-W20")
    s = build_week_summary("2022-W20", weeks_db)
    assert metrics_of(at) == {t.label: t.value for t in s.tiles}
    assert len(at.get("download_button")) == 3


def test_week_without_tickets(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(weeks_db, monkeypatch, "2022-W21")
    assert any("Ingen supportsaker ble meldt i uke 21" in i.value for i in at.info)
    assert metrics_of(at)["Nye supportsaker"] == "0"


def test_week_before_go_live_and_empty_db(fixture_db: Path, empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(fixture_db, monkeypatch, "2022-W17")
    assert any("før go-live" in i.value for i in at.info) and not at.metric
    at = _run(fixture_db, monkeypatch, "ikke-en-uke")
    assert at.title[0].value == "Ukemøte – Uke 19 (2022)", "an invalid ?uke= falls back to the default"
    at = _run(empty_db, monkeypatch)
    assert any("ingen data" in i.value for i in at.info)


def _slide_title(at: AppTest) -> str:
    """Return the slide's title (the header in the navigation bar)."""
    return at.header[0].value


def test_presentation_mode_is_slides_in_the_exports_outline(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.views.weekly_view import build_weekly_view

    at = _run(weeks_db, monkeypatch, "2022-W19", visning="presentasjon")
    assert not at.get("form") and not at.get("download_button")
    v = build_weekly_view(weeks_db, week="2022-W19")
    outline = [o.title for o in v.outline]
    assert outline[0] == "Nøkkeltall" and outline[-1] == "Beslutninger og tiltak"
    total = 1 + len(outline) + (1 if v.safety_heading else 0)
    assert any(f"Lysbilde 1 av {total}" in md.value for md in at.markdown)
    assert at.title[0].value == "Ukemøte – Uke 19 (2022)" and not at.metric, "the title slide has no tiles"
    assert at.button(key="lysbilde_forrige").disabled
    seen = []
    for n in range(2, total + 1):
        at.button(key="lysbilde_neste").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.query_params["lysbilde"] == [str(n)] or at.query_params["lysbilde"] == str(n)
        assert any(f"Lysbilde {n} av {total}" in md.value for md in at.markdown)
        seen.append(_slide_title(at))
        if n == 2:
            assert len(at.metric) == 9, "Nøkkeltall: all nine tiles on one slide"
    # The slides follow the exports' outline; only the safety list continues on a slide of its own.
    assert [t for t in seen if not t.endswith("(forts.)")] == outline
    assert at.button(key="lysbilde_neste").disabled
    at.button(key="lysbilde_pgup").click().run()  # the clicker's key steps back
    assert any(f"Lysbilde {total - 1} av {total}" in md.value for md in at.markdown)


def test_a_slide_link_opens_that_slide(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(weeks_db, monkeypatch, "2022-W19", visning="presentasjon", lysbilde="3")
    assert _slide_title(at) == "Adopsjon" and len(at.get("vega_lite_chart")) == 1
    assert [m.label for m in at.metric] == ["Aktive brukere av ansatte", "Innlogget i HelsaMi"]
    at = _run(weeks_db, monkeypatch, "2022-W19", visning="presentasjon", lysbilde="99")
    assert _slide_title(at) == "Beslutninger og tiltak", "a number past the end shows the last slide"


def test_status_cells_have_no_emoji(weeks_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(weeks_db, monkeypatch, "2022-W19")
    status = at.dataframe[0].value["Status"].tolist()
    assert status and set(status) <= {"oppfylt", "ikke oppfylt", "kan ikke vurderes"}
    text = " ".join(md.value for md in at.markdown) + " ".join(str(x) for x in status)
    assert not any(ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) < 0x2800 for ch in text), "no emoji on the page"


def test_notes_round_trip(weeks_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "notes.duckdb"
    shutil.copy(weeks_db, db)
    at = _run(db, monkeypatch, "2022-W19")
    at.text_area(key="notat_tekst").input("Beholde døgnbemanning på supportsenteret til 29. mai")
    at.text_input(key="notat_hvem").input("Prosjektleder")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, [e.value for e in at.exception]
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT iso_week, kind, text, author FROM weekly_notes").fetchall()
    assert rows == [("2022-W19", "beslutning", "Beholde døgnbemanning på supportsenteret til 29. mai", "Prosjektleder")]
    assert any("Beholde døgnbemanning" in md.value for md in at.markdown)
    # Next week's meeting shows it as last week's note.
    at = _run(db, monkeypatch, "2022-W20")
    assert any("Beholde døgnbemanning" in md.value for md in at.markdown)
