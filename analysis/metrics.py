"""Pure computations for the views: 'now', deltas, closure ratio, attention rules, disagreement flags."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from analysis.fmt import fmt_date, fmt_int, fmt_num, fmt_polarity

# A message at or below this polarity counts as strongly negative and goes on the follow-up list.
STRONG_NEGATIVE = -0.4
# How far back the live page's follow-up list looks.
FOLLOW_UP_HOURS = 48
# Attention windows: recent mood over the last 48 h against the 7 days before; tickets over the
# last 24 h against the mean per 24 h of the 7 days before.
MOOD_RECENT_H = 48
LOAD_RECENT_H = 24
BASELINE_DAYS = 7
MOOD_DROP = 0.15
# A drop must also stand out from the day-to-day noise of a few messages: at least this many standard errors
# of the difference of the two means (with 46 units, 2.0 leaves about one false alarm at a time).
MOOD_DROP_Z = 2.0
LOAD_RISE = 1.5
MIN_RECENT_MESSAGES = 3
MIN_BASE_MESSAGES = 5
MIN_RECENT_TICKETS = 3
# A leader's report counts as current for this many days.
REPORT_FRESH_DAYS = 2
# Chat sentiment traffic light (mean polarity over the card's window).
CHAT_RED = -0.15
CHAT_GREEN = 0.15
CHAT_RED_NEG_SHARE = 0.4
# A unit's tickets per 100 staff at or above this multiple of the median unit count as high load.
HIGH_LOAD_FACTOR = 2.0


def _missing(value: object) -> bool:
    """Tell whether a value is None or NaN (pandas gives NaN/NA for SQL NULL)."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value) in ("<NA>", "NaT")


# Stored timestamps are naive Norwegian wall-clock times; the server may run in UTC.
LOCAL_TZ = ZoneInfo("Europe/Oslo")


def local_now() -> dt.datetime:
    """Return the current Norwegian wall-clock time as a naive datetime, like the stored data."""
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None)


@dataclass(frozen=True)
class Now:
    """The moment the live page treats as 'now', and why."""

    ts: dt.datetime
    mode: str  # 'real', 'demo' (newest data time) or 'override' (GOLIVE_NOW)


def resolve_now(meta: dict[str, str], newest: dt.datetime | None, override: dt.datetime | None = None,
                real_now: dt.datetime | None = None, until: dt.date | None = None) -> Now:
    """Return 'now': an explicit override, the newest data time for demo data, else the real clock.

    With demo data an earlier 'Til dato' (`until`) replays the live page as of the end of that day.
    """
    if override is not None:
        return Now(override, "override")
    real = real_now or local_now()
    if meta.get("demo") == "1" and newest is not None:
        if until is not None and until < newest.date():
            return Now(dt.datetime.combine(until, dt.time(23, 59, 59)), "demo")
        return Now(newest, "demo")
    return Now(real, "real")


def staleness_minutes(newest: dt.datetime | None, now: dt.datetime) -> float | None:
    """Return how many minutes old the newest data is at `now` (None without data)."""
    if newest is None:
        return None
    return max(0.0, (now - newest).total_seconds() / 60)


def delta(current: float | None, previous: float | None) -> float | None:
    """Return current − previous, or None when either is missing."""
    if _missing(current) or _missing(previous):
        return None
    return float(current) - float(previous)


def share(part: float | None, whole: float | None) -> float | None:
    """Return part ÷ whole, or None when the whole is zero or missing."""
    if _missing(part) or _missing(whole) or not whole:
        return None
    return float(part) / float(whole)


def closure_ratio(closed: int | None, opened: int | None) -> float | None:
    """Return closed ÷ opened (below 1 means the backlog grows); None when nothing was opened."""
    return share(closed or 0, opened)


def per_100(count: float | None, staff: float | None) -> float | None:
    """Return a count per 100 staff."""
    s = share(count, staff)
    return None if s is None else 100 * s


def chat_light(mean_polarity: float | None, negative_share: float | None, n: int | None) -> str | None:
    """Return a traffic light for chat sentiment ('grønn', 'gul', 'rød'), None with too few messages."""
    if not n or n < MIN_RECENT_MESSAGES or _missing(mean_polarity):
        return None
    if mean_polarity <= CHAT_RED or (not _missing(negative_share) and negative_share >= CHAT_RED_NEG_SHARE):
        return "rød"
    if mean_polarity >= CHAT_GREEN:
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


def is_high_load(per100: float | None, median_per100: float | None) -> bool:
    """Tell whether a unit's tickets per 100 staff is far above the median unit's."""
    if _missing(per100) or _missing(median_per100) or not median_per100:
        return False
    return per100 >= HIGH_LOAD_FACTOR * median_per100 and per100 > 0


@dataclass(frozen=True)
class Attention:
    """A unit that needs attention now, with its reasons in words."""

    unit: str
    service_area: str
    reasons: tuple[str, ...]
    score: float


def _beyond_noise(drop: float, sd_r: float | None, n_r: int, sd_b: float | None, n_b: int) -> bool:
    """Return whether a mood drop is at least MOOD_DROP_Z standard errors (unknown spread: assume it is)."""
    if _missing(sd_r) or _missing(sd_b):
        return True
    se = math.sqrt(sd_r ** 2 / n_r + sd_b ** 2 / n_b)
    return se == 0 or -drop / se >= MOOD_DROP_Z


def attention_reasons(row: dict, today: dt.date) -> list[tuple[str, float]]:
    """Return (reason in words, weight) for one unit's recent signals (see query_unit_signals)."""
    out: list[tuple[str, float]] = []
    n_r, n_b = row.get("n_recent") or 0, row.get("n_base") or 0
    p_r, p_b = row.get("pol_recent"), row.get("pol_base")
    if n_r >= MIN_RECENT_MESSAGES and n_b >= MIN_BASE_MESSAGES and not _missing(p_r) and not _missing(p_b):
        drop = p_r - p_b
        if drop <= -MOOD_DROP and _beyond_noise(drop, row.get("sd_recent"), n_r, row.get("sd_base"), n_b):
            out.append((f"Stemningen i chatten faller: {fmt_polarity(p_b)} → {fmt_polarity(p_r)} "
                        f"siste {MOOD_RECENT_H // 24} døgn ({fmt_int(n_r)} meldinger)", 1.0 + abs(drop)))
    t_r, t_b = row.get("t_recent") or 0, row.get("t_base") or 0
    base_per_day = t_b / BASELINE_DAYS
    if t_r >= MIN_RECENT_TICKETS and t_r >= LOAD_RISE * max(base_per_day, 1.0):
        out.append((f"Flere saker: {fmt_int(t_r)} siste døgn mot {fmt_num(base_per_day)} per døgn uka før",
                    1.0 + t_r / max(base_per_day, 1.0) / 10))
    status, rday = row.get("status"), row.get("report_day")
    if status == "rød" and rday is not None and not _missing(rday):
        rday = rday.date() if isinstance(rday, dt.datetime) else rday
        if (today - rday).days <= REPORT_FRESH_DAYS:
            mood = row.get("mood")
            mood_txt = "" if _missing(mood) else f" (stemning {int(mood)}/5)"
            out.append((f"Leder meldte rød{mood_txt} {fmt_date(rday)}", 2.0))
    mood, prev = row.get("mood"), row.get("prev_mood")
    if not _missing(mood) and not _missing(prev) and prev - mood >= 2:
        out.append((f"Leders stemning falt fra {int(prev)} til {int(mood)} av 5", 1.0))
    return out


def units_needing_attention(rows: list[dict], today: dt.date) -> list[Attention]:
    """Apply the attention rules to every unit; return those with a reason, most urgent first."""
    found = []
    for row in rows:
        reasons = attention_reasons(row, today)
        if reasons:
            found.append(Attention(row["unit"], row.get("service_area") or "", tuple(r for r, _ in reasons),
                                   sum(w for _, w in reasons)))
    return sorted(found, key=lambda a: (-a.score, a.unit))


# Active users on one day depend on who is at work (weekends dip): adoption per unit is the best day of
# the last week.
ADOPTION_WINDOW_DAYS = 7


def best_recent_share(rows: list[dict], last_day: dt.date, days: int = ADOPTION_WINDOW_DAYS) -> dict[str, dict]:
    """Return per unit the row (day, unit, active_users, staff_count, share) with the highest share in the window."""
    first = last_day - dt.timedelta(days=days - 1)
    best: dict[str, dict] = {}
    for r in rows:
        day = r["day"].date() if isinstance(r["day"], dt.datetime) else r["day"]
        if first <= day <= last_day and not _missing(r.get("share")):
            if r["unit"] not in best or r["share"] > best[r["unit"]]["share"]:
                best[r["unit"]] = r
    return best


def lagging(shares: dict[str, float], target: float) -> list[tuple[str, float]]:
    """Return (unit, share) below the adoption target, lowest first."""
    return sorted(((u, s) for u, s in shares.items() if not _missing(s) and s < target), key=lambda x: x[1])


def age_bucket_order() -> list[str]:
    """Return the backlog age buckets in display order (the SQL uses the same labels)."""
    return ["under 1 døgn", "1–3 døgn", "3–7 døgn", "over 7 døgn"]
