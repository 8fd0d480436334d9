"""The demo's later go-live waves: two synthetic neighbouring municipalities after Trondheim (issue 17).

Trondheim (PD1) goes live on 7 May 2022. Two neighbours follow inside the demo period, both invented data and
labelled so ("syntetisk"):
- Malvik (PD2), Saturday 4 June 2022: five units, about 600 staff. Day by day it looks like Trondheim on the same
  day after go-live, but e-link messages fail at its nursing home from day 2 to day 12: many more e-link tickets,
  worried chat (safety flags) and yellow/red reports there. The «Bølger» page should say so.
- Melhus (PD3), Saturday 18 June 2022: six units, about 750 staff, which learned from both: fewer tickets per user
  and a better mood than Trondheim on the same day.

Every row is drawn from Trondheim's own generated rows on the same day after go-live (thinned by size, moved to the
wave's date and units), so the waves reuse the phrase bank's texts: no new text has to be scored, and the build
stays as fast as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

WAVE_TICKET_BASE = 9_000_000  # wave tickets are INC9000000 and up: apart from Trondheim's INC0012345…


@dataclass(frozen=True)
class WaveUnit:
    """One unit of a later wave; `elink` marks the unit whose e-link messages fail after go-live."""

    name: str
    area: str
    staff: int
    elink: bool = False


@dataclass(frozen=True)
class Wave:
    """A later go-live: who, which wave, when, how many citizens, its units and how it goes compared to PD1."""

    id: int
    organisation: str
    wave: str
    go_live: str
    label: str
    citizens: int
    units: tuple[WaveUnit, ...]
    ticket_factor: float      # tickets per user relative to Trondheim on the same day
    mood_shift: int           # added to the reports' mood (1..5), clipped
    elink_days: tuple[int, int] | None = None  # days after go-live with failing e-link at the `elink` unit
    elink_factor: float = 0.0  # extra e-link tickets and messages per user in that window (× Trondheim's e-link rate)


# Trondheim's go-live (id 1) is written from the generator's own constants; these are the synthetic later waves.
# Citizens: Trondheim about 212 700, Malvik about 14 500, Melhus about 17 100 (SSB, 1 January 2022, rounded).
TRONDHEIM_CITIZENS = 212_700
WAVES: tuple[Wave, ...] = (
    Wave(2, "Malvik kommune (syntetisk)", "PD2", "2022-06-04", "Malvik (PD2, syntetisk)", 14_500, (
        WaveUnit("Malvik hjemmetjeneste", "hjemmetjeneste", 190),
        WaveUnit("Hommelvik hjemmetjeneste", "hjemmetjeneste", 120),
        WaveUnit("Malvik helse- og velferdssenter", "HVS", 160, elink=True),
        WaveUnit("Malvik BOA", "BOA", 70),
        WaveUnit("Malvik helsestasjon", "helsestasjon", 55),
    ), ticket_factor=1.05, mood_shift=0, elink_days=(2, 12), elink_factor=9.0),
    Wave(3, "Melhus kommune (syntetisk)", "PD3", "2022-06-18", "Melhus (PD3, syntetisk)", 17_100, (
        WaveUnit("Melhus hjemmetjeneste", "hjemmetjeneste", 210),
        WaveUnit("Gimse hjemmetjeneste", "hjemmetjeneste", 130),
        WaveUnit("Melhus helse- og velferdssenter", "HVS", 170),
        WaveUnit("Lundamo helse- og velferdssenter", "HVS", 110),
        WaveUnit("Melhus BOA", "BOA", 80),
        WaveUnit("Melhus legevakt", "legevakt", 50),
    ), ticket_factor=0.75, mood_shift=1),
)


@dataclass
class WaveData:
    """The later waves' rows, shaped like the generator's frames (chat and reports with texts still unscored)."""

    go_lives: pd.DataFrame
    unit_go_lives: pd.DataFrame
    units: pd.DataFrame
    chat: pd.DataFrame
    reports: pd.DataFrame
    tickets: pd.DataFrame
    adoption: pd.DataFrame
    events: pd.DataFrame
    portal: pd.DataFrame  # day, logins, go_live_id (the later waves only)


def _day(ts: pd.Series | np.ndarray) -> np.ndarray:
    """Days since the reference go-live of timestamps (datetime64)."""
    from analysis.demo.generator import GO_LIVE

    return (np.asarray(ts, dtype="datetime64[s]").astype("datetime64[D]") - GO_LIVE).astype(int)


def _go_lives(pd1_date: str) -> pd.DataFrame:
    """The go_lives rows: Trondheim (the demo's own, synthetic too) and the later waves."""
    # Trondheim's goal is the seed's 80 MNOK a year; the later waves have none of their own: 363 kr per citizen.
    rows = [(1, "Trondheim kommune", "PD1", pd1_date, "Trondheim (PD1)", True, TRONDHEIM_CITIZENS, 80_000_000.0)]
    rows += [(w.id, w.organisation, w.wave, w.go_live, w.label, True, w.citizens, None) for w in WAVES]
    frame = pd.DataFrame(rows, columns=["id", "organisation", "wave", "go_live_date", "label", "synthetic", "citizens",
                                        "goal_nok"])
    frame["go_live_date"] = pd.to_datetime(frame["go_live_date"]).dt.date
    return frame


def _assign_units(rng: np.random.Generator, wave: Wave, n: int) -> np.ndarray:
    """Spread n rows over the wave's units by staff (indices into wave.units)."""
    weights = np.array([u.staff for u in wave.units], dtype=float)
    return rng.choice(len(wave.units), size=n, p=weights / weights.sum())


def _shift(ts: pd.Series, wave: Wave) -> np.ndarray:
    """Move Trondheim timestamps to the same day after the wave's go-live."""
    from analysis.demo.generator import GO_LIVE

    offset = (np.datetime64(wave.go_live) - GO_LIVE).astype("timedelta64[s]")
    return np.asarray(ts, dtype="datetime64[s]") + offset


def _last_day(wave: Wave) -> int:
    """The last day after go-live the demo period holds for a wave."""
    from analysis.demo.generator import PERIOD_END

    return int((PERIOD_END - np.datetime64(wave.go_live)).astype(int))


def _wave_chat(rng: np.random.Generator, chat: pd.DataFrame, wave: Wave, share: float) -> pd.DataFrame:
    """Chat on the wave's days: Trondheim's messages of the same day after go-live, thinned by size."""
    from analysis.demo.generator import SEED_QUOTES

    t = _day(chat["ts"])
    in_range = (t >= -2) & (t <= _last_day(wave)) & ~chat["text"].isin([q[4] for q in SEED_QUOTES]).to_numpy()
    keep = np.where(in_range, share * wave.ticket_factor, 0.0)
    elink_unit = next((i for i, u in enumerate(wave.units) if u.elink), None)
    extra = np.zeros(len(chat), dtype=bool)
    if wave.elink_days and elink_unit is not None:
        days = (t >= wave.elink_days[0]) & (t <= wave.elink_days[1])
        window = in_range & days & (chat["theme"].to_numpy() == "elink")
        extra = window & (rng.random(len(chat)) < share * wave.elink_factor)
    base = rng.random(len(chat)) < keep
    picked = chat[base | extra].copy()
    units = _assign_units(rng, wave, len(picked))
    if elink_unit is not None:
        units = np.where(extra[base | extra], elink_unit, units)
    picked["unit"] = pd.Series(np.array([u.name for u in wave.units], dtype=object)[units], index=picked.index)
    picked["ts"] = _shift(picked["ts"], wave)
    return picked


def _wave_tickets(rng: np.random.Generator, tickets: pd.DataFrame, wave: Wave, share: float) -> pd.DataFrame:
    """Tickets on the wave's days, thinned by size; extra e-link cases at the story unit in its window."""
    t = _day(tickets["opened_at"])
    in_range = (t >= -2) & (t <= _last_day(wave))
    base = rng.random(len(tickets)) < np.where(in_range, share * wave.ticket_factor, 0.0)
    elink_unit = next((i for i, u in enumerate(wave.units) if u.elink), None)
    extra = np.zeros(len(tickets), dtype=bool)
    if wave.elink_days and elink_unit is not None:
        window = (t >= wave.elink_days[0]) & (t <= wave.elink_days[1])
        is_elink = tickets["category"].to_numpy() == _elink_category()
        extra = window & is_elink & (rng.random(len(tickets)) < share * wave.elink_factor)
    chosen = base | extra
    picked = tickets[chosen].copy()
    units = _assign_units(rng, wave, len(picked))
    if elink_unit is not None:
        units = np.where(extra[chosen], elink_unit, units)
    picked["unit"] = pd.Series(np.array([u.name for u in wave.units], dtype=object)[units], index=picked.index)
    picked["opened_at"] = _shift(picked["opened_at"], wave)
    closed = picked["closed_at"]
    picked["closed_at"] = pd.Series(_shift(closed.fillna(pd.Timestamp("1970-01-01")), wave),
                                    index=picked.index).where(closed.notna())
    # A case that would close after the demo period ends is still open at its end.
    from analysis.demo.generator import PERIOD_END

    end = (PERIOD_END + 1).astype("datetime64[s]")
    late = picked["closed_at"].notna() & (picked["closed_at"] >= end)
    picked.loc[late, "closed_at"] = pd.NaT
    picked.loc[late, "status"] = "under arbeid"
    return picked


def _elink_category() -> str:
    """The ticket category of the e-link theme."""
    from analysis.demo.phrases import CATEGORY_BY_THEME

    return CATEGORY_BY_THEME["elink"]


def _wave_reports(rng: np.random.Generator, reports: pd.DataFrame, wave: Wave, elink_unit_name: str | None,
                  pd1_elink_unit: str) -> pd.DataFrame:
    """One report per wave unit and day: a Trondheim report of the same day after go-live, moved to the unit."""
    t_all = _day(reports["day"])
    rows = []
    for t in range(0, _last_day(wave) + 1):
        same_day = reports[t_all == t]
        if same_day.empty:
            continue
        story_day = wave.elink_days is not None and wave.elink_days[0] <= t <= wave.elink_days[1]
        for unit in wave.units:
            pool = same_day
            if story_day and unit.name == elink_unit_name:
                pool = same_day[same_day["unit"] == pd1_elink_unit]
                pool = pool if len(pool) else same_day[same_day["status"] != "grønn"]
            elif wave.mood_shift > 0:
                pool = same_day[same_day["mood"] >= 3] if (same_day["mood"] >= 3).any() else same_day
            row = pool.iloc[int(rng.integers(0, len(pool)))]
            mood = int(np.clip(row["mood"] + wave.mood_shift, 1, 5)) if pd.notna(row["mood"]) else None
            status = row["status"]
            if wave.mood_shift > 0 and mood is not None and mood >= 4 and status != "grønn":
                status = "grønn"
            rows.append((unit.name, row["day"], status, mood, row["text"], row["reported_at"]))
    frame = pd.DataFrame(rows, columns=["unit", "day", "status", "mood", "text", "reported_at"])
    frame["day"] = _shift(frame["day"], wave)
    frame["reported_at"] = _shift(frame["reported_at"], wave)
    return frame


def _wave_adoption(rng: np.random.Generator, adoption: pd.DataFrame, staff_total: int, wave: Wave) -> pd.DataFrame:
    """Active users per wave unit and day: Trondheim's share of staff on the same day, a little noise."""
    per_day = adoption.groupby("day", sort=True)["active_users"].sum()
    t = _day(per_day.index.to_numpy())
    share = per_day.to_numpy() / staff_total
    rows = []
    lift = 0.02 if wave.mood_shift > 0 else -0.01
    for ti, s in zip(t, share, strict=True):
        if ti > _last_day(wave):
            continue
        day = np.datetime64(wave.go_live) + int(ti)
        for unit in wave.units:
            level = min(1.0, max(0.0, s + lift + rng.normal(0, 0.015)))
            rows.append((day, unit.name, int(round(unit.staff * level))))
    frame = pd.DataFrame(rows, columns=["day", "unit", "active_users"])
    frame["day"] = frame["day"].astype("datetime64[s]")
    frame["active_users"] = frame["active_users"].astype(np.int32)
    return frame


def _wave_portal(portal: pd.DataFrame, wave: Wave) -> pd.DataFrame:
    """HelsaMi log-ins of a wave's citizens: Trondheim's curve on the same day after go-live, scaled by population."""
    t = _day(portal["day"].to_numpy())
    keep = t <= _last_day(wave)
    logins = np.round(portal["logins"].to_numpy()[keep] * wave.citizens / TRONDHEIM_CITIZENS).astype(np.int64)
    days = (np.datetime64(wave.go_live) + t[keep]).astype("datetime64[s]")
    return pd.DataFrame({"day": days, "logins": logins, "go_live_id": wave.id})


def _wave_events(first_id: int) -> pd.DataFrame:
    """Each later wave's go-live on its own timeline."""
    rows = []
    for i, w in enumerate(WAVES):
        rows.append((first_id + i, np.datetime64(f"{w.go_live}T07:00:00"), f"Go-live {w.label}", "go-live", None,
                     f"{w.organisation} tar i bruk Helseplattformen ({w.wave}). Syntetiske data.", w.id))
    return pd.DataFrame(rows, columns=["id", "ts", "title", "kind", "unit", "description", "go_live_id"])


def generate_waves(chat: pd.DataFrame, reports: pd.DataFrame, tickets: pd.DataFrame, adoption: pd.DataFrame,
                   staff_total: int, pd1_elink_unit: str, first_event_id: int, seed: int,
                   portal: pd.DataFrame | None = None) -> WaveData:
    """Draw the later waves from Trondheim's generated rows (deterministic for a seed)."""
    go_lives = _go_lives("2022-05-07")
    units, links, chats, reps, ticks, adopt = [], [], [], [], [], []
    for w in WAVES:
        rng = np.random.default_rng([seed, 17, w.id])
        wave_staff = sum(u.staff for u in w.units)
        share = wave_staff / staff_total
        units.append(pd.DataFrame({
            "name": [u.name for u in w.units], "service_area": [u.area for u in w.units],
            "staff_count": np.array([u.staff for u in w.units], dtype=np.int32),
            "go_live_date": [pd.Timestamp(w.go_live).date()] * len(w.units),
            "aliases": [[] for _ in w.units],
        }))
        links.append(pd.DataFrame({"unit": [u.name for u in w.units], "go_live_id": w.id}))
        chats.append(_wave_chat(rng, chat, w, share))
        elink_name = next((u.name for u in w.units if u.elink), None)
        reps.append(_wave_reports(rng, reports, w, elink_name, pd1_elink_unit))
        ticks.append(_wave_tickets(rng, tickets, w, share))
        adopt.append(_wave_adoption(rng, adoption, staff_total, w))
    wave_chat = pd.concat(chats, ignore_index=True)
    wave_tickets = pd.concat(ticks, ignore_index=True)
    wave_tickets["ticket_no"] = np.arange(WAVE_TICKET_BASE, WAVE_TICKET_BASE + len(wave_tickets), dtype=np.int64)
    return WaveData(
        go_lives=go_lives, unit_go_lives=pd.concat(links, ignore_index=True),
        units=pd.concat(units, ignore_index=True), chat=wave_chat,
        reports=pd.concat(reps, ignore_index=True), tickets=wave_tickets,
        adoption=pd.concat(adopt, ignore_index=True), events=_wave_events(first_event_id),
        portal=(pd.concat([_wave_portal(portal, w) for w in WAVES], ignore_index=True) if portal is not None
                else pd.DataFrame(columns=["day", "logins", "go_live_id"])),
    )
