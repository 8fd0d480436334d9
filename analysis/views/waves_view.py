"""«Bølger»: each go-live wave against the earlier ones on the same day after go-live, and which one does worse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_int, fmt_num
from analysis.queries import common_queries, waves_queries

FIRST_DAY = -2        # the days before go-live shown (cut-over)
LAST_DAY = 28         # four weeks after go-live: the go-live period of every wave
WORSE_SHARE = 0.2     # a wave is "worse" on a day when its tickets per 100 users exceed the reference's by 20 %
MIN_ACTIVE = 20       # below this many active users a day's rates say nothing

# metric key -> (title, unit shown in the chart and the sentences, higher is worse)
METRICS: dict[str, tuple[str, str, bool]] = {
    "adoption": ("Aktive brukere av ansatte", "andel", False),
    "tickets_per_100": ("Saker per 100 brukere", "saker per 100 brukere", True),
    "backlog_per_100": ("Åpne saker (kø) per 100 brukere", "åpne saker per 100 brukere", True),
    "mood": ("Stemning fra enhetsrapportene (1–5)", "i snitt", False),
    "flags_per_1000": ("Pasientsikkerhetsflagg per 1 000 ansatte", "flagg per 1 000 ansatte", True),
}

T = {
    "none": "Bare én go-live i databasen: ingen bølger å sammenligne ennå.",
    "empty": "Ingen go-live er registrert ennå. Importer go-livene (datatype «go-liver»: navn, kommune, bølge og "
             "go-live-dato) på siden «Importer data», og koble enhetene til dem med enhetslistens kolonne «go-live».",
    "no_days": "Ingen senere bølge har passert go-live ennå.",
    "worse": "{name} ligger dårligere an enn {ref} på samme dag etter go-live. Dag {day} i {short}: {value} saker per "
             "100 brukere mot {ref_value} i {ref_short}; flest om {category} ({cat_value} mot {cat_ref} per 100).",
    "not_worse": "Ingen senere bølge ligger dårligere an enn {ref} på samme dag etter go-live (saker per 100 brukere).",
    "no_overlap": "Ingen tall å sammenligne ennå: ingen senere bølge har saker per 100 brukere på en dag etter "
                  "go-live der {ref} også har det (det trengs saker og minst {n} aktive brukere den dagen).",
    "better": "{name}: dag 0–{day} i snitt {value} saker per 100 brukere mot {ref_value} i {ref_short}.",
    "extra": "{title} dag {day} i {short}: {value} mot {ref_value} i {ref_short}.",
    "synthetic": "Syntetiske data: tallene for {labels} er laget for demoen.",
}


@dataclass(frozen=True)
class WaveInfo:
    """One go-live as the page lists it."""

    id: int
    label: str
    short: str
    organisation: str
    wave: str
    go_live_date: dt.date | None
    synthetic: bool
    units: int
    staff: int
    citizens: int | None
    day_now: int | None          # days since go-live at 'now' (None: no date)
    reference: bool              # the first go-live, which the others are measured against
    newest: bool                 # the latest go-live that has gone live


@dataclass(frozen=True)
class WaveGap:
    """The largest gap of a worse wave: day, its tickets per 100 users, the reference's, and the category behind it."""

    go_live_id: int
    label: str
    day: int
    value: float
    reference_value: float
    category: str
    category_value: float
    category_reference: float


@dataclass(frozen=True)
class WavesView:
    """Everything «Bølger» shows: the sentence on top, the waves, the aligned daily figures and the bands."""

    now: Now | None
    headline: str
    details: tuple[str, ...]
    waves: tuple[WaveInfo, ...]
    worst: WaveGap | None
    daily: pd.DataFrame        # go_live_id, label, day, metric, value
    band: pd.DataFrame         # metric, day, low, high: the earlier waves' spread against the newest wave
    metrics: dict[str, tuple[str, str, bool]]
    first_day: int
    last_day: int
    area: str | None

    @property
    def active(self) -> bool:
        """Tell whether there is more than one go-live to compare (the weekly export shows the page then)."""
        return sum(1 for w in self.waves if w.day_now is not None and w.day_now >= 0) > 1


def _short(label: str) -> str:
    """'Malvik (PD2, syntetisk)' -> 'Malvik'."""
    return label.split(" (")[0]


def _rates(daily: pd.DataFrame) -> pd.DataFrame:
    """The compared rates per go-live and day (a day with too few active users has no rate)."""
    d = daily.copy()
    active = d["active"].where(d["active"] >= MIN_ACTIVE)
    d["adoption"] = d["active"] / d["staff"]
    d["tickets_per_100"] = d["tickets"] / active * 100
    d["backlog_per_100"] = d["backlog"] / active * 100
    d["flags_per_1000"] = d["flags"] / d["staff"] * 1000
    return d


def _long(rates: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """The rates as long rows for the small multiples."""
    out = rates.melt(id_vars=["go_live_id", "day"], value_vars=list(METRICS), var_name="metric", value_name="value")
    out["value"] = out["value"].astype(float)
    out = out.dropna(subset=["value"])
    out.insert(1, "label", out["go_live_id"].map(labels))
    return out.sort_values(["metric", "go_live_id", "day"], ignore_index=True)


def _band(long: pd.DataFrame, newest: int | None) -> pd.DataFrame:
    """The spread (min–max) of the waves before the newest one, per metric and day."""
    earlier = long[long["go_live_id"] != newest] if newest is not None else long.iloc[0:0]
    if earlier.empty:
        return pd.DataFrame(columns=["metric", "day", "low", "high"])
    return (earlier.groupby(["metric", "day"], as_index=False)["value"].agg(low="min", high="max"))


def _worst_gap(rates: pd.DataFrame, cats: pd.DataFrame, ref: WaveInfo, later: list[WaveInfo]) -> WaveGap | None:
    """The later wave with the largest excess of tickets per 100 users over the reference on a shared day."""
    ref_rates = rates[rates["go_live_id"] == ref.id].set_index("day")["tickets_per_100"]
    best: tuple[float, WaveGap] | None = None
    for w in later:
        mine = rates[rates["go_live_id"] == w.id].set_index("day")["tickets_per_100"]
        both = pd.concat([mine.rename("w"), ref_rates.rename("r")], axis=1, join="inner").dropna()
        both = both[both.index >= 0]
        if both.empty:
            continue
        # The largest excess in saker per 100 brukere among the days that are clearly (20 %) worse: an absolute
        # gap, so a quiet day with 0,9 against 0,2 does not outrank a busy one with 3,4 against 0,9.
        excess = both["w"] - both["r"]
        excess = excess[excess > WORSE_SHARE * both["r"]]
        if excess.empty:
            continue
        day = int(excess.idxmax())
        gap = WaveGap(w.id, w.label, day, float(both.at[day, "w"]), float(both.at[day, "r"]),
                      *_reason(cats, rates, w.id, ref.id, day))
        if best is None or excess.max() > best[0]:
            best = (float(excess.max()), gap)
    return best[1] if best else None


def _reason(cats: pd.DataFrame, rates: pd.DataFrame, wave: int, ref: int, day: int) -> tuple[str, float, float]:
    """The ticket category with the largest excess per 100 users on that day, with both values."""
    def per100(gl: int) -> pd.Series:
        active = rates[(rates["go_live_id"] == gl) & (rates["day"] == day)]["active"]
        n = float(active.iloc[0]) if len(active) and pd.notna(active.iloc[0]) else np.nan
        c = cats[(cats["go_live_id"] == gl) & (cats["day"] == day)].set_index("category")["tickets"]
        return c / n * 100

    mine, theirs = per100(wave), per100(ref)
    diff = mine.sub(theirs, fill_value=0).dropna()
    if diff.empty:
        return "", float("nan"), float("nan")
    cat = str(diff.idxmax())
    return cat, float(mine.get(cat, 0.0)), float(theirs.get(cat, 0.0))


def _extra_lines(rates: pd.DataFrame, gap: WaveGap, ref: WaveInfo) -> list[str]:
    """For the worse wave: the day it is furthest behind on mood and safety flags, when it is."""
    lines = []
    for key in ("flags_per_1000", "mood", "backlog_per_100"):
        title, _, higher_worse = METRICS[key]
        mine = rates[rates["go_live_id"] == gap.go_live_id].set_index("day")[key]
        theirs = rates[rates["go_live_id"] == ref.id].set_index("day")[key]
        both = pd.concat([mine.rename("w"), theirs.rename("r")], axis=1, join="inner").dropna()
        both = both[both.index >= 0]
        if both.empty:
            continue
        worse = (both["w"] - both["r"]) if higher_worse else (both["r"] - both["w"])
        if worse.max() <= 0:
            continue
        day = int(worse.idxmax())
        decimals = 2 if key == "mood" else 1
        lines.append(T["extra"].format(title=title, day=day, short=_short(gap.label),
                                       value=fmt_num(both.at[day, "w"], decimals),
                                       ref_value=fmt_num(both.at[day, "r"], decimals), ref_short=ref.short))
    return lines


def _shared_days(rates: pd.DataFrame, ref: WaveInfo, later: list[WaveInfo]) -> bool:
    """Tell whether some later wave has a ticket rate on a day after go-live where the reference has one too."""
    if rates.empty:
        return False
    known = rates.dropna(subset=["tickets_per_100"])
    known = known[known["day"] >= 0]
    ref_days = set(known.loc[known["go_live_id"] == ref.id, "day"])
    return any(ref_days & set(known.loc[known["go_live_id"] == w.id, "day"]) for w in later)


def _better_lines(rates: pd.DataFrame, later: list[WaveInfo], ref: WaveInfo, worst: int | None) -> list[str]:
    """For each other later wave: its average tickets per 100 users against the reference's over the same days."""
    ref_rates = rates[rates["go_live_id"] == ref.id].set_index("day")["tickets_per_100"]
    lines = []
    for w in later:
        if w.id == worst:
            continue
        mine = rates[rates["go_live_id"] == w.id].set_index("day")["tickets_per_100"]
        both = pd.concat([mine.rename("w"), ref_rates.rename("r")], axis=1, join="inner").dropna()
        both = both[both.index >= 0]
        if both.empty:
            continue
        lines.append(T["better"].format(name=w.label, day=int(both.index.max()), value=fmt_num(both["w"].mean()),
                                        ref_value=fmt_num(both["r"].mean()), ref_short=ref.short))
    return lines


def _today(path: str, now: Now | None) -> dt.date:
    """The day the comparison runs to: 'now', else the newest data."""
    if now is not None:
        return now.ts.date()
    span = common_queries.query_data_span(path)
    return span.last_day or dt.date.today()


def build_waves_view(path: str, f: Filters | None = None, now: Now | None = None) -> WavesView:
    """Build «Bølger»: every go-live on the same day after go-live (the service-area filter applies; the period and
    go-live filters do not, since the page compares go-lives by their own day 0)."""
    f = f or Filters()
    today = _today(path, now)
    go_lives = waves_queries.query_go_lives(path)
    go_lives["go_live_date"] = [None if pd.isna(d) else pd.Timestamp(d).date() for d in go_lives["go_live_date"]]
    waves: list[WaveInfo] = []
    newest_id = None
    started = go_lives[[d is not None and d <= today for d in go_lives["go_live_date"]]]
    if len(started):
        newest_id = int(started.iloc[-1]["id"])
    for i, r in enumerate(go_lives.itertuples(index=False)):
        day_now = (today - r.go_live_date).days if r.go_live_date is not None else None
        waves.append(WaveInfo(int(r.id), r.label, _short(r.label), r.organisation, r.wave,
                              r.go_live_date, bool(r.synthetic), int(r.units),
                              int(r.staff), None if pd.isna(r.citizens) else int(r.citizens), day_now, i == 0,
                              int(r.id) == newest_id and i > 0))
    labels = {w.id: w.label for w in waves}
    daily = waves_queries.query_wave_daily(path, f, FIRST_DAY, LAST_DAY, today)
    rates = _rates(daily) if len(daily) else daily
    empty = pd.DataFrame(columns=["go_live_id", "label", "day", "metric", "value"])
    long = _long(rates, labels) if len(daily) else empty
    band = _band(long, newest_id if newest_id != (waves[0].id if waves else None) else None)
    details: list[str] = []
    worst = None
    if len(waves) < 2:
        headline = T["empty"] if not waves else T["none"]
    else:
        ref = waves[0]
        later = [w for w in waves[1:] if w.day_now is not None and w.day_now >= 0]
        if not later:
            headline = T["no_days"]
        else:
            cats = waves_queries.query_wave_categories(path, f, 0, LAST_DAY, today)
            worst = _worst_gap(rates, cats, ref, later)
            if not _shared_days(rates, ref, later):
                headline = T["no_overlap"].format(ref=ref.label, n=MIN_ACTIVE)
            elif worst is not None:
                headline = T["worse"].format(
                    name=worst.label, ref=ref.label, day=worst.day, short=_short(worst.label),
                    value=fmt_num(worst.value), ref_value=fmt_num(worst.reference_value), ref_short=ref.short,
                    category=worst.category or "ukjent kategori", cat_value=fmt_num(worst.category_value),
                    cat_ref=fmt_num(worst.category_reference))
                details += _extra_lines(rates, worst, ref)
            else:
                headline = T["not_worse"].format(ref=ref.label)
            details += _better_lines(rates, later, ref, worst.go_live_id if worst else None)
    synthetic = [w.short for w in waves if w.synthetic]
    if synthetic:
        details.append(T["synthetic"].format(labels=", ".join(synthetic)))
    return WavesView(now, headline, tuple(details), tuple(waves), worst, long, band, METRICS, FIRST_DAY, LAST_DAY,
                     f.area)


def wave_table(view: WavesView) -> pd.DataFrame:
    """The go-lives as the page's table (Norwegian headers)."""
    return pd.DataFrame({
        "Go-live": [w.label for w in view.waves],
        "Bølge": [w.wave for w in view.waves],
        "Dato": [fmt_date(w.go_live_date, weekday=False, year=True) if w.go_live_date else "–" for w in view.waves],
        "Dag nå": ["–" if w.day_now is None else str(w.day_now) for w in view.waves],
        "Enheter": [fmt_int(w.units) for w in view.waves],
        "Ansatte": [fmt_int(w.staff) for w in view.waves],
        "Innbyggere": [fmt_int(w.citizens) if w.citizens else "–" for w in view.waves],
        "Syntetisk": ["ja" if w.synthetic else "nei" for w in view.waves],
    })
