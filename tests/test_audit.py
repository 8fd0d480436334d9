"""The audit trail: one append-only row per action (user, time, action, target), its chain, and every wired caller."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analysis import access, audit, db
from analysis.access import ADMIN, LEADER, SUPPORT, AccessDenied, Principal
from analysis.cli import main
from analysis.follow_up import record_action
from fixture_db import private_copy

LEADER_P = Principal("kari@kommune.test", "Kari", frozenset({LEADER}), frozenset({"Lade hjemmetjeneste"}))
SUPPORT_P = Principal("sondre@kommune.test", "Sondre", frozenset({SUPPORT}))


@pytest.fixture
def work(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy of the fixture database (these tests write)."""
    path = tmp_path / "work.duckdb"
    return private_copy(fixture_db, path)


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


# --- every action of the issue leaves one row (with user, time, action, target) --------------------------------------
# Which test covers which action:
#   login        tests/test_browser_login.py (OIDC log-in, one row per user over reloads); the wall's token log-in below
#   logout       test_logout_leaves_one_row
#   view_text    drill-downs (test_drill_down_hides…, test_browser_login's unit leader on Enheter), ticket drills,
#                the live page, the follow-up queue and report history (below); the command line's view (above)
#   download     test_drill_down_hides… (CSV); export: weekly on the command line (above), the page's exports below
#   import       the command line (above); the import page below
#   report       test_report_by_a_unit_leader… (the form's action); the command line: tests/test_access.py
#   note         test_meeting_note_needs_admin_and_is_audited
#   follow_up    test_follow_up_status_change_leaves_one_row_and_needs_the_role
#   role_change  test_role_change_is_recorded_once_per_version, test_cli_commands_record_the_os_user
#   refused      tests/test_browser_login.py (pages by URL), test_browser_login's command-line import
OWN = "Lade hjemmetjeneste"


def _audited(work: Path) -> list[tuple]:
    """Every row as (actor, action, target), with the time checked to be set."""
    got = rows(work, "SELECT actor, action, target, acted_at FROM audit_log ORDER BY id")
    assert all(isinstance(at, dt.datetime) for *_, at in got)
    return [tuple(r[:3]) for r in got]


def _ticket_script() -> None:
    """The ticket drill of the support page, for the own unit and for another."""
    import streamlit as st

    from analysis.charts.support_charts import SELECT_UNIT
    from analysis.filters import Filters
    from ui import auth, loaders

    st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
    path = st.session_state["db"]
    for unit in ("Lade hjemmetjeneste", "Trondheim legevakt"):
        found = loaders.load_ticket_drill(path, Filters(), SELECT_UNIT, {"unit": unit})
        st.session_state[unit] = found.behind.rows
        st.session_state[f"note {unit}"] = loaders.hidden_note(found.behind.rows, loaders.TICKET_UNIT)


def test_ticket_drill_hides_other_units_summaries_and_audits_only_text_shown(work: Path) -> None:
    at = AppTest.from_function(_ticket_script, default_timeout=60)
    at.session_state["who"] = LEADER_P
    at.session_state["db"] = str(work)
    at.run()
    at.run()
    assert not at.exception
    own, other = at.session_state[OWN], at.session_state["Trondheim legevakt"]
    assert len(own) and len(other)
    assert not own["Oppsummering"].eq(access.HIDDEN_TEXT).any()
    assert other["Oppsummering"].eq(access.HIDDEN_TEXT).all()
    assert at.session_state[f"note {OWN}"] is None
    assert "Meldingsteksten er skjult" in at.session_state["note Trondheim legevakt"]
    assert _audited(work) == [("kari@kommune.test", "view_text", f"Saker: Saker fra {OWN}")]


def _live_script() -> None:
    """The live page's and the follow-up page's loaders."""
    import streamlit as st

    from analysis.filters import Filters
    from ui import auth, loaders

    st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
    path = st.session_state["db"]
    now = loaders.live_now(path)  # GOLIVE_NOW: inside the fixture's period
    st.session_state["view"] = loaders.load_live_view(path, Filters(), now)
    if st.session_state["queue"]:
        loaders.load_follow_up_view(path, Filters(), now, None)


def test_live_and_queue_text_leave_one_row_per_session_and_the_wall_none(work: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_NOW", "2022-05-14T12:00")
    wall = access.wall_principal()
    for who, queue in ((SUPPORT_P, True), (wall, False)):
        at = AppTest.from_function(_live_script, default_timeout=60)
        at.session_state["who"] = who
        at.session_state["db"] = str(work)
        at.session_state["queue"] = queue
        at.run()
        at.run()  # a refresh does not repeat the rows
        assert not at.exception
    seen = at.session_state["view"]
    assert not seen.queue.items.empty and seen.queue.items["text"].eq(access.HIDDEN_TEXT_WALL).all()
    assert _audited(work) == [("sondre@kommune.test", "view_text", "Live: meldinger og oppfølgingsliste"),
                              ("sondre@kommune.test", "view_text", "Oppfølgingslisten")]


def test_report_by_a_unit_leader_is_audited_and_another_units_refused(work: Path) -> None:
    def script() -> None:
        import datetime as dt

        import streamlit as st

        from ui import auth, loaders_forms

        st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
        for unit in ("Lade hjemmetjeneste", "Trondheim legevakt"):
            try:
                loaders_forms.send_report(st.session_state["db"], unit, "gul", 3, "Travelt", dt.date(2022, 5, 13))
            except Exception as exc:  # noqa: BLE001 - the test reads the refusal
                st.session_state["refused"] = f"{type(exc).__name__}: {unit}"
        loaders_forms.load_report_history(st.session_state["db"], "Lade hjemmetjeneste")
        loaders_forms.load_report_history(st.session_state["db"], "Trondheim legevakt")

    at = AppTest.from_function(script, default_timeout=60)
    at.session_state["who"] = LEADER_P
    at.session_state["db"] = str(work)
    at.run()
    assert at.session_state["refused"] == "AccessDenied: Trondheim legevakt"
    assert _audited(work) == [("kari@kommune.test", "report", OWN),
                              ("kari@kommune.test", "view_text", f"Rapporthistorikk: {OWN}")]
    assert db.read_rows("SELECT author FROM unit_reports WHERE day = '2022-05-13'", db=work) == [
        ("kari@kommune.test",)]


def test_weekly_exports_and_logout_leave_one_row_each(work: Path) -> None:
    def script() -> None:
        import streamlit as st

        from ui import auth, loaders

        st.session_state[auth.PRINCIPAL_KEY] = st.session_state["who"]
        loaders.record_download(st.session_state["db"], "pptx", "ukemote_2022-W19.pptx")
        try:
            auth.logout(st.session_state["db"])
        except Exception:  # noqa: BLE001, S110 - st.logout needs a real log-in; the row is written before it
            pass

    at = AppTest.from_function(script, default_timeout=60)
    at.session_state["who"] = Principal("mona@k.test", "Mona", frozenset({access.MEETING}))
    at.session_state["db"] = str(work)
    at.run()
    assert _audited(work) == [("mona@k.test", "export", "ukemote_2022-W19.pptx"), ("mona@k.test", "logout", None)]


def test_import_on_the_page_leaves_one_row_with_the_file(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_DB", str(work))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "pages" / "import_data.py"), default_timeout=60)
    at.session_state["_principal"] = Principal("ada@k.test", "Ada", frozenset({ADMIN}))
    at.run()
    at.selectbox(key="import_kind").set_value("chat").run()
    csv = "tid;enhet;melding\n16.05.2022 11:00;Lade hjemmetjeneste;Alt går fint\n".encode()
    at.get("file_uploader")[0].set_value(("chat.csv", csv, "text/csv")).run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert _audited(work) == [("ada@k.test", "import", "chat: chat.csv")]


def test_wall_token_lets_a_tv_in_with_figures_only_and_one_login_row(work: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from apptest_util import run_app

    token = "vegg-" + "k" * 40
    monkeypatch.delenv("GOLIVE_AUTH", raising=False)  # a real database, no log-in configured: refused …
    at = run_app(work, None, monkeypatch, env={"GOLIVE_WALL_TOKEN": token, "GOLIVE_NOW": "2022-05-14T12:00"},
                 visning="vegg", nokkel=token[:-1] + "x")
    assert any("Innlogging er ikke satt opp" in e.value for e in at.error) and not at.metric
    at = run_app(work, None, monkeypatch, env={"GOLIVE_WALL_TOKEN": token, "GOLIVE_NOW": "2022-05-14T12:00"},
                 visning="vegg", nokkel=token)  # … except for the wall with its token
    at.run()
    assert not at.exception
    assert at.metric  # the live page's tiles
    stored = {t for (t,) in db.read_rows("SELECT text FROM chat_messages", db=work)}
    shown = " ".join(str(getattr(e, "value", "")) for e in (*at.text, *at.markdown, *at.caption)).replace("\\", "")
    assert not [t for t in stored if t in shown]
    assert access.HIDDEN_TEXT_WALL in shown
    assert _audited(work) == [("veggskjerm", "login", "veggskjerm")]
