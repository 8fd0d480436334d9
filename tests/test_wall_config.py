"""The wall screen's settings (data/vegg.toml) and the ?roter= value: playlist, limits, Norwegian warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.wall_config import (
    KNOWN_PAGES,
    WallConfig,
    load_wall_config,
    next_page,
    parse_wall_config,
    rotation_seconds,
)

CFG = WallConfig(pages=("sanntid", "oppfolging", "oversikt"), default_seconds=60, min_seconds=5, max_seconds=3600)


def test_the_shipped_file_has_a_playlist_of_at_least_three_app_pages() -> None:
    cfg = load_wall_config()
    assert cfg.problems == ()
    assert len(cfg.pages) >= 3 and set(cfg.pages) <= set(KNOWN_PAGES)
    assert cfg.min_seconds <= cfg.default_seconds <= cfg.max_seconds


@pytest.mark.parametrize("value, seconds", [(None, None), ("0", None), ("nei", None), ("av", None),
                                            ("", 60), ("ja", 60), ("30", 30), (" 45 ", 45), ("7,5", 8),
                                            ("5", 5), ("3600", 3600)])
def test_rotation_seconds_for_good_values(value: str | None, seconds: int | None) -> None:
    assert rotation_seconds(value, CFG) == (seconds, None)


@pytest.mark.parametrize("value, seconds, words", [
    ("2", 5, "kortere enn 5 sekunder"),
    ("-10", 5, "kortere enn 5 sekunder"),
    ("99999", 3600, "lengre enn 3600 sekunder"),
    ("abc", 60, "ikke et antall sekunder; bruker 60"),
    ("nan", 60, "ikke et antall sekunder"),
    ("inf", 60, "ikke et antall sekunder"),
])
def test_rotation_seconds_clamps_a_bad_value_and_says_so(value: str, seconds: int, words: str) -> None:
    got, warning = rotation_seconds(value, CFG)
    assert got == seconds
    assert f"«roter={value}»" in warning and words in warning


def test_next_page_wraps_round_and_starts_from_the_top_outside_the_playlist() -> None:
    pages = CFG.pages
    assert [next_page(p, pages) for p in pages] == ["oppfolging", "oversikt", "sanntid"]
    assert next_page("enheter", pages) == "sanntid"
    assert next_page(None, ("oversikt",)) == "oversikt"


def test_unknown_pages_and_bad_values_are_reported_and_defaults_kept() -> None:
    cfg = parse_wall_config({"rotasjon": {"sider": ["/oversikt/", "finnes-ikke", "Enheter"], "minst_sekunder": 0,
                                          "standard_sekunder": "mye", "farge": "rød"}, "annet": {}})
    assert cfg.pages == ("oversikt", "enheter")
    assert (cfg.min_seconds, cfg.default_seconds) == (5, 60)
    assert cfg.problems == (
        "[rotasjon] sider: «finnes-ikke» er ikke en side i appen, hoppes over.",
        "[rotasjon] minst_sekunder = 0 er ugyldig; standardverdien 5 brukes.",
        "[rotasjon] standard_sekunder = 'mye' er ugyldig; standardverdien 60 brukes.",
        "[rotasjon] farge: ukjent innstilling, ignoreres.",
        "[annet]: ukjent del av vegg.toml, ignoreres.",
    )


def test_an_empty_playlist_keeps_the_default_one_and_limits_are_ordered() -> None:
    cfg = parse_wall_config({"rotasjon": {"sider": [], "minst_sekunder": 100, "mest_sekunder": 50,
                                          "standard_sekunder": 10}})
    assert cfg.pages == WallConfig().pages
    assert "[rotasjon] sider er tom; standardlisten brukes." in cfg.problems
    assert cfg.min_seconds <= cfg.default_seconds <= cfg.max_seconds
    assert any("minst_sekunder = 100" in p for p in cfg.problems)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    assert load_wall_config(tmp_path / "ingen.toml") == WallConfig()
    broken = tmp_path / "vegg.toml"
    broken.write_text("[rotasjon\nsider = 1", encoding="utf-8")
    cfg = load_wall_config(broken)
    assert cfg.pages == WallConfig().pages and "kunne ikke leses" in cfg.problems[0]
