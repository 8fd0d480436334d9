"""What the rules find now, grouped into one draft alert per rule with causes still cooling down held back.

A finding is one item (a message, a report, a backlog hour, a silent source) with its cause (the unit, the unit and
day, 'saksmengde', the source). An item is found once: alerted or held back, it is remembered in alert_causes. Every
finding of a rule in one evaluation goes into one alert (40 messages arriving together make one alert, not 40),
except those whose cause was alerted within the rule's cool-down: those are held back and logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import pandas as pd

from analysis.alerts.config import AlertConfig, Rule
from analysis.filters import Filters
from analysis.fmt import fmt_datetime, fmt_int
from analysis.queries import alert_queries, feed_queries

MAX_LINES = 10  # items listed in one alert; the rest are counted
DETAIL_CHARS = 160
FOLLOW_UP_PATH = "oppfolging"  # the follow-up queue's url_path in app.py
ALL_GO_LIVES = "Alle"  # the sidebar's go-live choice for every go-live (ui/sidebar.py ALL)
QUEUE_PREFIXES = ("chat:", "rapport:")  # item ids as analysis/queries/follow_up_queries.py makes them


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: the item, its cause, when, where, and a line of detail (already masked)."""

    item: str
    cause: str
    ts: dt.datetime | None
    unit: str | None
    detail: str


@dataclass(frozen=True)
class Draft:
    """One alert to send (or held back entirely): the rule, its text, the link, and the findings it covers."""

    rule: Rule
    title: str
    body: str
    link: str
    findings: tuple[Finding, ...]
    held_back: tuple[tuple[Finding, int], ...] = ()  # (finding, the alert whose cool-down covers it)

    @property
    def sendable(self) -> bool:
        """True when at least one finding is not held back."""
        return bool(self.findings)


@dataclass
class Evaluation:
    """Every rule's draft at one moment."""

    now: dt.datetime
    drafts: list[Draft] = field(default_factory=list)


def item_link(base_url: str, item: str | None, known: Collection[str] | None = None,
              go_live: str | None = None) -> str:
    """The follow-up queue's address, pointing at one item (?sak=chat:12) when the queue has it.

    `known` is the queue's items now (None: trust the item's form). A red report with calm text is no queue item:
    its alert links to the queue itself rather than to an item the page cannot open. `go_live` (a label, or «Alle»)
    chooses the sidebar's go-live, so that the queue shows the item whatever go-live the reader had chosen.
    """
    url = f"{base_url.rstrip('/')}/{FOLLOW_UP_PATH}"
    params = []
    if item and item.startswith(QUEUE_PREFIXES) and (known is None or item in known):
        params.append(f"sak={quote(item, safe='')}")
    if go_live:
        params.append(f"golive={quote_plus(go_live)}")
    return url + ("?" + "&".join(params) if params else "")


def queue_items(now: dt.datetime, db: str | Path | None) -> frozenset[str]:
    """The follow-up queue's open items at `now` (no unit filter), as the Oppfølging page lists them."""
    from analysis.views.follow_up_view import build_queue  # the view layer; imported late, only when needed

    return frozenset(build_queue(db, Filters(), now).items["item"])


def find(rule: Rule, now: dt.datetime, real_now: dt.datetime, db: str | Path | None) -> list[Finding]:
    """Return what one rule finds at `now` that was never alerted or held back before."""
    since = now - dt.timedelta(minutes=rule.max_age_min)
    if rule.type == "pasientsikkerhet":
        frame = alert_queries.query_safety_findings(rule.id, since, now, db)
    elif rule.type == "rapport_rod":
        frame = alert_queries.query_turned_red(rule.id, since.date(), now.date(), db)
    elif rule.type == "stemningsfall":
        frame = alert_queries.query_mood_fell(rule.id, since.date(), now.date(), rule.drop, db)
    elif rule.type == "saksmengde":
        return _unseen(rule, _backlog(rule, now, db), db)
    elif rule.type == "kilde_stille":
        return _unseen(rule, _silent_sources(rule, real_now, db), db)
    else:
        return []
    return [_finding(r) for r in frame.to_dict("records")]


def _finding(row: dict) -> Finding:
    """A query row as a Finding (NaT and NaN become None)."""
    ts = row.get("ts")
    unit = row.get("unit")
    return Finding(str(row["item"]), str(row["cause"]), None if pd.isna(ts) else pd.Timestamp(ts).to_pydatetime(),
                   None if unit is None or pd.isna(unit) else str(unit), str(row.get("detail") or "").strip(" —"))


def _unseen(rule: Rule, findings: list[Finding], db: str | Path | None) -> list[Finding]:
    """Drop findings whose item the rule already recorded."""
    seen = alert_queries.query_alerted_items(rule.id, [f.item for f in findings], db)
    return [f for f in findings if f.item not in seen]


def _backlog(rule: Rule, now: dt.datetime, db: str | Path | None) -> list[Finding]:
    """Open tickets above the level now, or growing every hour for the last N hours (one finding per hour)."""
    hours = rule.growing_hours or 0
    moments = [now - dt.timedelta(hours=h) for h in range(hours, -1, -1)]
    counts = [n for _, n in alert_queries.query_open_tickets_at(moments, db)]
    current = counts[-1]
    hour = now.strftime("%Y-%m-%dT%H")
    if rule.level is not None and current > rule.level:
        return [Finding(f"saksmengde:{hour}", "saksmengde", now, None,
                        f"{fmt_int(current)} åpne saker (grense {fmt_int(rule.level)})")]
    if hours and len(counts) > 1 and all(b > a for a, b in zip(counts, counts[1:], strict=False)):
        return [Finding(f"saksmengde:{hour}", "saksmengde", now, None,
                        f"{fmt_int(current)} åpne saker, flere hver time i {hours} timer (fra {fmt_int(counts[0])})")]
    return []


def _silent_sources(rule: Rule, real_now: dt.datetime, db: str | Path | None) -> list[Finding]:
    """Sources that delivered at least min_deliveries times and then nothing for `minutes` (real time)."""
    last = feed_queries.query_last_deliveries(db)
    cutoff = real_now - dt.timedelta(minutes=rule.minutes)
    out = []
    for row in last.to_dict("records"):
        last_at = pd.Timestamp(row["last_at"]).to_pydatetime()
        if int(row["deliveries"]) >= rule.min_deliveries and last_at < cutoff:
            out.append(Finding(f"kilde_stille:{row['source']}:{last_at:%Y-%m-%dT%H:%M:%S}", str(row["source"]),
                               last_at, None, f"«{row['source']}» har ikke levert siden {fmt_datetime(last_at)}"))
    return out


def draft(rule: Rule, findings: list[Finding], cooling: dict[str, int], base_url: str,
          known: Collection[str] | None = None, go_lives: Mapping[str, str] | None = None) -> Draft:
    """Group a rule's findings into one alert; findings whose cause is cooling down are held back.

    `known`: the follow-up queue's items, so a link names only an item the queue can open. `go_lives`: each unit's
    go-live label when there are several (a link then chooses the item's go-live, the queue link all of them).
    """
    go_lives = go_lives or {}
    fresh = [f for f in findings if f.cause not in cooling]
    held = tuple((f, cooling[f.cause]) for f in findings if f.cause in cooling)
    causes = [c for c in dict.fromkeys(f.cause for f in fresh) if c != rule.type]  # 'saksmengde' says nothing new
    title = rule.title if len(fresh) <= 1 else f"{rule.title}: {len(fresh)} nye"
    if causes:
        title += f" ({', '.join(causes[:3])}{' …' if len(causes) > 3 else ''})"
    lines = [_line(f, base_url, known, go_lives.get(f.unit or "")) for f in fresh[:MAX_LINES]]
    if len(fresh) > MAX_LINES:
        lines.append(f"… og {len(fresh) - MAX_LINES} til i oppfølgingskøen.")
    one = fresh[0] if len(fresh) == 1 else None
    link = item_link(base_url, one.item if one else None, known,
                     (go_lives.get(one.unit or "") if one else None) or (ALL_GO_LIVES if go_lives else None))
    body = "\n".join(lines + ["", f"Oppfølgingskøen: {link}"])
    return Draft(rule, title, body, link, tuple(fresh), held)


def _line(f: Finding, base_url: str, known: Collection[str] | None = None, go_live: str | None = None) -> str:
    """One finding as a line of the alert: when, where, what (shortened), and its link when it is a queue item."""
    detail = f.detail if len(f.detail) <= DETAIL_CHARS else f.detail[: DETAIL_CHARS - 1] + "…"
    where = " · ".join(x for x in (fmt_datetime(f.ts) if f.ts else "", f.unit or "") if x)
    in_queue = f.item.startswith(QUEUE_PREFIXES) and (known is None or f.item in known)
    link = item_link(base_url, f.item, known, go_live) if in_queue else ""
    return "- " + " · ".join(x for x in (where, detail, link) if x)


def evaluate(config: AlertConfig, now: dt.datetime, real_now: dt.datetime, db: str | Path | None) -> Evaluation:
    """Run every rule at `now` and return one draft per rule that found something."""
    out = Evaluation(now)
    known: frozenset[str] | None = None
    go_lives = alert_queries.query_unit_go_live_labels(db)
    for rule in config.rules:
        findings = find(rule, now, real_now, db)
        if not findings:
            continue
        if known is None and any(f.item.startswith(QUEUE_PREFIXES) for f in findings):
            known = queue_items(now, db)  # read once per evaluation, only when a finding could link to it
        cooling = alert_queries.query_cooling_causes(rule.id, real_now - dt.timedelta(minutes=rule.cooldown_min), db)
        out.drafts.append(draft(rule, findings, cooling, config.base_url, known, go_lives))
    return out
