"""A small, explicit fixture database for the tests (no demo generator involved)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db
from analysis.text.stored_columns import score_texts

UNITS = [
    ("Lade hjemmetjeneste", "hjemmetjeneste", 120, ["Lade HJT"]),
    ("Strindheim hjemmetjeneste", "hjemmetjeneste", 100, []),
    ("Havstein helse- og velferdssenter", "HVS", 80, ["Havstein HVS"]),
    ("Trondheim legevakt", "legevakt", 60, []),
]
GO_LIVE = dt.date(2022, 5, 7)
DAYS = [GO_LIVE + dt.timedelta(days=i) for i in range(-2, 10)]  # 5–16 May 2022

HAVSTEIN = "Havstein helse- og velferdssenter"

MESSAGES = [
    ("2022-05-07 09:15", "Lade hjemmetjeneste", "har gått over all forventning, god stemning på enhet", "ansatt"),
    ("2022-05-07 10:02", "Havstein helse- og velferdssenter", "har gått veldig bra, får god support", "ansatt"),
    ("2022-05-07 11:40", "Trondheim legevakt", "Får ikke logget inn, passordet fungerer ikke", "ansatt"),
    ("2022-05-08 08:05", "Strindheim hjemmetjeneste", "Rover henger hele tiden, veldig tregt", "ansatt"),
    ("2022-05-08 13:30", "Lade hjemmetjeneste", "Her har alt gått veldig bra, supergod stemning", "enhetsleder"),
    ("2022-05-09 07:45", HAVSTEIN, "E-link meldinger kommer ikke fram til fastlegen", "superbruker"),
    ("2022-05-10 15:10", "Strindheim hjemmetjeneste", "Litt frustrasjon, men vi tar det med et smil", "enhetsleder"),
    ("2022-05-11 22:20", "Trondheim legevakt", "Utskrift virker ikke, kaos på natta", "ansatt"),
    ("2022-05-12 09:00", "Strindheim hjemmetjeneste", "Vi har trua på at det går rette veien", "enhetsleder"),
    ("2022-05-13 12:00", "Lade hjemmetjeneste", "Hvor finner jeg timeboka?", "ansatt"),
    ("2022-05-14 03:10", HAVSTEIN, "Feil medisin registrert på pasient, avvik sendt", "ansatt"),
    ("2022-05-16 10:30", "Lade hjemmetjeneste", "takk for god hjelp fra superbrukeren", "ansatt"),
]

REPORTS = [
    ("2022-05-07", "Lade hjemmetjeneste", "grønn", 5, "God stemning i hele helga"),
    ("2022-05-07", "Strindheim hjemmetjeneste", "gul", 3, "Mange spørsmål om Rover"),
    ("2022-05-08", "Havstein helse- og velferdssenter", "grønn", 4, "Går fint"),
    ("2022-05-09", "Trondheim legevakt", "rød", 2, "Pålogging feiler for mange"),
    ("2022-05-12", "Strindheim hjemmetjeneste", "gul", 3, "Litt frustrasjon, men vi tar det med et smil"),
    ("2022-05-16", "Trondheim legevakt", "gul", 3, "Bedre enn forrige uke"),
]

CATEGORIES = ["Pålogging og tilgang", "Utskrift", "Rover/mobil", "E-link og meldinger"]
PRIORITIES = ["kritisk", "høy", "middels", "lav"]


def _tickets() -> pd.DataFrame:
    """Return a deterministic ticket set: more on go-live days, some still open."""
    rows = []
    n = 0
    for d_idx, day in enumerate(DAYS):
        per_day = max(1, 8 - abs(d_idx - 3))  # peaks around go-live
        for k in range(per_day):
            n += 1
            unit = UNITS[(n + k) % len(UNITS)][0]
            opened = dt.datetime.combine(day, dt.time(7 + (n * 5) % 14, (n * 7) % 60))
            hours = 2 + (n * 3) % 40
            closed = opened + dt.timedelta(hours=hours) if n % 5 else None
            rows.append({
                "ticket_id": f"INC{n:07d}", "opened_at": opened, "closed_at": closed, "unit": unit,
                "category": CATEGORIES[n % len(CATEGORIES)], "priority": PRIORITIES[n % len(PRIORITIES)],
                "channel": "telefon" if n % 2 else "selvbetjeningsportal",
                "status": "lukket" if closed else "åpen", "summary": f"Sak {n}", "reopened": int(n % 11 == 0),
                "source": "fixture",
            })
    return pd.DataFrame(rows)


def build_fixture(path: str | Path, empty: bool = False) -> Path:
    """Write the fixture database to `path`; `empty` gives units only (a brand-new go-live)."""
    path = Path(path)

    def fill(con) -> None:
        for name, area, staff, aliases in UNITS:
            con.execute("INSERT INTO units VALUES (?, ?, ?, ?, ?)", [name, area, staff, GO_LIVE, aliases])
        con.execute("INSERT INTO meta VALUES ('go_live_date', '2022-05-07')")
        if empty:
            return
        msgs = pd.DataFrame(MESSAGES, columns=["ts", "unit", "text", "role"])
        msgs["ts"] = pd.to_datetime(msgs["ts"])
        msgs["channel"] = "supportchat"
        msgs = pd.concat([msgs, score_texts(msgs["text"].tolist())], axis=1)
        msgs["source"] = "fixture"
        con.register("m", msgs)
        con.execute("""INSERT INTO chat_messages (ts, unit, text, role, channel, polarity, label, language,
                       themes, safety, safety_reason, evidence, analyzer_version, source)
                       SELECT ts, unit, text, role, channel, polarity, label, language, themes, safety,
                       safety_reason, evidence, analyzer_version, source FROM m""")
        reps = pd.DataFrame(REPORTS, columns=["day", "unit", "status", "mood", "text"])
        reps["day"] = pd.to_datetime(reps["day"]).dt.date
        reps = pd.concat([reps, score_texts(reps["text"].tolist())], axis=1)
        con.register("r", reps)
        con.execute("""INSERT INTO unit_reports (day, unit, status, mood, text, reported_at, polarity, label,
                       language, themes, safety, safety_reason, evidence, analyzer_version, source)
                       SELECT day, unit, status, mood, text, day::TIMESTAMP + INTERVAL 15 HOUR, polarity, label,
                       language, themes, safety, safety_reason, evidence, analyzer_version, 'fixture' FROM r""")
        con.register("t", _tickets())
        con.execute("INSERT INTO tickets SELECT * FROM t")
        for i, day in enumerate(d for d in DAYS if d >= GO_LIVE):
            for j, (name, _area, staff, _al) in enumerate(UNITS):
                con.execute("INSERT INTO adoption_daily VALUES (?, ?, ?)",
                            [day, name, min(staff, int(staff * (0.8 + 0.02 * i)) - j)])
            con.execute("INSERT INTO portal_logins_daily (day, logins) VALUES (?, ?)", [day, 15000 + 1000 * i])
        con.execute("INSERT INTO events (ts, title, kind) VALUES "
                    "('2022-05-07 07:00', 'Go-live Helseplattformen', 'go-live'),"
                    "('2022-05-10 18:00', 'Hotfix utskrift', 'hotfix')")

    db.write(fill, path)
    return path


# Two more weeks for the weekly meeting: W20 (16–22 May) calms down, W21 (23–29 May) has no tickets.
LATER_MESSAGES = [
    ("2022-05-17 09:10", "Lade hjemmetjeneste", "Rover fungerer fint nå, takk for rask hjelp", "ansatt"),
    ("2022-05-17 14:00", "Trondheim legevakt", "Utskriften virker igjen, mye bedre i dag", "ansatt"),
    ("2022-05-18 08:30", "Strindheim hjemmetjeneste", "God stemning, vi begynner å få taket på det", "enhetsleder"),
    ("2022-05-19 11:45", HAVSTEIN, "Fortsatt tregt å logge inn om morgenen, irriterende", "ansatt"),
    ("2022-05-20 13:20", "Lade hjemmetjeneste", "Supert med superbrukere på huset hele uka", "ansatt"),
    ("2022-05-24 10:00", "Strindheim hjemmetjeneste", "Rolig uke, alt går som det skal nå", "enhetsleder"),
    ("2022-05-26 15:30", "Trondheim legevakt", "Timeboka er fortsatt litt tungvint å bruke", "ansatt"),
]
LATER_REPORTS = [
    ("2022-05-18", "Trondheim legevakt", "grønn", 4, "Mye bedre denne uka"),
    ("2022-05-19", "Strindheim hjemmetjeneste", "grønn", 4, "Vi har trua på at det går rette veien"),
    ("2022-05-25", HAVSTEIN, "grønn", 4, "Rolig og fint"),
]
LATER_DAYS = [dt.date(2022, 5, 17) + dt.timedelta(days=i) for i in range(13)]  # 17–29 May 2022


def add_later_weeks(path: str | Path) -> Path:
    """Extend a filled fixture with W20 (few tickets, old ones closed) and W21 (data but no tickets)."""
    path = Path(path)

    def fill(con) -> None:
        msgs = pd.DataFrame(LATER_MESSAGES, columns=["ts", "unit", "text", "role"])
        msgs["ts"] = pd.to_datetime(msgs["ts"])
        msgs = pd.concat([msgs, score_texts(msgs["text"].tolist())], axis=1)
        con.register("lm", msgs)
        con.execute("""INSERT INTO chat_messages (ts, unit, text, role, channel, polarity, label, language,
                       themes, safety, safety_reason, evidence, analyzer_version, source)
                       SELECT ts, unit, text, role, 'supportchat', polarity, label, language, themes, safety,
                       safety_reason, evidence, analyzer_version, 'fixture' FROM lm""")
        reps = pd.DataFrame(LATER_REPORTS, columns=["day", "unit", "status", "mood", "text"])
        reps["day"] = pd.to_datetime(reps["day"]).dt.date
        reps = pd.concat([reps, score_texts(reps["text"].tolist())], axis=1)
        con.register("lr", reps)
        con.execute("""INSERT INTO unit_reports (day, unit, status, mood, text, reported_at, polarity, label,
                       language, themes, safety, safety_reason, evidence, analyzer_version, source)
                       SELECT day, unit, status, mood, text, day::TIMESTAMP + INTERVAL 15 HOUR, polarity, label,
                       language, themes, safety, safety_reason, evidence, analyzer_version, 'fixture' FROM lr""")
        # The support center clears the old open tickets on Tuesday 17 May.
        con.execute("UPDATE tickets SET closed_at = TIMESTAMP '2022-05-17 12:00', status = 'lukket' "
                    "WHERE closed_at IS NULL")
        for k, day in enumerate(d for d in LATER_DAYS if d <= dt.date(2022, 5, 22)):
            for j in range(2 if k % 2 else 1):
                opened = dt.datetime.combine(day, dt.time(9 + 3 * j, 15))
                con.execute("INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'fixture')", [
                    f"INC9{k:02d}{j}", opened, opened + dt.timedelta(hours=3 + k), UNITS[(k + j) % 4][0],
                    CATEGORIES[(k + j) % 4], "middels", "telefon", "lukket", f"Sak uke 20 {k}-{j}"])
        for i, day in enumerate(LATER_DAYS):
            for j, (name, _area, staff, _al) in enumerate(UNITS):
                con.execute("INSERT INTO adoption_daily VALUES (?, ?, ?)",
                            [day, name, min(staff, int(staff * 0.97)) - j])
            con.execute("INSERT INTO portal_logins_daily (day, logins) VALUES (?, ?)", [day, 25000 + 500 * i])
        con.execute("INSERT INTO events (ts, title, kind) VALUES ('2022-05-23 08:00', 'Superbrukere på halv tid', "
                    "'bemanning')")

    db.write(fill, path)
    return path


def build_v1_database(path: str | Path) -> Path:
    """Write a database as schema version 1 left it (one unit), to test migrations of old files."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        for ddl in db.MIGRATIONS[1]:
            con.execute(ddl)
        con.execute("INSERT INTO schema_version VALUES (1, now()::TIMESTAMP)")
        con.execute("INSERT INTO units VALUES ('Lade hjemmetjeneste', 'hjemmetjeneste', 10, NULL, [])")
    finally:
        con.close()
    return path


def private_copy(src: str | Path, dest: str | Path) -> Path:
    """Copy a shared fixture file for a test that writes or counts rows, without the audit rows others left.

    AppTests open the session's fixture files through the app, and the app records what they view in the
    audit log: a test that counts audit rows (or cuts the file at a fixed share) starts from a clean copy.
    """
    dest = Path(dest)
    dest.write_bytes(Path(src).read_bytes())
    with duckdb.connect(str(dest)) as con:
        con.execute("DELETE FROM audit_log")
        con.execute("CHECKPOINT")
    return dest
