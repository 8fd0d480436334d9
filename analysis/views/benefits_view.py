"""«Gevinster»: the benefit register against baseline and target, the NOK a year realised, and the owners' form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from analysis import access
from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import fmt_int, fmt_num
from analysis.queries import benefits_queries, waves_queries
from analysis.text.masking import mask_text

# The seed's targets for the whole investment (Trondheim kommune): 80 MNOK a year in the long run, 363 NOK per
# citizen a year. They are the seed's figures, not tunable thresholds. A go-live's goal is its own (go_lives.goal_nok,
# the golive import's «gevinstmål»), else 363 kr per citizen, else, when no go-live in view says either, the seed's.
GOAL_NOK_PER_YEAR = 80_000_000
GOAL_NOK_PER_CITIZEN = 363
COMMENT_LIMIT = 500

T = {
    "headline": "Realisert så langt: {realised} per år av målet {goal} per år ({share}); "
                "{per_citizen} kr per innbygger mot {goal_citizen} kr.",
    "none": "Ingen gevinster er registrert ennå. Importer gevinstregisteret (datatype «gevinstregister») og "
            "målingene (datatype «gevinster») på siden «Importer data».",
    "none_here": "Ingen gevinster er registrert for {label}. Registeret har {n} for andre go-liver: velg «Alle» "
                 "i sidemenyen for å se dem.",
    "goal_own": "{label}: {v} (eget mål)",
    "goal_citizens": "{label}: {v} (363 kr × {n} innbyggere)",
    "goal_seed": "seedens mål, 80 MNOK per år",
    "goal_missing": "{label}: mangler mål og innbyggertall",
    "mnok": "{v} MNOK",
    "bad_value": "«{value}» er ikke et tall. Skriv f.eks. 12 eller 12,5.",
    "unknown": "Gevinsten «{name}» finnes ikke i registeret.",
    "future": "Datoen {day} er frem i tid.",
    "stored": "Målingen er lagret: {name} {day}: {value} {unit}.",
    "no_benefit": "Velg en gevinst eller ulempe.",
}


@dataclass(frozen=True)
class Benefit:
    """One benefit (or negative effect) with its latest measurement and the NOK a year it stands for now."""

    name: str
    kind: str                 # gevinst · ulempe
    owner: str | None
    units: tuple[str, ...]
    indicator: str
    measure_unit: str | None
    baseline: float
    target: float
    nok_per_unit: float
    due_date: dt.date | None
    go_live: str | None
    synthetic: bool
    latest: float | None
    latest_on: dt.date | None
    progress: float | None    # share of the way from baseline to target (gevinst)
    realised_nok: float       # NOK a year realised at the latest measurement (negative for an ulempe)
    target_nok: float         # NOK a year at the target (0 for an ulempe)
    status: str


@dataclass(frozen=True)
class BenefitsView:
    """Everything «Gevinster» shows, and what the weekly export takes from it."""

    now: Now | None
    headline: str
    benefits: tuple[Benefit, ...]
    measurements: pd.DataFrame       # benefit, measured_on, value
    unregistered: tuple[str, ...]    # measured names that are not in the register
    realised_nok: float
    target_nok: float
    citizens: int
    per_citizen: float | None
    goal_nok: float
    goal_per_citizen: int
    goal_text: str = ""              # where the goal comes from, go-live by go-live

    @property
    def active(self) -> bool:
        """Tell whether any benefit is registered (the weekly export shows the page then)."""
        return bool(self.benefits)


def mnok(value: float) -> str:
    """NOK as 'x,y MNOK'."""
    return T["mnok"].format(v=fmt_num(value / 1e6))


def realised(kind: str, baseline: float, target: float, value: float | None, nok: float) -> float:
    """NOK a year at `value`: a gain counts movement from baseline towards target; an ulempe costs any distance."""
    if value is None:
        return 0.0
    if kind == "ulempe":
        return -abs(value - baseline) * nok
    direction = (target > baseline) - (target < baseline)
    return (value - baseline) * direction * nok


def _benefit(row: pd.Series, measured: pd.DataFrame) -> Benefit:
    """One register row with its measurements."""
    mine = measured[measured["benefit"] == row["name"]]
    latest = float(mine["value"].iloc[-1]) if len(mine) else None
    latest_on = pd.Timestamp(mine["measured_on"].iloc[-1]).date() if len(mine) else None
    base, target, nok = float(row["baseline"]), float(row["target"]), float(row["nok_per_unit"])
    span = target - base
    progress = None if latest is None or span == 0 or row["kind"] == "ulempe" else (latest - base) / span
    value = realised(row["kind"], base, target, latest, nok)
    target_nok = 0.0 if row["kind"] == "ulempe" else abs(span) * nok
    if latest is None:
        status = "ikke målt"
    elif row["kind"] == "ulempe":
        status = f"koster {mnok(-value)} per år" if value < 0 else "ingen ulempe målt nå"
    else:
        status = f"{fmt_num(100 * progress, 0)} % av veien til målet" if progress is not None else "mål = utgangspunkt"
    due = row["due_date"]
    return Benefit(
        str(row["name"]), str(row["kind"]), row["owner"], tuple(row["units"] if row["units"] is not None else ()),
        str(row["indicator"]), row["measure_unit"], base, target, nok,
        None if pd.isna(due) else pd.Timestamp(due).date(), row["go_live"], bool(row["synthetic"]),
        latest, latest_on, progress, value, target_nok, status)


def build_benefits_view(path: str, f: Filters | None = None, now: Now | None = None) -> BenefitsView:
    """Build «Gevinster» (the go-live filter chooses whose benefits; the other filters do not apply)."""
    f = f or Filters()
    register = benefits_queries.query_benefits(path, f.go_live)
    measured = benefits_queries.query_measurements(path)
    if now is not None:
        measured = measured[pd.to_datetime(measured["measured_on"]).dt.date <= now.ts.date()]
    benefits = tuple(_benefit(r, measured) for _, r in register.iterrows())
    names = set(register["name"])
    shown = measured[measured["benefit"].isin(names)][["benefit", "measured_on", "value"]].reset_index(drop=True)
    unregistered = tuple(sorted(set(measured["benefit"]) - names)) if f.go_live is None else ()
    total = sum(b.realised_nok for b in benefits)
    target = sum(b.target_nok for b in benefits)
    go_lives = waves_queries.query_go_lives(path)
    in_view = go_lives if f.go_live is None else go_lives[go_lives["id"] == f.go_live]
    goal, goal_text = goal_of(in_view)
    # Per citizen of the go-lives in view (the seed's 363 kr is Trondheim's rate).
    citizens = int(in_view["citizens"].fillna(0).sum())
    per_citizen = total / citizens if citizens else None
    if benefits:
        headline = T["headline"].format(
            realised=mnok(total), goal=mnok(goal), share=f"{fmt_num(100 * total / goal)} %",
            per_citizen="–" if per_citizen is None else fmt_int(per_citizen),
            goal_citizen=fmt_int(GOAL_NOK_PER_CITIZEN))
    elif f.go_live is not None and len(in_view):
        others = len(benefits_queries.query_benefits(path))
        headline = (T["none_here"].format(label=in_view["label"].iloc[0], n=fmt_int(others)) if others
                    else T["none"])
    else:
        headline = T["none"]
    return BenefitsView(now, headline, benefits, shown, unregistered, total, target, citizens, per_citizen,
                        goal, GOAL_NOK_PER_CITIZEN, goal_text)


def goal_of(go_lives: pd.DataFrame) -> tuple[float, str]:
    """The benefit goal a year of these go-lives and where it comes from: each one's own goal, else 363 kr per
    citizen; the seed's 80 MNOK when none says either (no go-live registered, or no goal nor citizens given)."""
    total, parts = 0.0, []
    for g in go_lives.itertuples(index=False):
        if pd.notna(g.goal_nok):
            total += float(g.goal_nok)
            parts.append(T["goal_own"].format(label=g.label, v=mnok(g.goal_nok)))
        elif pd.notna(g.citizens) and g.citizens:
            total += GOAL_NOK_PER_CITIZEN * float(g.citizens)
            parts.append(T["goal_citizens"].format(label=g.label, v=mnok(GOAL_NOK_PER_CITIZEN * g.citizens),
                                                   n=fmt_int(g.citizens)))
        else:
            parts.append(T["goal_missing"].format(label=g.label))
    if not total:
        return float(GOAL_NOK_PER_YEAR), T["goal_seed"]
    return total, "; ".join(parts)


@dataclass(frozen=True)
class MeasurementResult:
    """What the owners' form did: stored or not, the message, and the comment as stored (masked)."""

    ok: bool
    message: str
    comment: str | None = None
    masked: int = 0


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_value(raw: str) -> float | None:
    """A number as typed in Norwegian ('12,5', '1 200', '-3'); None when it is not one."""
    text = re.sub(r"[\s\u00a0\u202f]", "", raw or "")
    return float(text.replace(",", ".")) if _NUMBER.match(text) else None


def _areas_in(rows: list[tuple[str, str, str | None]], go_live: str | None) -> dict[str, str]:
    """Unit → service area for the units of one go-live (by label; None: every unit)."""
    return {unit: area for unit, area, label in rows if go_live is None or label == go_live}


def measurable_benefits(path: str, view: BenefitsView, p: access.Principal) -> tuple[str, ...]:
    """The benefits on the page whose measurements this principal may record: the owners' form lists these.

    A benefit naming a service area belongs to that area's units in the benefit's own go-live: a leader in Malvik's
    HVS does not own Trondheim's HVS benefit.
    """
    rows = benefits_queries.query_unit_areas(path)
    return tuple(b.name for b in view.benefits
                 if access.may_measure_benefit(p, b.units, _areas_in(rows, b.go_live)))


def add_measurement(path: str, benefit: str | None, day: dt.date, raw_value: str, comment: str | None, author: str,
                    today: dt.date | None = None, principal: access.Principal | None = None) -> MeasurementResult:
    """Check and store one measurement from the owners' form; the comment is masked before it is stored.

    With `principal` the measurement must be theirs to record (access.require_benefit raises AccessDenied).
    """
    register = benefits_queries.query_benefits(path)
    if not benefit:
        return MeasurementResult(False, T["no_benefit"])
    row = register[register["name"] == benefit]
    if row.empty:
        return MeasurementResult(False, T["unknown"].format(name=benefit))
    if principal is not None:
        covers = [str(u) for u in (row["units"].iloc[0] if row["units"].iloc[0] is not None else [])]
        label = row["go_live"].iloc[0]
        access.require_benefit(principal, benefit, covers,
                               _areas_in(benefits_queries.query_unit_areas(path), None if pd.isna(label) else label))
    value = parse_value(raw_value)
    if value is None:
        return MeasurementResult(False, T["bad_value"].format(value=raw_value))
    if day > (today or dt.date.today()):
        return MeasurementResult(False, T["future"].format(day=f"{day:%d.%m.%Y}"))
    clean = (comment or "").strip()[:COMMENT_LIMIT]
    masked_text, counts = mask_text(clean) if clean else (None, {})
    benefits_queries.insert_measurement(path, benefit, day, value, masked_text, author)
    unit = row["measure_unit"].iloc[0] or ""
    message = T["stored"].format(name=benefit, day=f"{day:%d.%m.%Y}", value=fmt_num(value), unit=unit)
    return MeasurementResult(True, message, masked_text, sum(counts.values()) if counts else 0)


def benefit_table(view: BenefitsView) -> pd.DataFrame:
    """The register as the page's table (Norwegian headers, numbers formatted)."""
    return pd.DataFrame({
        "Navn": [b.name for b in view.benefits],
        "Type": [b.kind for b in view.benefits],
        "Eier": [b.owner or "–" for b in view.benefits],
        "Enheter": [", ".join(b.units) or "–" for b in view.benefits],
        "Indikator": [f"{b.indicator} ({b.measure_unit})" if b.measure_unit else b.indicator for b in view.benefits],
        "Utgangspunkt": [fmt_num(b.baseline) for b in view.benefits],
        "Mål": [fmt_num(b.target) for b in view.benefits],
        "Siste måling": ["–" if b.latest is None else f"{fmt_num(b.latest)} ({b.latest_on:%d.%m.%Y})"
                         for b in view.benefits],
        "Kr per år nå": [mnok(b.realised_nok) for b in view.benefits],
        "Kr per år ved mål": [mnok(b.target_nok) if b.kind == "gevinst" else "–" for b in view.benefits],
        "Frist": [f"{b.due_date:%d.%m.%Y}" if b.due_date else "–" for b in view.benefits],
        "Status": [b.status for b in view.benefits],
    })
