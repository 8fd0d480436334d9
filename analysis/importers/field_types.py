"""Value types of import fields: how a cell is parsed, its SQL type, and whether it is free text."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.clock import local_now
from analysis.importers import messages as msg
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.values import (
    ValueProblem,
    cell_text,
    clean_text,
    fold,
    parse_date,
    parse_datetime,
    parse_int,
    parse_status,
    show,
    split_aliases,
)

if TYPE_CHECKING:
    from analysis.importers.schemas import Field

Converter = Callable[[object], object]  # one non-blank cell -> value; raises ValueProblem
MEMO_LIMIT = 10_000

# Something that happened cannot lie ahead of the clock; one day of slack covers clocks and time zones.
AHEAD_LIMIT = dt.timedelta(days=1)
# Kept here beside the rule it belongs to (the importers' other texts are in messages.py).
V_AHEAD = ("{value} er mer enn ett døgn frem i tid (nå: {now}); raden er ikke lagret. "
           "Rett dato eller tidspunkt og importer filen på nytt")


@dataclass(frozen=True)
class ValueType:
    """A type of cell: its name, SQL type, converter factory, and whether it is free text (masked)."""

    name: str
    sql: str
    make_converter: Callable[[Field, UnitMatcher], Converter]
    free_text: bool = False


def memo(fn: Converter) -> Converter:
    """Cache a converter for columns with few distinct values (units, roles); problems are cached too."""
    cache: dict = {}

    def wrapped(raw: object) -> object:
        try:
            hit = cache[raw]
        except (KeyError, TypeError):
            try:
                hit = (True, fn(raw))
            except ValueProblem as exc:
                hit = (False, exc)
            if len(cache) < MEMO_LIMIT:
                try:
                    cache[raw] = hit
                except TypeError:
                    pass
        if hit[0]:
            return hit[1]
        raise ValueProblem(str(hit[1]))
    return wrapped


def _mood(raw: object) -> int:
    """A mood score from 1 to 5."""
    return parse_int(raw, low=1, high=5)


def _label(raw: object) -> str:
    """A short label on one line, inner whitespace collapsed."""
    return " ".join(cell_text(raw).split())


def _text_converter(f: Field, units: UnitMatcher) -> Converter:
    """Free text, refused when longer than the field's limit."""
    def text(raw: object) -> str:
        value = clean_text(raw)
        if f.max_len and len(value) > f.max_len:
            raise ValueProblem(msg.V_TOO_LONG.format(length=len(value), limit=f.max_len))
        return value
    return text


def _unit_converter(f: Field, units: UnitMatcher) -> Converter:
    """A known unit by name or alias (memoised: a file names few units many times)."""
    return memo(lambda raw: units.resolve(cell_text(raw)))


def latest_allowed(now: dt.datetime | None = None) -> dt.datetime:
    """Return the latest moment a row may be dated: one day ahead of the Norwegian clock."""
    return (now or local_now()) + AHEAD_LIMIT


def check_not_ahead(value: dt.date, limit: dt.datetime, now: dt.datetime) -> dt.date:
    """Refuse a date or time more than a day ahead of `now` (a date counts from its start)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if moment > limit:
        shown = value.strftime("%d.%m.%Y %H:%M" if isinstance(value, dt.datetime) else "%d.%m.%Y")
        raise ValueProblem(V_AHEAD.format(value=shown, now=now.strftime("%d.%m.%Y %H:%M")))
    return value


def _happened(parse: Converter) -> Callable[[Field, UnitMatcher], Converter]:
    """A converter factory for when something happened: parsed, then refused if dated ahead of the clock."""
    def make(f: Field, units: UnitMatcher) -> Converter:
        now = local_now()  # read once per import: every row is held against the same clock
        limit = latest_allowed(now)
        return lambda raw: check_not_ahead(parse(raw), limit, now)  # type: ignore[arg-type]
    return make


# A decimal number as typed in Norway or elsewhere: '12,5', '12.5', '1 234,5', '-3'. A cell with both a comma and
# a point ('1.234,5') is refused rather than guessed at: a measurement read a thousand times off is worse than none.
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
_DECIMAL_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_decimal(raw: object) -> float:
    """Parse a decimal number (comma or point as decimal mark, spaces as thousands); Excel numbers as they are."""
    if isinstance(raw, bool):
        raise ValueProblem(msg.V_BAD_DECIMAL.format(value=show(raw)))
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = _DECIMAL_SPACES.sub("", str(raw).strip())
        if not _DECIMAL.match(text):
            raise ValueProblem(msg.V_BAD_DECIMAL.format(value=show(raw)))
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueProblem(msg.V_BAD_DECIMAL.format(value=show(raw)))
    return number


def _benefit_key(name: str) -> str:
    """Case- and whitespace-insensitive key of a benefit name."""
    return " ".join(name.split()).casefold()


def _benefit_converter(f: Field, units: UnitMatcher) -> Converter:
    """A registered benefit by name, any case (the register comes with the importer's known units)."""
    known = {_benefit_key(n): n for n in getattr(units, "benefits", ()) or ()}

    def benefit(raw: object) -> str:
        name = _label(raw)
        found = known.get(_benefit_key(name))
        if found:
            return found
        close = difflib.get_close_matches(_benefit_key(name), list(known), n=2, cutoff=0.6)
        if close:
            quoted = " eller ".join(f"«{known[c]}»" for c in close)
            raise ValueProblem(msg.V_UNKNOWN_BENEFIT_HINT.format(value=show(name), suggestions=quoted))
        raise ValueProblem(msg.V_UNKNOWN_BENEFIT.format(value=show(name)))
    return memo(benefit)


def go_live_keys(go_lives: tuple[tuple, ...]) -> dict[str, int]:
    """Folded names of each go-live -> its id: label, organisation (with and without «kommune») and wave.

    A name two go-lives share (a wave «PD2» in two municipalities) identifies neither and is left out.
    """
    owners: dict[str, set[int]] = {}
    for gid, label, organisation, wave in go_lives:
        org = fold(organisation or "")
        for key in (fold(label or ""), org, org.removesuffix("kommune"), fold(wave or ""), str(gid)):
            if key:
                owners.setdefault(key, set()).add(int(gid))
    return {k: next(iter(ids)) for k, ids in owners.items() if len(ids) == 1}


def _go_live_converter(f: Field, units: UnitMatcher) -> Converter:
    """A known go-live by label or organisation, e.g. «Malvik» (the go-lives come with the importer's units)."""
    go_lives = tuple(getattr(units, "go_lives", ()) or ())
    keys = go_live_keys(go_lives)
    known = ", ".join(f"«{label}»" for _, label, _, _ in go_lives)

    def go_live(raw: object) -> int:
        name = _label(raw)
        found = keys.get(fold(name))
        if found is None:
            if not go_lives:
                raise ValueProblem(msg.V_NO_GO_LIVES.format(value=show(name)))
            raise ValueProblem(msg.V_UNKNOWN_GO_LIVE.format(value=show(name), known=known))
        return found
    return memo(go_live)


def _units_converter(f: Field, units: UnitMatcher) -> Converter:
    """Known units or service areas (separated as aliases are), each as stored; what a benefit covers.

    The seed's benefits name service areas («HVS, hjemmetjeneste og BOA») as often as units, so both are taken;
    a name that is neither is refused with the closest unit names.
    """
    areas = dict(getattr(units, "areas", {}) or {})

    def one(name: str) -> str:
        return areas.get(" ".join(name.split()).casefold()) or units.resolve(name)

    def unit_list(raw: object) -> list[str]:
        return list(dict.fromkeys(one(name) for name in split_aliases(raw)))
    return unit_list  # not memoised: a cached list would be shared between rows


# What a register row is (issue 17): the seed's «gevinster» and their negative effects, «ulemper».
BENEFIT_KINDS = {fold(k): v for k, v in {
    "gevinst": "gevinst", "gevinster": "gevinst", "benefit": "gevinst", "nytte": "gevinst",
    "ulempe": "ulempe", "ulemper": "ulempe", "negativ effekt": "ulempe", "disbenefit": "ulempe"}.items()}


def _benefit_kind(raw: object) -> str:
    """«gevinst» or «ulempe» (any case; a few synonyms)."""
    found = BENEFIT_KINDS.get(fold(_label(raw)))
    if found is None:
        raise ValueProblem(msg.V_BAD_BENEFIT_KIND.format(value=show(raw)))
    return found


# When something happened (a message, a ticket, a report, a day's figures): never more than a day ahead.
DATETIME = ValueType("datetime", "TIMESTAMP", _happened(parse_datetime))
DATE = ValueType("date", "DATE", _happened(parse_date))
# What may be planned ahead (a unit's go-live date, a scheduled event): any date in the valid years.
PLANNED_DATETIME = ValueType("datetime", "TIMESTAMP", lambda f, units: parse_datetime)
PLANNED_DATE = ValueType("date", "DATE", lambda f, units: parse_date)
INT = ValueType("int", "INTEGER", lambda f, units: parse_int)
MOOD = ValueType("mood", "INTEGER", lambda f, units: _mood)
STATUS = ValueType("status", "VARCHAR", lambda f, units: parse_status)
UNIT = ValueType("unit", "VARCHAR", _unit_converter)
ALIASES = ValueType("aliases", "VARCHAR[]", lambda f, units: split_aliases)
TEXT = ValueType("text", "VARCHAR", _text_converter, free_text=True)
LABEL = ValueType("str", "VARCHAR", lambda f, units: memo(_label), free_text=True)
DECIMAL = ValueType("decimal", "DOUBLE", lambda f, units: parse_decimal)
# Resolved to the register's spelling, like a unit, so not masked (a registered name is not personal data).
BENEFIT = ValueType("benefit", "VARCHAR", _benefit_converter)
# A go-live named by label or organisation, stored as its id (go_lives.id) in unit_go_lives.
GO_LIVE = ValueType("go_live", "INTEGER", _go_live_converter)
# Known units, several in one cell; resolved like UNIT, so not masked.
UNITS = ValueType("units", "VARCHAR[]", _units_converter)
BENEFIT_KIND = ValueType("benefit_kind", "VARCHAR", lambda f, units: memo(_benefit_kind))
