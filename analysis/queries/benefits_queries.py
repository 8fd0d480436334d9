"""SQL for «Gevinster»: the benefit register, its measurements, and storing one measurement from the owners' form."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import db

DbPath = str | None


def query_benefits(path: DbPath = None, go_live: int | None = None) -> pd.DataFrame:
    """The register (gevinster and ulemper), one row each, with the citizens of the go-live it belongs to."""
    return db.read_df("""
        SELECT b.id, b.name, b.kind, b.owner, b.units, b.indicator, b.measure_unit, b.baseline, b.target,
               b.nok_per_unit, b.due_date, coalesce(b.go_live_id, (SELECT min(id) FROM go_lives)) AS go_live_id,
               b.description, b.synthetic, g.label AS go_live, g.citizens
        FROM benefits b LEFT JOIN go_lives g ON g.id = coalesce(b.go_live_id, (SELECT min(id) FROM go_lives))
        WHERE ? IS NULL OR coalesce(b.go_live_id, (SELECT min(id) FROM go_lives)) = ?
        ORDER BY b.kind, b.id""", [go_live, go_live], db=path)


def query_unit_areas(path: DbPath = None) -> list[tuple[str, str, str | None]]:
    """Each unit's service area and go-live label (who owns a benefit that names an area, in its go-live)."""
    return db.read_rows("""
        SELECT u.name, u.service_area, g.label FROM units u
        LEFT JOIN unit_go_live l ON l.unit = u.name LEFT JOIN go_lives g ON g.id = l.go_live_id""", db=path)


def query_measurements(path: DbPath = None) -> pd.DataFrame:
    """Every measurement, oldest first (a benefit measured twice on one day: the latest recorded counts)."""
    return db.read_df("""
        SELECT benefit, measured_on, value, comment, author, recorded_at FROM benefit_measurements
        QUALIFY row_number() OVER (PARTITION BY benefit, measured_on ORDER BY recorded_at DESC NULLS LAST, id DESC) = 1
        ORDER BY benefit, measured_on""", db=path)


def insert_measurement(path: DbPath, benefit: str, day: dt.date, value: float, comment: str | None,
                       author: str) -> None:
    """Store one measurement (one write transaction)."""
    db.write(lambda con: con.execute(
        "INSERT INTO benefit_measurements (benefit, measured_on, value, comment, author, recorded_at, source) "
        "VALUES (?, ?, ?, ?, ?, current_localtimestamp(), 'skjema')",
        [benefit, day, value, comment, author]).fetchall(), db=path)
