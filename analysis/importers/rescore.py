"""Re-run the text analysis on stored chat messages and unit reports when the analyzer changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db as store
from analysis.config import db_path
from analysis.importers import messages as msg
from analysis.importers.store_stage import ANALYSIS_SQL_TYPES
from analysis.text import sentiment, stored_columns

BATCH = 5_000
TABLES = ("chat_messages", "unit_reports")


@dataclass(frozen=True)
class RescoreResult:
    """How many texts were analysed again, per table."""

    chat: int
    reports: int
    version: str

    def summary_text(self) -> str:
        """One Norwegian line."""
        return msg.RESCORE_DONE.format(chat=self.chat, reports=self.reports, version=self.version)


def _outdated(db: str | Path | None, only_outdated: bool, version: str) -> dict[str, pd.DataFrame]:
    """Read (id, text) of texts to re-score, per table, in one read-only snapshot."""
    def read(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
        out = {}
        for table in TABLES:
            try:
                out[table] = con.execute(
                    f"SELECT id, text FROM {table} WHERE id IS NOT NULL AND coalesce(text, '') <> '' "
                    "AND (NOT ? OR analyzer_version IS DISTINCT FROM ?) ORDER BY id",
                    [only_outdated, version],
                ).df()
            except duckdb.CatalogException:
                out[table] = pd.DataFrame(columns=["id", "text"])
        return out

    return store.read_many(read, db=db)


def _score_batches(texts: list[str]) -> pd.DataFrame:
    """Score texts in batches (bounded analyzer calls) and concatenate."""
    parts = [stored_columns.score_texts(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=stored_columns.ANALYSIS_COLUMNS)


def rescore(db: str | Path | None = None, only_outdated: bool = True) -> RescoreResult:
    """Re-score stored texts whose analyzer_version differs (or all); all updates in one transaction."""
    version = sentiment.ANALYZER_VERSION
    if not db_path(db).exists():
        return RescoreResult(0, 0, version)
    todo = _outdated(db, only_outdated, version)
    scored = {
        table: pd.concat([frame.reset_index(drop=True), _score_batches(frame["text"].tolist())], axis=1)
        for table, frame in todo.items() if not frame.empty
    }

    def work(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        counts = {}
        for table, frame in scored.items():
            con.register("_incoming", frame)
            casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in ANALYSIS_SQL_TYPES.items())
            con.execute(f"CREATE OR REPLACE TEMP TABLE _rescore AS SELECT id, text, {casts} FROM _incoming")
            con.unregister("_incoming")
            sets = ", ".join(f"{c} = s.{c}" for c in ANALYSIS_SQL_TYPES)
            # Matching the text too: a row edited since it was read keeps its (newer) analysis.
            counts[table] = con.execute(
                f"UPDATE {table} AS t SET {sets} FROM _rescore s WHERE t.id = s.id AND t.text = s.text"
            ).fetchone()[0]
            con.execute("DROP TABLE _rescore")
        return counts

    counts = store.write(work, db) if scored else {}
    return RescoreResult(int(counts.get("chat_messages", 0)), int(counts.get("unit_reports", 0)), version)
