"""Stabilisation (go-live exit) criteria: read from data/exit_criteria.toml, judged for one week."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import config_file
from analysis.fmt import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_polarity

CRITERIA_FILE = "exit_criteria.toml"

MET, NOT_MET, UNKNOWN = "oppfylt", "ikke oppfylt", "kan ikke vurderes"

DEFAULTS: dict[str, dict] = {
    "saker_per_100": {"aktiv": True, "terskel": 1.0, "dager": 7},
    "lukkerate": {"aktiv": True, "minimum": 1.0},
    "kritiske_saker": {"aktiv": True, "prioriteter": ["kritisk"], "maks_timer": 48},
    "stemning": {"aktiv": True, "toleranse": 0.05},
}


@dataclass(frozen=True)
class CriteriaConfig:
    """The exit-criteria settings (defaults from the brief, overridable in the TOML file)."""

    sections: dict[str, dict]
    source: str

    def get(self, section: str, key: str):
        """Return one setting, falling back to the default."""
        return self.sections.get(section, {}).get(key, DEFAULTS[section][key])

    def active(self, section: str) -> bool:
        """Tell whether a criterion is switched on."""
        return bool(self.get(section, "aktiv"))


def load_criteria(path: str | Path | None = None) -> CriteriaConfig:
    """Read the criteria file merged over the defaults; a missing file gives the defaults."""
    file = Path(path) if path else config_file(CRITERIA_FILE, "GOLIVE_EXIT_CRITERIA")
    sections = {k: dict(v) for k, v in DEFAULTS.items()}
    source = "standardverdier"
    if file.exists():
        with file.open("rb") as fh:
            raw = tomllib.load(fh)
        for key, values in raw.items():
            if key in sections and isinstance(values, dict):
                sections[key].update(values)
        source = file.name
    return CriteriaConfig(sections, source)


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
