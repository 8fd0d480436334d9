"""The audit trail: one append-only row per action (user, time, action, target), its chain, and every wired caller."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import access, audit, db
from analysis.access import ADMIN, LEADER, SUPPORT, AccessDenied, Principal
from analysis.cli import main
from analysis.follow_up import record_action

LEADER_P = Principal("kari@kommune.test", "Kari", frozenset({LEADER}), frozenset({"Lade hjemmetjeneste"}))
SUPPORT_P = Principal("sondre@kommune.test", "Sondre", frozenset({SUPPORT}))


@pytest.fixture
def work(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture database (these tests write)."""
    path = tmp_path / "work.duckdb"
    shutil.copy(fixture_db, path)
    # The session's fixture file is also opened by AppTests, whose page views leave audit rows: start empty.
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM audit_log")
    return path


def rows(path: Path, sql: str = "SELECT actor, action, target, via FROM audit_log ORDER BY id") -> list[tuple]:
    """All audit rows (selected columns)."""
    return db.read_rows(sql, db=path)


def test_record_writes_one_row_with_user_time_action_target(work: Path) -> None:
    before = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=14)  # any Norwegian wall-clock offset
    audit.record(work, LEADER_P, "view_text", "Drill-down: unit=Lade", "tekst fra: Lade")
    (actor, roles, action, target, detail, via, at), = rows(
        work, "SELECT actor, roles, action, target, detail, via, acted_at FROM audit_log")
    assert (actor, roles, action, target, detail, via) == (
        "kari@kommune.test", "enhetsleder (Lade hjemmetjeneste)", "view_text", "Drill-down: unit=Lade",
        "tekst fra: Lade", "app")
    assert before <= at <= dt.datetime.now() + dt.timedelta(hours=14)


def test_unknown_action_is_refused(work: Path) -> None:
    with pytest.raises(ValueError, match="Ukjent handling"):
        audit.record(work, "x", "slett_alt")
    assert rows(work) == []


def test_chain_finds_a_row_changed_or_removed_behind_the_programs_back(work: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_AUTH", "av")
    for n in range(4):
        audit.record(work, f"bruker{n}", "download", f"fil{n}.csv")
    assert audit.verify_chain(work) is None
    with duckdb.connect(str(work)) as con:
        con.execute("UPDATE audit_log SET actor = 'noen andre' WHERE target = 'fil1.csv'")
    second = rows(work, "SELECT id FROM audit_log WHERE target = 'fil1.csv'")[0][0]
    assert audit.verify_chain(work) == second
    assert main(["audit", "--kontroller", "--db", str(work)]) == 4  # damaged: exit code 4


def test_role_change_is_recorded_once_per_version(work: Path, tmp_path: Path) -> None:
    file = tmp_path / "roles.toml"
    file.write_text('[[person]]\nbruker = "a@x"\nrolle = "admin"\n', encoding="utf-8")
    assert audit.note_roles(work, access.load_roles(file), "ada") is True
    assert audit.note_roles(work, access.load_roles(file), "ada") is False
    file.write_text('[[person]]\nbruker = "a@x"\nrolle = "møte"\n', encoding="utf-8")
    assert audit.note_roles(work, access.load_roles(file), "ada") is True
    details = [r[0] for r in rows(work, "SELECT detail FROM audit_log WHERE action = 'role_change' ORDER BY id")]
    assert details == ["person a@x → admin", "person a@x → møte"]


def test_follow_up_status_change_leaves_one_row_and_needs_the_role(work: Path) -> None:
    item = db.read_rows("SELECT 'chat:' || min(id) FROM chat_messages", db=work)[0][0]
    result = record_action(item, "tatt", "", None, "ny", work, actor=SUPPORT_P)
    assert result.message == "Tatt av Sondre."
    assert rows(work) == [("sondre@kommune.test", "follow_up", item, "app")]
    with pytest.raises(AccessDenied):
        record_action(item, "lukket", "Kari", None, "tatt", work, actor=LEADER_P)
    assert len(rows(work)) == 1


def _roles_for_me(tmp_path: Path, role: str) -> Path:
    """A roles file that gives the operating-system user running the tests one role."""
    path = tmp_path / "roles.toml"
    path.write_text(f'[[person]]\nbruker = "{access.os_user()}"\nrolle = "{role}"\n', encoding="utf-8")
    return path


def test_cli_commands_record_the_os_user(work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    me = access.os_user()
    monkeypatch.setenv("GOLIVE_ROLES", str(_roles_for_me(tmp_path, "admin")))
    csv = tmp_path / "chat.csv"
    csv.write_text("tid;enhet;melding\n16.05.2022 10:00;Lade hjemmetjeneste;Alt går fint\n", encoding="utf-8")
    assert main(["import", "chat", str(csv), "--db", str(work)]) == 0
    monkeypatch.setenv("GOLIVE_ROLES", str(_roles_for_me(tmp_path, "supportsenter")))
    assert main(["view", "live", "--db", str(work), "--now", "2022-05-14T12:00"]) == 0
    assert main(["view", "oversikt", "--db", str(work)]) == 0  # aggregates only: no row
    assert main(["weekly", "--week", "2022-W19", "-o", str(tmp_path / "uke.html"), "--db", str(work)]) == 0
    got = [r for r in rows(work) if r[1] != "role_change"]
    assert got == [(me, "import", "chat: chat.csv", "cli"), (me, "view_text", "live", "cli"),
                   (me, "export", "ukemøte 2022-W19", "cli")]
    assert [r[1] for r in rows(work)].count("role_change") == 2  # the admin file, then the support file


def test_audit_command_filters_and_prints_json(work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys) -> None:
    audit.record(work, "kari@kommune.test", "login", "127.0.0.1")
    audit.record(work, "ola@kommune.test", "download", "saker.csv")
    monkeypatch.setenv("GOLIVE_ROLES", str(_roles_for_me(tmp_path, "admin")))
    capsys.readouterr()
    assert main(["audit", "--json", "--bruker", "kari", "--fra", dt.date.today().isoformat(), "--db", str(work)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(r["actor"], r["action"], r["action_nb"]) for r in printed] == [
        ("kari@kommune.test", "login", "Innlogging")]
    monkeypatch.setenv("GOLIVE_ROLES", str(_roles_for_me(tmp_path, "supportsenter")))
    assert main(["audit", "--db", str(work)]) == access.EXIT_FORBIDDEN


def _drill_script() -> None:
    """A tiny app: a principal in the session, then the real drill-down loader and note/download helpers."""
    import streamlit as st

    from analysis.filters import Filters
    from analysis.queries.drilldown_queries import MessageSelection
    from ui import auth, loaders

    st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
    path = st.session_state["db"]
    behind = loaders.load_messages_behind(path, Filters(), MessageSelection(include_reports=False))
    st.session_state["rows"] = behind.rows
    loaders.record_download(path, "csv", "meldinger.csv")


def test_drill_down_hides_other_units_text_from_a_unit_leader_and_is_audited_once(work: Path) -> None:
    at = AppTest.from_function(_drill_script, default_timeout=60)
    at.session_state["who"] = LEADER_P
    at.session_state["db"] = str(work)
    at.run()
    at.run()  # a rerun does not repeat the view_text row
    assert not at.exception
    shown = at.session_state["rows"]
    own = shown[shown["unit"] == "Lade hjemmetjeneste"]
    other = shown[shown["unit"] != "Lade hjemmetjeneste"]
    assert len(own) and len(other)
    assert not own["text"].eq(access.HIDDEN_TEXT).any()
    assert other["text"].eq(access.HIDDEN_TEXT).all() and other["evidence"].isna().all()
    got = rows(work, "SELECT actor, action, detail FROM audit_log ORDER BY id")
    assert got[0] == ("kari@kommune.test", "view_text", "tekst fra: Lade hjemmetjeneste")
    assert [a for _, a, _ in got] == ["view_text", "download", "download"]


def test_meeting_note_needs_admin_and_is_audited(work: Path) -> None:
    def script() -> None:
        import streamlit as st

        from ui import auth, loaders

        st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
        try:
            loaders.save_note(st.session_state["db"], "2022-W19", "beslutning", "Vi fortsetter", "skrevet navn")
        except Exception as exc:  # noqa: BLE001 - the test reads the refusal
            st.session_state["refused"] = type(exc).__name__

    for who in (Principal("ada@k.test", "Ada", frozenset({ADMIN})), SUPPORT_P):
        at = AppTest.from_function(script, default_timeout=60)
        at.session_state["who"] = who
        at.session_state["db"] = str(work)
        at.run()
    assert at.session_state["refused"] == "AccessDenied"
    assert rows(work, "SELECT actor, action, target FROM audit_log") == [("ada@k.test", "note", "ukemøte 2022-W19")]
    assert db.read_rows("SELECT author FROM weekly_notes", db=work) == [("Ada",)]  # the log-in, not the typed name
