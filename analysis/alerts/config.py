"""data/alerts.toml read into frozen dataclasses: the channels (SMTP, webhooks) and the rules with their cool-down.

Like data/rules.toml, a bad value is reported in `AlertConfig.problems` (Norwegian) and skipped or defaulted;
it never stops the service. Secrets (an SMTP password, a webhook URL with its signature) are not written in the
file: the file names the environment variable that holds them (`passord_env`, `url_env`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.alerts import env
from analysis.settings import DATA_DIR

ALERTS_FILE = DATA_DIR / "alerts.toml"
RULE_TYPES = ("pasientsikkerhet", "rapport_rod", "stemningsfall", "saksmengde", "kilde_stille")
SECURITY = ("starttls", "ssl", "ingen")
WEBHOOK_FORMATS = ("teams", "json")


@dataclass(frozen=True)
class SmtpChannel:
    """E-mail over SMTP: server, security (STARTTLS, SSL or none), optional log-in, sender and recipients."""

    name: str
    host: str
    port: int = 25
    security: str = "starttls"
    username: str | None = None
    password_env: str | None = None
    sender: str = "go-live-puls@localhost"
    recipients: tuple[str, ...] = ()
    timeout_s: float = 10.0


@dataclass(frozen=True)
class WebhookChannel:
    """An HTTP POST of JSON: Teams (Workflows / incoming webhook, an Adaptive Card) or generic JSON."""

    name: str
    url: str | None
    url_env: str | None = None
    format: str = "json"
    timeout_s: float = 10.0

    def target(self) -> str | None:
        """The URL to post to: the environment variable named by url_env wins over url."""
        return (env.secret(self.url_env) if self.url_env else None) or self.url


Channel = SmtpChannel | WebhookChannel


@dataclass(frozen=True)
class Rule:
    """One alert rule: what it looks for, its thresholds, where it goes and how long a cause stays quiet."""

    id: str
    type: str
    title: str
    channels: tuple[str, ...]
    cooldown_min: float = 60.0
    max_age_min: float = 24 * 60.0  # only findings this recent count (a back-filled month does not alert)
    drop: int = 2  # stemningsfall: points on the 1–5 scale
    level: int | None = None  # saksmengde: open tickets above this
    growing_hours: int | None = None  # saksmengde: open tickets grew every hour for this many hours
    minutes: float = 60.0  # kilde_stille: silent for this long
    min_deliveries: int = 3  # kilde_stille: only a source that used to deliver


@dataclass(frozen=True)
class AlertConfig:
    """Everything in alerts.toml, checked; `problems` lists what was wrong (Norwegian)."""

    base_url: str = "http://localhost:8501"
    group_window_s: float = 3.0
    retry_base_s: float = 60.0
    max_attempts: int = 5
    tick_s: float = 30.0
    channels: dict[str, Channel] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    problems: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id, if any."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def silent_minutes(self) -> float | None:
        """The minutes after which a source counts as quiet (from the kilde_stille rule), or None."""
        rule = next((r for r in self.rules if r.type == "kilde_stille"), None)
        return rule.minutes if rule else None


def alerts_file() -> Path:
    """The rules file in use: GOLIVE_ALERTS or data/alerts.toml."""
    return Path(env.setting(env.ALERTS_FILE, ALERTS_FILE))


def load_config(path: str | Path | None = None) -> AlertConfig:
    """Read and check alerts.toml; a missing file means no rules (and says so in problems)."""
    file = Path(path) if path is not None else alerts_file()
    problems: list[str] = []
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AlertConfig(problems=(f"Fant ikke varslingsfilen {file}; ingen varsler sendes.",))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return AlertConfig(problems=(f"{file} kan ikke leses ({exc}); ingen varsler sendes.",))
    general = {
        "base_url": _get(raw, "adresse", str, "http://localhost:8501", problems),
        "group_window_s": _get(raw, "samle_sekunder", float, 3.0, problems),
        "retry_base_s": _get(raw, "nytt_forsok_sekunder", float, 60.0, problems),
        "max_attempts": _get(raw, "maks_forsok", int, 5, problems),
        "tick_s": _get(raw, "sjekk_sekunder", float, 30.0, problems),
    }
    base = env.setting(env.BASE_URL)
    if base:
        general["base_url"] = str(base)
    general["base_url"] = general["base_url"].rstrip("/")
    channels = {name: ch for name, spec in _table(raw, "kanal", problems).items()
                if (ch := _channel(name, spec, problems)) is not None}
    rules = []
    for i, spec in enumerate(raw.get("regel", []) if isinstance(raw.get("regel", []), list) else []):
        rule = _rule(i, spec, channels, problems)
        if rule is not None:
            rules.append(rule)
    return AlertConfig(**general, channels=channels, rules=tuple(rules), problems=tuple(problems))


def _table(raw: dict, key: str, problems: list[str]) -> dict:
    """A sub-table, or {} with a problem when it is something else."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"[{key}] må være en tabell; ignoreres.")
        return {}
    return value


def _get(raw: dict, key: str, kind: type, default: Any, problems: list[str], where: str = "") -> Any:
    """A typed value with a default; a wrong type is reported and the default used."""
    if key not in raw:
        return default
    value = raw[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    ok = isinstance(value, kind) and not isinstance(value, bool) if kind is not bool else isinstance(value, bool)
    if kind in (int, float) and ok and value < 0:
        ok = False
    if not ok:
        problems.append(f"{where}{key} = {value!r} er ugyldig; bruker {default!r}.")
        return default
    return value


def _channel(name: str, spec: Any, problems: list[str]) -> Channel | None:
    """One [kanal.NAME] table as a channel, or None (with a problem) when it cannot be used."""
    where = f"[kanal.{name}] "
    if not isinstance(spec, dict):
        problems.append(f"{where}må være en tabell; ignoreres.")
        return None
    kind = spec.get("type")
    if kind == "epost":
        host = _get(spec, "server", str, "", problems, where)
        recipients = spec.get("til", [])
        if isinstance(recipients, str):
            recipients = [recipients]
        if not host or not recipients or not all(isinstance(r, str) for r in recipients):
            problems.append(f"{where}trenger «server» og «til»; kanalen brukes ikke.")
            return None
        security = _get(spec, "sikkerhet", str, "starttls", problems, where)
        if security not in SECURITY:
            problems.append(f"{where}sikkerhet = {security!r}: bruk {', '.join(SECURITY)}; bruker starttls.")
            security = "starttls"
        return SmtpChannel(
            name, host, port=_get(spec, "port", int, 25, problems, where), security=security,
            username=_get(spec, "bruker", str, "", problems, where) or None,
            password_env=_get(spec, "passord_env", str, "", problems, where) or None,
            sender=_get(spec, "fra", str, "go-live-puls@localhost", problems, where),
            recipients=tuple(recipients), timeout_s=_get(spec, "tidsavbrudd_sekunder", float, 10.0, problems, where))
    if kind == "webhook":
        fmt = _get(spec, "format", str, "json", problems, where)
        if fmt not in WEBHOOK_FORMATS:
            problems.append(f"{where}format = {fmt!r}: bruk {', '.join(WEBHOOK_FORMATS)}; bruker json.")
            fmt = "json"
        url = _get(spec, "url", str, "", problems, where) or None
        url_env = _get(spec, "url_env", str, "", problems, where) or None
        if not url and not url_env:
            problems.append(f"{where}trenger «url» eller «url_env»; kanalen brukes ikke.")
            return None
        return WebhookChannel(name, url, url_env=url_env, format=fmt,
                              timeout_s=_get(spec, "tidsavbrudd_sekunder", float, 10.0, problems, where))
    problems.append(f"{where}type = {kind!r}: bruk «epost» eller «webhook»; kanalen brukes ikke.")
    return None


def _rule(index: int, spec: Any, channels: dict[str, Channel], problems: list[str]) -> Rule | None:
    """One [[regel]] table as a rule, or None (with a problem) when it cannot be used."""
    if not isinstance(spec, dict):
        problems.append(f"[[regel]] nr. {index + 1} må være en tabell; ignoreres.")
        return None
    rule_id = spec.get("id")
    where = f"[[regel]] {rule_id or index + 1}: "
    kind = spec.get("type")
    if not isinstance(rule_id, str) or kind not in RULE_TYPES:
        problems.append(f"{where}trenger «id» og en «type» blant {', '.join(RULE_TYPES)}; regelen brukes ikke.")
        return None
    if spec.get("aktiv", True) is False:
        return None
    wanted = spec.get("kanaler", [])
    known = tuple(c for c in wanted if c in channels) if isinstance(wanted, list) else ()
    for name in (wanted if isinstance(wanted, list) else []):
        if name not in channels:
            problems.append(f"{where}kanalen «{name}» finnes ikke eller kan ikke brukes.")
    level = _get(spec, "over", int, 0, problems, where) or None
    growing = _get(spec, "voksende_timer", int, 0, problems, where) or None
    if kind == "saksmengde" and level is None and growing is None:
        problems.append(f"{where}saksmengde trenger «over» eller «voksende_timer»; regelen brukes ikke.")
        return None
    return Rule(
        rule_id, kind, _get(spec, "tittel", str, rule_id, problems, where), known,
        cooldown_min=_get(spec, "karantene_minutter", float, 60.0, problems, where),
        max_age_min=_get(spec, "maks_alder_minutter", float, 24 * 60.0, problems, where),
        drop=_get(spec, "fall", int, 2, problems, where), level=level, growing_hours=growing,
        minutes=_get(spec, "minutter", float, 60.0, problems, where),
        min_deliveries=_get(spec, "min_leveranser", int, 3, problems, where))
