"""The audit trail: one append-only row per action — who, when, what, on what — for the app and the command line.

`record(db, user, action, target, detail)` is the only writer of `audit_log`. Rows are never updated or deleted;
each row's `chain` is the SHA-256 of the previous row's chain and its own values, so `verify_chain` finds a row
that was changed or removed behind the program's back. Times are real wall-clock time (never GOLIVE_NOW).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import db as store
from analysis.access import Principal, RoleBook
from analysis.clock import local_now
from analysis.queries import audit_queries
from analysis.queries.audit_queries import AuditFilter
from analysis.queries.common_queries import DbPath

# The action vocabulary: the code stored, and what the admin page and the command line show.
ACTIONS: dict[str, str] = {
    "login": "Innlogging",
    "logout": "Utlogging",
    "view_text": "Så meldingstekst",
    "download": "Lastet ned",
    "export": "Eksport",
    "import": "Import",
    "rescore": "Ny tekstanalyse",
    "report": "Daglig rapport",
    "benefit": "Gevinstmåling",
    "note": "Møtenotat",
    "follow_up": "Oppfølging: status endret",
    "role_change": "Roller endret",
    "refused": "Avvist",
    "database": "Database opprettet",
}
VIA = ("app", "cli", "api", "mappe")  # the app, the command line, the ingestion API, the watch folder
TEXT_MAX = 4000


@dataclass(frozen=True)
class Entry:
    """One row as stored: who (id and roles), what, on what, details, from where, a reference, when."""

    actor: str
    roles: str
    action: str
    target: str | None
    detail: str | None
    via: str
    ref: str | None
    acted_at: dt.datetime

    def values(self) -> tuple:
        """The values in audit_queries.COLUMNS order."""
        return (self.acted_at, self.actor, self.roles, self.action, self.target, self.detail, self.via, self.ref)


def chain_hash(previous: str, values: tuple) -> str:
    """The chain hash of a row: SHA-256 over the previous row's hash and this row's values."""
    text = "\x1f".join([previous, *("" if v is None else (v.isoformat() if isinstance(v, dt.datetime) else str(v))
                                    for v in values)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clip(text: object) -> str | None:
    """A value as stored text (None stays None), at most TEXT_MAX characters."""
    if text is None:
        return None
    out = str(text)
    return out if len(out) <= TEXT_MAX else out[:TEXT_MAX - 1] + "…"


def entry(user: Principal | str, action: str, target: object = None, detail: object = None, via: str = "app",
          ref: str | None = None, at: dt.datetime | None = None) -> Entry:
    """Build one checked row; refuse an action or source outside the vocabulary."""
    if action not in ACTIONS:
        raise ValueError(f"Ukjent handling i revisjonsloggen: {action}")
    if via not in VIA:
        raise ValueError(f"Ukjent kilde i revisjonsloggen: {via}")
    if isinstance(user, Principal):
        actor, roles = user.user, user.describe()
    else:
        actor, roles = str(user), ""
    return Entry(actor.strip() or "ukjent", roles, action, _clip(target), _clip(detail), via, ref,
                 (at or local_now()).replace(microsecond=0))


def append(con: duckdb.DuckDBPyConnection, row: Entry) -> int:
    """Append a row inside an open write transaction (for writers that log in the same transaction)."""
    values = row.values()
    return audit_queries.insert_row(con, values, chain_hash(audit_queries.last_chain(con), values))


def record(db: DbPath, user: Principal | str, action: str, target: object = None, detail: object = None, *,
           via: str = "app", ref: str | None = None) -> int:
    """Write one audit row (its own transaction) and return its id; raises when the log cannot be written."""
    row = entry(user, action, target, detail, via, ref)
    return store.write(lambda con: append(con, row), db)


def has_login(db: DbPath, ref: str) -> bool:
    """Tell whether this log-in (its token reference) is already in the log."""
    return audit_queries.query_has_ref("login", ref, db)


def note_roles(db: DbPath, book: RoleBook, user: Principal | str, via: str = "app") -> bool:
    """Record a role change when the roles file's content differs from the last version the log saw.

    The file is edited outside the program: the row says when Go-live-puls first saw the new version (and who
    was using it then), with every grant of the new version in `detail`. Returns True when a row was written.
    """
    if not book.digest:
        return False
    row = entry(user, "role_change", book.path, book.listing() or "(ingen oppføringer)", via, book.digest)

    def fn(con: duckdb.DuckDBPyConnection) -> bool:
        if audit_queries.last_ref(con, "role_change") == book.digest:
            return False
        append(con, row)
        return True

    return store.write(fn, db)


def list_rows(f: AuditFilter, db: DbPath = None) -> pd.DataFrame:
    """The rows matching a filter, newest first, with the action in Norwegian beside its code."""
    rows = audit_queries.query_audit(f, db)
    rows.insert(rows.columns.get_loc("action") + 1, "action_nb", rows["action"].map(lambda a: ACTIONS.get(a, a)))
    return rows


def verify_chain(db: DbPath = None) -> int | None:
    """The id of the first row whose chain hash does not hold (changed or removed rows), or None when all hold."""
    previous = ""
    for row in audit_queries.query_chain_rows(db):
        values, chain = tuple(row[1:-1]), row[-1]
        if chain_hash(previous, values) != chain:
            return int(row[0])
        previous = chain
    return None


def audit_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as a display table with Norwegian headers (every cell plain text)."""
    from analysis.fmt import fmt_datetime

    return pd.DataFrame({
        "Tid": [fmt_datetime(pd.Timestamp(t).to_pydatetime(), year=True) for t in rows["acted_at"]],
        "Bruker": rows["actor"].fillna(""),
        "Rolle": rows["roles"].fillna(""),
        "Handling": rows["action"].map(lambda a: ACTIONS.get(a, a)),
        "Gjelder": rows["target"].fillna(""),
        "Detaljer": rows["detail"].fillna(""),
        "Fra": rows["via"].map({"app": "appen", "cli": "kommandolinjen"}).fillna(rows["via"]),
    })


def count_rows(f: AuditFilter, db: DbPath = None) -> int:
    """How many rows match a filter in all."""
    return audit_queries.query_audit_count(f, db)


def actors(db: DbPath = None) -> list[str]:
    """Every user id in the log, sorted (for the admin page's choice)."""
    return audit_queries.query_actors(db)


def grants_table(book: RoleBook) -> pd.DataFrame:
    """The roles file's grants as a display table: kind, who, roles, units."""
    from analysis.access import ROLES

    return pd.DataFrame({
        "Type": [g.kind for g in book.grants],
        "Hvem": [g.who for g in book.grants],
        "Roller": [", ".join(r for r in ROLES if r in g.roles) for g in book.grants],
        "Enheter": [", ".join(sorted(g.units)) for g in book.grants],
    })
