"""The one module that owns DuckDB: schema, migrations, short-lived connections and lock retries.

Rules (see CONVENTIONS.md): readers open read-only, writers do one transaction, CHECKPOINT and
close; nobody keeps a connection. DuckDB refuses a read-write open while any other connection to
the file exists (another process: IOException "Could not set lock"; this process:
ConnectionException "different configuration"), so every open is retried with backoff.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from analysis import errors
from analysis.config import db_path

T = TypeVar("T")

SCHEMA_VERSION = 6

# Each migration brings the file from version n-1 to n. Never edit a released step: add one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS units (
            name          VARCHAR PRIMARY KEY,
            service_area  VARCHAR NOT NULL,
            staff_count   INTEGER NOT NULL CHECK (staff_count >= 0),
            go_live_date  DATE,
            aliases       VARCHAR[] DEFAULT []
        )""",
        """CREATE SEQUENCE IF NOT EXISTS chat_messages_id START 1""",
        """CREATE TABLE IF NOT EXISTS chat_messages (
            id               BIGINT DEFAULT nextval('chat_messages_id'),
            ts               TIMESTAMP NOT NULL,
            unit             VARCHAR,
            text             VARCHAR NOT NULL,
            role             VARCHAR,
            channel          VARCHAR,
            polarity         DOUBLE,
            label            VARCHAR,
            language         VARCHAR,
            themes           VARCHAR[],
            safety           BOOLEAN DEFAULT FALSE,
            safety_reason    VARCHAR,
            evidence         VARCHAR,
            analyzer_version VARCHAR,
            source           VARCHAR
        )""",
        """CREATE SEQUENCE IF NOT EXISTS unit_reports_id START 1""",
        """CREATE TABLE IF NOT EXISTS unit_reports (
            id               BIGINT DEFAULT nextval('unit_reports_id'),
            day              DATE NOT NULL,
            unit             VARCHAR NOT NULL,
            status           VARCHAR NOT NULL CHECK (status IN ('grønn', 'gul', 'rød')),
            mood             INTEGER CHECK (mood BETWEEN 1 AND 5),
            text             VARCHAR,
            reported_at      TIMESTAMP,
            polarity         DOUBLE,
            label            VARCHAR,
            language         VARCHAR,
            themes           VARCHAR[],
            safety           BOOLEAN DEFAULT FALSE,
            safety_reason    VARCHAR,
            evidence         VARCHAR,
            analyzer_version VARCHAR,
            source           VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS tickets (
            ticket_id   VARCHAR PRIMARY KEY,
            opened_at   TIMESTAMP NOT NULL,
            closed_at   TIMESTAMP,
            unit        VARCHAR,
            category    VARCHAR,
            priority    VARCHAR,
            channel     VARCHAR,
            status      VARCHAR,
            summary     VARCHAR,
            reopened    INTEGER DEFAULT 0,
            source      VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS adoption_daily (
            day          DATE NOT NULL,
            unit         VARCHAR NOT NULL,
            active_users INTEGER NOT NULL CHECK (active_users >= 0),
            PRIMARY KEY (day, unit)
        )""",
        """CREATE TABLE IF NOT EXISTS portal_logins_daily (
            day    DATE PRIMARY KEY,
            logins INTEGER NOT NULL CHECK (logins >= 0)
        )""",
        """CREATE SEQUENCE IF NOT EXISTS events_id START 1""",
        """CREATE TABLE IF NOT EXISTS events (
            id          BIGINT DEFAULT nextval('events_id'),
            ts          TIMESTAMP NOT NULL,
            title       VARCHAR NOT NULL,
            kind        VARCHAR NOT NULL,
            unit        VARCHAR,
            description VARCHAR
        )""",
        """CREATE SEQUENCE IF NOT EXISTS weekly_notes_id START 1""",
        """CREATE TABLE IF NOT EXISTS weekly_notes (
            id         BIGINT DEFAULT nextval('weekly_notes_id'),
            iso_week   VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            kind       VARCHAR NOT NULL DEFAULT 'beslutning',
            text       VARCHAR NOT NULL,
            author     VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS meta (
            key   VARCHAR PRIMARY KEY,
            value VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            applied_at TIMESTAMP NOT NULL
        )""",
    ],
    # Step 2 (importers): a log of file imports, and the rule "the latest report per unit and day
    # counts" as a view, so every page reads unit reports the same way.
    2: [
        """CREATE SEQUENCE IF NOT EXISTS import_log_id START 1""",
        """CREATE TABLE IF NOT EXISTS import_log (
            id              BIGINT DEFAULT nextval('import_log_id'),
            imported_at     TIMESTAMP NOT NULL,
            kind            VARCHAR NOT NULL,
            filename        VARCHAR,
            file_sha256     VARCHAR,
            rows_read       INTEGER NOT NULL,
            imported        INTEGER NOT NULL,
            updated         INTEGER NOT NULL,
            already_present INTEGER NOT NULL,
            rejected        INTEGER NOT NULL,
            masked          INTEGER NOT NULL
        )""",
        """CREATE OR REPLACE VIEW unit_reports_latest AS
            SELECT * FROM unit_reports
            QUALIFY row_number() OVER (
                PARTITION BY unit, day ORDER BY reported_at DESC NULLS LAST, id DESC
            ) = 1""",
    ],
    # Step 3 (follow-up queue): who took, reported or closed a message that needs a person. Append-only:
    # an item's status is its latest action, and the history stays findable.
    3: [
        """CREATE SEQUENCE IF NOT EXISTS follow_up_actions_id START 1""",
        """CREATE TABLE IF NOT EXISTS follow_up_actions (
            id        BIGINT DEFAULT nextval('follow_up_actions_id'),
            item      VARCHAR NOT NULL,
            status    VARCHAR NOT NULL CHECK (status IN ('tatt', 'avvik meldt', 'lukket', 'gjenåpnet')),
            person    VARCHAR NOT NULL,
            comment   VARCHAR,
            acted_at  TIMESTAMP NOT NULL
        )""",
    ],
    # Step 4 (access and audit): an append-only audit log of who did what and when (analysis/audit.py is its
    # only writer; nothing updates or deletes a row, and each row's chain hash covers the one before it), and the
    # author of a daily report and of an import as the log-in gives it.
    4: [
        """CREATE SEQUENCE IF NOT EXISTS audit_log_id START 1""",
        """CREATE TABLE IF NOT EXISTS audit_log (
            id      BIGINT DEFAULT nextval('audit_log_id') PRIMARY KEY,
            acted_at TIMESTAMP NOT NULL,
            actor   VARCHAR NOT NULL,
            roles   VARCHAR,
            action  VARCHAR NOT NULL,
            target  VARCHAR,
            detail  VARCHAR,
            via     VARCHAR NOT NULL,
            ref     VARCHAR,
            chain   VARCHAR NOT NULL
        )""",
        """ALTER TABLE unit_reports ADD COLUMN IF NOT EXISTS author VARCHAR""",
        """ALTER TABLE import_log ADD COLUMN IF NOT EXISTS imported_by VARCHAR""",
        # the view's SELECT * is re-bound so it carries the new column
        """CREATE OR REPLACE VIEW unit_reports_latest AS
            SELECT * FROM unit_reports
            QUALIFY row_number() OVER (
                PARTITION BY unit, day ORDER BY reported_at DESC NULLS LAST, id DESC
            ) = 1""",
        # The ingestion service (analysis/service, analysis/alerts): each delivery of rows per source (API or
        # watch folder), the alerts sent, the causes they cover or held back (cool-down), and every delivery
        # attempt (retries with backoff stay visible). Read and written through analysis/queries/feed_queries.py
        # and alert_queries.py.
        """CREATE SEQUENCE IF NOT EXISTS feed_deliveries_id START 1""",
        """CREATE TABLE IF NOT EXISTS feed_deliveries (
            id              BIGINT DEFAULT nextval('feed_deliveries_id'),
            received_at     TIMESTAMP NOT NULL,
            source          VARCHAR NOT NULL,
            via             VARCHAR NOT NULL CHECK (via IN ('api', 'mappe')),
            kind            VARCHAR NOT NULL,
            filename        VARCHAR,
            rows_read       INTEGER NOT NULL,
            imported        INTEGER NOT NULL,
            updated         INTEGER NOT NULL,
            already_present INTEGER NOT NULL,
            rejected        INTEGER NOT NULL,
            outcome         VARCHAR NOT NULL CHECK (outcome IN ('importert', 'avvist'))
        )""",
        """CREATE SEQUENCE IF NOT EXISTS alerts_id START 1""",
        """CREATE TABLE IF NOT EXISTS alerts (
            id          BIGINT DEFAULT nextval('alerts_id'),
            created_at  TIMESTAMP NOT NULL,
            rule        VARCHAR NOT NULL,
            title       VARCHAR NOT NULL,
            body        VARCHAR NOT NULL,
            link        VARCHAR,
            causes      VARCHAR[] NOT NULL,
            items       VARCHAR[] NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS alert_causes (
            rule        VARCHAR NOT NULL,
            cause       VARCHAR NOT NULL,
            item        VARCHAR NOT NULL,
            alert_id    BIGINT,
            seen_at     TIMESTAMP NOT NULL,
            suppressed  BOOLEAN NOT NULL
        )""",
        """CREATE SEQUENCE IF NOT EXISTS alert_deliveries_id START 1""",
        """CREATE TABLE IF NOT EXISTS alert_deliveries (
            id            BIGINT DEFAULT nextval('alert_deliveries_id'),
            alert_id      BIGINT NOT NULL,
            channel       VARCHAR NOT NULL,
            attempt       INTEGER NOT NULL,
            attempted_at  TIMESTAMP NOT NULL,
            ok            BOOLEAN NOT NULL,
            error         VARCHAR,
            next_try_at   TIMESTAMP
        )""",
    ],
    # Step 5 (waves and benefits, issue 17): a go-live is an entity (organisation, wave, date) and every unit belongs
    # to one; the data of a file made before this step becomes one go-live (its date from meta, else the earliest
    # unit's). The benefit register (gevinster and ulemper alike, told apart by `kind`) and its measurements.
    5: [
        """CREATE SEQUENCE IF NOT EXISTS go_lives_id START 1""",
        """CREATE TABLE IF NOT EXISTS go_lives (
            id            INTEGER DEFAULT nextval('go_lives_id') PRIMARY KEY,
            organisation  VARCHAR NOT NULL,
            wave          VARCHAR NOT NULL,
            go_live_date  DATE,
            label         VARCHAR NOT NULL,
            synthetic     BOOLEAN NOT NULL DEFAULT FALSE,
            citizens      INTEGER CHECK (citizens >= 0)
        )""",
        # A unit's go-live lives beside the units table, not in it: the units table keeps its five columns, so the
        # units import and every positional INSERT stay as they are. A unit without a row here belongs to the first
        # go-live (see the view unit_go_live).
        """CREATE TABLE IF NOT EXISTS unit_go_lives (
            unit        VARCHAR PRIMARY KEY,
            go_live_id  INTEGER NOT NULL
        )""",
        # Today's data becomes go-live 1 (only when there is some: a new, empty file gets its go-lives later).
        """INSERT INTO go_lives (id, organisation, wave, go_live_date, label, synthetic)
            SELECT 1,
                   CASE WHEN m.demo = '1' THEN 'Trondheim kommune' ELSE coalesce(m.org, 'Kommunen') END,
                   'PD1', d.day,
                   CASE WHEN m.demo = '1' THEN 'Trondheim (PD1)' ELSE coalesce(m.org, 'Første go-live') END,
                   coalesce(m.demo = '1', FALSE)
            FROM (SELECT max(value) FILTER (WHERE key = 'demo') AS demo,
                         max(value) FILTER (WHERE key = 'organisation') AS org FROM meta) m,
                 (SELECT coalesce(TRY_CAST((SELECT max(value) FROM meta WHERE key = 'go_live_date') AS DATE),
                                  (SELECT min(go_live_date) FROM units)) AS day) d
            WHERE EXISTS (SELECT 1 FROM units) OR d.day IS NOT NULL""",
        """INSERT INTO unit_go_lives SELECT name, 1 FROM units WHERE EXISTS (SELECT 1 FROM go_lives WHERE id = 1)""",
        """CREATE OR REPLACE VIEW unit_go_live AS
            SELECT u.name AS unit, coalesce(g.go_live_id, (SELECT min(id) FROM go_lives)) AS go_live_id
            FROM units u LEFT JOIN unit_go_lives g ON g.unit = u.name""",
        """SELECT setval('go_lives_id', coalesce((SELECT max(id) FROM go_lives), 1))""",
        """CREATE SEQUENCE IF NOT EXISTS benefits_id START 1""",
        """CREATE TABLE IF NOT EXISTS benefits (
            id             INTEGER DEFAULT nextval('benefits_id') PRIMARY KEY,
            name           VARCHAR NOT NULL UNIQUE,
            kind           VARCHAR NOT NULL DEFAULT 'gevinst' CHECK (kind IN ('gevinst', 'ulempe')),
            owner          VARCHAR,
            units          VARCHAR[] DEFAULT [],
            indicator      VARCHAR NOT NULL,
            measure_unit   VARCHAR,
            baseline       DOUBLE NOT NULL,
            target         DOUBLE NOT NULL,
            nok_per_unit   DOUBLE NOT NULL DEFAULT 0,
            due_date       DATE,
            go_live_id     INTEGER,
            description    VARCHAR,
            synthetic      BOOLEAN NOT NULL DEFAULT FALSE
        )""",
        """CREATE SEQUENCE IF NOT EXISTS benefit_measurements_id START 1""",
        """CREATE TABLE IF NOT EXISTS benefit_measurements (
            id           BIGINT DEFAULT nextval('benefit_measurements_id'),
            benefit      VARCHAR NOT NULL,
            measured_on  DATE NOT NULL,
            value        DOUBLE NOT NULL,
            comment      VARCHAR,
            author       VARCHAR,
            recorded_at  TIMESTAMP DEFAULT current_localtimestamp(),
            source       VARCHAR
        )""",
    ],
    # Step 6 (waves, issue 17): HelsaMi log-ins and timeline events per go-live. The portal table is rebuilt with a
    # go-live in its key (DuckDB cannot change a primary key in place); the column comes last so a row without it
    # lands on go-live 1, the first registered one. An event's go-live is NULL for a programme-wide event (on every
    # go-live's timeline); a unit's event follows its unit. Data from before this step belongs to the first go-live.
    6: [
        """CREATE TABLE portal_logins_by_go_live (
            day         DATE NOT NULL,
            logins      INTEGER NOT NULL CHECK (logins >= 0),
            go_live_id  INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (day, go_live_id)
        )""",
        """INSERT INTO portal_logins_by_go_live
            SELECT day, logins, coalesce((SELECT min(id) FROM go_lives), 1) FROM portal_logins_daily""",
        """DROP TABLE portal_logins_daily""",
        """ALTER TABLE portal_logins_by_go_live RENAME TO portal_logins_daily""",
        """ALTER TABLE events ADD COLUMN IF NOT EXISTS go_live_id INTEGER""",
        """UPDATE events SET go_live_id = (SELECT min(id) FROM go_lives) WHERE unit IS NULL""",
        # A go-live's own benefit goal in NOK a year (NULL: 363 kr per citizen, else the seed's 80 MNOK).
        """ALTER TABLE go_lives ADD COLUMN IF NOT EXISTS goal_nok DOUBLE""",
        # The weekly meeting's decisions per go-live too (NULL: a meeting across all go-lives).
        """ALTER TABLE weekly_notes ADD COLUMN IF NOT EXISTS go_live_id INTEGER""",
        """UPDATE weekly_notes SET go_live_id = (SELECT min(id) FROM go_lives)""",
    ],
}

READ_BUDGET_S = 15.0
WRITE_BUDGET_S = 120.0


class DatabaseMissing(errors.DatabaseMissing, FileNotFoundError):
    """The database file does not exist (also a FileNotFoundError for callers that check files)."""


class DatabaseTooNew(errors.DatabaseTooNew, RuntimeError):
    """The file's schema is newer than this program's (also a RuntimeError, as before)."""


DatabaseBusy = errors.DatabaseBusy


def is_lock_error(exc: BaseException) -> bool:
    """Tell whether a DuckDB error is a transient lock/configuration clash worth retrying."""
    if not isinstance(exc, (duckdb.IOException, duckdb.ConnectionException)):
        return False
    return errors.is_lock_message(str(exc))


def _open_with_retry(path: Path, read_only: bool, budget_s: float) -> duckdb.DuckDBPyConnection:
    """Open a connection, retrying lock clashes with jittered exponential backoff."""
    deadline = time.monotonic() + budget_s
    delay = 0.01
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise DatabaseBusy(f"Databasen {path} er opptatt (låst).", errors.BUSY_HINT) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


@contextmanager
def reader(db: str | Path | None = None, budget_s: float = READ_BUDGET_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a short-lived read-only connection; it is closed on exit."""
    path = db_path(db)
    if not path.exists():
        raise DatabaseMissing(f"Fant ikke databasen {path}.",
                              "Start appen med ./start.sh (lager demodatabasen) eller velg fil med --db / GOLIVE_DB.")
    con = _open_with_retry(path, read_only=True, budget_s=budget_s)
    try:
        yield con
    finally:
        con.close()


def _retry_read(path: str | Path | None, fn: Callable[[duckdb.DuckDBPyConnection], T], budget_s: float) -> T:
    """Run a read function, retrying when a writer's lock interrupts it mid-way."""
    deadline = time.monotonic() + budget_s
    delay = 0.02
    while True:
        try:
            with reader(path, budget_s=max(0.5, deadline - time.monotonic())) as con:
                return fn(con)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not is_lock_error(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def read_df(sql: str, params: Sequence[Any] = (), db: str | Path | None = None) -> pd.DataFrame:
    """Run one parameterised SELECT on a fresh read-only connection and return a DataFrame."""
    return _retry_read(db, lambda con: con.execute(sql, list(params)).df(), READ_BUDGET_S)


def read_rows(sql: str, params: Sequence[Any] = (), db: str | Path | None = None) -> list[tuple]:
    """Run one parameterised SELECT and return its rows as tuples."""
    return _retry_read(db, lambda con: con.execute(sql, list(params)).fetchall(), READ_BUDGET_S)


def read_many(fn: Callable[[duckdb.DuckDBPyConnection], T], db: str | Path | None = None) -> T:
    """Run several reads on one short-lived read-only connection (one snapshot)."""
    return _retry_read(db, fn, READ_BUDGET_S)


def write(fn: Callable[[duckdb.DuckDBPyConnection], T], db: str | Path | None = None,
          budget_s: float = WRITE_BUDGET_S) -> T:
    """Run `fn` in one transaction on a read-write connection, checkpoint and close.

    The schema is brought up to date first. On any error inside `fn` the transaction is rolled
    back, so nothing that was already stored is lost.
    """
    path = db_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open_with_retry(path, read_only=False, budget_s=budget_s)
    try:
        _migrate(con)
        con.execute("BEGIN TRANSACTION")
        try:
            result = fn(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # Fold the WAL into the file so read-only openers see a clean, fast-opening database.
        con.execute("CHECKPOINT")
        return result
    finally:
        con.close()


def _current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the schema version stored in the file (0 for a new file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def _migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the missing migration steps in one transaction each; return the resulting version."""
    version = _current_version(con)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"Databasen har skjemaversjon {version}, nyere enn programmets {SCHEMA_VERSION}.",
            "Oppdater Go-live-puls før du bruker denne filen; den er ikke endret.",
        )
    for step in range(version + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        for ddl in MIGRATIONS[step]:
            con.execute(ddl)
        con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [step])
        con.execute("COMMIT")
    return SCHEMA_VERSION


def ensure_schema(db: str | Path | None = None) -> int:
    """Create or migrate the database file; return its schema version."""
    return write(_current_version, db)


def stored_version(db: str | Path | None = None) -> int:
    """Return the schema version of an existing file without changing it."""
    return read_many(_current_version, db)


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Upsert one key in the meta table (inside a write transaction)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def check_version(db: str | Path | None = None) -> int:
    """Return the stored schema version; refuse a file written by a newer program (readers never migrate)."""
    version = stored_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"Databasen har skjemaversjon {version}, nyere enn programmets {SCHEMA_VERSION}.",
            "Oppdater Go-live-puls før du bruker denne filen; den er ikke endret.",
        )
    return version


def verify(db: str | Path | None = None) -> dict[str, int]:
    """Read every row and column of every table once (checksums included) and return the row counts.

    A plain count(*) reads only metadata, so a truncated or corrupted file can look healthy; hashing every
    column forces every block to be read and checked. Faults surface as DuckDB errors (see errors.classify).
    """

    def scan(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        # Table names come from the catalogue, never from input.
        return {t: con.execute(f'SELECT count(*) FROM "{t}" WHERE hash(COLUMNS(*)) IS NOT NULL').fetchone()[0]
                for t in tables}

    return read_many(scan, db)
