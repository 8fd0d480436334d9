"""Stabilisation (go-live exit) criteria: thresholds from [stabilisering.*] in data/rules.toml, judged for one week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.fmt import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct, fmt_polarity
from analysis.rules import STABILISATION_DEFAULTS, Rules, load_rules

MET, NOT_MET, UNKNOWN = "oppfylt", "ikke oppfylt", "kan ikke vurderes"
# The page shows each status with a Material icon (Streamlit ships the icon font: no emoji font needed) and
# a colour; tables and the exports show the words alone.
STATUS_ICON = {MET: ":material/check_circle:", NOT_MET: ":material/cancel:", UNKNOWN: ":material/help:"}
STATUS_COLOR = {MET: "green", NOT_MET: "red", UNKNOWN: "gray"}


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
    name: str = ""  # short name in the verdict: 'pasientsikkerhet'
    brief: str = ""  # the figure in a few words for the verdict: '44 åpne flagg'

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
    name = "saksmengde"
    if daily.empty or not staff:
        return Criterion("saker_per_100", title, target, "ingen data", UNKNOWN, name, "ingen data")
    window = daily[daily["day"] <= week_last].tail(n_days)
    if len(window) < n_days or window["day"].iloc[-1] != week_last:
        return Criterion("saker_per_100", title, target, f"bare {fmt_int(len(window))} dager med data", UNKNOWN,
                         name, f"bare {fmt_int(len(window))} dager med data")
    per_100 = window["opened"] * 100.0 / staff
    worst = int(per_100.to_numpy().argmax())
    actual = (f"høyeste dag {fmt_num(float(per_100.iloc[worst]))} ({fmt_date(window['day'].iloc[worst])}); "
              f"{fmt_int(int((per_100 < limit).sum()))} av {n_days} dager under")
    brief = f"høyeste dag {fmt_num(float(per_100.iloc[worst]))} per 100 ansatte"
    return Criterion("saker_per_100", title, target, actual, MET if (per_100 < limit).all() else NOT_MET, name, brief)


def judge_closure(cfg: CriteriaConfig, opened: int, closed: int) -> Criterion:
    """Closure ratio (closed ÷ opened) in the week at or above the minimum."""
    minimum = float(cfg.get("lukkerate", "minimum"))
    title = "Restansen vokser ikke"
    target = f"lukkerate (lukket ÷ nye) minst {fmt_num(minimum, 2)}"
    if opened == 0:
        status = MET if closed > 0 or minimum <= 0 else UNKNOWN
        return Criterion("lukkerate", title, target, f"ingen nye saker, {fmt_int(closed)} lukket", status,
                         "lukkerate", "ingen nye saker")
    ratio = closed / opened
    actual = f"{fmt_num(ratio, 2)} ({fmt_int(closed)} lukket, {fmt_int(opened)} nye)"
    return Criterion("lukkerate", title, target, actual, MET if ratio >= minimum else NOT_MET, "lukkerate",
                     fmt_num(ratio, 2))


def judge_critical(cfg: CriteriaConfig, overdue: int, as_of: dt.datetime) -> Criterion:
    """No open critical ticket older than the limit at the week's end."""
    hours = float(cfg.get("kritiske_saker", "maks_timer"))
    prios = ", ".join(cfg.get("kritiske_saker", "prioriteter"))
    title = "Ingen gamle kritiske saker"
    target = f"ingen åpen sak med prioritet {prios} eldre enn {fmt_num(hours, 0)} timer"
    actual = f"{fmt_int(overdue)} {at_text(as_of)}"
    return Criterion("kritiske_saker", title, target, actual, MET if overdue == 0 else NOT_MET, "kritiske saker",
                     f"{fmt_int(overdue)} eldre enn {fmt_num(hours, 0)} timer")


def judge_mood(cfg: CriteriaConfig, this: float | None, prev: float | None) -> Criterion:
    """Mean chat sentiment stable or rising: not lower than last week minus the tolerance."""
    tol = float(cfg.get("stemning", "toleranse"))
    title = "Stemningen holder seg"
    target = f"snittstemning stabil eller stigende (høyst {fmt_num(tol, 2)} lavere enn forrige uke)"
    if this is None or prev is None:
        missing = "denne uka" if this is None else "forrige uke"
        return Criterion("stemning", title, target, f"ingen meldinger {missing}", UNKNOWN, "stemning",
                         f"ingen meldinger {missing}")
    actual = f"{fmt_polarity(this)} mot {fmt_polarity(prev)} forrige uke"
    return Criterion("stemning", title, target, actual, MET if this >= prev - tol else NOT_MET, "stemning",
                     f"{fmt_polarity(this)} mot {fmt_polarity(prev)}")


def judge_safety(cfg: CriteriaConfig, open_items: int, statuses_known: bool = False) -> Criterion:
    """No more open patient-safety flags than allowed (open: not closed in the follow-up queue).

    Without follow-up statuses (`statuses_known` False) every flag of the week counts as open.
    """
    limit = int(cfg.get("pasientsikkerhet", "maks_apne"))
    title = "Pasientsikkerhet fulgt opp"
    target = ("ingen åpne pasientsikkerhetsflagg" if limit == 0
              else f"høyst {fmt_int(limit)} åpne pasientsikkerhetsflagg")
    if statuses_known or open_items == 0:
        actual = f"{fmt_int(open_items)} åpne flagg"
    else:
        actual = f"{fmt_int(open_items)} flagg i uka, uten oppfølgingsstatus: alle regnes som åpne"
    return Criterion("pasientsikkerhet", title, target, actual, MET if open_items <= limit else NOT_MET,
                     "pasientsikkerhet", f"{fmt_int(open_items)} åpne flagg")


def judge_load(cfg: CriteriaConfig, actual: int, expected: float | None) -> Criterion:
    """Tickets in the week no more than the allowed share over the expected curve."""
    most = float(cfg.get("belastning", "maks_over_forventet"))
    title = "Belastning som forventet"
    target = f"saker i uka høyst {fmt_pct(most, 0)} over forventningskurven"
    if expected is None or expected <= 0:
        return Criterion("belastning", title, target, "forventningskurven dekker ikke uka", UNKNOWN,
                         "belastning", "ingen forventningskurve")
    over = actual / expected - 1
    word = "over" if over >= 0 else "under"
    brief = f"{fmt_pct(abs(over), 0)} {word} forventet"
    text = f"{fmt_int(actual)} saker mot forventet {fmt_int(expected)} ({brief})"
    return Criterion("belastning", title, target, text, MET if over <= most else NOT_MET, "belastning", brief)


def _and_list(items: list[str]) -> str:
    """Join words the Norwegian way: 'a, b og c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def verdict_text(criteria: list[Criterion]) -> str:
    """Say whether the go-live period can end and, if not, which criteria hold it back and by how much."""
    n = len(criteria)
    held = [c for c in criteria if c.status == NOT_MET]
    unknown = [c for c in criteria if c.status == UNKNOWN]
    if not held and not unknown:
        return f"Alle {n} kriterier er oppfylt: go-live-perioden kan avsluttes hvis det holder seg."
    if held:
        text = (f"Ikke klar til å avslutte: {len(held)} av {n} kriterier holder igjen – "
                + _and_list([f"{c.name or c.title.lower()} ({c.brief or c.actual})" for c in held]))
        if unknown:
            text += "; kan ikke vurderes: " + _and_list([c.name or c.title.lower() for c in unknown])
        return text + "."
    return (f"Ikke avklart: {len(unknown)} av {n} kriterier kan ikke vurderes – "
            + _and_list([f"{c.name or c.title.lower()} ({c.brief or c.actual})" for c in unknown]) + ".")
