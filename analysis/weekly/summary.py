"""The WeekSummary: every figure, sentence and list the weekly page and all exports show for one ISO week."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis.clock import LOCAL_TZ, local_now
from analysis.fmt import (
    MONTHS,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_polarity,
    fmt_signed,
)
from analysis.queries import weekly_queries as q
from analysis.rules import Rules, UnitWeekSignals, WeeklyJudgement, load_rules, weekly_unit_findings
from analysis.weekly import criteria as crit
from analysis.weekly import quotes as qt
from analysis.weekly.expected import ExpectedCurve, expected_daily, load_expected, week_load
from analysis.weekly.programme import BenefitsBrief, WavesBrief, programme

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)

STATE_OK, STATE_EMPTY_DB, STATE_BEFORE, STATE_NO_DATA = "ok", "tom_database", "før_golive", "ingen_data"

MESSAGES = {
    STATE_EMPTY_DB: "Databasen har ingen data ennå (ingen saker, meldinger, rapporter eller bruksdata). "
                    "Når data er importert, vises ukas tall her.",
    STATE_BEFORE: "{week} er før go-live ({golive}). Det finnes ingen go-live-data for denne uka ennå.",
    STATE_NO_DATA: "Ingen data registrert i uke {week} ({dates}). Velg en annen uke.",
    "before_with_data": "Uka er før go-live ({golive}): tallene gjelder forberedelsene, og exit-kriteriene "
                        "vurderes først fra go-live-uka.",
    "no_tickets": "Ingen supportsaker ble meldt i uke {week}.",
}


# ---------------------------------------------------------------------------- weeks


def parse_week(text: str) -> tuple[int, int]:
    """Parse '2022-W19' (or '2022W19') into (year, week); raise ValueError with a Norwegian message."""
    m = WEEK_RE.match(str(text).strip())
    if not m:
        raise ValueError(f"Ugyldig uke «{text}»: bruk formatet ÅÅÅÅ-Wnn, for eksempel 2022-W19.")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ValueError(f"Uke {week} finnes ikke i {year}.") from exc
    return year, week


def week_id(day: dt.date) -> str:
    """Return the ISO week of a day as '2022-W19'."""
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def week_monday(iso_week: str) -> dt.date:
    """Return the Monday of an ISO week."""
    y, w = parse_week(iso_week)
    return dt.date.fromisocalendar(y, w, 1)


def week_label(iso_week: str) -> str:
    """Return 'Uke 19 (2022)'."""
    y, w = parse_week(iso_week)
    return f"Uke {w} ({y})"


def week_dates(monday: dt.date) -> str:
    """Return the week's days in words: '9.–15. mai 2022' or '30. mai–5. juni 2022'."""
    sunday = monday + dt.timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.day}.–{sunday.day}. {MONTHS[sunday.month - 1]} {sunday.year}"
    first = f"{monday.day}. {MONTHS[monday.month - 1]}" + (f" {monday.year}" if monday.year != sunday.year else "")
    return f"{first}–{sunday.day}. {MONTHS[sunday.month - 1]} {sunday.year}"


def weeks_between(first: dt.date | None, last: dt.date | None) -> list[str]:
    """Return every ISO week from the one holding `first` to the one holding `last`."""
    if first is None or last is None:
        return []
    monday = first - dt.timedelta(days=first.weekday())
    out = []
    while monday <= last:
        out.append(week_id(monday))
        monday += dt.timedelta(days=7)
    return out


def default_week(first: dt.date | None, last: dt.date | None) -> str | None:
    """Return the last full ISO week in the data (or the only, partial one)."""
    if first is None or last is None:
        return None
    sunday = last if last.weekday() == 6 else last - dt.timedelta(days=last.weekday() + 1)
    if sunday < first:
        return week_id(last)
    return week_id(sunday)


# ---------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class WeekTile:
    """One headline figure with its week-over-week change, formatted once for page and exports."""

    key: str
    label: str
    value: str
    delta: str | None
    sub: str
    trend: str | None  # "up", "down", "flat" or None
    good: bool | None  # is the change good news? None when neutral or unknown
    raw: float | None = None
    raw_prev: float | None = None


@dataclass(frozen=True)
class ThemeChange:
    """A theme's mentions this week against last week."""

    theme: str
    name: str
    n_this: int
    n_prev: int
    neg_this: int

    @property
    def change(self) -> int:
        """Mentions this week minus last week."""
        return self.n_this - self.n_prev

    def sentence(self) -> str:
        """Describe the change in words."""
        neg = f", {fmt_int(self.neg_this)} negative" if self.neg_this else ""
        return f"{self.name}: {fmt_int(self.n_prev)} → {fmt_int(self.n_this)} ({fmt_signed(self.change)}){neg}"


@dataclass(frozen=True)
class UnitNote:
    """A unit that needs attention (or is doing well), with the reasons in words."""

    unit: str
    service_area: str
    score: int
    reasons: tuple[str, ...]

    def sentence(self) -> str:
        """Return 'Unit: reason; reason'."""
        return f"{self.unit}: " + "; ".join(self.reasons)


@dataclass(frozen=True)
class Note:
    """A decision or action written in the weekly meeting."""

    iso_week: str
    created_at: dt.datetime
    kind: str
    text: str
    author: str | None

    def sentence(self) -> str:
        """Return 'Beslutning: text (author, day)'."""
        by = f"{self.author}, " if self.author else ""
        return f"{self.kind.capitalize()}: {self.text} ({by}{fmt_date(self.created_at)})"


@dataclass(frozen=True)
class SafetyItem:
    """A text flagged for patient safety this week."""

    text: str
    unit: str | None
    day: dt.date
    reason: str | None

    def sentence(self) -> str:
        """Return 'Unit · day: «text»'."""
        return f"{self.unit or 'ukjent enhet'} · {fmt_date(self.day)}: «{self.text}»"


@dataclass(frozen=True)
class Expected:
    """Actual against expected support load for the week."""

    actual: int
    expected: float | None
    source: str

    def sentence(self) -> str:
        """Describe actual against expected in words."""
        if self.expected is None or self.expected <= 0:
            return "Forventningskurven dekker ikke denne uka."
        diff = self.actual / self.expected - 1
        word = "over" if diff > 0.05 else "under" if diff < -0.05 else "omtrent som"
        amount = f"{fmt_pct(abs(diff), 0)} " if word != "omtrent som" else ""
        return (f"{fmt_int(self.actual)} saker mot forventet {fmt_int(self.expected)}: "
                f"{amount}{word} forventet.")


@dataclass(frozen=True)
class WeekSummary:
    """Everything shown for one ISO week; page and exports render only from this object."""

    iso_week: str
    label: str
    dates: str
    monday: dt.date
    state: str
    message: str | None
    go_live: dt.date | None
    phase: str
    headline: str
    as_of: dt.datetime
    as_of_text: str
    tiles: list[WeekTile]
    this: q.WeekFigures
    prev: q.WeekFigures
    daily: pd.DataFrame
    events: pd.DataFrame
    themes_grew: list[ThemeChange]
    themes_shrank: list[ThemeChange]
    top_themes: list[str]
    attention: list[UnitNote]
    doing_well: list[UnitNote]
    quotes: list[qt.Quote]
    quote_rule: str
    safety: list[SafetyItem]
    safety_total: int
    criteria: list[crit.Criterion]
    criteria_text: str
    criteria_source: str
    expected: Expected | None
    notes_this: list[Note]
    notes_prev: list[Note]
    prev_week: str
    demo: bool
    db_name: str
    generated_at: dt.datetime
    extra: dict = field(default_factory=dict)
    benefits: BenefitsBrief | None = None  # shown when a benefit is registered (issue 17)
    waves: WavesBrief | None = None        # shown when a later go-live wave is live that week
    scope: str | None = None               # the go-live the week is about (its label); None: all go-lives

    @property
    def has_data(self) -> bool:
        """Tell whether the week has anything to show."""
        return self.state == STATE_OK

    @property
    def week_number(self) -> int:
        """Return the ISO week number."""
        return parse_week(self.iso_week)[1]

    @property
    def prev_week_number(self) -> int:
        """Return the ISO week number of the week before."""
        return parse_week(self.prev_week)[1]

    @property
    def week_short(self) -> str:
        """Return 'Uke 19', the label of the week's band in the charts."""
        return f"Uke {self.week_number}"

    @property
    def title(self) -> str:
        """Return 'Uke 19 (2022) · 9.–15. mai 2022', and the go-live when the week is one go-live's."""
        return f"{self.label} · {self.dates}" + (f" · {self.scope}" if self.scope else "")


# ---------------------------------------------------------------------------- helpers


def _ratio(a: float | None, b: float | None) -> float | None:
    """Return a / b, or None."""
    return None if a is None or not b else a / b


def _trend(now: float | None, before: float | None, up_is_good: bool | None, eps: float = 1e-9) -> tuple:
    """Return (trend, good) for a change."""
    if now is None or before is None:
        return None, None
    if abs(now - before) <= eps:
        return "flat", None
    up = now > before
    good = None if up_is_good is None else (up == up_is_good)
    return ("up" if up else "down"), good


def _count_delta(now: int | None, before: int | None) -> str | None:
    """Return '+120 (+3,4 %)' for a count change."""
    if now is None or before is None:
        return None
    pct = f" ({fmt_signed((now - before) / before * 100, 1, ' %')})" if before else ""
    return f"{fmt_signed(now - before)}{pct}"


def _theme_names() -> dict[str, str]:
    """Return theme key -> Norwegian name from the taxonomy (key itself when unknown)."""
    # Imported here, not guarded: a moved module must fail loudly (it once turned every name into its key).
    from analysis.text.sentiment import theme_labels

    try:
        return dict(theme_labels())
    except (OSError, ValueError):  # an unreadable taxonomy file: names fall back to the keys
        return {}


def _hours(h: float | None) -> str:
    """Format hours: '5,2 t'."""
    return "–" if h is None else f"{fmt_num(h)}\u00a0t"


def build_tiles(this: q.WeekFigures, prev: q.WeekFigures, as_of_text: str) -> list[WeekTile]:
    """Return the nine headline tiles with their week-over-week changes."""
    staff = this.staff
    share = _ratio(this.active_users, staff)
    share_p = _ratio(prev.active_users, prev.staff)
    per100 = this.tickets * 100 / staff if staff else None
    per100_p = prev.tickets * 100 / prev.staff if prev.staff else None
    clos = _ratio(this.closed, this.tickets)
    clos_p = _ratio(prev.closed, prev.tickets)
    tiles = []

    def add(key, label, value, delta, sub, now, before, up_good):
        trend, good = _trend(now, before, up_good)
        tiles.append(WeekTile(key, label, value, delta if trend else None, sub, trend, good, now, before))

    add("active", "Aktive brukere av ansatte", fmt_pct(share),
        None if share is None or share_p is None else fmt_signed((share - share_p) * 100, 1, " pp"),
        (f"{fmt_int(this.active_users)} av {fmt_int(staff)} · beste dag {fmt_date(this.active_day)}"
         if this.active_users is not None else "ingen bruksdata denne uka"), share, share_p, True)
    add("portal", "Innlogget i HelsaMi", fmt_int(this.portal_logins),
        _count_delta(this.portal_logins, prev.portal_logins),
        f"per {fmt_date(this.portal_day)}" if this.portal_day else "ingen portaldata denne uka",
        this.portal_logins, prev.portal_logins, True)
    add("tickets", "Nye supportsaker", fmt_int(this.tickets), _count_delta(this.tickets, prev.tickets),
        f"forrige uke {fmt_int(prev.tickets)}", this.tickets, prev.tickets, False)
    add("per100", "Saker per 100 ansatte", fmt_num(per100),
        None if per100 is None or per100_p is None else fmt_signed(per100 - per100_p, 1),
        f"i uka ({fmt_num(per100 / 7 if per100 is not None else None)} per dag), {fmt_int(staff)} ansatte",
        per100, per100_p, False)
    add("backlog", "Åpne saker (restanse)", fmt_int(this.backlog), _count_delta(this.backlog, prev.backlog),
        as_of_text, this.backlog, prev.backlog, False)
    add("closure", "Lukkerate (lukket ÷ nye)", fmt_num(clos, 2),
        None if clos is None or clos_p is None else fmt_signed(clos - clos_p, 2),
        f"{fmt_int(this.closed)} lukket, {fmt_int(this.tickets)} nye", clos, clos_p, True)
    add("resolve", "Median løsningstid", _hours(this.median_resolve_h),
        None if this.median_resolve_h is None or prev.median_resolve_h is None
        else fmt_signed(this.median_resolve_h - prev.median_resolve_h, 1, "\u00a0t"),
        f"saker lukket i uka ({fmt_int(this.closed)})", this.median_resolve_h, prev.median_resolve_h, False)
    add("mood", "Snittstemning i chatten", fmt_polarity(this.mean_polarity),
        None if this.mean_polarity is None or prev.mean_polarity is None
        else fmt_signed(this.mean_polarity - prev.mean_polarity, 2),
        f"{fmt_int(this.messages)} {'melding' if this.messages == 1 else 'meldinger'}, skala −1 til +1",
        this.mean_polarity, prev.mean_polarity, True)
    add("negative", "Andel negative meldinger", fmt_pct(this.negative_share),
        None if this.negative_share is None or prev.negative_share is None
        else fmt_signed((this.negative_share - prev.negative_share) * 100, 1, " pp"),
        f"forrige uke {fmt_pct(prev.negative_share)}", this.negative_share, prev.negative_share, False)
    return tiles


def unit_signals(row: object) -> UnitWeekSignals:
    """Return one row of `query_units_week` as the signals the weekly judgement reads."""
    status = row.status if isinstance(row.status, str) else None
    return UnitWeekSignals(
        unit=row.unit, service_area=row.service_area, staff_count=int(row.staff_count or 0), tickets=int(row.tickets),
        tickets_prev=int(row.tickets_prev), messages=int(row.messages), negative=int(row.negative),
        mean_polarity=row.mean_polarity, safety=int(row.safety or 0), status=status, status_day=row.status_day,
        mood=row.mood, active_users=row.active_users)


def judge_units(units: pd.DataFrame, total_tickets: int, total_staff: int,
                r: WeeklyJudgement | None = None) -> tuple[list[UnitNote], list[UnitNote]]:
    """Return (needs attention, doing well), each unit with its reasons in words, strongest first.

    The findings and their points are `rules.weekly_unit_findings`; a unit with at least `poeng_oppmerksomhet`
    points needs attention, one with no points and a good finding is doing well; at most `maks_enheter` of each.
    """
    r = r or load_rules().weekly
    if units is None or units.empty:
        return [], []
    overall = total_tickets * 100 / total_staff if total_staff else None
    attention, well = [], []
    for row in units.itertuples(index=False):
        bad, good = weekly_unit_findings(r, unit_signals(row), overall)
        score = sum(w for w, _ in bad)
        if score >= r.poeng_oppmerksomhet:
            attention.append(UnitNote(row.unit, row.service_area, score, tuple(t for _, t in bad)))
        elif good and score == 0:
            well.append(UnitNote(row.unit, row.service_area, len(good), tuple(good)))
    attention.sort(key=lambda n: (-n.score, n.unit))
    well.sort(key=lambda n: (-n.score, n.unit))
    return attention[:r.maks_enheter], well[:r.maks_enheter]


SAFETY_SHOWN = 8


def pick_safety(items: list[SafetyItem], limit: int = SAFETY_SHOWN) -> list[SafetyItem]:
    """Pick the flagged texts a meeting can read: the newest per unit first, then the newest others.

    A story such as e-link messages that never arrive can flag hundreds of texts in one unit; the
    meeting needs to see every unit that is affected, and the count, not every message.
    """
    newest = sorted(items, key=lambda x: x.day, reverse=True)
    picked: list[SafetyItem] = []
    seen: set[str | None] = set()
    for item in newest:
        if item.unit not in seen and len(picked) < limit:
            picked.append(item)
            seen.add(item.unit)
    for item in newest:
        if len(picked) >= limit:
            break
        if item not in picked:
            picked.append(item)
    return sorted(picked, key=lambda x: x.day)


def theme_changes(themes: pd.DataFrame, names: dict[str, str], n: int = 3) -> tuple[list, list, list[str]]:
    """Return (grew, shrank, this week's most frequent theme keys)."""
    if themes is None or themes.empty:
        return [], [], []
    items = [ThemeChange(str(r.theme), names.get(str(r.theme), str(r.theme)), int(r.n_this), int(r.n_prev),
                         int(r.neg_this)) for r in themes.itertuples(index=False)]
    grew = sorted([t for t in items if t.change > 0], key=lambda t: (-t.change, t.name))[:n]
    shrank = sorted([t for t in items if t.change < 0], key=lambda t: (t.change, t.name))[:n]
    top = [t.theme for t in sorted(items, key=lambda t: (-t.n_this, t.name)) if t.n_this > 0][:qt.TOP_THEMES]
    return grew, shrank, top


def _notes(df: pd.DataFrame, week: str) -> list[Note]:
    """Return the notes of one week as Note objects."""
    if df is None or df.empty:
        return []
    rows = df[df["iso_week"] == week]
    return [Note(r.iso_week, pd.Timestamp(r.created_at).to_pydatetime(), r.kind, r.text,
                 r.author if isinstance(r.author, str) else None) for r in rows.itertuples(index=False)]


def _headline(s: WeekSummary) -> str:
    """Return the one-line headline for the title slide and the page."""
    if s.state != STATE_OK:
        return s.message or ""
    t = {x.key: x for x in s.tiles}
    parts = []
    if t["active"].raw is not None:
        parts.append(f"{t['active'].value} av de ansatte aktive")
    tick = f"{t['tickets'].value} {'ny sak' if s.this.tickets == 1 else 'nye saker'}"
    if s.prev.tickets and s.this.tickets != s.prev.tickets:
        change = (s.this.tickets - s.prev.tickets) / s.prev.tickets * 100
        tick += f" ({fmt_signed(change, 0, ' %')} fra forrige uke)"
    parts.append(tick)
    if t["mood"].raw is not None:
        parts.append(f"stemning {t['mood'].value}")
    if s.criteria:
        part = f"{sum(c.met for c in s.criteria)} av {len(s.criteria)} exit-kriterier oppfylt"
        held = [c.name or c.title.lower() for c in s.criteria if c.status == crit.NOT_MET]
        if held:
            part += " (holder igjen: " + ", ".join(held) + ")"
        parts.append(part)
    return " · ".join(parts)


# ---------------------------------------------------------------------------- build


def build_week_summary(iso_week: str, path: str | Path | None = None, rules: Rules | None = None,
                       curve: ExpectedCurve | None | bool = True,
                       now: dt.datetime | None = None, go_live: int | None = None) -> WeekSummary:
    """Build the WeekSummary of one ISO week from the database (one read snapshot), judged by `rules`.

    With `go_live` the week is that go-live's alone (its units, log-ins, events and notes; day 0 its date).
    """
    rules = rules or load_rules()
    cfg = crit.criteria_of(rules)
    if curve is True:
        curve = load_expected()
    monday = week_monday(iso_week)
    iso_week = week_id(monday)
    end = monday + dt.timedelta(days=7)
    prev_monday = monday - dt.timedelta(days=7)
    prev_week = week_id(prev_monday)
    data = q.query_week_data(
        path, prev_monday, monday, end, [iso_week, prev_week],
        critical=cfg.get("kritiske_saker", "prioriteter"),
        critical_hours=float(cfg.get("kritiske_saker", "maks_timer")),
        quote_min_len=qt.MIN_LENGTH, go_live=go_live,
    )
    this, prev = data.this, data.prev
    label, dates = week_label(iso_week), week_dates(monday)
    as_of = data.extra["as_of"]
    as_of_text = crit.at_text(as_of)
    week_has_data = bool(this.tickets or this.closed or this.messages or this.reports
                         or this.active_users is not None or this.portal_logins is not None)
    golive_txt = fmt_date(data.go_live, year=True) if data.go_live else "ikke satt"
    if data.first_day is None:
        state, message = STATE_EMPTY_DB, MESSAGES[STATE_EMPTY_DB]
    elif data.go_live and end <= data.go_live and not week_has_data:
        state, message = STATE_BEFORE, MESSAGES[STATE_BEFORE].format(week=label, golive=golive_txt)
    elif not week_has_data:
        state, message = STATE_NO_DATA, MESSAGES[STATE_NO_DATA].format(week=parse_week(iso_week)[1], dates=dates)
    else:
        state = STATE_OK
        message = MESSAGES["no_tickets"].format(week=parse_week(iso_week)[1]) if this.tickets == 0 else None
    if data.go_live:
        n = (monday - (data.go_live - dt.timedelta(days=data.go_live.weekday()))).days // 7
        phase = ("go-live-uka" if n == 0 else f"{n}. uke etter go-live" if n > 0
                 else f"{-n} {'uke' if n == -1 else 'uker'} før go-live")
        phase += f" (go-live {golive_txt})"
    else:
        phase = "go-live-dato ikke satt"

    daily = data.daily.copy()
    if not daily.empty:
        daily["expected"] = expected_daily(curve or None, list(daily["day"]), data.go_live, this.staff).to_numpy()
        daily["in_week"] = [(monday <= d < end) for d in daily["day"]]
    tiles = build_tiles(this, prev, as_of_text)

    names = _theme_names()
    grew, shrank, top = theme_changes(data.themes, names)
    attention, well = judge_units(data.units, this.tickets, this.staff, rules.weekly)
    quotes = qt.select_quotes(data.quotes, top) if state == STATE_OK else []
    all_safety = [SafetyItem(str(r.text), r.unit if isinstance(r.unit, str) else None, pd.Timestamp(r.day).date(),
                             r.safety_reason if isinstance(r.safety_reason, str) else None)
                  for r in data.safety.itertuples(index=False)]
    safety = pick_safety(all_safety)

    expected = None
    if curve and state == STATE_OK and not daily.empty:
        actual_load, expected_load = week_load(daily)
        expected = Expected(actual_load, expected_load, curve.source)

    criteria: list[crit.Criterion] = []
    before_go_live = data.go_live is not None and end <= data.go_live
    if state == STATE_OK and before_go_live:
        message = MESSAGES["before_with_data"].format(golive=golive_txt)
    if state == STATE_OK and not before_go_live:
        week_last = min(end - dt.timedelta(days=1), as_of.date() if as_of.time() else as_of.date() - dt.timedelta(1))
        if cfg.active("saker_per_100"):
            criteria.append(crit.judge_tickets_per_100(cfg, daily, week_last, this.staff))
        if cfg.active("lukkerate"):
            criteria.append(crit.judge_closure(cfg, this.tickets, this.closed))
        if cfg.active("kritiske_saker"):
            criteria.append(crit.judge_critical(cfg, this.critical_overdue, as_of))
        if cfg.active("stemning"):
            criteria.append(crit.judge_mood(cfg, this.mean_polarity, prev.mean_polarity))
        if cfg.active("pasientsikkerhet"):
            # Open: the week's flags not closed in the follow-up queue.
            criteria.append(crit.judge_safety(cfg, this.safety_open, statuses_known=True))
        if cfg.active("belastning"):
            criteria.append(crit.judge_load(cfg, expected.actual if expected else this.tickets,
                                            expected.expected if expected else None))
    if not criteria:
        criteria_text = ("Exit-kriteriene vurderes først fra go-live-uka." if before_go_live
                         else "Kriteriene kan ikke vurderes for denne uka.")
    else:
        criteria_text = crit.verdict_text(criteria)

    benefits, waves = (programme(path, end - dt.timedelta(days=1), as_of, go_live) if state == STATE_OK
                       else (None, None))
    summary = WeekSummary(
        iso_week=iso_week, label=label, dates=dates, monday=monday, state=state, message=message,
        go_live=data.go_live, phase=phase, headline="", as_of=as_of, as_of_text=as_of_text, tiles=tiles,
        this=this, prev=prev, daily=daily, events=data.events, themes_grew=grew, themes_shrank=shrank,
        top_themes=[names.get(t, t) for t in top], attention=attention, doing_well=well, quotes=quotes,
        quote_rule=qt.rule_text(), safety=safety, safety_total=len(all_safety), criteria=criteria,
        criteria_text=criteria_text,
        criteria_source=cfg.source, expected=expected, notes_this=_notes(data.notes, iso_week),
        notes_prev=_notes(data.notes, prev_week), prev_week=prev_week, demo=data.meta.get("demo") == "1",
        db_name=Path(str(path)).name if path else "golive.duckdb",
        generated_at=oslo_time(now) if now else local_now().replace(microsecond=0),
        benefits=benefits, waves=waves, scope=data.extra.get("scope"),
    )
    return replace(summary, headline=_headline(summary))


def oslo_time(ts: dt.datetime) -> dt.datetime:
    """Return `ts` as naive Norwegian wall-clock time (an aware time is converted; a naive one already is)."""
    return ts.astimezone(LOCAL_TZ).replace(tzinfo=None) if ts.tzinfo else ts


def format_generated(s: WeekSummary) -> str:
    """Return the footer line: source database, demo flag and when the summary was made."""
    demo = " · demodata (syntetisk)" if s.demo else ""
    return f"Go-live-puls · {s.db_name}{demo} · laget {fmt_datetime(s.generated_at, year=True)} (norsk tid)"
