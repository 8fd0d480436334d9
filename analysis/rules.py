"""Every judgement the pages and exports show, written once, with its thresholds from data/rules.toml.

Attention (Live), disagreement and traffic lights (Enheter), adoption window (Adopsjon), backlog ages
(Supportbelastning and drill-downs), the weekly unit notes and stabilisation criteria (Ukemøte and its
exports), and the Norwegian sentiment labels. A threshold is changed in the file, never in code.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.config import config_file
from analysis.fmt import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_polarity
from analysis.metrics import missing

RULES_FILE = "rules.toml"


@dataclass(frozen=True)
class FollowUp:
    """[oppfolging]: which messages go on the follow-up list."""

    sterkt_negativ: float = -0.4
    timer: int = 48


@dataclass(frozen=True)
class Attention:
    """[oppmerksomhet]: when a unit needs attention on the live page."""

    stemning_timer: int = 48
    saker_timer: int = 24
    grunnlinje_dager: int = 7
    stemningsfall: float = 0.15
    stemningsfall_z: float = 2.0
    min_meldinger_siste: int = 5
    min_meldinger_grunnlinje: int = 10
    saksokning: float = 1.5
    min_saker_siste: int = 5
    saker_per_100_gulv: float = 1.0
    saker_median_faktor: float = 1.5
    min_enheter_median: int = 5
    rapport_gyldig_dager: int = 2
    lederstemning_fall: int = 2


@dataclass(frozen=True)
class UnitCards:
    """[enhetskort]: the unit cards' window, chat traffic light and high-load flag."""

    vindu_dager: int = 3
    chat_rod: float = -0.15
    chat_gronn: float = 0.15
    chat_rod_andel_negative: float = 0.4
    chat_rod_min_negative: int = 5
    chat_rod_z: float = 1.64
    min_meldinger: int = 10
    hoy_belastning_faktor: float = 2.0
    hoy_belastning_min_saker: int = 5
    hoy_belastning_gulv_per_dag: float = 1.5


@dataclass(frozen=True)
class Adoption:
    """[adopsjon]: adoption per unit is its best day in this window."""

    vindu_dager: int = 7


@dataclass(frozen=True)
class Backlog:
    """[ko]: the age buckets of open tickets, in days."""

    aldersgrenser_dager: tuple[int, ...] = (1, 3, 7)


@dataclass(frozen=True)
class WeeklyJudgement:
    """[ukevurdering]: the weekly meeting's 'needs attention' and 'doing well' units."""

    poeng_oppmerksomhet: int = 2
    maks_enheter: int = 5
    poeng_rod: int = 3
    poeng_gul: int = 1
    poeng_sikkerhet: int = 3
    saker_faktor: float = 1.5
    min_saker: int = 5
    saker_per_100_gulv: float = 7.0
    poeng_saker: int = 2
    negativ_andel: float = 0.5
    min_meldinger: int = 10
    poeng_negativ: int = 2
    positiv_stemning: float = 0.2
    saksokning: float = 1.5
    poeng_saksokning: int = 1
    saksnedgang: float = 0.67
    lav_humor: int = 2
    poeng_humor: int = 2
    hoy_humor: int = 4
    lav_adopsjon: float = 0.6
    poeng_adopsjon: int = 1
    hoy_adopsjon: float = 0.9


# Stabilisation (exit) criteria: one table per criterion; `aktiv` switches it on or off.
STABILISATION_DEFAULTS: dict[str, dict[str, Any]] = {
    "saker_per_100": {"aktiv": True, "terskel": 1.0, "dager": 7},
    "lukkerate": {"aktiv": True, "minimum": 1.0},
    "kritiske_saker": {"aktiv": True, "prioriteter": ["kritisk"], "maks_timer": 48},
    "stemning": {"aktiv": True, "toleranse": 0.05},
    "pasientsikkerhet": {"aktiv": True, "maks_apne": 0},
    "belastning": {"aktiv": True, "maks_over_forventet": 0.15},
}

SECTIONS = {"oppfolging": ("follow_up", FollowUp), "oppmerksomhet": ("attention", Attention),
            "enhetskort": ("cards", UnitCards), "adopsjon": ("adoption", Adoption), "ko": ("backlog", Backlog),
            "ukevurdering": ("weekly", WeeklyJudgement)}


@dataclass(frozen=True)
class Rules:
    """All thresholds, where they came from, and any problem found while reading the file."""

    follow_up: FollowUp = field(default_factory=FollowUp)
    attention: Attention = field(default_factory=Attention)
    cards: UnitCards = field(default_factory=UnitCards)
    adoption: Adoption = field(default_factory=Adoption)
    backlog: Backlog = field(default_factory=Backlog)
    weekly: WeeklyJudgement = field(default_factory=WeeklyJudgement)
    stabilisation: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {k: dict(v) for k, v in STABILISATION_DEFAULTS.items()})
    source: str = "standardverdier"
    problems: tuple[str, ...] = ()

    def __hash__(self) -> int:
        """Hash by source and thresholds (the stabilisation dicts are not hashable themselves)."""
        return hash((self.follow_up, self.attention, self.cards, self.adoption, self.backlog, self.weekly,
                     repr(sorted(self.stabilisation.items())), self.source))


def _coerce(value: Any, default: Any) -> Any:
    """Return `value` converted to the type of `default`, or raise TypeError/ValueError."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TypeError
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise TypeError
        return float(value)
    if isinstance(default, tuple):
        if not isinstance(value, list) or not value or not all(isinstance(v, int) and v > 0 for v in value):
            raise TypeError
        if list(value) != sorted(set(value)):
            raise ValueError
        return tuple(value)
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError
        return [v.lower() for v in value]
    return value


def _section(name: str, cls: type, raw: Any, problems: list[str]) -> Any:
    """Build one section's dataclass from the file's table; a bad value is reported and the default kept."""
    obj = cls()
    if not isinstance(raw, dict):
        problems.append(f"[{name}] må være en tabell; standardverdiene brukes.")
        return obj
    known = {f.name: getattr(obj, f.name) for f in fields(cls)}
    changes = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f"[{name}] {key}: ukjent innstilling, ignoreres.")
            continue
        try:
            changes[key] = _coerce(value, known[key])
        except (TypeError, ValueError):
            problems.append(f"[{name}] {key} = {value!r} er ugyldig; standardverdien {known[key]!r} brukes.")
    return replace(obj, **changes)


def _stabilisation(raw: Any, problems: list[str]) -> dict[str, dict[str, Any]]:
    """Merge the file's [stabilisering.*] tables over the defaults, checking each value's type."""
    out = {k: dict(v) for k, v in STABILISATION_DEFAULTS.items()}
    if not isinstance(raw, dict):
        problems.append("[stabilisering] må være en tabell; standardverdiene brukes.")
        return out
    for crit, values in raw.items():
        if crit not in out or not isinstance(values, dict):
            problems.append(f"[stabilisering.{crit}]: ukjent kriterium, ignoreres.")
            continue
        for key, value in values.items():
            if key not in out[crit]:
                problems.append(f"[stabilisering.{crit}] {key}: ukjent innstilling, ignoreres.")
                continue
            try:
                out[crit][key] = _coerce(value, out[crit][key])
            except (TypeError, ValueError):
                problems.append(f"[stabilisering.{crit}] {key} = {value!r} er ugyldig; standardverdien brukes.")
    return out


def parse_rules(raw: dict[str, Any], source: str) -> Rules:
    """Build Rules from a parsed TOML document; unknown or bad entries become problems, not silence."""
    problems: list[str] = []
    parts: dict[str, Any] = {}
    for name, value in raw.items():
        if name in SECTIONS:
            attr, cls = SECTIONS[name]
            parts[attr] = _section(name, cls, value, problems)
        elif name == "stabilisering":
            parts["stabilisation"] = _stabilisation(value, problems)
        else:
            problems.append(f"[{name}]: ukjent del av regelfilen, ignoreres.")
    return Rules(**parts, source=source, problems=tuple(problems))


def rules_path() -> Path:
    """Return the rules file in use: $GOLIVE_RULES or data/rules.toml."""
    return config_file(RULES_FILE, "GOLIVE_RULES")


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Rules:
    """Read and parse one version of the rules file (cached by path and modification time)."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        return Rules(source=f"standardverdier ({Path(path).name} kunne ikke leses)",
                     problems=(f"{Path(path).name} kunne ikke leses ({exc}); standardverdiene brukes.",))
    return parse_rules(raw, Path(path).name)


def load_rules(path: str | Path | None = None) -> Rules:
    """Return the current rules: the file merged over the defaults; a missing file gives the defaults."""
    file = Path(path) if path else rules_path()
    try:
        mtime = file.stat().st_mtime_ns
    except OSError:
        return Rules(problems=(f"Fant ikke regelfilen {file}; standardverdiene brukes.",) if path else ())
    return _load(str(file), mtime)


# --- Labels -------------------------------------------------------------------------------------------------
SENTIMENT_LABELS_NB = {"positive": "positiv", "neutral": "nøytral", "negative": "negativ"}
STATUS_NB = {"grønn": "Grønn", "gul": "Gul", "rød": "Rød"}


def label_nb(label: str | None) -> str:
    """Return the Norwegian word for a sentiment label ('–' when missing)."""
    return SENTIMENT_LABELS_NB.get(label or "", label or "–")


# --- Backlog ages -------------------------------------------------------------------------------------------
def age_buckets(r: Backlog) -> list[tuple[str, float, float]]:
    """Return the backlog age buckets as (label, from days, to days), youngest first."""
    bounds = list(r.aldersgrenser_dager)
    out = [(f"under {bounds[0]} døgn", 0.0, float(bounds[0]))]
    out += [(f"{a}–{b} døgn", float(a), float(b)) for a, b in zip(bounds, bounds[1:], strict=False)]
    out.append((f"over {bounds[-1]} døgn", float(bounds[-1]), math.inf))
    return out


def age_bucket_order(r: Backlog) -> list[str]:
    """Return the backlog age bucket labels in display order."""
    return [label for label, _, _ in age_buckets(r)]


# --- Unit cards (Enheter) -----------------------------------------------------------------------------------
def _clearly_negative(r: UnitCards, mean: float, sd: float | None, n: int) -> bool:
    """Tell whether a mean polarity is at least `chat_rod_z` standard errors below zero (unknown spread: yes)."""
    if missing(sd) or sd == 0:
        return True
    return mean / (sd / math.sqrt(n)) <= -r.chat_rod_z


def chat_light(r: UnitCards, mean_polarity: float | None, negative_share: float | None, n: int | None,
               n_negative: int | None = None, sd: float | None = None) -> str | None:
    """Return a traffic light for chat sentiment ('grønn', 'gul', 'rød'), None with too few messages.

    Red needs evidence: a mean at or below `chat_rod` that is clearly below zero, or at least
    `chat_rod_min_negative` negative messages making up at least `chat_rod_andel_negative` of them.
    """
    if not n or missing(n) or n < r.min_meldinger or missing(mean_polarity):
        return None
    n = int(n)
    if missing(n_negative):
        n_negative = None if missing(negative_share) else round(negative_share * n)
    red_mean = mean_polarity <= r.chat_rod and _clearly_negative(r, mean_polarity, sd, n)
    red_share = (n_negative is not None and n_negative >= r.chat_rod_min_negative
                 and n_negative / n >= r.chat_rod_andel_negative)
    if red_mean or red_share:
        return "rød"
    if mean_polarity >= r.chat_gronn:
        return "grønn"
    return "gul"


def disagreement(leader: str | None, chat: str | None, high_load: bool) -> str | None:
    """Return a short flag where the leader's status and the other signals disagree, else None."""
    if leader == "grønn" and chat == "rød":
        return "leder grønn, chat rød"
    if leader == "rød" and chat == "grønn":
        return "leder rød, chat grønn"
    if leader == "grønn" and high_load:
        return "leder grønn, mange saker"
    return None


def is_high_load(r: UnitCards, per100: float | None, median_per100: float | None, tickets: int | None = None,
                 days: int | None = None) -> bool:
    """Tell whether a unit has many tickets: enough of them, above the floor per staff, far above the median unit.

    `per100` and `median_per100` cover the same window of `days` days (default `vindu_dager`); the median is the
    municipality's median unit, whatever the filter. An unknown median leaves the floor and the count to decide.
    """
    if missing(per100) or tickets is None or missing(tickets) or tickets < r.hoy_belastning_min_saker:
        return False
    days = days or r.vindu_dager
    if per100 < r.hoy_belastning_gulv_per_dag * days:
        return False
    return missing(median_per100) or per100 >= r.hoy_belastning_faktor * median_per100


# --- Attention (Live) ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitAttention:
    """A unit that needs attention now, with its reasons in words."""

    unit: str
    service_area: str
    reasons: tuple[str, ...]
    score: float


def _beyond_noise(r: Attention, drop: float, sd_r: float | None, n_r: int, sd_b: float | None, n_b: int) -> bool:
    """Return whether a mood drop is at least `stemningsfall_z` standard errors (unknown spread: assume it is)."""
    if missing(sd_r) or missing(sd_b):
        return True
    se = math.sqrt(sd_r ** 2 / n_r + sd_b ** 2 / n_b)
    return se == 0 or -drop / se >= r.stemningsfall_z


def span_text(hours: int) -> str:
    """Say a window in words: 24 → 'døgn', 48 → '2 døgn', 12 → '12 timer'."""
    if hours % 24:
        return f"{hours} timer"
    return "døgn" if hours == 24 else f"{hours // 24} døgn"


def tickets_stand_out(r: Attention, t_recent: int, staff: int | None, base_per_day: float,
                      median_per100: float | None) -> bool:
    """Tell whether a unit's tickets in the last hours are many: count, rate per 100 staff, rise and peers.

    At least `min_saker_siste` tickets, at least `saker_per_100_gulv` per 100 staff, at least `saksokning` times
    the unit's own daily mean the days before, and (when known) at least `saker_median_faktor` times the median
    unit's rate in the same hours: on go-live day every unit rises, and only those that stand out are named.
    """
    # The unit's own daily mean, scaled to the recent window (saker_timer hours), so the rise compares like with like.
    base_in_window = max(base_per_day, 1.0) * r.saker_timer / 24
    if t_recent < r.min_saker_siste or t_recent < r.saksokning * base_in_window:
        return False
    if staff and not missing(staff):
        per100 = 100 * t_recent / staff
        if per100 < r.saker_per_100_gulv:
            return False
        if not missing(median_per100) and per100 < r.saker_median_faktor * median_per100:
            return False
    return True


def peer_median_per100(r: Attention, rows: list[dict]) -> float | None:
    """Return the median unit's tickets per 100 staff in the last hours; None with fewer than `min_enheter_median`."""
    rates = sorted(100 * (row.get("t_recent") or 0) / row["staff_count"] for row in rows
                   if row.get("staff_count") and not missing(row.get("staff_count")))
    if len(rates) < max(r.min_enheter_median, 1):
        return None
    mid = len(rates) // 2
    return rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2


def attention_reasons(r: Attention, row: dict, today: dt.date,
                      median_per100: float | None = None) -> list[tuple[str, float]]:
    """Return (reason in words, weight) for one unit's recent signals (see query_unit_signals)."""
    out: list[tuple[str, float]] = []
    n_r, n_b = row.get("n_recent") or 0, row.get("n_base") or 0
    p_r, p_b = row.get("pol_recent"), row.get("pol_base")
    if n_r >= r.min_meldinger_siste and n_b >= r.min_meldinger_grunnlinje and not missing(p_r) and not missing(p_b):
        drop = p_r - p_b
        if drop <= -r.stemningsfall and _beyond_noise(r, drop, row.get("sd_recent"), n_r, row.get("sd_base"), n_b):
            out.append((f"Stemningen i chatten faller: {fmt_polarity(p_b)} → {fmt_polarity(p_r)} "
                        f"siste {span_text(r.stemning_timer)} ({fmt_int(n_r)} meldinger)", 1.0 + abs(drop)))
    t_r, t_b = row.get("t_recent") or 0, row.get("t_base") or 0
    base_per_day = t_b / r.grunnlinje_dager
    staff = row.get("staff_count")
    if tickets_stand_out(r, t_r, staff, base_per_day, median_per100):
        rate = f", {fmt_num(100 * t_r / staff)} per 100 ansatte" if staff and not missing(staff) else ""
        out.append((f"Flere saker: {fmt_int(t_r)} siste {span_text(r.saker_timer)}{rate}, "
                    f"mot {fmt_num(base_per_day)} per døgn uka før",
                    1.0 + t_r / max(base_per_day, 1.0) / 10))
    status, rday = row.get("status"), row.get("report_day")
    if status == "rød" and rday is not None and not missing(rday):
        rday = rday.date() if isinstance(rday, dt.datetime) else rday
        if (today - rday).days <= r.rapport_gyldig_dager:
            mood = row.get("mood")
            mood_txt = "" if missing(mood) else f" (stemning {int(mood)}/5)"
            out.append((f"Leder meldte rød{mood_txt} {fmt_date(rday)}", 2.0))
    mood, prev = row.get("mood"), row.get("prev_mood")
    if not missing(mood) and not missing(prev) and prev - mood >= r.lederstemning_fall:
        out.append((f"Leders stemning falt fra {int(prev)} til {int(mood)} av 5", 1.0))
    return out


def units_needing_attention(r: Attention, rows: list[dict], today: dt.date) -> list[UnitAttention]:
    """Apply the attention rules to every unit; return those with a reason, most urgent first."""
    found = []
    median = peer_median_per100(r, rows)
    for row in rows:
        reasons = attention_reasons(r, row, today, median)
        if reasons:
            found.append(UnitAttention(row["unit"], row.get("service_area") or "", tuple(t for t, _ in reasons),
                                       sum(w for _, w in reasons)))
    return sorted(found, key=lambda a: (-a.score, a.unit))


# --- Adoption -----------------------------------------------------------------------------------------------
def best_recent_share(rows: list[dict], last_day: dt.date, days: int) -> dict[str, dict]:
    """Return per unit the row (day, unit, active_users, staff_count, share) with the highest share in the window."""
    first = last_day - dt.timedelta(days=days - 1)
    best: dict[str, dict] = {}
    for row in rows:
        day = row["day"].date() if isinstance(row["day"], dt.datetime) else row["day"]
        if first <= day <= last_day and not missing(row.get("share")):
            if row["unit"] not in best or row["share"] > best[row["unit"]]["share"]:
                best[row["unit"]] = row
    return best


def lagging(shares: dict[str, float], target: float) -> list[tuple[str, float]]:
    """Return (unit, share) below the adoption target, lowest first."""
    return sorted(((u, s) for u, s in shares.items() if not missing(s) and s < target), key=lambda x: x[1])


# --- Weekly unit notes (Ukemøte and its exports) --------------------------------------------------------------
@dataclass(frozen=True)
class UnitWeekSignals:
    """One unit's figures for a week, as the weekly judgement reads them."""

    unit: str
    service_area: str
    staff_count: int
    tickets: int
    tickets_prev: int
    messages: int
    negative: int
    mean_polarity: float | None
    safety: int
    status: str | None
    status_day: dt.date | None
    mood: float | None
    active_users: float | None


def weekly_unit_findings(r: WeeklyJudgement, u: UnitWeekSignals, overall_per100: float | None
                         ) -> tuple[list[tuple[int, str]], list[str]]:
    """Return (weighted bad findings, good findings) in words for one unit's week."""
    bad: list[tuple[int, str]] = []
    good: list[str] = []
    staff = int(u.staff_count or 0)
    per100 = u.tickets * 100 / staff if staff else None
    day = fmt_date(u.status_day) if u.status_day is not None and not missing(u.status_day) else ""
    if u.status == "rød":
        bad.append((r.poeng_rod, f"rød status i siste enhetsrapport ({day})"))
    elif u.status == "gul":
        bad.append((r.poeng_gul, f"gul status i siste enhetsrapport ({day})"))
    elif u.status == "grønn":
        good.append(f"grønn status i siste enhetsrapport ({day})")
    if u.safety:
        word = "melding" if u.safety == 1 else "meldinger"
        bad.append((r.poeng_sikkerhet, f"{fmt_int(u.safety)} {word} flagget for pasientsikkerhet"))
    if (per100 is not None and overall_per100 and u.tickets >= r.min_saker and per100 >= r.saker_per_100_gulv
            and per100 >= r.saker_faktor * overall_per100):
        bad.append((r.poeng_saker, f"{fmt_num(per100)} saker per 100 ansatte (snittet er {fmt_num(overall_per100)})"))
    if u.messages >= r.min_meldinger and u.negative / u.messages >= r.negativ_andel:
        bad.append((r.poeng_negativ, f"{fmt_int(u.negative)} av {fmt_int(u.messages)} meldinger i chatten er negative"))
    elif u.messages >= r.min_meldinger and not missing(u.mean_polarity) and u.mean_polarity >= r.positiv_stemning:
        good.append(f"positiv stemning i chatten ({fmt_polarity(u.mean_polarity)})")
    if u.tickets_prev >= r.min_saker and u.tickets >= r.saksokning * u.tickets_prev:
        bad.append((r.poeng_saksokning,
                    f"saker opp fra {fmt_int(u.tickets_prev)} til {fmt_int(u.tickets)} siden forrige uke"))
    elif u.tickets_prev >= r.min_saker and u.tickets <= r.saksnedgang * u.tickets_prev:
        good.append(f"saker ned fra {fmt_int(u.tickets_prev)} til {fmt_int(u.tickets)} siden forrige uke")
    if not missing(u.mood):
        if u.mood <= r.lav_humor:
            bad.append((r.poeng_humor, f"humør {fmt_num(u.mood)} av 5 i enhetsrapportene"))
        elif u.mood >= r.hoy_humor:
            good.append(f"humør {fmt_num(u.mood)} av 5 i enhetsrapportene")
    if not missing(u.active_users) and staff:
        share = u.active_users / staff
        if share < r.lav_adopsjon:
            bad.append((r.poeng_adopsjon, f"bare {fmt_pct(share, 0)} av de ansatte aktive"))
        elif share >= r.hoy_adopsjon:
            good.append(f"{fmt_pct(share, 0)} av de ansatte aktive")
    return bad, good
