"""data/rules.toml: every threshold in one file, checked when read, and followed by every page that uses it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from analysis import rules
from analysis.filters import Filters
from analysis.views.live_view import build_live_view
from analysis.views.units_view import build_units_view
from apptest_util import run_app

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2022, 5, 14, 12, 0)


def write_rules(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a rules file and point GOLIVE_RULES at it."""
    path = tmp_path / "regler.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("GOLIVE_RULES", str(path))
    return path


def test_the_shipped_file_is_read_without_problems_and_matches_the_defaults() -> None:
    shipped = rules.load_rules(ROOT / "data" / "rules.toml")
    assert shipped.problems == () and shipped.source == "rules.toml"
    defaults = rules.Rules()
    for f in dataclasses.fields(rules.Rules):
        if f.name not in ("source", "problems"):
            assert getattr(shipped, f.name) == getattr(defaults, f.name), f.name


def test_bad_values_are_reported_not_silently_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_rules(tmp_path, '[oppfolging]\nsterkt_negativ = "mye"\ntimer = 24\nukjent = 1\n[ko]\n'
                          'aldersgrenser_dager = [3, 1]\n[stabilisering.lukkerate]\nminimum = true\n[tull]\na = 1\n',
                monkeypatch)
    r = rules.load_rules()
    assert r.follow_up == rules.FollowUp(sterkt_negativ=-0.4, timer=24)  # the good value is used, the bad one not
    assert r.backlog.aldersgrenser_dager == (1, 3, 7)
    assert r.stabilisation["lukkerate"]["minimum"] == 1.0
    assert len(r.problems) == 5
    assert r.problems[0] == "[oppfolging] sterkt_negativ = 'mye' er ugyldig; standardverdien -0.4 brukes."
    assert any("[tull]" in p for p in r.problems) and any("ukjent" in p for p in r.problems)


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_rules(tmp_path, "[oppfolging\ntimer = ", monkeypatch)
    r = rules.load_rules()
    assert r.follow_up == rules.FollowUp() and "kunne ikke leses" in r.problems[0]


def test_the_app_shows_rule_problems(fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_rules(tmp_path, "[enhetskort]\nvindu_dager = -3.5\n", monkeypatch)
    at = run_app(fixture_db, "pages/overview.py", monkeypatch)
    assert not at.exception
    assert any("Regelfilen" in w.value and "vindu" in w.value for w in at.warning)


def test_age_buckets_follow_the_bounds() -> None:
    assert rules.age_bucket_order(rules.Backlog()) == ["under 1 døgn", "1–3 døgn", "3–7 døgn", "over 7 døgn"]
    assert rules.age_bucket_order(rules.Backlog((2, 5))) == ["under 2 døgn", "2–5 døgn", "over 5 døgn"]


def test_one_threshold_changes_the_page_its_view_and_the_command(fixture_db: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit cards' window and the follow-up threshold, changed in the file alone, change every consumer."""
    before = build_units_view(str(fixture_db), Filters(), focus=None)
    assert "siste 3 døgn" in before.caption
    live_before = build_live_view(str(fixture_db), Filters(), NOW)
    write_rules(tmp_path, "[enhetskort]\nvindu_dager = 5\n[oppfolging]\ntimer = 120\n", monkeypatch)
    after = build_units_view(str(fixture_db), Filters(), focus=None)
    assert "siste 5 døgn" in after.caption
    assert after.card_table["tickets"].sum() > before.card_table["tickets"].sum()
    live_after = build_live_view(str(fixture_db), Filters(), NOW)
    assert len(live_after.queue.items) > len(live_before.queue.items)
    assert "siste 120 timer" in live_after.queue.caption
    at = run_app(fixture_db, "pages/units.py", monkeypatch)
    assert not at.exception
    assert any("siste 5 døgn" in c.value for c in at.caption)
