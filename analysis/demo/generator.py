"""Deterministic demo go-live: a complete synthetic database modelled on Trondheim kommune, May 2022.

The demo follows the reference case in BRIEF.md: Helseplattformen goes live on Saturday 7 May 2022
(cut-over from Thursday 5 May), the local support center runs 24/7 until Sunday 29 May, and the
period runs from 23 April (two weeks of training and preparation) to 2 July (eight weeks after).

What is in it
- 46 units of the health and welfare services (home care per district, nursing homes "HVS",
  helsehus, legevakt, BOA, psykisk helse og rus, ...) with invented staff counts that sum to exactly
  8 500. Lade hjemmetjeneste, Strindheim hjemmetjeneste and Havstein HVS (alias of "Havstein helse- og
  velferdssenter") are the seed's units; the other HVS names are invented.
- adoption_daily: active users per unit and day from go-live; 7 230 of 8 500 on day one, rising
  unevenly (BOA and psykisk helse og rus lag), lower on weekends and holidays after the go-live weekend.
- portal_logins_daily: cumulative distinct citizens who have logged in to HelsaMi since go-live
  (about 15 000 on day one, over 18 000 on day two, then growing more slowly).
- tickets: service-desk cases "INC0012345" with go-live dynamics (log-in/printing peak in days 0-3,
  medication, e-link and performance in days 4-10, decline over weeks 2-4), hour-of-day and weekday
  patterns, a backlog that grows and shrinks, resolution times that shrink week by week, reopens.
- chat_messages: Norwegian (about 10 % nynorsk, 3 % English) chat composed from a phrase bank by
  theme, tone, role and phase; the seed's quotes verbatim at their units and dates.
- unit_reports: the unit leaders' daily status (grønn/gul/rød, mood 1-5) consistent with chat tone.
- events: cut-over, go-live, hotfixes, super-users to half time, an upgrade, end of 24/7 cover.

Stories for the dashboard to find
- Byåsen hjemmetjeneste: mood falls in week 2 (after super-users went to half time on 13 May),
  bottoms out around 17 May and recovers by week 4.
- Lyngåsen HVS (Lyngåsen helse- og velferdssenter): from 9 May e-link messages to and from the GPs
  do not arrive; many messages say so (safety flags), reports go gul/rød; the e-link hotfix on
  24 May fixes it and the tone recovers.
- Heimdal helsehus: good mood all along, but its tickets rise week by week (more admissions).
- Strindheim hjemmetjeneste on 12 May: "Litt frustrasjon, men vi tar det med et smil".
- Two later waves (analysis/demo/waves.py, synthetic and labelled so): Malvik (PD2) from 4 June with failing e-link
  at its nursing home, Melhus (PD3) from 18 June doing better than Trondheim; and the benefit register with the
  seed's two time thieves (analysis/demo/benefits.py). `generate_demo` stays Trondheim alone; `build_demo` adds them.

`--scale` multiplies chat messages and tickets (scale 1 ≈ 20 000 messages and 8 000 tickets);
units, staff, adoption, portal log-ins, one report per unit and day, and events stay as they are.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import db as store
from analysis.config import db_path
from analysis.demo.phrases import (
    BUCKETS,
    CATEGORY_BY_THEME,
    THEMES,
    TICKET_SUMMARIES,
    bucket_of_hour,
    timed_pool,
)
from analysis.demo.roster import (
    STORY_DIP,
    STORY_ELINK,
    STORY_LOAD,
    TOTAL_STAFF,
    UNIT_SPECS,
    staff_counts,
    unit_by_story,
)
from analysis.text import stored_columns

PERIOD_START = np.datetime64("2022-04-23")
GO_LIVE = np.datetime64("2022-05-07")
SUPPORT_END = np.datetime64("2022-05-29")
PERIOD_END = np.datetime64("2022-07-02")
N_DAYS = int((PERIOD_END - PERIOD_START).astype(int)) + 1
GL = int((GO_LIVE - PERIOD_START).astype(int))                 # day index of go-live
T = np.arange(N_DAYS) - GL                                      # days since go-live
SUPPORT_T_END = int((SUPPORT_END - GO_LIVE).astype(int))        # 22
HOLIDAYS = np.array(["2022-05-17", "2022-05-26", "2022-06-05", "2022-06-06"], dtype="datetime64[D]")
DAYOFF_T = ((HOLIDAYS - GO_LIVE).astype(int)).tolist()

DAY_ONE_ACTIVE = 7_230
CHAT_PER_SCALE = 20_000
TICKETS_PER_SCALE = 8_000
ELINK_WINDOW = (2, 17)          # e-link trouble at the story unit, fixed by the hotfix on 24 May
ROLES = ("ansatt", "superbruker", "enhetsleder")
CHAT_CHANNELS = ("supportchat", "teamkanal", "superbrukerchat")
PRIORITIES = ("kritisk", "høy", "middels", "lav")
TICKET_CHANNELS = ("selvbetjeningsportal", "telefon", "chat", "superbruker")
LANGS = ("nb", "nn", "en")
NEG, NEU, POS = 0, 1, 2

# The seed's quotes (BRIEF.md), verbatim: (unit, ts, role, channel, text).
SEED_QUOTES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Lade hjemmetjeneste", "2022-05-07T13:42:00", "superbruker", "superbrukerchat",
     "har gått over all forventning, god stemning på enhet"),
    ("Havstein helse- og velferdssenter", "2022-05-07T16:05:00", "superbruker", "superbrukerchat",
     "har gått veldig bra, får god support"),
    ("Nardo hjemmetjeneste", "2022-05-08T10:17:00", "superbruker", "superbrukerchat",
     "Her har alt gått veldig bra, supergod stemning"),
    ("Havstein helse- og velferdssenter", "2022-05-08T19:48:00", "enhetsleder", "teamkanal",
     ("supert system som vi tenker kommer til å bli vanvittig bra. God stemning i hele helga. "
      "Ansatte er positiv og stolt over å være en del av dette.")),
    ("Strindheim hjemmetjeneste", "2022-05-12T09:15:00", "enhetsleder", "teamkanal",
     "Vi må bruke tid på å av-lære oss en gammel tenkemåte"),
    ("Strindheim hjemmetjeneste", "2022-05-12T09:16:00", "enhetsleder", "teamkanal",
     "Vi må nok gjennom tre uker for å få alle ansatte gjennom"),
    ("Strindheim hjemmetjeneste", "2022-05-12T11:05:00", "ansatt", "teamkanal",
     "Litt frustrasjon, men vi tar det med et smil"),
    ("Strindheim hjemmetjeneste", "2022-05-12T14:30:00", "superbruker", "supportchat",
     "Vi har trua på at det går rette veien"),
)
STRINDHEIM_REPORT = ("Strindheim hjemmetjeneste", "2022-05-12",
                     "Litt frustrasjon, men vi tar det med et smil. Vi har trua på at det går rette veien.")

# (ts, title, kind, unit, description)
EVENTS: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("2022-04-25T08:00:00", "Siste runde klasseromsopplæring starter", "opplæring", None,
     "Kurs for ansatte som ikke har fullført opplæringen."),
    ("2022-05-02T08:00:00", "Supportsenteret i Bispegata rigges", "bemanning", None,
     "Lokalt supportsenter settes opp med 15–20 årsverk."),
    ("2022-05-05T08:00:00", "Cut-over starter", "cut-over", None,
     "Nedtrapping av gamle systemer og manuell overføring av journaldata."),
    ("2022-05-06T20:00:00", "Supportsenteret bemannet døgnet rundt", "bemanning", None,
     "Døgnbemanning fra natt til go-live til og med 29. mai."),
    ("2022-05-07T07:00:00", "Go-live Helseplattformen", "go-live", None,
     "Trondheim kommune tar i bruk Helseplattformen i alle helse- og velferdstjenester."),
    ("2022-05-10T22:00:00", "Hotfix: utskrift og etikettskrivere", "hotfix", None,
     "Retting av skriveroppsett og utskrift av kjørelister."),
    ("2022-05-13T16:00:00", "Superbrukere går ned til halv tid", "bemanning", None,
     "Superbrukerne går fra full tid i uke 1 til halv tid i uke 2–3."),
    ("2022-05-24T21:00:00", "Hotfix: e-link-meldinger til fastleger", "hotfix",
     "Lyngåsen helse- og velferdssenter", "Retting av meldingsruting for e-link til fastlegekontorer."),
    ("2022-05-27T16:00:00", "Superbrukere tilbake i ordinær drift", "bemanning", None,
     "Superbrukerrollen går over i vanlig drift."),
    ("2022-05-29T23:59:00", "Supportsenteret avslutter døgnbemanning", "bemanning", None,
     "Supportsenteret går over til dagtid; saker meldes i selvbetjeningsportalen."),
    ("2022-06-11T22:00:00", "Oppgradering av Helseplattformen", "oppgradering", None,
     "Planlagt oppgradering med nedetid natt til søndag."),
    ("2022-06-20T09:00:00", "Overlevering til drift og forvaltning", "fase", None,
     "Fase 3: ansvar overføres til permanente strukturer."),
)

# Message recipes: (pool key, themed?, probability that the part is left out).
RECIPES: dict[str, tuple[tuple[str, bool, float], ...]] = {
    "complaint": (("open_complaint", False, .45), ("problem", True, 0), ("consequence", False, .45),
                  ("ask", False, .4), ("close_neg", False, .65)),
    "complaint_tired": (("open_complaint", False, .5), ("problem", True, 0), ("fatigue", False, 0),
                        ("ask", False, .5), ("close_neg", False, .7)),
    "question": (("open_neutral", False, .35), ("question", True, 0), ("question_context", False, .4),
                 ("close_neutral", False, .35)),
    "praise": (("open_pos", False, .45), ("praise", True, 0), ("pos_extra", False, .3),
               ("close_pos", False, .45)),
    "sb_answer": (("answer_open", False, .4), ("answer", True, 0), ("answer_extra", False, .6),
                  ("answer_close", False, .4)),
    "sb_pos": (("sb_status_pos", False, 0), ("praise", True, .3), ("close_pos", False, .5)),
    "sb_neg": (("sb_status_neg", False, 0), ("problem", True, .2), ("fatigue", False, .5), ("ask", False, .5)),
    "lead_pos": (("lead_pos", False, 0), ("praise", True, 0), ("pos_extra", False, .4),
                 ("lead_outlook_pos", False, .3)),
    "lead_neu": (("lead_neu", False, 0), ("problem", True, 0), ("pos_extra", False, .5),
                 ("lead_outlook_pos", False, .3)),
    "lead_neg": (("lead_neg", False, 0), ("problem", True, 0), ("fatigue", False, .5),
                 ("lead_outlook_neg", False, .3)),
    "prep_pos": (("open_pos", False, .3), ("prep_pos", False, 0), ("pos_extra", False, .3),
                 ("close_pos", False, .3)),
    "prep_neg": (("open_complaint", False, .3), ("prep_neg", False, 0), ("ask", False, .3),
                 ("close_neg", False, .5)),
    "prep_question": (("open_neutral", False, .25), ("prep_question", False, 0),
                      ("question_context", False, .25), ("close_neutral", False, .3)),
    "elink": (("open_complaint", False, .5), ("elink_story", False, 0), ("elink_extra", False, .35),
              ("ask", False, .45), ("close_neg", False, .7)),
    "load": (("open_pos", False, .5), ("load_story", False, 0), ("pos_extra", False, .35),
             ("close_pos", False, .5)),
    "dip": (("open_complaint", False, .5), ("dip_story", False, 0), ("problem", True, .4),
            ("fatigue", False, .5), ("ask", False, .5)),
}
KINDS = tuple(RECIPES)
MAX_PARTS = max(len(r) for r in RECIPES.values())

# Theme weights by phase (rows: pre, cut-over, days 0-3, days 4-10, days 11-27, after) in THEMES order.
_PHASE_THEMES = np.array([
    # innl  utskr rover legem elink timeb dokum opplæ ytels henv  gen
    [2.0, 0.3, 1.0, 0.3, 0.3, 0.3, 0.5, 5.0, 0.3, 0.2, 3.0],
    [2.0, 0.5, 0.8, 1.0, 0.5, 0.5, 1.5, 2.0, 0.5, 0.3, 3.0],
    [5.0, 3.0, 3.0, 1.5, 0.7, 1.0, 1.0, 1.0, 1.5, 0.4, 2.0],
    [1.5, 1.5, 2.5, 3.0, 2.0, 1.5, 3.0, 1.5, 2.5, 1.0, 1.5],
    [0.8, 0.8, 1.5, 2.0, 1.5, 1.5, 2.5, 2.0, 1.2, 1.2, 1.5],
    [0.8, 0.6, 1.2, 1.5, 1.2, 1.3, 2.0, 2.0, 1.0, 1.0, 1.5],
])
_AREA_THEMES: dict[str, dict[str, float]] = {
    "hjemmetjeneste": {"rover": 2.2, "timebok": 1.3},
    "HVS": {"legemidler": 1.8, "dokumentasjon": 1.2, "rover": 0.6},
    "helsehus": {"legemidler": 1.5, "elink": 1.3, "rover": 0.5},
    "legevakt": {"henvisning": 2.0, "elink": 1.5, "timebok": 1.5, "rover": 0.2},
    "BOA": {"dokumentasjon": 1.4, "rover": 0.8, "henvisning": 0.3},
    "psykisk helse og rus": {"timebok": 1.5, "dokumentasjon": 1.3, "henvisning": 1.3, "rover": 0.7},
    "helsestasjon": {"timebok": 2.0, "rover": 0.2, "legemidler": 0.4},
    "rehabilitering": {"timebok": 1.5, "henvisning": 1.5, "legemidler": 0.3},
    "forvaltning": {"henvisning": 2.0, "elink": 1.5, "dokumentasjon": 1.5, "rover": 0.1, "legemidler": 0.2},
    "velferdsteknologi": {"rover": 1.5, "innlogging": 1.3, "legemidler": 0.2},
}
_AREA_TICKETS = {"legevakt": 1.3, "forvaltning": 1.2, "hjemmetjeneste": 1.1, "BOA": 0.7,
                 "psykisk helse og rus": 0.8, "helsestasjon": 0.8, "rehabilitering": 0.8}

_CHAT_HOURS = np.array([0.2, 0.15, 0.12, 0.1, 0.12, 0.25, 0.6, 1.3, 1.8, 1.7, 1.5, 1.3,
                        1.2, 1.5, 1.6, 1.3, 1.0, 0.9, 0.8, 0.9, 1.0, 0.8, 0.5, 0.3])
_TICKET_HOURS = np.array([0.1, 0.08, 0.06, 0.05, 0.06, 0.15, 0.5, 1.4, 2.0, 1.9, 1.7, 1.5,
                          1.4, 1.6, 1.5, 1.2, 0.8, 0.6, 0.5, 0.5, 0.5, 0.4, 0.25, 0.15])
_NIGHT = np.arange(24) < 6

# Priority mix per category (kritisk, høy, middels, lav).
_PRIO_BASE = np.array([.02, .15, .50, .33])
_PRIO_BY_THEME = {
    "legemidler": [.06, .30, .45, .19], "elink": [.05, .30, .45, .20], "henvisning": [.04, .25, .50, .21],
    "innlogging": [.03, .22, .50, .25], "ytelse": [.05, .25, .45, .25], "opplaering": [.0, .05, .45, .50],
    "generelt": [.01, .08, .46, .45],
}
_RESOLVE_MEDIAN_H = np.array([3.0, 10.0, 28.0, 60.0])
_RESOLVE_THEME = {"elink": 1.4, "henvisning": 1.3, "ytelse": 1.2, "opplaering": 0.8, "innlogging": 0.8}


@dataclass
class DemoData:
    """The generated tables as DataFrames, text not yet scored.

    `chat` also carries the generator's own labels, which are not stored: `lang` (nb/nn/en), `tone`
    (0 negative, 1 neutral, 2 positive) and `theme`; `tickets` has `ticket_no` (stored as INC0012345).
    """

    units: pd.DataFrame
    chat: pd.DataFrame
    reports: pd.DataFrame
    tickets: pd.DataFrame
    adoption: pd.DataFrame
    portal: pd.DataFrame
    events: pd.DataFrame


@dataclass
class DemoSummary:
    """What a build produced: path, row counts, seconds per stage and file size."""

    path: Path
    seed: int
    scale: float
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    file_bytes: int = 0
    distinct_share: float = 0.0

    def describe(self) -> str:
        """Return a short Norwegian/English summary for the terminal."""
        sec = self.seconds
        lines = [
            f"Demodatabase bygget / demo database built: {self.path}",
            (f"  frø/seed {self.seed}, skala/scale {self.scale:g}, {self.file_bytes / 1e6:.1f} MB, "
             f"{sec.get('total', 0):.1f} s (generering {sec.get('generate', 0):.1f} s, "
             f"tekstanalyse {sec.get('score', 0):.1f} s, skriving {sec.get('insert', 0):.1f} s)"),
        ]
        lines += [f"  {name:<20} {n:>10,}".replace(",", " ") for name, n in self.rows.items()]
        lines.append(f"  andel unike chattekster / distinct chat texts: {self.distinct_share:.1%}")
        return "\n".join(lines)


_UNIT_NAMES = tuple(s.name for s in UNIT_SPECS)
_REPORT_BUCKET = BUCKETS.index("dag")      # leaders file their status in the afternoon


def _rng(seed: int, stage: int) -> np.random.Generator:
    """Return an independent generator per stage, so one stage's draws never shift another's."""
    return np.random.default_rng([seed, stage])


def _days() -> np.ndarray:
    """Return the period's dates as datetime64[D]."""
    return PERIOD_START + np.arange(N_DAYS)


def _day_off() -> np.ndarray:
    """Tell per day whether it is a weekend or public holiday."""
    weekday = (_days().astype(int) + 3) % 7          # 1970-01-01 was a Thursday; Monday = 0
    return (weekday >= 5) | np.isin(T, DAYOFF_T)


def _sample_cells(rng: np.random.Generator, probs: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Draw one category per row from its cell's probabilities (probs: cells x K) in one pass."""
    probs = np.asarray(probs, dtype=float)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(len(probs))[:, None]).ravel()
    pos = np.searchsorted(flat, cell + rng.random(len(cell)), side="right")
    return pos - cell * probs.shape[1]


def mood_curve() -> np.ndarray:
    """Shared latent mood (0 = despair, 1 = delight) per day: hope, go-live high, day 5-10 dip, recovery."""
    knots_t = [-14, -3, -2, -1, 0, 1, 2, 3, 4, 5, 9, 10, 13, 28, 56]
    knots_m = [0.58, 0.58, 0.52, 0.52, 0.76, 0.74, 0.64, 0.56, 0.50, 0.45, 0.45, 0.50, 0.52, 0.68, 0.72]
    return np.interp(T, knots_t, knots_m)


def _chat_phase() -> np.ndarray:
    """Relative chat volume per day."""
    after = 0.6 * np.exp(-(T - 10) / 9.0) + 0.12
    knots = np.interp(T, [0, 1, 2, 3, 4, 10], [1.0, 0.9, 1.0, 0.85, 0.8, 0.6])
    vol = np.select([T < -2, T == -2, T == -1, T <= 10], [0.06, 0.2, 0.3, knots], after)
    factor = np.where(_day_off() & ~np.isin(T, [0, 1]), np.where(T < 0, 0.3, 0.55), 1.0)
    return vol * factor


def _ticket_phase() -> np.ndarray:
    """Relative ticket volume per day: peak days 0-2, harder problems to day 10, decline after."""
    after = 0.5 * np.exp(-(T - 10) / 8.0) + 0.08
    knots = np.interp(T, [0, 1, 2, 3, 4, 5, 10], [0.95, 0.85, 1.0, 0.85, 0.75, 0.7, 0.5])
    vol = np.select([T < -2, T == -2, T == -1, T <= 10], [0.02, 0.08, 0.12, knots], after)
    vol = vol * np.where(np.isin(T, [35, 36]), 1.6, 1.0)           # the upgrade weekend
    factor = np.where(_day_off() & ~np.isin(T, [0, 1]), 0.5, 1.0)
    return vol * factor


def _phase_bucket() -> np.ndarray:
    """Map each day to a row of _PHASE_THEMES."""
    return np.select([T < -2, T < 0, T <= 3, T <= 10, T <= 27], [0, 1, 2, 3, 4], 5)


def _unit_frame() -> pd.DataFrame:
    """Return the units table."""
    return pd.DataFrame({
        "name": [s.name for s in UNIT_SPECS],
        "service_area": [s.area for s in UNIT_SPECS],
        "staff_count": np.array(staff_counts(), dtype=np.int32),
        "go_live_date": pd.to_datetime([str(GO_LIVE)] * len(UNIT_SPECS)).date,
        "aliases": [list(s.aliases) for s in UNIT_SPECS],
    })


@dataclass
class _World:
    """Latent per-unit, per-day state shared by every table (independent of scale)."""

    staff: np.ndarray          # (U,)
    mood: np.ndarray           # (U, D) latent mood 0..1
    theme_p: np.ndarray        # (U*D, K) theme probabilities per cell
    nn_share: np.ndarray       # (U,)
    story: dict[str, int]      # story role -> unit index


def _world(seed: int) -> _World:
    """Draw the latent mood, theme mix and language mix of every unit and day."""
    rng = _rng(seed, 1)
    n_units = len(UNIT_SPECS)
    staff = np.array(staff_counts(), dtype=float)
    story = {s.story: i for i, s in enumerate(UNIT_SPECS) if s.story in (STORY_DIP, STORY_ELINK, STORY_LOAD)}
    base = mood_curve()[None, :] + np.array([s.mood for s in UNIT_SPECS])[:, None]
    base = base + rng.normal(0, 0.03, (n_units, 1))
    # Day-to-day noise with some memory (AR(1)), so a bad day tends to follow a bad day.
    eps = rng.normal(0, 0.045, (n_units, N_DAYS))
    for d in range(1, N_DAYS):
        eps[:, d] = 0.55 * eps[:, d - 1] + 0.8 * eps[:, d]
    mood = base + eps
    mood[story[STORY_DIP]] -= 0.36 * np.exp(-((T - 10) / 3.3) ** 2)
    in_window = (T >= ELINK_WINDOW[0]) & (T <= ELINK_WINDOW[1])
    after_fix = np.where(T > ELINK_WINDOW[1], 0.15 * np.exp(-(T - ELINK_WINDOW[1]) / 3), 0)
    mood[story[STORY_ELINK]] -= np.where(in_window, 0.15, after_fix)
    mood[story[STORY_LOAD]] = np.maximum(mood[story[STORY_LOAD]], 0.8) - 0.3 * eps[story[STORY_LOAD]]
    mood = np.clip(mood, 0.05, 0.95)

    k = len(THEMES)
    tw = _PHASE_THEMES[_phase_bucket()]                                  # (D, K)
    tw = np.where(np.isin(T, [35, 36])[:, None] & (np.arange(k) == THEMES.index("ytelse")), tw * 4, tw)
    area_mult = np.ones((n_units, k))
    for i, s in enumerate(UNIT_SPECS):
        for theme, m in _AREA_THEMES.get(s.area, {}).items():
            area_mult[i, THEMES.index(theme)] = m
    theme_p = area_mult[:, None, :] * tw[None, :, :] * rng.lognormal(0, 0.15, (n_units, 1, k))
    e = story[STORY_ELINK]
    theme_p[e, in_window, THEMES.index("elink")] *= 12
    theme_p[story[STORY_LOAD], T >= 7, THEMES.index("henvisning")] *= 1.5
    nn_share = rng.uniform(0.03, 0.17, n_units)
    return _World(staff, mood, theme_p.reshape(n_units * N_DAYS, k), nn_share, story)


def _adoption(w: _World, seed: int) -> pd.DataFrame:
    """Active users per unit and day from go-live: 7 230 on day one, rising unevenly."""
    rng = _rng(seed, 2)
    lag = np.array([s.lag for s in UNIT_SPECS])
    staff = w.staff
    first = np.clip(0.87 - 0.13 * lag + rng.normal(0, 0.02, len(lag)), 0.6, 0.95)
    raw = staff * first * DAY_ONE_ACTIVE / float((staff * first).sum())
    day_one = np.floor(raw).astype(int)
    short = DAY_ONE_ACTIVE - int(day_one.sum())
    day_one[np.argsort(day_one - raw, kind="stable")[:short]] += 1
    first = day_one / staff
    cap = np.clip(0.985 - 0.05 * lag + rng.normal(0, 0.006, len(lag)), first, 0.995)
    rate = np.maximum(0.2 - 0.15 * lag, 0.04)
    t = np.arange(0, N_DAYS - GL)
    level = first[:, None] + (cap - first)[:, None] * (1 - np.exp(-rate[:, None] * t[None, :]))
    off = _day_off()[GL:] & (t >= 2)
    level = level * np.where(off, 0.8, 1.0)[None, :] * (1 + rng.normal(0, 0.006, level.shape))
    active = np.minimum(np.rint(staff[:, None] * level), staff[:, None]).astype(np.int32)
    active[:, 0] = day_one
    days = _days()[GL:]
    return pd.DataFrame({
        "day": np.tile(days, len(staff)).astype("datetime64[s]"),
        "unit": np.repeat([s.name for s in UNIT_SPECS], len(days)),
        "active_users": active.ravel(),
    })


def _portal(seed: int) -> pd.DataFrame:
    """Cumulative distinct citizens logged in to HelsaMi since go-live, per day."""
    rng = _rng(seed, 3)
    t = np.arange(0, N_DAYS - GL)
    off = _day_off()[GL:]
    inc = (2200 * np.exp(-(t - 1) / 6.0) + 380) * np.where(off, 0.7, 1.15) * rng.lognormal(0, 0.08, len(t))
    inc[0] = 15_000 + rng.integers(-60, 140)
    inc[1] = 3_150 + rng.integers(0, 250)
    return pd.DataFrame({"day": _days()[GL:].astype("datetime64[s]"), "logins": np.cumsum(inc).astype(np.int64)})


def _timestamps(rng: np.random.Generator, day_idx: np.ndarray, hours: np.ndarray, night_after: float) -> np.ndarray:
    """Draw a time of day per row from an hour profile (flatter on days off, quieter nights after 24/7)."""
    t = T[day_idx]
    off = _day_off()[day_idx]
    flat = 0.5 * hours + 0.5 * hours.mean()
    profiles = np.stack([hours, flat, np.where(_NIGHT, hours * night_after, hours),
                         np.where(_NIGHT, flat * night_after, flat)])
    staffed = (t >= -1) & (t <= SUPPORT_T_END)
    cell = off.astype(int) + 2 * (~staffed).astype(int)
    hour = _sample_cells(rng, profiles, cell)
    secs = hour * 3600 + rng.integers(0, 3600, len(day_idx))
    return PERIOD_START.astype("datetime64[s]") + (day_idx * 86400 + secs).astype("timedelta64[s]")


def _lambda(phase: np.ndarray, per_unit: np.ndarray, total: float) -> np.ndarray:
    """Scale a (U, D) intensity so that its expected sum is `total`."""
    lam = per_unit[:, None] * phase[None, :]
    return lam * (total / lam.sum())


def _compose(rng: np.random.Generator, lang: np.ndarray, kind: np.ndarray, theme: np.ndarray,
             bucket: np.ndarray) -> list[str]:
    """Build one text per row from recipe parts, vectorised per (language, kind, theme, time) group."""
    n = len(kind)
    parts = [np.full(n, "", dtype=object) for _ in range(MAX_PARTS)]
    key = ((lang * len(KINDS) + kind) * len(THEMES) + theme) * len(BUCKETS) + bucket
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    bounds = np.append(starts, n)
    cache: dict[tuple[str, str, str | None, int], np.ndarray] = {}
    for g, k in enumerate(keys.tolist()):
        rows = order[bounds[g]:bounds[g + 1]]
        k, bk = divmod(k, len(BUCKETS))
        k, ti = divmod(k, len(THEMES))
        lg, kd = LANGS[k // len(KINDS)], KINDS[k % len(KINDS)]
        for j, (pkey, themed, p_empty) in enumerate(RECIPES[kd]):
            ck = (lg, pkey, THEMES[ti] if themed else None, bk)
            if ck not in cache:
                cache[ck] = np.array(timed_pool(*ck), dtype=object)
            p = cache[ck]
            vals = p[rng.integers(0, len(p), len(rows))]
            if p_empty:
                vals[rng.random(len(rows)) < p_empty] = ""
            parts[j][rows] = vals
    return [" ".join(filter(None, row)) for row in zip(*parts, strict=True)]


def _style(rng: np.random.Generator, texts: list[str], tone: np.ndarray) -> list[str]:
    """Add chat habits: lower case, dropped full stops, smileys, double exclamation marks."""
    n = len(texts)
    u = rng.random(n)
    v = rng.random(n)
    for i in np.flatnonzero(u < 0.10):
        texts[i] = texts[i].lower()
    for i in np.flatnonzero((u >= 0.10) & (u < 0.18)):
        texts[i] = texts[i].removesuffix(".")
    smile = (tone == POS) & (v < 0.12)
    for i, s in zip(np.flatnonzero(smile), rng.integers(0, 3, int(smile.sum())), strict=True):
        texts[i] += (" :)", " 😊", " :-)")[s]
    shout = (tone == NEG) & (v > 0.93)
    for i in np.flatnonzero(shout):
        if texts[i][-1:] in ".?":
            texts[i] = texts[i][:-1] + ("!!" if texts[i][-1] == "." else "??")
    return texts


def _chat(w: _World, seed: int, scale: float) -> pd.DataFrame:
    """Chat messages per unit and day, composed by tone, role, theme and phase."""
    rng = _rng(seed, 4)
    n_units = len(UNIT_SPECS)
    chattiness = _rng(seed, 40).lognormal(0, 0.25, n_units)
    lam = _lambda(_chat_phase(), w.staff * chattiness, CHAT_PER_SCALE * scale)
    dip, elink, load = w.story[STORY_DIP], w.story[STORY_ELINK], w.story[STORY_LOAD]
    in_window = (T >= ELINK_WINDOW[0]) & (T <= ELINK_WINDOW[1])
    lam[dip] *= np.where((T >= 7) & (T <= 16), 1.6, 1.0)
    lam[elink] *= np.where(in_window, 1.5, 1.0)
    lam[load] *= np.where(T >= 7, 1 + 0.04 * (T - 7), 1.0)
    counts = rng.poisson(lam)
    unit = np.repeat(np.arange(n_units), counts.sum(axis=1))
    day = np.concatenate([np.repeat(np.arange(N_DAYS), c) for c in counts])
    n = len(unit)
    t = T[day]
    m = w.mood[unit, day]
    u = rng.random(n)
    p_neg = np.clip(0.85 - 1.1 * m, 0.03, 0.9)
    p_pos = np.clip(1.1 * m - 0.25, 0.03, 0.9)
    tone = np.where(u < p_neg, NEG, np.where(u < p_neg + p_pos, POS, NEU))
    sb = np.select([t < 7, t <= 20], [0.25, 0.15], 0.08)
    ur = rng.random(n)
    role = np.where(ur < sb, 1, np.where(ur < sb + 0.06, 2, 0))
    ul = rng.random(n)
    lang = np.where(ul < w.nn_share[unit], 1, np.where(ul > 0.97, 2, 0))
    theme = _sample_cells(rng, w.theme_p, unit * N_DAYS + day)

    kind = np.full(n, KINDS.index("question"))
    ansatt, sbr, leader = role == 0, role == 1, role == 2
    kind[ansatt & (tone == NEG)] = KINDS.index("complaint")
    kind[ansatt & (tone == POS)] = KINDS.index("praise")
    tired = ansatt & (tone == NEG) & (t >= 5) & (t <= 13) & (rng.random(n) < 0.35)
    kind[tired] = KINDS.index("complaint_tired")
    kind[sbr] = KINDS.index("sb_answer")
    kind[sbr & (tone == POS) & (rng.random(n) < 0.35)] = KINDS.index("sb_pos")
    kind[sbr & (tone == NEG)] = KINDS.index("sb_neg")
    for tn, name in ((NEG, "lead_neg"), (NEU, "lead_neu"), (POS, "lead_pos")):
        kind[leader & (tone == tn)] = KINDS.index(name)
    pre = t < 0
    for tn, name in ((NEG, "prep_neg"), (NEU, "prep_question"), (POS, "prep_pos")):
        kind[pre & (tone == tn)] = KINDS.index(name)
    r = rng.random(n)
    story_elink = (unit == elink) & in_window[day] & (theme == THEMES.index("elink")) & ~sbr
    kind[story_elink] = KINDS.index("elink")
    tone[story_elink] = NEG
    story_load = (unit == load) & (t >= 7) & (tone != NEG) & ~sbr & (r < 0.45)
    kind[story_load] = KINDS.index("load")
    story_dip = (unit == dip) & (t >= 7) & (t <= 16) & (tone == NEG) & ~sbr & (r < 0.5)
    kind[story_dip] = KINDS.index("dip")

    ts = _timestamps(rng, day, _CHAT_HOURS, 0.45)
    hour = ts.astype("datetime64[h]").astype(np.int64) % 24
    bucket = np.array([bucket_of_hour(h) for h in range(24)])[hour]
    texts = _style(rng, _compose(rng, lang, kind, theme, bucket), tone)
    ch_u = rng.random(n)
    channel = np.select(
        [role == 1, role == 2],
        [np.where(ch_u < 0.7, 2, 1), np.where(ch_u < 0.7, 1, 0)],
        np.where(ch_u < 0.6, 0, 1),
    )
    # The seed's quotes join the generated messages before sorting, so ids follow time.
    unit_ix = {s.name: i for i, s in enumerate(UNIT_SPECS)}
    ts = np.concatenate([ts, np.array([q[1] for q in SEED_QUOTES], dtype="datetime64[s]")])
    unit = np.concatenate([unit, [unit_ix[q[0]] for q in SEED_QUOTES]])
    role = np.concatenate([role, [ROLES.index(q[2]) for q in SEED_QUOTES]])
    channel = np.concatenate([channel, [CHAT_CHANNELS.index(q[3]) for q in SEED_QUOTES]])
    lang = np.concatenate([lang, np.zeros(len(SEED_QUOTES), dtype=lang.dtype)])
    tone = np.concatenate([tone, np.full(len(SEED_QUOTES), POS)])
    theme = np.concatenate([theme, np.full(len(SEED_QUOTES), THEMES.index("generelt"))])
    text = np.array(texts + [q[4] for q in SEED_QUOTES], dtype=object)
    order = np.lexsort((unit, ts))
    return pd.DataFrame({
        "id": np.arange(1, len(order) + 1, dtype=np.int64),
        "ts": ts[order],
        "unit": _obj(_UNIT_NAMES, unit[order]),
        "text": pd.Series(text[order], dtype=object),
        "role": _obj(ROLES, role[order]),
        "channel": _obj(CHAT_CHANNELS, channel[order]),
        "lang": _obj(LANGS, lang[order]),
        "tone": tone[order],
        "theme": _obj(THEMES, theme[order]),
    })


def _obj(labels: tuple[str, ...] | list[str], codes: np.ndarray) -> pd.Series:
    """Return labels[codes] as an object column (DuckDB scans these faster than pandas' str dtype)."""
    return pd.Series(np.array(labels, dtype=object)[codes], dtype=object)


def _reports(w: _World, seed: int) -> pd.DataFrame:
    """One status report per unit and day from go-live, with a few gaps; mood follows the unit's tone."""
    rng = _rng(seed, 5)
    names = [s.name for s in UNIT_SPECS]
    irregular = set(rng.choice(len(names), 4, replace=False).tolist()) - set(w.story.values())
    off = _day_off()
    dip, elink, load = w.story[STORY_DIP], w.story[STORY_ELINK], w.story[STORY_LOAD]
    n_units = len(names)
    cells = np.arange(n_units * N_DAYS)
    themes = _sample_cells(rng, w.theme_p, cells).reshape(n_units, N_DAYS)
    moods = np.clip(np.rint(1 + 4 * w.mood + rng.normal(0, 0.35, w.mood.shape)), 1, 5).astype(int)
    u = rng.random((n_units, N_DAYS, 6))
    rows = []
    for ui in range(n_units):
        for d in range(GL, N_DAYS):
            t = int(T[d])
            r = u[ui, d]
            p = 0.55 if ui in irregular else (0.8 if off[d] and t > 1 else 0.96)
            if r[0] > p and not (names[ui] == STRINDHEIM_REPORT[0] and t == 5):
                continue
            mood = int(moods[ui, d])
            if mood >= 4:
                status = "grønn"
            elif mood == 3:
                status = "gul" if r[1] < 0.7 else "grønn"
            else:
                status = "rød" if mood == 1 or r[1] < 0.6 else "gul"
            lang = "nn" if r[2] < w.nn_share[ui] else "nb"
            theme = THEMES[themes[ui, d]]
            parts = [_pick(rng, timed_pool(lang, "report_mood", mood, _REPORT_BUCKET))]
            in_window = ELINK_WINDOW[0] <= t <= ELINK_WINDOW[1]
            if ui == elink and in_window:
                # A safety problem turns the status at least yellow, red when the mood is down as well.
                status = "rød" if r[3] < 0.5 and mood <= 3 else ("gul" if status == "grønn" else status)
                parts.append(_pick(rng, timed_pool(lang, "report_elink", None, _REPORT_BUCKET)))
            elif ui == load and t >= 14 and r[3] < 0.6:
                status = "gul" if r[4] < 0.3 else status
                parts.append(_pick(rng, timed_pool(lang, "report_load", None, _REPORT_BUCKET)))
            elif ui == dip and 7 <= t <= 16 and mood <= 3:
                parts.append(_pick(rng, timed_pool(lang, "dip_story", None, _REPORT_BUCKET)))
            elif mood <= 3:
                parts.append(_pick(rng, timed_pool(lang, "problem", theme, _REPORT_BUCKET)))
            elif r[4] < 0.6:
                parts.append(_pick(rng, timed_pool(lang, "praise", theme, _REPORT_BUCKET)))
            if r[5] < 0.5:
                parts.append(_pick(rng, timed_pool(lang, "report_plan", None, _REPORT_BUCKET)))
            text = " ".join(parts)
            if names[ui] == STRINDHEIM_REPORT[0] and t == 5:
                mood, status, text = 3, "gul", STRINDHEIM_REPORT[2]
            minute = int(rng.integers(0, 150)) if t > 1 else int(rng.integers(-420, 300))
            rows.append((d, names[ui], status, mood, text, minute))
    frame = pd.DataFrame(rows, columns=["d", "unit", "status", "mood", "text", "minute"])
    day = PERIOD_START + frame["d"].to_numpy()
    frame["day"] = day.astype("datetime64[s]")
    offset = (15 * 3600 + frame["minute"].to_numpy() * 60).astype("timedelta64[s]")
    frame["reported_at"] = day.astype("datetime64[s]") + offset
    frame = frame.sort_values(["day", "unit"], kind="stable", ignore_index=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame[["id", "day", "unit", "status", "mood", "text", "reported_at"]]


def _pick(rng: np.random.Generator, items: tuple[str, ...]) -> str:
    """Pick one item."""
    return items[int(rng.integers(0, len(items)))]


def _tickets(w: _World, seed: int, scale: float) -> pd.DataFrame:
    """Service-desk tickets with go-live dynamics, a backlog and shrinking times to resolve."""
    rng = _rng(seed, 6)
    n_units = len(UNIT_SPECS)
    area = np.array([_AREA_TICKETS.get(s.area, 1.0) for s in UNIT_SPECS])
    per_unit = w.staff * area * _rng(seed, 60).lognormal(0, 0.15, n_units)
    phase = _ticket_phase()
    lam = per_unit[:, None] * phase[None, :]
    load = w.story[STORY_LOAD]
    rising = np.maximum(phase * 0.6, (0.25 + 0.03 * T) * np.where(_day_off(), 0.6, 1.0))
    lam[load] = per_unit[load] * np.where(T >= 0, rising, phase)
    lam *= TICKETS_PER_SCALE * scale / lam.sum()
    counts = rng.poisson(lam)
    unit = np.repeat(np.arange(n_units), counts.sum(axis=1))
    day = np.concatenate([np.repeat(np.arange(N_DAYS), c) for c in counts])
    n = len(unit)
    t = T[day]
    theme = _sample_cells(rng, w.theme_p, unit * N_DAYS + day)

    k = len(THEMES)
    prio_p = np.array([_PRIO_BY_THEME.get(th, _PRIO_BASE) for th in THEMES], dtype=float)
    harder = prio_p * np.array([1.4, 1.3, 1.0, 0.8])
    mid = ((t >= 4) & (t <= 10)).astype(int)
    priority = _sample_cells(rng, np.vstack([prio_p, harder]), theme + k * mid)

    opened = _timestamps(rng, day, _TICKET_HOURS, 0.35)
    hour = (opened.astype("datetime64[h]").astype(int)) % 24
    night = (hour < 7) | (hour >= 22)
    ch_p = np.array([
        [.45, .25, .10, .20],   # week 1, day
        [.35, .50, .10, .05],   # week 1, night
        [.48, .32, .10, .10],   # weeks 2-3, day
        [.40, .50, .10, .00],   # weeks 2-3, night (24/7)
        [.55, .30, .10, .05],   # after 29 May, day
        [.92, .00, .08, .00],   # after 29 May, night: phone closed
        [.50, .30, .15, .05],   # before go-live
    ])
    ch_cell = np.select([t < 0, t < 7, t <= SUPPORT_T_END], [6, 0, 2], 4) + np.where(t >= 0, night, 0)
    channel = _sample_cells(rng, ch_p, ch_cell)

    reopened = np.select([rng.random(n) < 0.006, rng.random(n) < 0.04], [2, 1], 0).astype(np.int32)
    week_factor = np.where(t < 0, 1.0, 0.55 + 1.15 * np.exp(-np.maximum(t, 0) / 10.0))
    theme_factor = np.array([_RESOLVE_THEME.get(th, 1.0) for th in THEMES])[theme]
    stuck = np.where(rng.random(n) < 0.012, 10.0, 1.0)
    hours = (_RESOLVE_MEDIAN_H[priority] * week_factor * theme_factor * stuck
             * np.array([1.0, 1.8, 2.5])[reopened] * rng.lognormal(0, 0.85, n))
    closed = opened + (hours * 3600).astype("timedelta64[s]")
    # After the 24/7 period nobody closes cases at night: they wait for the morning shift.
    c_hour = (closed.astype("datetime64[h]").astype(int)) % 24
    after = closed >= (SUPPORT_END + 1).astype("datetime64[s]")
    late = after & ((c_hour >= 22) | (c_hour < 7))
    next_morning = (closed.astype("datetime64[D]") + np.where(c_hour >= 22, 1, 0)).astype("datetime64[s]")
    closed = np.where(late, next_morning + (7 * 3600 + rng.integers(0, 5400, n)).astype("timedelta64[s]"), closed)

    end = (PERIOD_END + 1).astype("datetime64[s]")
    is_open = closed >= end
    age_d = (end - opened).astype(int) / 86400
    status = np.where(
        is_open,
        np.where((age_d > 3) | (rng.random(n) < 0.6), "under arbeid", "åpen"),
        np.where((closed >= end - np.timedelta64(5 * 86400, "s")) | (rng.random(n) < 0.03), "løst", "lukket"),
    )
    summary = np.empty(n, dtype=object)
    for ti, th in enumerate(THEMES):
        rows = np.flatnonzero(theme == ti)
        options = np.array(TICKET_SUMMARIES[CATEGORY_BY_THEME[th]], dtype=object)
        summary[rows] = options[rng.integers(0, len(options), len(rows))]
    urgent = priority == 0
    summary[urgent] = summary[urgent] + " – haster"
    categories = tuple(CATEGORY_BY_THEME[th] for th in THEMES)
    order = np.lexsort((unit, opened))
    closed_at = pd.Series(closed[order]).where(~is_open[order])
    return pd.DataFrame({
        "ticket_no": np.arange(12345, 12345 + n, dtype=np.int64),   # shown as INC0012345
        "opened_at": opened[order], "closed_at": closed_at,
        "unit": _obj(_UNIT_NAMES, unit[order]), "category": _obj(categories, theme[order]),
        "priority": _obj(PRIORITIES, priority[order]), "channel": _obj(TICKET_CHANNELS, channel[order]),
        "status": pd.Series(status[order].astype(object), dtype=object),
        "summary": pd.Series(summary[order], dtype=object), "reopened": reopened[order],
    })


def _events() -> pd.DataFrame:
    """The support center's timeline."""
    return pd.DataFrame({
        "id": np.arange(1, len(EVENTS) + 1, dtype=np.int64),
        "ts": np.array([e[0] for e in EVENTS], dtype="datetime64[s]"),
        "title": [e[1] for e in EVENTS], "kind": [e[2] for e in EVENTS],
        "unit": [e[3] for e in EVENTS], "description": [e[4] for e in EVENTS],
    })


def generate_demo(scale: float = 1.0, seed: int = 7) -> DemoData:
    """Generate every demo table in memory (pure: same seed and scale give identical frames)."""
    if scale <= 0:
        raise ValueError("scale må være større enn 0")
    w = _world(seed)
    return DemoData(
        units=_unit_frame(), chat=_chat(w, seed, scale), reports=_reports(w, seed),
        tickets=_tickets(w, seed, scale), adoption=_adoption(w, seed), portal=_portal(seed), events=_events(),
    )


PARALLEL_FROM_TEXTS = 100_000  # from this many distinct texts, two processes score them (spawn costs ~3 s)
SCORE_CHUNK = 50_000  # distinct texts per call (per task when scored in worker processes)


def _score_chunks(uniq: list[str], chunk: int) -> list[pd.DataFrame]:
    """Score distinct texts chunk by chunk: in two worker processes when there are many and a core to spare."""
    parts = [uniq[i:i + chunk] for i in range(0, len(uniq), chunk)]
    if len(uniq) < PARALLEL_FROM_TEXTS or (os.cpu_count() or 1) < 2:
        return [stored_columns.score_texts(part) for part in parts]
    # spawn, not fork: a fresh interpreter, whatever threads the caller runs.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(stored_columns.score_texts, parts))


def _score_unique(texts: pd.Series, chunk: int = SCORE_CHUNK) -> pd.DataFrame:
    """Score each distinct text once and return the analysis columns for every row, in row order."""
    codes, uniques = pd.factorize(texts, sort=False)
    uniq = list(uniques)
    scored = pd.concat(_score_chunks(uniq, chunk) or [stored_columns.score_texts([])], ignore_index=True)
    # Lists of themes travel as 'a|b' strings: far cheaper to hand to DuckDB than Python lists.
    cols = {"themes_s": np.array(["|".join(x) for x in scored["themes"]], dtype=object)[codes]}
    for col in ("polarity", "safety"):
        cols[col] = scored[col].to_numpy()[codes]
    for col in ("label", "language", "safety_reason", "evidence", "analyzer_version"):
        cols[col] = pd.Series(scored[col].to_numpy(dtype=object)[codes], dtype=object)
    return pd.DataFrame(cols)


_ANALYSIS_COLS = "polarity, label, language, themes, safety, safety_reason, evidence, analyzer_version, source"
_ANALYSIS_SELECT = """polarity, label, language,
    CASE WHEN themes_s = '' THEN []::VARCHAR[] ELSE string_split(themes_s, '|') END,
    safety, safety_reason, evidence, analyzer_version, 'demo'"""


def _insert_extra(con, extra: dict[str, pd.DataFrame]) -> None:
    """Insert the go-lives, the units' go-lives and the benefit register with its measurements (issue 17)."""
    for name, frame in extra.items():
        con.register(f"v_{name}", frame)
    con.execute("INSERT INTO go_lives (id, organisation, wave, go_live_date, label, synthetic, citizens, goal_nok) "
                "SELECT id, organisation, wave, go_live_date, label, synthetic, citizens, goal_nok FROM v_go_lives")
    con.execute("INSERT INTO unit_go_lives SELECT unit, go_live_id FROM v_unit_go_lives")
    con.execute("""INSERT INTO benefits (id, name, kind, owner, units, indicator, measure_unit, baseline, target,
            nok_per_unit, due_date, go_live_id, description, synthetic)
        SELECT id, name, kind, owner, units, indicator, measure_unit, baseline, target, nok_per_unit, due_date,
            go_live_id, description, synthetic FROM v_benefits""")
    con.execute("INSERT INTO benefit_measurements (id, benefit, measured_on, value, comment, author, source) "
                "SELECT id, benefit, measured_on, value, comment, 'demo', 'demo' FROM v_measurements")
    for seq, name in (("go_lives_id", "go_lives"), ("benefits_id", "benefits"),
                      ("benefit_measurements_id", "measurements")):
        if len(extra[name]):
            con.execute("SELECT setval(?, ?)", [seq, len(extra[name]) if name != "go_lives" else
                                                 int(extra[name]["id"].max())]).fetchall()
    for name in extra:
        con.unregister(f"v_{name}")


def _with_waves(data: DemoData, seed: int) -> tuple[DemoData, dict[str, pd.DataFrame]]:
    """Add the later go-live waves to Trondheim's frames; return them and the extra tables (go-lives, benefits)."""
    from analysis.demo import benefits, waves

    w = waves.generate_waves(data.chat, data.reports, data.tickets, data.adoption, TOTAL_STAFF,
                             unit_by_story(STORY_ELINK).name, len(data.events) + 1, seed, data.portal)
    chat = w.chat.assign(id=np.arange(len(data.chat) + 1, len(data.chat) + len(w.chat) + 1, dtype=np.int64))
    reports = w.reports.copy()
    reports.insert(0, "id", np.arange(len(data.reports) + 1, len(data.reports) + len(reports) + 1, dtype=np.int64))
    combined = DemoData(
        units=pd.concat([data.units, w.units], ignore_index=True),
        chat=pd.concat([data.chat, chat[data.chat.columns]], ignore_index=True),
        reports=pd.concat([data.reports, reports[data.reports.columns]], ignore_index=True),
        tickets=pd.concat([data.tickets, w.tickets[data.tickets.columns]], ignore_index=True),
        adoption=pd.concat([data.adoption, w.adoption], ignore_index=True),
        # HelsaMi log-ins and the timeline per go-live: Trondheim's are go-live 1 (its unit events follow the unit;
        # the platform upgrade is programme-wide, on every go-live's timeline).
        portal=pd.concat([data.portal.assign(go_live_id=1), w.portal], ignore_index=True),
        events=pd.concat([data.events.assign(go_live_id=np.where(
            data.events["unit"].isna() & (data.events["kind"] != "oppgradering"), 1, None)), w.events],
                         ignore_index=True),
    )
    pd1_units = pd.DataFrame({"unit": data.units["name"], "go_live_id": 1})
    extra = {
        "go_lives": w.go_lives,
        "unit_go_lives": pd.concat([pd1_units, w.unit_go_lives], ignore_index=True),
        "benefits": benefits.register_frame(),
        "measurements": benefits.measurements_frame(),
    }
    return combined, extra


def _insert_all(con, data: DemoData, chat_scores: pd.DataFrame, report_scores: pd.DataFrame,
                meta: dict[str, str], extra: dict[str, pd.DataFrame]) -> None:
    """Insert every table in the caller's transaction (DataFrames scanned by DuckDB, no row loops)."""
    views = {
        "v_units": data.units,
        "v_chat": pd.concat([data.chat[["id", "ts", "unit", "text", "role", "channel"]], chat_scores], axis=1),
        "v_reports": pd.concat([data.reports, report_scores], axis=1),
        "v_tickets": data.tickets, "v_adoption": data.adoption, "v_portal": data.portal, "v_events": data.events,
    }
    for name, frame in views.items():
        con.register(name, frame)
    con.execute("INSERT INTO units SELECT name, service_area, staff_count, go_live_date, aliases FROM v_units")
    con.execute(f"""INSERT INTO chat_messages (id, ts, unit, text, role, channel, {_ANALYSIS_COLS})
        SELECT id, ts, unit, text, role, channel, {_ANALYSIS_SELECT} FROM v_chat""")
    con.execute(f"""INSERT INTO unit_reports (id, day, unit, status, mood, text, reported_at, {_ANALYSIS_COLS})
        SELECT id, day::DATE, unit, status, mood, text, reported_at, {_ANALYSIS_SELECT} FROM v_reports""")
    con.execute("""INSERT INTO tickets (ticket_id, opened_at, closed_at, unit, category, priority, channel,
            status, summary, reopened, source)
        SELECT printf('INC%07d', ticket_no), opened_at, closed_at, unit, category, priority, channel, status,
            summary, reopened, 'demo' FROM v_tickets""")
    con.execute("INSERT INTO adoption_daily SELECT day::DATE, unit, active_users FROM v_adoption")
    con.execute("INSERT INTO portal_logins_daily (day, logins, go_live_id) "
                "SELECT day::DATE, logins, go_live_id FROM v_portal")
    con.execute("INSERT INTO events (id, ts, title, kind, unit, description, go_live_id) "
                "SELECT id, ts, title, kind, unit, description, CAST(go_live_id AS INTEGER) FROM v_events")
    _insert_extra(con, extra)
    # Explicit ids keep the build deterministic; move the sequences past them for later imports.
    for seq, n in (("chat_messages_id", len(data.chat)), ("unit_reports_id", len(data.reports)),
                   ("events_id", len(data.events))):
        if n:
            con.execute("SELECT setval(?, ?)", [seq, n])
    for key, value in meta.items():
        store.set_meta(con, key, value)
    for name in views:
        con.unregister(name)


def _remove(path: Path) -> None:
    """Delete a database file and its WAL if present."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def build_demo(db: str | Path | None = None, scale: float = 1.0, seed: int = 7) -> DemoSummary:
    """Build the demo database at `db` (default: config.db_path()), replacing any file atomically."""
    target = db_path(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    data, extra = _with_waves(generate_demo(scale, seed), seed)
    t1 = time.perf_counter()
    n_chat = len(data.chat)
    scores = _score_unique(pd.concat([data.chat["text"], data.reports["text"]], ignore_index=True))
    chat_scores = scores.iloc[:n_chat].reset_index(drop=True)
    report_scores = scores.iloc[n_chat:].reset_index(drop=True)
    t2 = time.perf_counter()
    meta = {
        "demo": "1", "demo_seed": str(seed), "demo_scale": f"{scale:g}",
        "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "go_live_date": str(GO_LIVE), "support_center_end": str(SUPPORT_END),
        "period_start": str(PERIOD_START), "period_end": str(PERIOD_END),
    }
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    _remove(tmp)
    try:
        store.write(lambda con: _insert_all(con, data, chat_scores, report_scores, meta, extra), tmp)
        # A WAL left beside the old file must not be replayed onto the new one.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    t3 = time.perf_counter()
    rows = {"units": len(data.units), "chat_messages": n_chat, "unit_reports": len(data.reports),
            "tickets": len(data.tickets), "adoption_daily": len(data.adoption),
            "portal_logins_daily": len(data.portal), "events": len(data.events),
            "go_lives": len(extra["go_lives"]), "benefits": len(extra["benefits"]),
            "benefit_measurements": len(extra["measurements"])}
    return DemoSummary(
        path=target, seed=seed, scale=scale, rows=rows,
        seconds={"generate": t1 - t0, "score": t2 - t1, "insert": t3 - t2, "total": t3 - t0},
        file_bytes=target.stat().st_size,
        distinct_share=data.chat["text"].nunique() / max(n_chat, 1),
    )
