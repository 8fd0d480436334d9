"""Match unit names from files to the known units, by name or alias, ignoring case."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis import db as store
from analysis.config import db_path
from analysis.importers import messages as msg
from analysis.importers.values import ValueProblem, show

SUGGEST_CUTOFF = 0.6
SUGGEST_SPREAD = 0.1


def _key(name: str) -> str:
    """Case- and whitespace-insensitive key of a unit name."""
    return " ".join(str(name).split()).casefold()


@dataclass
class UnitMatcher:
    """Known units: canonical name by folded name or alias."""

    names: dict[str, str] = field(default_factory=dict)  # key -> canonical name
    aliases: dict[str, str] = field(default_factory=dict)  # key -> canonical name
    staff: dict[str, int] = field(default_factory=dict)  # canonical name -> staff count (plausibility checks)
    benefits: tuple[str, ...] = ()  # the benefit register's names (import kind «gevinster» matches them)
    go_lives: tuple[tuple, ...] = ()  # (id, label, organisation, wave) per go-live (the units import's go-live column)
    areas: dict[str, str] = field(default_factory=dict)  # key -> service area as stored (a benefit's «enheter»)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> UnitMatcher:
        """Build from (name, aliases) or (name, aliases, staff_count) rows."""
        m = cls()
        for name, aliases, *rest in rows:
            m.names[_key(name)] = name
            if rest and rest[0] is not None:
                m.staff[name] = int(rest[0])
            for alias in aliases or []:
                m.aliases.setdefault(_key(alias), name)
        return m

    @classmethod
    def load(cls, db: str | Path | None = None) -> UnitMatcher:
        """Read the units table (read-only); an absent database means no known units."""
        if not db_path(db).exists():
            return cls()
        try:
            rows = store.read_rows("SELECT name, aliases, staff_count FROM units ORDER BY name", db=db)
        except duckdb.CatalogException:  # a file without the schema yet
            return cls()
        matcher = cls.from_rows(rows)
        areas = store.read_rows("SELECT DISTINCT service_area FROM units ORDER BY 1", db=db)
        matcher.areas = {_key(a): a for (a,) in areas}
        try:
            matcher.benefits = tuple(n for (n,) in store.read_rows("SELECT name FROM benefits ORDER BY name", db=db))
        except duckdb.CatalogException:  # a file from before schema step 5 has no register
            pass
        try:
            matcher.go_lives = tuple(
                store.read_rows("SELECT id, label, organisation, wave FROM go_lives ORDER BY id", db=db))
        except duckdb.CatalogException:  # nor go-lives
            pass
        return matcher

    def owner(self, value: str) -> str | None:
        """Return the canonical unit for a name or alias, or None."""
        k = _key(value)
        return self.names.get(k) or self.aliases.get(k)

    def resolve(self, value: str) -> str:
        """Return the canonical unit name or raise a problem suggesting the closest names."""
        found = self.owner(value)
        if found:
            return found
        if not self.names:
            raise ValueProblem(msg.V_UNKNOWN_UNIT_NONE.format(value=show(value)))
        candidates = {**self.aliases, **self.names}
        wanted = _key(value)
        scored = sorted(
            ((difflib.SequenceMatcher(None, wanted, c).ratio(), c) for c in candidates), reverse=True)
        # Suggest the best match and any nearly as good (not every name that is vaguely similar).
        best = scored[0][0] if scored else 0.0
        close = [c for ratio, c in scored if ratio >= max(SUGGEST_CUTOFF, best - SUGGEST_SPREAD)]
        suggestions = list(dict.fromkeys(candidates[c] for c in close))[:3]
        if not suggestions:
            raise ValueProblem(msg.V_UNKNOWN_UNIT.format(value=show(value)))
        quoted = " eller ".join(f"«{s}»" for s in suggestions)
        raise ValueProblem(msg.V_UNKNOWN_UNIT_HINT.format(value=show(value), suggestions=quoted))
