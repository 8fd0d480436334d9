"""The wall screen's pages under AppTest: nothing to click, TV-sized chart text, the rotation's Norwegian warnings,
and tiles that carry a badge only for a change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.filters import Filters
from analysis.views.overview_view import build_overview_view
from apptest_util import run_app

# The fixture is not demo data: without log-in set up the app refuses it unless log-in is switched off.
ENV = {"GOLIVE_NOW": "2022-05-14T12:00", "GOLIVE_AUTH": "av", "GOLIVE_REFRESH_S": "300"}


def wall(db: Path, page: str, monkeypatch: pytest.MonkeyPatch, **params: str):
    """Run a page in wall mode; expect no error."""
    at = run_app(db, page, monkeypatch, env=ENV, visning="vegg", **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def font_sizes(spec: dict) -> list[float]:
    """Return every font size a Vega-Lite spec sets: axis, legend, title and text-mark config, and text marks."""
    cfg = spec.get("config", {})
    sizes = [v for part in ("axis", "legend", "title", "text") for k, v in cfg.get(part, {}).items()
             if k.endswith("ontSize")]

    def marks(node: dict) -> None:
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text" and "fontSize" in mark:
            sizes.append(mark["fontSize"])
        for sub in node.get("layer", []):
            marks(sub)

    marks(spec)
    return sizes


@pytest.mark.parametrize("page", ["pages/live.py", "pages/follow_up.py", "pages/overview.py"])
def test_wall_pages_have_nothing_to_click_or_download(fixture_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      page: str) -> None:
    at = wall(fixture_db, page, monkeypatch)
    main = at.main  # the sidebar's filters are still built (the shared filters read them) but hidden on the wall
    assert not main.button and not main.text_input and not main.selectbox
    assert not main.get("download_button") and not main.get("arrow_data_frame")


@pytest.mark.parametrize("page", ["pages/live.py", "pages/overview.py"])
def test_wall_chart_text_is_at_least_16_px(fixture_db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = wall(fixture_db, page, monkeypatch)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs
    for spec in specs:
        sizes = font_sizes(spec)
        assert sizes and min(sizes) >= 16, sizes
        assert "time_stemning" not in json.dumps(spec)  # no click selection on a TV


def test_wall_follow_up_shows_cards_not_the_desk_table(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = wall(fixture_db, "pages/follow_up.py", monkeypatch)
    texts = [t.value for t in at.text]
    assert texts and all(t.startswith("«") for t in texts)  # the cards' quoted messages
    assert not any("Lukkede saker" in s.value for s in at.subheader)


@pytest.mark.parametrize("value, words", [("abc", "ikke et antall sekunder"), ("1", "kortere enn 5 sekunder")])
def test_a_bad_rotation_value_warns_in_norwegian(fixture_db: Path, monkeypatch: pytest.MonkeyPatch, value: str,
                                                 words: str) -> None:
    at = wall(fixture_db, "pages/overview.py", monkeypatch, roter=value)
    shown = [w.value.replace("\\", "") for w in at.warning]  # Markdown source: escape_md's backslashes out
    assert any(words in w and f"«roter={value}»" in w for w in shown), shown


def test_a_good_rotation_value_is_silent(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = wall(fixture_db, "pages/overview.py", monkeypatch, roter="60")
    assert not any("roter=" in w.value for w in at.warning)


def test_overview_notes_are_not_badges(fixture_db: Path) -> None:
    """A tile's note (a share, a count beside the value) is not a change: no delta, so Streamlit draws no badge."""
    tiles = {t.key: t for t in build_overview_view(str(fixture_db), Filters()).tiles}
    for key in ("active", "tickets", "mood"):
        assert tiles[key].delta is None and tiles[key].delta_description, key
    assert tiles["tickets"].delta_description.endswith("åpne nå")
