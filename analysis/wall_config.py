"""The wall screen's settings (data/vegg.toml): which pages the rotation shows and how long each stays."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import config

WALL_FILE = "vegg.toml"
# Pages the app has (url paths); the live page is the default page, served at "/".
ROOT_PAGE = "sanntid"
KNOWN_PAGES = (ROOT_PAGE, "oppfolging", "oversikt", "enheter", "adopsjon", "belastning", "ukemote")
TRUE_WORDS = ("", "ja", "på", "true")  # a number is always seconds: ?roter=1 is one second (too short)

T = {
    "bad_seconds": "«roter={v}» er ikke et antall sekunder; bruker {d} sekunder per side.",
    "too_short": "«roter={v}» er kortere enn {m} sekunder; bruker {m} sekunder per side.",
    "too_long": "«roter={v}» er lengre enn {m} sekunder; bruker {m} sekunder per side.",
    "unknown_page": "[rotasjon] sider: «{p}» er ikke en side i appen, hoppes over.",
    "bad_value": "[rotasjon] {k} = {v!r} er ugyldig; standardverdien {d!r} brukes.",
    "unknown_key": "[{s}] {k}: ukjent innstilling, ignoreres.",
    "unknown_section": "[{s}]: ukjent del av {f}, ignoreres.",
    "unreadable": "{f} kunne ikke leses ({e}); standardverdiene brukes.",
    "empty": "[rotasjon] sider er tom; standardlisten brukes.",
}


@dataclass(frozen=True)
class WallConfig:
    """The rotation's playlist and its limits in seconds, and what was wrong with the file."""

    pages: tuple[str, ...] = ("sanntid", "oppfolging", "oversikt")
    default_seconds: int = 60
    min_seconds: int = 5
    max_seconds: int = 3600
    problems: tuple[str, ...] = field(default=(), compare=False)


KEYS = {"sider": "pages", "standard_sekunder": "default_seconds", "minst_sekunder": "min_seconds",
        "mest_sekunder": "max_seconds"}


def wall_file() -> Path:
    """Return the wall screen's config file (data/vegg.toml)."""
    return config.DATA_DIR / WALL_FILE


def _pages(value: Any, problems: list[str]) -> tuple[str, ...] | None:
    """Return the playlist's known pages in order; unknown names are reported and skipped."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    pages = []
    for name in (v.strip().strip("/").lower() for v in value):
        if name in KNOWN_PAGES:
            pages.append(name)
        else:
            problems.append(T["unknown_page"].format(p=name))
    if not pages:
        problems.append(T["empty"])
        return None
    return tuple(pages)


def parse_wall_config(raw: dict[str, Any]) -> WallConfig:
    """Build a WallConfig from a parsed vegg.toml; bad or unknown entries become problems and defaults stay."""
    problems: list[str] = []
    default = WallConfig()
    changes: dict[str, Any] = {}
    for section, table in raw.items():
        if section != "rotasjon" or not isinstance(table, dict):
            problems.append(T["unknown_section"].format(s=section, f=WALL_FILE))
            continue
        for key, value in table.items():
            attr = KEYS.get(key)
            if attr is None:
                problems.append(T["unknown_key"].format(s=section, k=key))
                continue
            try:
                if attr == "pages":
                    pages = _pages(value, problems)
                    if pages:
                        changes[attr] = pages
                elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise ValueError
                else:
                    changes[attr] = value
            except (TypeError, ValueError):
                problems.append(T["bad_value"].format(k=key, v=value, d=getattr(default, attr)))
    cfg = WallConfig(**{**default.__dict__, **changes, "problems": ()})
    if cfg.min_seconds > cfg.max_seconds:
        problems.append(T["bad_value"].format(k="minst_sekunder", v=cfg.min_seconds, d=default.min_seconds))
        cfg = WallConfig(cfg.pages, cfg.default_seconds, default.min_seconds, max(cfg.max_seconds,
                                                                                    default.min_seconds))
    clamped = min(max(cfg.default_seconds, cfg.min_seconds), cfg.max_seconds)
    return WallConfig(cfg.pages, clamped, cfg.min_seconds, cfg.max_seconds, tuple(problems))


def load_wall_config(path: str | Path | None = None) -> WallConfig:
    """Return the wall screen's settings from vegg.toml; a missing file gives the defaults."""
    file = Path(path) if path else wall_file()
    try:
        with open(file, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        return WallConfig()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return WallConfig(problems=(T["unreadable"].format(f=file.name, e=exc),))
    return parse_wall_config(raw)


def rotation_seconds(value: str | None, cfg: WallConfig) -> tuple[int | None, str | None]:
    """Return the seconds per page for a ?roter= value (None: no rotation) and a Norwegian warning if it was bad."""
    if value is None:
        return None, None
    text = value.strip().lower()
    if text in ("nei", "av", "false", "0"):
        return None, None
    if text in TRUE_WORDS:
        return cfg.default_seconds, None
    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        return cfg.default_seconds, T["bad_seconds"].format(v=value, d=cfg.default_seconds)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN and infinities
        return cfg.default_seconds, T["bad_seconds"].format(v=value, d=cfg.default_seconds)
    if seconds < cfg.min_seconds:
        return cfg.min_seconds, T["too_short"].format(v=value, m=cfg.min_seconds)
    if seconds > cfg.max_seconds:
        return cfg.max_seconds, T["too_long"].format(v=value, m=cfg.max_seconds)
    return round(seconds), None


def next_page(current: str | None, pages: tuple[str, ...]) -> str:
    """Return the playlist's page after `current`; from a page outside the playlist, its first page."""
    if current in pages:
        return pages[(pages.index(current) + 1) % len(pages)]
    return pages[0]
