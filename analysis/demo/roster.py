"""Synthetic unit list for the demo go-live: Trondheim district names, invented staff counts."""

from __future__ import annotations

from dataclasses import dataclass

TOTAL_STAFF = 8_500

# Story roles a unit can carry (see the module docstring of analysis.demo.generator).
STORY_DIP = "dip"            # mood falls in week 2 and recovers
STORY_ELINK = "elink"        # e-link messages do not arrive
STORY_LOAD = "load"          # good mood, rising load
STORY_SEED = "seed"          # named in the seed presentation


@dataclass(frozen=True)
class UnitSpec:
    """One unit as the generator sees it (staff is a weight before normalising to 8 500)."""

    name: str
    area: str
    staff: int
    aliases: tuple[str, ...] = ()
    mood: float = 0.0        # offset on the shared mood curve (-0.15 .. +0.15)
    lag: float = 0.0         # 0 = adopts like most, 1 = clearly lagging
    story: str = ""


# Staff figures are invented (rough sizes by kind of service), not Trondheim's real numbers.
UNIT_SPECS: tuple[UnitSpec, ...] = (
    # hjemmetjenester (home care)
    UnitSpec("Lade hjemmetjeneste", "hjemmetjeneste", 235, ("Lade HJT",), 0.08, story=STORY_SEED),
    UnitSpec("Strindheim hjemmetjeneste", "hjemmetjeneste", 260, ("Strindheim HJT",), 0.0, story=STORY_SEED),
    UnitSpec("Byåsen hjemmetjeneste", "hjemmetjeneste", 250, ("Byåsen HJT",), 0.02, story=STORY_DIP),
    UnitSpec("Heimdal hjemmetjeneste", "hjemmetjeneste", 270, ("Heimdal HJT",), -0.02),
    UnitSpec("Saupstad hjemmetjeneste", "hjemmetjeneste", 215, (), -0.05, lag=0.6),
    UnitSpec("Tiller hjemmetjeneste", "hjemmetjeneste", 205, (), 0.03),
    UnitSpec("Moholt hjemmetjeneste", "hjemmetjeneste", 190, (), 0.0),
    UnitSpec("Nardo hjemmetjeneste", "hjemmetjeneste", 180, (), 0.04),
    UnitSpec("Øya hjemmetjeneste", "hjemmetjeneste", 175, (), -0.03),
    UnitSpec("Midtbyen hjemmetjeneste", "hjemmetjeneste", 220, ("Midtbyen HJT",), -0.06),
    UnitSpec("Ranheim hjemmetjeneste", "hjemmetjeneste", 170, (), 0.06),
    UnitSpec("Kattem hjemmetjeneste", "hjemmetjeneste", 185, (), -0.04, lag=0.4),
    UnitSpec("Charlottenlund hjemmetjeneste", "hjemmetjeneste", 160, (), 0.05),
    UnitSpec("Kolstad hjemmetjeneste", "hjemmetjeneste", 165, (), -0.01),
    UnitSpec("Ila hjemmetjeneste", "hjemmetjeneste", 150, (), 0.02),
    # helse- og velferdssentre (nursing homes); names apart from Havstein are invented
    UnitSpec("Havstein helse- og velferdssenter", "HVS", 210, ("Havstein HVS", "Havstein"), 0.1, story=STORY_SEED),
    UnitSpec("Lyngåsen helse- og velferdssenter", "HVS", 190, ("Lyngåsen HVS",), -0.02, story=STORY_ELINK),
    UnitSpec("Granlia helse- og velferdssenter", "HVS", 175, ("Granlia HVS",), 0.0),
    UnitSpec("Fjellheim helse- og velferdssenter", "HVS", 160, ("Fjellheim HVS",), 0.04),
    UnitSpec("Furumo helse- og velferdssenter", "HVS", 145, ("Furumo HVS",), -0.05),
    UnitSpec("Bakkelund helse- og velferdssenter", "HVS", 185, ("Bakkelund HVS",), 0.02),
    UnitSpec("Nordlys helse- og velferdssenter", "HVS", 130, ("Nordlys HVS",), -0.03),
    UnitSpec("Elvebakken helse- og velferdssenter", "HVS", 155, ("Elvebakken HVS",), 0.05),
    UnitSpec("Solgløtt helse- og velferdssenter", "HVS", 140, ("Solgløtt HVS",), 0.0),
    UnitSpec("Tonsberget helse- og velferdssenter", "HVS", 165, ("Tonsberget HVS",), -0.04),
    UnitSpec("Vikåsen helse- og velferdssenter", "HVS", 120, ("Vikåsen HVS",), 0.03),
    UnitSpec("Kolstad helse- og velferdssenter", "HVS", 170, ("Kolstad HVS",), -0.01),
    # helsehus, legevakt, akutt
    UnitSpec("Trondheim helsehus", "helsehus", 330, ("Helsehuset",), -0.02),
    UnitSpec("Heimdal helsehus", "helsehus", 240, (), 0.13, story=STORY_LOAD),
    UnitSpec("Trondheim legevakt", "legevakt", 170, ("Legevakta",), -0.06),
    UnitSpec("Kommunal akutt døgnenhet", "legevakt", 75, ("KAD",), 0.0),
    # bo- og aktivitetstilbud
    UnitSpec("BOA Lade", "BOA", 210, (), 0.0, lag=0.7),
    UnitSpec("BOA Byåsen", "BOA", 190, (), 0.03, lag=0.8),
    UnitSpec("BOA Heimdal", "BOA", 230, (), -0.03, lag=0.9),
    UnitSpec("BOA Østbyen", "BOA", 180, (), 0.02, lag=0.6),
    # psykisk helse og rus
    UnitSpec("Psykisk helse og rus Midtbyen", "psykisk helse og rus", 140, ("PHR Midtbyen",), -0.04, lag=0.5),
    UnitSpec("Psykisk helse og rus Heimdal", "psykisk helse og rus", 120, ("PHR Heimdal",), -0.02, lag=0.8),
    UnitSpec("Rusteamet Nardo", "psykisk helse og rus", 60, (), 0.0, lag=0.4),
    # helsestasjon, rehabilitering, forvaltning, velferdsteknologi
    UnitSpec("Helsestasjon og skolehelsetjeneste Øst", "helsestasjon", 110, ("Helsestasjon Øst",), 0.05),
    UnitSpec("Helsestasjon og skolehelsetjeneste Vest", "helsestasjon", 105, ("Helsestasjon Vest",), 0.03),
    UnitSpec("Fysio- og ergoterapitjenesten", "rehabilitering", 150, ("Fysio/ergo",), 0.04),
    UnitSpec("Helse- og velferdskontor Lerkendal", "forvaltning", 70, ("HVK Lerkendal",), -0.01),
    UnitSpec("Helse- og velferdskontor Heimdal", "forvaltning", 65, ("HVK Heimdal",), 0.0),
    UnitSpec("Helse- og velferdskontor Midtbyen", "forvaltning", 75, ("HVK Midtbyen",), -0.03),
    UnitSpec("Helse- og velferdskontor Østbyen", "forvaltning", 60, ("HVK Østbyen",), 0.02),
    UnitSpec("Velferdsteknologisk knutepunkt", "velferdsteknologi", 45, ("Trygghetsalarmen",), 0.06),
)


def staff_counts(specs: tuple[UnitSpec, ...] = UNIT_SPECS, total: int = TOTAL_STAFF) -> list[int]:
    """Scale the staff weights to integers that sum to exactly `total` (largest remainder)."""
    weights = [s.staff for s in specs]
    raw = [w * total / sum(weights) for w in weights]
    floors = [int(r) for r in raw]
    short = total - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (floors[i] - raw[i], i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def unit_by_story(story: str) -> UnitSpec:
    """Return the first unit carrying a story role."""
    return next(s for s in UNIT_SPECS if s.story == story)
