"""Every GOLIVE_* environment variable in one registry: name, default, meaning and parser; bad values warn.

Standard library only: analysis/_native.py reads GOLIVE_PURE_PYTHON from here while imports are being set up.
A value is read from the environment at each call (so tests and a changed environment are honoured) and each
distinct value is parsed once. A value that cannot be used is never dropped silently: it raises a
`SettingWarning` once and is listed by `problems()` in Norwegian, for the app and the command line to show.

    python -m analysis.settings --markdown                      # the table of docs/configuration.md
    python -m analysis.settings --write docs/configuration.md   # put it between the markers there
    python -m analysis.settings                                 # the values in force and any problems
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
PREFIX = "GOLIVE_"
MARK_START = "<!-- settings:start -->"
MARK_END = "<!-- settings:end -->"
REFRESH_MIN_S = 5.0
_TRUE = frozenset({"1", "true", "ja", "yes", "on"})
_FALSE = frozenset({"0", "false", "nei", "no", "off"})
_KEEP_DEFAULT = object()


class SettingWarning(UserWarning):
    """A GOLIVE_* variable holds a value that cannot be used as given."""


class BadValue(ValueError):
    """Raised by a parser: a Norwegian reason, and the value used instead (the default unless given)."""

    def __init__(self, reason: str, use: object = _KEEP_DEFAULT) -> None:
        super().__init__(reason)
        self.reason = reason
        self.use = use


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default (already parsed), meaning (for the docs) and parser."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]
    tests_only: bool = False
    must_exist: bool = False  # a file the user names must be there (problems() checks it each time)
    secret: bool = False  # never printed: `python -m analysis.settings` shows only whether it is set


def parse_path(raw: str) -> Path:
    """A file path as given (~ expanded; relative paths stay relative to the working directory)."""
    return Path(raw.strip()).expanduser()


def parse_decimal(raw: str) -> float:
    """A finite number, with a decimal point or comma."""
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        raise BadValue("ikke et tall") from None
    if not math.isfinite(value):
        raise BadValue("ikke et endelig tall")
    return value


def parse_refresh(raw: str) -> float:
    """Seconds between live refreshes; below the minimum means the minimum."""
    value = parse_decimal(raw)
    if value < REFRESH_MIN_S:
        raise BadValue(f"under minimum {REFRESH_MIN_S:g} sekunder", use=REFRESH_MIN_S)
    return value


def parse_positive(raw: str) -> float:
    """A number above zero."""
    value = parse_decimal(raw)
    if value <= 0:
        raise BadValue("må være større enn 0")
    return value


def parse_share(raw: str) -> float:
    """A share of 1, given as a share (0.95) or a percentage (95)."""
    value = parse_decimal(raw)
    share = value / 100 if value > 1 else value
    if not 0 < share <= 1:
        raise BadValue("må være en andel (0,95) eller en prosent (95), høyst 100")
    return share


def parse_moment(raw: str) -> datetime:
    """A local ISO date and time without a time zone, e.g. 2022-05-14T12:00."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise BadValue("ikke et ISO-tidspunkt som 2022-05-14T12:00") from None
    if value.tzinfo is not None:
        raise BadValue("oppgi lokal tid uten tidssone, f.eks. 2022-05-14T12:00")
    return value


def parse_flag(raw: str) -> bool:
    """On or off: 1/true/ja/yes/on or 0/false/nei/no/off (any case)."""
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise BadValue("ikke på/av (bruk 1 eller 0)")


AUTH_MODES = {"auto": ("auto",), "på": ("på", "pa", "on", "1", "ja", "true", "oidc"),
              "av": ("av", "off", "0", "nei", "false")}


def parse_auth(raw: str) -> str:
    """Log-in mode: auto (log-in when configured), på (log-in required) or av (no log-in, real data allowed)."""
    word = raw.strip().lower()
    for mode, words in AUTH_MODES.items():
        if word in words:
            return mode
    raise BadValue("ikke auto, på eller av")


def parse_address(raw: str) -> str:
    """A network address to listen on: one host name or IP address, no spaces."""
    word = raw.strip()
    if not word or any(c.isspace() for c in word) or "/" in word:
        raise BadValue("ikke én adresse som 127.0.0.1 eller 0.0.0.0")
    return word


def parse_claim(raw: str) -> str:
    """The name of one ID-token claim (letters, digits, _ - . : /)."""
    word = raw.strip()
    if not word or any(c.isspace() for c in word):
        raise BadValue("ikke et claim-navn som groups eller roles")
    return word


def parse_text(raw: str) -> str:
    """Free text (a token list, an address, a password): taken as written, without surrounding spaces."""
    return raw.strip()


WALL_TOKEN_MIN = 32


def parse_wall_token(raw: str) -> str:
    """The wall screen's secret: at least WALL_TOKEN_MIN characters of a–z, 0–9, - and _ (it goes in a URL)."""
    word = raw.strip()
    if len(word) < WALL_TOKEN_MIN or not all(c.isascii() and (c.isalnum() or c in "-_") for c in word):
        raise BadValue(f"minst {WALL_TOKEN_MIN} tegn, bare bokstaver a–z, sifre, - og _ "
                       "(lag en med: python -c \"import secrets; print(secrets.token_urlsafe(32))\")")
    return word


SETTINGS: tuple[Setting, ...] = (
    Setting("GOLIVE_DB", DATA_DIR / "golive.duckdb",
            "DuckDB database file of the app and every command (`--db PATH` overrides it).", parse_path),
    Setting("GOLIVE_NOW", None,
            "Fixed 'now' for the live page, local ISO time such as `2022-05-14T12:00` (tests, demos of old "
            "data). Unset: the newest data time for demo data, else the clock.", parse_moment),
    Setting("GOLIVE_REFRESH_S", 30.0,
            f"Live page refresh interval in seconds (at least {REFRESH_MIN_S:g}; also a choice on the page).",
            parse_refresh),
    Setting("GOLIVE_STALE_MIN", 60.0,
            "Live page: warn when the newest data is older than this many minutes.", parse_positive),
    Setting("GOLIVE_ADOPTION_TARGET", 0.95,
            "Adoption target as a share (`0.95`) or a percentage (`95`); also `?mal=` on the page.", parse_share),
    Setting("GOLIVE_THEMES", DATA_DIR / "themes.toml",
            "Theme taxonomy and patient-safety rules (TOML).", parse_path, must_exist=True),
    Setting("GOLIVE_EXPECTED_LOAD", DATA_DIR / "expected_load.csv",
            "Expected support load per 100 staff by day since go-live (CSV); a missing default file means "
            "no curve.", parse_path, must_exist=True),
    Setting("GOLIVE_RULES", DATA_DIR / "rules.toml",
            "Rules and thresholds behind every judgement the pages and exports show, the weekly meeting's "
            "exit criteria included (TOML); a missing default file means the built-in rules.",
            parse_path, must_exist=True),
    Setting("GOLIVE_AUTH", "auto",
            "Log-in: `auto` asks for log-in when `[auth]` is set in `.streamlit/secrets.toml` and otherwise shows "
            "demo data only; `på` requires log-in; `av` turns log-in off and shows real data to anyone who reaches "
            "the server (said on every page). See `docs/deployment.md`.", parse_auth),
    Setting("GOLIVE_ADDRESS", "127.0.0.1",
            "Network address the server listens on (`./start.sh`, `python -m ui.server`); `0.0.0.0` for every "
            "interface, only behind a reverse proxy with TLS and log-in.", parse_address),
    Setting("GOLIVE_ROLES", DATA_DIR / "roles.toml",
            "Who may see what: people and groups → role and units (TOML); the command line maps the "
            "operating-system user through it too.", parse_path, must_exist=True),
    Setting("GOLIVE_GROUPS_CLAIM", "groups",
            "ID-token claim that lists the user's groups (Entra ID: `groups`, object IDs); matched against "
            "`[[gruppe]]` in the roles file.", parse_claim),
    Setting("GOLIVE_WALL_TOKEN", None,
            "Lets a wall screen that cannot log in open `?visning=vegg&nokkel=<token>`: figures only, no message "
            "text, no actions, no follow-up queue (each session audited). Unset: the wall logs in like anyone. "
            "See `docs/deployment.md`.", parse_wall_token, secret=True),
    Setting("GOLIVE_API_TOKENS", None,
            "Bearer tokens of the ingestion service per source: `teams=…,topdesk=…` (`python -m analysis serve`); "
            "unset: every POST gets 401.", parse_text, secret=True),
    Setting("GOLIVE_BASE_URL", None,
            "The app's address as people open it (`https://puls.kommune.no`); alerts link to the follow-up queue "
            "there. Overrides `adresse` in alerts.toml.", parse_text),
    Setting("GOLIVE_ALERTS", DATA_DIR / "alerts.toml",
            "Alert rules, channels and cool-downs (TOML).", parse_path, must_exist=True),
    Setting("GOLIVE_SMTP_PASSWORD", None,
            "Password of the alert e-mail channel's SMTP log-in (named by `passord_env` in alerts.toml).",
            parse_text, secret=True),
    Setting("GOLIVE_PURE_PYTHON", False,
            "`1`: use the pure-Python text modules even when matching compiled builds exist (debugging, "
            "profiling).", parse_flag),
    Setting("GOLIVE_EXPECT_COMPILED", False,
            "`1`: the native-build test requires every hot text module to be compiled.", parse_flag,
            tests_only=True),
    Setting("GOLIVE_TEST_SHOTS", None,
            "A folder where browser tests save screenshots of what they saw, for a person to look at.", parse_path,
            tests_only=True),
    Setting("GOLIVE_CHROMIUM", Path("/usr/bin/chromium"),
            "Chromium binary for the browser tests and `bench/bench_pages.py`.", parse_path, tests_only=True),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def value(name: str) -> Any:
    """The parsed value of a setting now: from the environment, else its default (a bad value warns once)."""
    raw = os.environ.get(name, "")
    if not raw.strip():
        return BY_NAME[name].default
    return _read(name, raw)[0]


def is_set(name: str) -> bool:
    """True when the environment gives the setting a (non-blank) value."""
    return bool(os.environ.get(BY_NAME[name].name, "").strip())


@lru_cache(maxsize=512)
def _read(name: str, raw: str) -> tuple[Any, str | None]:
    """Parse one value of a setting once: (value to use, Norwegian problem or None); warns on a problem."""
    setting = BY_NAME[name]
    try:
        return setting.parse(raw), None
    except BadValue as exc:
        use = setting.default if exc.use is _KEEP_DEFAULT else exc.use
        message = f"{name}=«{raw.strip()}»: {exc.reason}. {_instead(use, setting.default)}"
    warnings.warn(message, SettingWarning, stacklevel=3)
    return use, message


def _instead(use: object, default: object) -> str:
    """The end of a problem message: what is used instead."""
    if use is None:
        return "Innstillingen brukes ikke."
    if use == default:
        return f"Bruker standardverdien {show(use)}."
    return f"Bruker {show(use)}."


def problems(environ: dict[str, str] | None = None) -> list[str]:
    """Norwegian messages for every GOLIVE_* value in the environment that is unusable, missing or unknown."""
    env = os.environ if environ is None else environ
    out = []
    for name in sorted(k for k in env if k.startswith(PREFIX) and k not in BY_NAME):
        out.append(f"{name} er ingen kjent innstilling (skrivefeil?); den brukes ikke.")
    for setting in SETTINGS:
        raw = env.get(setting.name, "")
        if not raw.strip():
            continue
        parsed, message = _read(setting.name, raw)
        if message:
            out.append(message)
        elif setting.must_exist and not parsed.is_file():
            out.append(f"{setting.name}=«{raw.strip()}»: filen finnes ikke.")
    return out


def show(item: object) -> str:
    """A value as a reader would write it: paths in the repo relative, no trailing .0, None as 'ikke satt'."""
    if item is None:
        return "ikke satt"
    if isinstance(item, bool):
        return "1" if item else "0"
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    if isinstance(item, Path) and item.is_relative_to(ROOT):
        return item.relative_to(ROOT).as_posix()
    return str(item)


def markdown_table() -> str:
    """The Markdown table of every setting (name, default, meaning), as in docs/configuration.md."""
    rows = ["| Variable | Default | Meaning |", "| --- | --- | --- |"]
    for s in SETTINGS:
        default = "unset" if s.default is None else f"`{show(s.default)}`"
        meaning = f"Tests only. {s.help}" if s.tests_only else s.help
        rows.append(f"| `{s.name}` | {default} | {meaning} |")
    return "\n".join(rows) + "\n"


def between_markers(text: str) -> str | None:
    """The text between the settings markers (stripped of the blank lines around it), or None without markers."""
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start < 0 or end < start:
        return None
    return text[start + len(MARK_START):end].strip("\n") + "\n"


def with_table(text: str, table: str) -> str:
    """The text with the table put between its settings markers (unchanged without markers)."""
    if between_markers(text) is None:
        return text
    start, end = text.find(MARK_START) + len(MARK_START), text.find(MARK_END)
    return f"{text[:start]}\n{table}{text[end:]}"


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown table, write it into files, or print the values in force and any problems."""
    parser = argparse.ArgumentParser(prog="python -m analysis.settings", description="Go-live-puls: innstillinger")
    parser.add_argument("--markdown", action="store_true", help="skriv tabellen over alle GOLIVE_*-variabler")
    parser.add_argument("--write", nargs="+", type=Path, metavar="FIL",
                        help="sett tabellen inn mellom markørene i filene (f.eks. docs/configuration.md README.md)")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_table())
        return 0
    if args.write:
        for file in args.write:
            text = file.read_text(encoding="utf-8")
            if between_markers(text) is None:
                print(f"{file}: fant ikke markørene {MARK_START} … {MARK_END}", file=sys.stderr)
                return 2
            file.write_text(with_table(text, markdown_table()), encoding="utf-8")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SettingWarning)  # listed below instead
        for s in SETTINGS:
            shown = ("satt (skjult)" if is_set(s.name) else "ikke satt") if s.secret else show(value(s.name))
            print(f"{s.name} = {shown}")
        found = problems()
    for message in found:
        print(f"Advarsel: {message}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
