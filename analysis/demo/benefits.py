"""The demo's benefit register: the seed's two time thieves and one negative effect, with measurements (issue 17).

Baselines and values come from the seed's «Gevinstarbeidet» slides where it gives them:
- e-link monitoring: one person per shift checks the message system at least 8 times a day and drives back about
  40 minutes per shift; with Rover on a handheld device only when a message needs it. About 12 MNOK a year for HVS,
  home care and BOA, so 12 000 000 / 40 = 300 000 NOK a year per minute per shift.
- double documentation (paper first, typed in later): the time is expected to halve, about 13 MNOK a year for HVS,
  helsehus, home care and BOA. The seed gives no minutes, so the indicator is an index (before = 100, target 50):
  13 000 000 / 50 = 260 000 NOK a year per index point.
The measurements over time and the negative effect (ulempe) are synthetic, and labelled so.
"""

from __future__ import annotations

import pandas as pd

# (name, kind, owner, units, indicator, measure unit, baseline, target, NOK per unit a year, due date, description)
REGISTER: tuple[tuple, ...] = (
    ("Overvåke e-link på Rover", "gevinst", "Tjenesteleder hjemmetjenesten (syntetisk)",
     ["HVS", "hjemmetjeneste", "BOA"], "Kjøring tilbake for å sjekke e-link", "minutter per vakt",
     40.0, 0.0, 300_000.0, "2023-12-31",
     "Fra seed: 1 person per vakt sjekker e-meldinger minst 8 ganger i døgnet og kjører ca. 40 minutter tilbake "
     "per vakt; med Rover bare når meldingen krever det. Ca. 12 MNOK per år."),
    ("Mindre dobbeltføring av dokumentasjon", "gevinst", "Virksomhetsleder HVS (syntetisk)",
     ["HVS", "helsehus", "hjemmetjeneste", "BOA"], "Tid til dobbeltføring (før = 100)", "indeks",
     100.0, 50.0, 260_000.0, "2023-12-31",
     "Fra seed: skriver på papir og fører over på data i ettertid; tiden ventes halvert. Ca. 13 MNOK per år."),
    ("Ekstra dokumentasjonstid i overgangen", "ulempe", "Tjenesteleder hjemmetjenesten (syntetisk)",
     ["hjemmetjeneste"], "Ekstra tid til dokumentasjon i ny løsning", "minutter per vakt",
     0.0, 0.0, 300_000.0, "2022-12-31",
     "Syntetisk ulempe: nye skjermbilder tar lengre tid de første ukene."),
)

# (benefit, day, value): synthetic measurements in the weeks after go-live.
MEASUREMENTS: tuple[tuple[str, str, float], ...] = (
    *((REGISTER[0][0], d, v) for d, v in (("2022-05-16", 36), ("2022-05-23", 31), ("2022-05-30", 26),
                                            ("2022-06-06", 22), ("2022-06-13", 18), ("2022-06-20", 15),
                                            ("2022-06-27", 12))),
    *((REGISTER[1][0], d, v) for d, v in (("2022-05-23", 98), ("2022-06-06", 90), ("2022-06-20", 82),
                                            ("2022-06-27", 78))),
    *((REGISTER[2][0], d, v) for d, v in (("2022-05-16", 14), ("2022-05-30", 10), ("2022-06-13", 7),
                                            ("2022-06-27", 5))),
)


def register_frame() -> pd.DataFrame:
    """The benefits rows (id from 1), all for Trondheim's go-live, marked synthetic."""
    cols = ["name", "kind", "owner", "units", "indicator", "measure_unit", "baseline", "target", "nok_per_unit",
            "due_date", "description"]
    frame = pd.DataFrame(list(REGISTER), columns=cols)
    frame.insert(0, "id", range(1, len(frame) + 1))
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    frame["go_live_id"] = 1
    frame["synthetic"] = True
    return frame


def measurements_frame() -> pd.DataFrame:
    """The measurement rows."""
    frame = pd.DataFrame(list(MEASUREMENTS), columns=["benefit", "measured_on", "value"])
    frame["measured_on"] = pd.to_datetime(frame["measured_on"]).dt.date
    frame["value"] = frame["value"].astype(float)
    frame.insert(0, "id", range(1, len(frame) + 1))
    frame["comment"] = "Syntetisk måling (demo)"
    return frame
