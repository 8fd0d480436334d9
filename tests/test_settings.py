"""The settings registry: each GOLIVE_* variable parsed in one place, bad values warned about, never dropped."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pytest

from analysis import _native, config, settings
from analysis.settings import PREFIX, SettingWarning


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """No GOLIVE_* variable from the caller's environment, and every value parsed afresh."""
    for name in settings.BY_NAME:
        monkeypatch.delenv(name, raising=False)
    settings._read.cache_clear()


def read(monkeypatch: pytest.MonkeyPatch, name: str, raw: str) -> tuple[object, list[str]]:
    """Set one variable and return its value and the warning texts it raised."""
    monkeypatch.setenv(name, raw)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = settings.value(name)
    return got, [str(w.message) for w in caught if issubclass(w.category, SettingWarning)]


def test_defaults_when_unset() -> None:
    assert config.db_path() == settings.ROOT / "data" / "golive.duckdb"
    assert config.refresh_seconds() == 30.0
    assert config.stale_minutes() == 60.0
    assert config.adoption_target() == 0.95
    assert config.now_override() is None
    assert config.themes_file() == settings.ROOT / "data" / "themes.toml"
    assert config.expected_load_file() == settings.ROOT / "data" / "expected_load.csv"
    assert config.rules_file() == settings.ROOT / "data" / "rules.toml"
    assert settings.value("GOLIVE_PURE_PYTHON") is False
    assert settings.value("GOLIVE_CHROMIUM") == Path("/usr/bin/chromium")
    assert settings.problems() == []


@pytest.mark.parametrize(("raw", "expected"), [("12,5", 12.5), (" 45 ", 45.0), ("5", 5.0)])
def test_refresh_reads_point_or_comma(monkeypatch: pytest.MonkeyPatch, raw: str, expected: float) -> None:
    assert read(monkeypatch, "GOLIVE_REFRESH_S", raw) == (expected, [])


@pytest.mark.parametrize(("raw", "expected", "message"), [
    ("2", 5.0, "GOLIVE_REFRESH_S=«2»: under minimum 5 sekunder. Bruker 5."),
    ("abc", 30.0, "GOLIVE_REFRESH_S=«abc»: ikke et tall. Bruker standardverdien 30."),
    ("inf", 30.0, "GOLIVE_REFRESH_S=«inf»: ikke et endelig tall. Bruker standardverdien 30."),
])
def test_refresh_bad_values_warn(monkeypatch: pytest.MonkeyPatch, raw: str, expected: float, message: str) -> None:
    assert read(monkeypatch, "GOLIVE_REFRESH_S", raw) == (expected, [message])


def test_stale_minutes_must_be_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(monkeypatch, "GOLIVE_STALE_MIN", "90") == (90.0, [])
    assert read(monkeypatch, "GOLIVE_STALE_MIN", "0") == (
        60.0, ["GOLIVE_STALE_MIN=«0»: må være større enn 0. Bruker standardverdien 60."])


@pytest.mark.parametrize(("raw", "expected"), [("95", 0.95), ("0,9", 0.9), ("1", 1.0), ("100", 1.0), ("80.5", 0.805)])
def test_adoption_target_as_share_or_percent(monkeypatch: pytest.MonkeyPatch, raw: str, expected: float) -> None:
    assert read(monkeypatch, "GOLIVE_ADOPTION_TARGET", raw) == (pytest.approx(expected), [])


@pytest.mark.parametrize("raw", ["150", "0", "-5"])
def test_adoption_target_out_of_range_warns(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    assert read(monkeypatch, "GOLIVE_ADOPTION_TARGET", raw) == (0.95, [
        f"GOLIVE_ADOPTION_TARGET=«{raw}»: må være en andel (0,95) eller en prosent (95), høyst 100. "
        "Bruker standardverdien 0.95."])


def test_now_is_a_local_iso_time(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(monkeypatch, "GOLIVE_NOW", "2022-05-14T12:00") == (dt.datetime(2022, 5, 14, 12, 0), [])
    assert read(monkeypatch, "GOLIVE_NOW", "i går") == (
        None, ["GOLIVE_NOW=«i går»: ikke et ISO-tidspunkt som 2022-05-14T12:00. Innstillingen brukes ikke."])
    assert read(monkeypatch, "GOLIVE_NOW", "2022-05-14T12:00+02:00") == (None, [
        "GOLIVE_NOW=«2022-05-14T12:00+02:00»: oppgi lokal tid uten tidssone, f.eks. 2022-05-14T12:00. "
        "Innstillingen brukes ikke."])


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("ja", True), ("TRUE", True), ("on", True),
                                               ("0", False), ("nei", False), ("off", False)])
def test_flags(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    assert read(monkeypatch, "GOLIVE_PURE_PYTHON", raw) == (expected, [])
    assert _native.pure_requested() is expected


def test_unknown_flag_warns_and_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(monkeypatch, "GOLIVE_PURE_PYTHON", "kanskje") == (
        False, ["GOLIVE_PURE_PYTHON=«kanskje»: ikke på/av (bruk 1 eller 0). Bruker standardverdien 0."])


def test_blank_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(monkeypatch, "GOLIVE_REFRESH_S", "  ") == (30.0, [])
    assert read(monkeypatch, "GOLIVE_DB", "") == (settings.ROOT / "data" / "golive.duckdb", [])
    assert settings.is_set("GOLIVE_DB") is False


def test_paths_resolve_against_the_working_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOLIVE_DB", "sub/x.duckdb")
    monkeypatch.setenv("GOLIVE_EXPECTED_LOAD", "last.csv")
    assert config.db_path() == tmp_path.resolve() / "sub" / "x.duckdb"
    assert config.db_path("annen.duckdb") == tmp_path.resolve() / "annen.duckdb"
    assert config.expected_load_file() == tmp_path.resolve() / "last.csv"
    assert config.config_file("expected_load.csv", "GOLIVE_EXPECTED_LOAD") == tmp_path.resolve() / "last.csv"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GOLIVE_DB", "~/hjemme.duckdb")
    assert config.db_path() == tmp_path.resolve() / "hjemme.duckdb"


def test_config_file_without_a_value_is_under_data() -> None:
    assert config.config_file("expected_load.csv", "GOLIVE_EXPECTED_LOAD") == settings.DATA_DIR / "expected_load.csv"
    assert config.config_file("annet.csv") == settings.DATA_DIR / "annet.csv"
    with pytest.raises(KeyError):  # an environment variable must be declared in the registry first
        config.config_file("x.toml", PREFIX + "NOT_DECLARED")


def test_each_value_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_STALE_MIN", "lenge")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [config.stale_minutes() for _ in range(3)] == [60.0, 60.0, 60.0]
    assert len(caught) == 1 and caught[0].category is SettingWarning
    assert caught[0].filename == config.__file__  # points at the accessor that read it


def test_problems_lists_every_kind_in_norwegian(tmp_path: Path) -> None:
    present = tmp_path / "tema.toml"
    present.write_text("", encoding="utf-8")
    environ = {
        "GOLIVE_REFRESH_S": "fort",
        "GOLIVE_NOW": "2022-05-14T12:00",
        "GOLIVE_THEMES": str(present),
        "GOLIVE_RULES": str(tmp_path / "mangler.toml"),
        PREFIX + "REFRESH_SEKUNDER": "10",  # a typo of a real name
        "HOME": "/root",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SettingWarning)
        found = settings.problems(environ)
    assert found == [
        f"{PREFIX}REFRESH_SEKUNDER er ingen kjent innstilling (skrivefeil?); den brukes ikke.",
        "GOLIVE_REFRESH_S=«fort»: ikke et tall. Bruker standardverdien 30.",
        f"GOLIVE_RULES=«{tmp_path / 'mangler.toml'}»: filen finnes ikke.",
    ]


def test_registry_is_well_formed() -> None:
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names)) == len(settings.BY_NAME) == 21
    assert all(n.startswith(PREFIX) and n == n.upper() for n in names)
    assert all(s.help.endswith(".") for s in settings.SETTINGS)
    for s in settings.SETTINGS:  # a default written out as a reader would parses back to itself
        if isinstance(s.default, (bool, float)):
            assert s.parse(settings.show(s.default)) == s.default, s.name


def test_markdown_table_has_one_row_per_setting() -> None:
    lines = settings.markdown_table().splitlines()
    assert lines[:2] == ["| Variable | Default | Meaning |", "| --- | --- | --- |"]
    assert len(lines) == 2 + len(settings.SETTINGS)
    assert lines[2] == ("| `GOLIVE_DB` | `data/golive.duckdb` | DuckDB database file of the app and every command "
                        "(`--db PATH` overrides it). |")
    assert lines[3].startswith("| `GOLIVE_NOW` | unset | ")
    assert lines[-1] == ("| `GOLIVE_CHROMIUM` | `/usr/bin/chromium` | Tests only. Chromium binary for the browser "
                         "tests and `bench/bench_pages.py`. |")


def test_table_between_markers_is_replaced() -> None:
    text = f"intro\n{settings.MARK_START}\ngammel\n{settings.MARK_END}\nslutt\n"
    assert settings.between_markers(text) == "gammel\n"
    new = settings.with_table(text, "| ny |\n")
    assert new == f"intro\n{settings.MARK_START}\n| ny |\n{settings.MARK_END}\nslutt\n"
    assert settings.with_table("ingen markører\n", "| ny |\n") == "ingen markører\n"
