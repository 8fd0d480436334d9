"""Stabilisation (go-live exit) criteria: thresholds from [stabilisering.*] in data/rules.toml, judged for one week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.fmt import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_polarity
from analysis.rules import STABILISATION_DEFAULTS, Rules, load_rules

MET, NOT_MET, UNKNOWN = "oppfylt", "ikke oppfylt", "kan ikke vurderes"
# The page shows each status with a marker; the exports show the words alone.
STATUS_MARK = {MET: "✅", NOT_MET: "❌", UNKNOWN: "❔"}


@dataclass(frozen=True)
class CriteriaConfig:
    """The stabilisation settings in force (the rules file's [stabilisering.*] merged over the defaults)."""

    sections: dict[str, dict[str, Any]]
    source: str

    def get(self, section: str, key: str) -> Any:
        """Return one setting, falling back to the default."""
        return self.sections.get(section, {}).get(key, STABILISATION_DEFAULTS[section][key])

    def active(self, section: str) -> bool:
        """Tell whether a criterion is switched on."""
        return bool(self.get(section, "aktiv"))


def criteria_of(rules: Rules) -> CriteriaConfig:
    """Return the stabilisation settings of a set of rules, named after the rules file they came from."""
    return CriteriaConfig(rules.stabilisation, rules.source)


def load_criteria(path: str | Path | None = None) -> CriteriaConfig:
    """Read the stabilisation settings from a rules file (default: the one in use, $GOLIVE_RULES or rules.toml)."""
    return criteria_of(load_rules(path))


def at_text(as_of: dt.datetime) -> str:
    """Say when a snapshot was taken: 'ved utgangen av søn. 15. mai' or 'per man. 16. mai kl. 10:30'."""
    if as_of.time() == dt.time():
        return f"ved utgangen av {fmt_date(as_of.date() - dt.timedelta(days=1))}"
    return f"per {fmt_datetime(as_of)}"


@dataclass(frozen=True)
class Criterion:
    """One exit criterion judged for a week, in words."""

    key: str
    title: str
    target: str
    actual: str
    status: str

    @property
    def met(self) -> bool:
        """Tell whether the criterion is met."""
        return self.status == MET


def judge_tickets_per_100(cfg: CriteriaConfig, daily: pd.DataFrame, week_last: dt.date, staff: int) -> Criterion:
    """Tickets per 100 staff below the threshold on each of the last N days up to the week's end."""
    limit = float(cfg.get("saker_per_100", "terskel"))
    n_days = int(cfg.get("saker_per_100", "dager"))
    title = "Lav saksmengde"
    target = f"under {fmt_num(limit)} saker per 100 ansatte hver dag i {n_days} dager"
    if daily.empty or not staff:
        return Criterion("saker_per_100", title, target, "ingen data", UNKNOWN)
    window = daily[daily["day"] <= week_last].tail(n_days)
    if len(window) < n_days or window["day"].iloc[-1] != week_last:
        return Criterion("saker_per_100", title, target, f"bare {fmt_int(len(window))} dager med data", UNKNOWN)
    per_100 = window["opened"] * 100.0 / staff
    worst = int(per_100.to_numpy().argmax())
    actual = (f"høyeste dag {fmt_num(float(per_100.iloc[worst]))} ({fmt_date(window['day'].iloc[worst])}); "
              f"{fmt_int(int((per_100 < limit).sum()))} av {n_days} dager under")
    return Criterion("saker_per_100", title, target, actual, MET if (per_100 < limit).all() else NOT_MET)


def judge_closure(cfg: CriteriaConfig, opened: int, closed: int) -> Criterion:
    """Closure ratio (closed ÷ opened) in the week at or above the minimum."""
    minimum = float(cfg.get("lukkerate", "minimum"))
    title = "Restansen vokser ikke"
    target = f"lukkerate (lukket ÷ nye) minst {fmt_num(minimum, 2)}"
    if opened == 0:
        status = MET if closed > 0 or minimum <= 0 else UNKNOWN
        return Criterion("lukkerate", title, target, f"ingen nye saker, {fmt_int(closed)} lukket", status)
    ratio = closed / opened
    actual = f"{fmt_num(ratio, 2)} ({fmt_int(closed)} lukket, {fmt_int(opened)} nye)"
    return Criterion("lukkerate", title, target, actual, MET if ratio >= minimum else NOT_MET)


def judge_critical(cfg: CriteriaConfig, overdue: int, as_of: dt.datetime) -> Criterion:
    """No open critical ticket older than the limit at the week's end."""
    hours = float(cfg.get("kritiske_saker", "maks_timer"))
    prios = ", ".join(cfg.get("kritiske_saker", "prioriteter"))
    title = "Ingen gamle kritiske saker"
    target = f"ingen åpen sak med prioritet {prios} eldre enn {fmt_num(hours, 0)} timer"
    actual = f"{fmt_int(overdue)} {at_text(as_of)}"
    return Criterion("kritiske_saker", title, target, actual, MET if overdue == 0 else NOT_MET)


def judge_mood(cfg: CriteriaConfig, this: float | None, prev: float | None) -> Criterion:
    """Mean chat sentiment stable or rising: not lower than last week minus the tolerance."""
    tol = float(cfg.get("stemning", "toleranse"))
    title = "Stemningen holder seg"
    target = f"snittstemning stabil eller stigende (høyst {fmt_num(tol, 2)} lavere enn forrige uke)"
    if this is None or prev is None:
        missing = "denne uka" if this is None else "forrige uke"
        return Criterion("stemning", title, target, f"ingen meldinger {missing}", UNKNOWN)
    actual = f"{fmt_polarity(this)} mot {fmt_polarity(prev)} forrige uke"
    return Criterion("stemning", title, target, actual, MET if this >= prev - tol else NOT_MET)
