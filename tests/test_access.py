"""Access rules: roles from the roles file and the ID token, page and action checks, redaction, the log-in gate, CLI."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis import access, db
from analysis.access import ADMIN, LEADER, MEETING, SUPPORT, AccessDenied, Principal
from analysis.cli import main
from analysis.errors import EXIT_OK

ROLES = """
[[person]]
bruker = "Kari@Kommune.test"
rolle = "enhetsleder"
enheter = ["Lade hjemmetjeneste"]

[[person]]
bruker = "ola@kommune.test"
rolle = ["møte", "admin"]

[[gruppe]]
id = "grp-support"
rolle = "supportsenter"

[[person]]
bruker = "feil@kommune.test"
rolle = "sjef"

[[person]]
rolle = "admin"
"""
BOOK = access.parse_roles(tomllib.loads(ROLES))
LEADER_P = Principal("kari@kommune.test", "Kari", frozenset({LEADER}), frozenset({"Lade hjemmetjeneste"}))
SUPPORT_P = Principal("s", "S", frozenset({SUPPORT}))
MEETING_P = Principal("m", "M", frozenset({MEETING}))
ADMIN_P = Principal("a", "A", frozenset({ADMIN}))
NOBODY = Principal("x", "X", source="os")


def test_roles_file_matches_people_any_case_and_groups_and_reports_problems() -> None:
    assert BOOK.resolve(["KARI@kommune.test"]) == (frozenset({LEADER}), frozenset({"Lade hjemmetjeneste"}))
    assert BOOK.resolve(["ola@kommune.test"]) == (frozenset({MEETING, ADMIN}), frozenset())
    assert BOOK.resolve(["ukjent"], ["GRP-SUPPORT"]) == (frozenset({SUPPORT}), frozenset())
    assert BOOK.resolve(["ukjent"], ["annen"]) == (frozenset(), frozenset())
    assert len(BOOK.grants) == 3  # the unknown role and the entry without «bruker» give nothing
    assert any("ukjent rolle «sjef»" in p for p in BOOK.problems)
    assert any("mangler «bruker»" in p for p in BOOK.problems)


def test_principal_from_id_token_claims_uses_email_and_groups_claim() -> None:
    p = access.principal_from_claims({"sub": "abc", "email": "kari@kommune.test", "name": "Kari N",
                                      "roles_claim": ["grp-support"]}, BOOK, groups_claim="roles_claim")
    assert p.user == "kari@kommune.test" and p.name == "Kari N"
    assert p.roles == {LEADER, SUPPORT}
    assert access.principal_from_claims({"sub": "abc"}, BOOK).roles == frozenset()


def test_shipped_roles_file_reads_without_problems() -> None:
    book = access.load_roles(Path(__file__).resolve().parents[1] / "data" / "roles.toml")
    assert book.problems == () and book.digest


def test_broken_or_missing_roles_file_gives_nobody_a_role(tmp_path: Path) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text("[[person]\nbruker=", encoding="utf-8")
    assert access.load_roles(bad).grants == () and access.load_roles(bad).problems
    assert access.load_roles(tmp_path / "mangler.toml").problems


@pytest.mark.parametrize(("principal", "pages"), [
    (SUPPORT_P, {"sanntid", "oppfolging", "varsler", "oversikt", "enheter", "adopsjon", "belastning", "rapport",
                 "ukemote", "bolger", "gevinster"}),
    (LEADER_P, {"oversikt", "enheter", "adopsjon", "belastning", "rapport", "bolger", "gevinster"}),
    (MEETING_P, {"ukemote", "bolger", "gevinster"}),
    (ADMIN_P, {"varsler", "ukemote", "bolger", "gevinster", "importer", "revisjonslogg"}),
    (NOBODY, set()),
])
def test_pages_per_role(principal: Principal, pages: set[str]) -> None:
    assert set(access.allowed_pages(principal)) == pages


def test_actions_per_role() -> None:
    assert access.can(ADMIN_P, "import") and not access.can(SUPPORT_P, "import")
    assert access.can(ADMIN_P, "note") and not access.can(MEETING_P, "note")
    assert access.can(MEETING_P, "export") and not access.can(LEADER_P, "export")
    assert access.can(SUPPORT_P, "follow_up") and not access.can(ADMIN_P, "follow_up")
    with pytest.raises(AccessDenied, match="kan ikke importere data") as refused:
        access.require(LEADER_P, "import")
    assert refused.value.exit_code == access.EXIT_FORBIDDEN == 8


def test_text_and_reports_only_for_own_units() -> None:
    assert access.can_read_text(SUPPORT_P, "Trondheim legevakt")
    assert access.can_read_text(LEADER_P, "Lade hjemmetjeneste")
    assert not access.can_read_text(LEADER_P, "Trondheim legevakt")
    assert not access.can_read_text(MEETING_P, "Lade hjemmetjeneste")
    assert not access.can_read_text(LEADER_P, None)
    assert access.can_report(LEADER_P, "Lade hjemmetjeneste") and not access.can_report(LEADER_P, "Byåsen")
    assert not access.can_report(ADMIN_P, "Lade hjemmetjeneste")


def test_redact_text_blanks_other_units_text_and_evidence_only() -> None:
    rows = pd.DataFrame({"unit": ["Lade hjemmetjeneste", "Trondheim legevakt", None], "text": ["a", "b", "c"],
                         "evidence": ["[1]", "[2]", "[3]"], "polarity": [0.1, -0.5, 0.0]})
    out = access.redact_text(rows, LEADER_P, "unit", ("text",), ("evidence",))
    assert out["text"].tolist() == ["a", access.HIDDEN_TEXT, access.HIDDEN_TEXT]
    assert out["evidence"].tolist() == ["[1]", None, None]
    assert out["polarity"].tolist() == [0.1, -0.5, 0.0]  # aggregates stay
    assert rows["text"].tolist() == ["a", "b", "c"]  # the input is not changed
    assert access.redact_text(rows, SUPPORT_P) is rows
    assert access.hidden_count(rows, LEADER_P) == 2
    assert access.redact_text(rows, MEETING_P)["text"].eq(access.HIDDEN_TEXT).all()


@pytest.mark.parametrize(("mode", "configured", "demo", "expected"), [
    ("auto", False, True, "demo"),
    ("auto", False, False, "refuse"),
    ("auto", True, False, "login"),
    ("auto", True, True, "login"),
    ("på", False, True, "refuse"),
    ("av", False, False, "off"),
    ("av", True, False, "off"),
])
def test_gate(mode: str, configured: bool, demo: bool, expected: str) -> None:
    decision = access.gate(mode, configured, demo)
    assert decision.mode == expected
    if expected == "refuse":
        assert "secrets.toml" in decision.hint and "GOLIVE_AUTH=av" in decision.hint


def test_every_cli_command_has_an_access_rule() -> None:
    from analysis.cli import command_names

    assert set(command_names()) == set(access.COMMAND_ACTIONS)


@pytest.mark.parametrize(("principal", "command", "page", "unit", "allowed"), [
    (LEADER_P, "import", None, None, False),
    (ADMIN_P, "import", None, None, True),
    (LEADER_P, "report", None, "Lade hjemmetjeneste", True),
    (LEADER_P, "report", None, "Trondheim legevakt", False),
    (LEADER_P, "view", "enheter", "Lade hjemmetjeneste", True),
    (LEADER_P, "view", "enheter", None, False),
    (LEADER_P, "view", "oversikt", None, True),
    (LEADER_P, "view", "live", "Lade hjemmetjeneste", False),
    (MEETING_P, "view", "ukemote", None, True),
    (MEETING_P, "weekly", None, None, True),
    (LEADER_P, "weekly", None, None, False),
    (NOBODY, "info", None, None, False),
    (NOBODY, "sentiment", None, None, True),
])
def test_command_requirement(principal: Principal, command: str, page: str | None, unit: str | None,
                             allowed: bool) -> None:
    if allowed:
        access.command_requirement(principal, command, page, unit)
    else:
        with pytest.raises(AccessDenied):
            access.command_requirement(principal, command, page, unit)


def _roles_for_me(tmp_path: Path, role: str, units: str = "[]") -> Path:
    """A roles file that gives the operating-system user running the tests one role."""
    path = tmp_path / "roles.toml"
    path.write_text(f'[[person]]\nbruker = "{access.os_user()}"\nrolle = "{role}"\nenheter = {units}\n',
                    encoding="utf-8")
    return path


def test_cli_user_without_a_role_is_refused_on_real_data(fixture_db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    work = tmp_path / "real.duckdb"
    shutil.copy(fixture_db, work)
    monkeypatch.delenv("GOLIVE_AUTH", raising=False)
    monkeypatch.setenv("GOLIVE_ROLES", str(tmp_path / "ingen.toml"))
    assert main(["info", "--db", str(work)]) == access.EXIT_FORBIDDEN
    assert "har ingen rolle" in capsys.readouterr().err
    monkeypatch.setenv("GOLIVE_AUTH", "av")  # said explicitly: the command line runs as before
    assert main(["info", "--db", str(work)]) == EXIT_OK


def test_cli_unit_leader_may_report_only_for_own_unit_by_alias_too(fixture_db: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "real.duckdb"
    shutil.copy(fixture_db, work)
    monkeypatch.setenv("GOLIVE_ROLES", str(_roles_for_me(tmp_path, "enhetsleder", '["Lade hjemmetjeneste"]')))
    base = ["report", "--dag", "16.05.2022", "--status", "gul", "--db", str(work)]
    assert main([*base, "--enhet", "Lade HJT"]) == EXIT_OK
    assert main([*base, "--enhet", "Trondheim legevakt"]) == access.EXIT_FORBIDDEN
    rows = db.read_rows("SELECT action, target, via FROM audit_log WHERE action IN ('report', 'refused') ORDER BY id",
                        db=work)
    assert rows == [("report", "Lade HJT", "cli"), ("refused", "report Trondheim legevakt", "cli")]


@pytest.mark.parametrize(("raw", "mode"), [("av", "av"), ("OFF", "av"), ("0", "av"), ("på", "på"), ("pa", "på"),
                                           ("oidc", "på"), (" auto ", "auto")])
def test_golive_auth_values(raw: str, mode: str) -> None:
    from analysis import settings

    assert settings.parse_auth(raw) == mode


def test_bad_golive_auth_warns_and_keeps_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import config, settings

    monkeypatch.setenv("GOLIVE_AUTH", "kanskje")
    with pytest.warns(settings.SettingWarning):
        assert config.auth_mode() == "auto"


def test_server_binds_to_the_configured_address_unless_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.server import with_address

    assert with_address(["run", "app.py", "--server.port", "1"], "127.0.0.1") == [
        "run", "app.py", "--server.address", "127.0.0.1", "--server.port", "1"]
    assert with_address(["run", "app.py", "--server.address", "0.0.0.0"], "127.0.0.1")[-1] == "0.0.0.0"
    monkeypatch.delenv("GOLIVE_ADDRESS", raising=False)
    from analysis import config

    assert config.server_address() == "127.0.0.1"


WALL_P = access.wall_principal("10.0.0.5")
OWN = "Lade hjemmetjeneste"


def test_strip_quotes_keeps_the_rule_names_and_drops_the_quoted_message_words() -> None:
    assert access.strip_quotes("Legemiddelhåndtering: «feil medisin»; Avvik meldt: «avvik»") == \
        "Legemiddelhåndtering; Avvik meldt"
    assert access.strip_quotes("Sterkt negativ (−0,80)") == "Sterkt negativ (−0,80)"
    assert access.strip_quotes("«bare et sitat»") is None
    assert access.strip_quotes(None) is None


def test_redact_text_strips_quotes_from_reasons_of_hidden_rows_only() -> None:
    rows = pd.DataFrame({"unit": [OWN, "Trondheim legevakt"], "text": ["a", "b"],
                         "safety_reason": ["Avvik meldt: «avvik»", "Avvik meldt: «avvik i dag»"]})
    out = access.redact_text(rows, LEADER_P, "unit", ("text",), (), ("safety_reason",))
    assert out["safety_reason"].tolist() == ["Avvik meldt: «avvik»", "Avvik meldt"]


def test_wall_screen_gets_figure_pages_no_text_no_actions_and_needs_the_exact_token() -> None:
    assert set(access.allowed_pages(WALL_P)) == {"sanntid", "oversikt", "enheter", "adopsjon", "belastning"}
    assert not access.can_open_page(WALL_P, "oppfolging")
    assert not any(access.can(WALL_P, a) for a in access.ACTION_ROLES)
    assert not access.can_read_text(WALL_P, OWN)
    rows = pd.DataFrame({"unit": [OWN], "text": ["a"]})
    assert access.redact_text(rows, WALL_P)["text"].tolist() == [access.HIDDEN_TEXT_WALL]
    assert WALL_P.describe() == "veggskjerm (bare tall)" and WALL_P.user == "veggskjerm (10.0.0.5)"
    secret = "a" * 40
    assert access.wall_token_matches(secret, secret)
    assert not access.wall_token_matches(secret[:-1] + "b", secret)
    assert not access.wall_token_matches("", secret) and not access.wall_token_matches(None, secret)
    assert not access.wall_token_matches("", None)  # no token configured: the wall must log in
    # The roles file cannot hand out the wall's role.
    book = access.parse_roles(tomllib.loads('[[person]]\nbruker = "tv"\nrolle = "vegg"\n'))
    assert book.grants == () and "ukjent rolle «vegg»" in book.problems[0]


def test_wall_token_setting_refuses_a_short_or_odd_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import settings

    monkeypatch.setenv("GOLIVE_WALL_TOKEN", "kort")
    with pytest.warns(settings.SettingWarning, match="minst 32 tegn"):
        assert settings.value("GOLIVE_WALL_TOKEN") is None
    monkeypatch.setenv("GOLIVE_WALL_TOKEN", "x" * 31 + "/")
    with pytest.warns(settings.SettingWarning):
        assert settings.value("GOLIVE_WALL_TOKEN") is None
    monkeypatch.setenv("GOLIVE_WALL_TOKEN", " " + "Ab-_9" * 8 + " ")
    assert settings.value("GOLIVE_WALL_TOKEN") == "Ab-_9" * 8


def test_units_view_shows_report_text_only_for_the_leaders_own_units(fixture_db: Path) -> None:
    from analysis.filters import Filters
    from analysis.views.units_view import build_units_view, for_reader

    view = build_units_view(fixture_db, Filters())
    assert for_reader(view, SUPPORT_P) is view
    texts = dict(zip(view.card_table["unit"], view.card_table["report_text"], strict=True))
    assert texts[OWN] == "God stemning i hele helga" and texts["Trondheim legevakt"] == "Bedre enn forrige uke"
    seen = for_reader(view, LEADER_P)
    shown = dict(zip(seen.card_table["unit"], seen.card_table["report_text"], strict=True))
    assert shown[OWN] == "God stemning i hele helga"
    assert {u for u, t in shown.items() if t == access.HIDDEN_TEXT} == set(shown) - {OWN}
    assert seen.cards == view.cards and seen.heat.equals(view.heat)  # the figures are everyone's
    every = " ".join(str(v) for c in seen.cards for line in c.lines for v in (line.text, c.flag))
    assert "Bedre enn forrige uke" not in every and "God stemning" not in every  # cards carry no report text


def test_live_view_hides_queue_and_feed_text_of_other_units(fixture_db: Path) -> None:
    import datetime as dt

    from analysis.filters import Filters
    from analysis.views.live_view import build_live_view, for_reader, resolve_live_now, text_units

    now = resolve_live_now(fixture_db, override=dt.datetime(2022, 5, 14, 12, 0))
    view = build_live_view(fixture_db, Filters(), now)
    items = view.queue.items
    safety = items[items["safety"]]
    assert len(safety) and safety["reason"].str.contains("«").all()  # the stored reasons quote the message
    assert for_reader(view, SUPPORT_P) is view and text_units(view, SUPPORT_P)
    for who in (LEADER_P, WALL_P):
        seen = for_reader(view, who)
        hidden = seen.queue.items[seen.queue.items["unit"] != OWN]
        assert len(hidden) and hidden["text"].eq(access.hidden_text(who)).all()
        assert not hidden["reason"].fillna("").str.contains("«").any() and hidden["evidence"].isna().all()
        assert not set(seen.feed.loc[seen.feed["unit"] != OWN, "text"]) - {access.hidden_text(who)}
        assert seen.queue.counts_text == view.queue.counts_text and seen.tiles == view.tiles
    assert text_units(for_reader(view, WALL_P), WALL_P) == []
