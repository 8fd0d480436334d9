"""Ukemøte: the week to show, the weeks to choose from, and everything the weekly page shows for it, decided here.

The figures, sentences and lists come from the `WeekSummary` that the three exports render too; this view adds
only what the page alone shows (week choices, metric colours and arrows, the criteria table with its markers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.clock import Now
from analysis.filters import Filters
from analysis.queries import weekly_queries as qw
from analysis.views.tiles import Tile
from analysis.weekly import criteria as crit
from analysis.weekly.exports import FORMATS, MIME
from analysis.weekly.report import SECTION_TILES, build_sections, quote_line, safety_heading
from analysis.weekly.summary import (
    WeekSummary,
    WeekTile,
    build_week_summary,
    default_week,
    week_dates,
    week_id,
    week_label,
    week_monday,
    weeks_between,
)

# Many events crowd the small charts: above this many they are dashed rules with tooltips only (the exports,
# with wider charts, keep the titles).
EVENT_LABELS_MAX = 4

T = {
    "title": "Ukemøte",
    "title_week": "Ukemøte – {label}",
    "caption": "{dates} · {phase} · tall {as_of}",
    "empty": "Databasen har ingen data ennå. Når saker, meldinger og bruksdata er importert, vises ukas tall her.",
    "vs_prev": "fra forrige uke",
    "criteria_cols": ("Kriterium", "Mål", "Denne uka", "Status"),
    "criteria_src": "Kriteriene kommer fra {src}; endre terskler der.",
    "notes_this": "Uke {w}",
    "notes_prev": "Forrige uke (uke {w})",
    "form": "Nytt notat for uke {w}",
    "file": "ukemote-{week}.{fmt}",
    "scope_all": "Ukemøtet viser alle go-livene samlet; filtrene i sidemenyen gjelder ikke her.",
    "scope_one": "Ukemøtet viser {label}: go-live-valget i sidemenyen gjelder, de andre filtrene ikke.",
    "title_scope": "Ukemøte – {label} · {scope}",
}

# A tile's week-over-week change: green when it is good news, red when bad, grey when neutral or unknown;
# the arrow follows the direction of the change (the delta text has a Unicode minus, so 'auto' cannot).
COLOR = {True: "green", False: "red", None: "gray"}
ARROW = {"up": "up", "down": "down"}


@dataclass(frozen=True)
class WeekChoice:
    """One week in the week picker."""

    iso_week: str
    text: str


@dataclass(frozen=True)
class QuoteLine:
    """A quote as the page shows it: the text and who/where/when it came from."""

    text: str
    attribution: str


@dataclass(frozen=True)
class OutlineItem:
    """One section of the meeting, in the exports' order: the page shows each as one slide in presentation mode."""

    key: str
    title: str
    tile_keys: tuple[str, ...]  # the headline tiles the section repeats as its key figures


@dataclass(frozen=True)
class CriterionRow:
    """A stabilisation criterion as the slide shows it: the words, and a Material icon and colour for the status."""

    title: str
    target: str
    actual: str
    status: str
    icon: str
    color: str


@dataclass(frozen=True)
class ExportFile:
    """One download offered on the page."""

    fmt: str
    file_name: str
    mime: str


@dataclass(frozen=True)
class WeeklyView:
    """The weekly meeting page: week picker, the chosen week's summary, and the page's own texts and tables.

    `summary` is None only when the database has no data (then `message` says so). A requested week outside the
    data is shown (and added to `weeks`): its summary carries its own message ('før go-live', 'ingen data').
    """

    weeks: tuple[WeekChoice, ...]
    default_week: str | None
    week: str | None
    requested: str | None  # the valid week asked for (?uke= / --uke), None when none or invalid
    outside_data: bool
    message: str | None
    title: str
    caption: str
    summary: WeekSummary | None
    tiles: tuple[Tile, ...]
    chart_label: str
    chart_event_labels: bool
    quotes: tuple[QuoteLine, ...]
    safety_heading: str | None
    safety_lines: tuple[str, ...]
    criteria_table: pd.DataFrame
    criteria_rows: tuple[CriterionRow, ...]
    criteria_source_text: str
    expected_text: str | None  # None: no expected curve for this week (no chart either)
    notes_this_title: str
    notes_prev_title: str
    notes_this: tuple[str, ...]
    notes_prev: tuple[str, ...]
    note_form_title: str
    exports: tuple[ExportFile, ...]
    outline: tuple[OutlineItem, ...] = ()
    scope_text: str = T["scope_all"]  # which go-live the meeting is about, and which filters apply

    @property
    def week_index(self) -> int:
        """Return the position of the chosen week in `weeks` (0 when none)."""
        return next((i for i, w in enumerate(self.weeks) if w.iso_week == self.week), 0)


def choose_week(weeks: list[str], default: str | None, asked: str | None) -> tuple[list[str], str | None, str | None]:
    """Return (weeks to offer, chosen week, valid requested week): any valid ISO week may be asked for.

    An invalid request falls back to the default (the last full week), or the last week in the data.
    """
    requested = None
    if asked:
        try:
            requested = week_id(week_monday(asked))
        except ValueError:
            requested = None
    if requested and requested not in weeks:
        weeks = sorted([*weeks, requested])
    chosen = requested or (default if default in weeks else (weeks[-1] if weeks else None))
    return weeks, chosen, requested


def page_tile(t: WeekTile) -> Tile:
    """Return a weekly tile as the page's metric: the change against last week, coloured by whether it is good."""
    return Tile(t.key, t.label, t.value, delta=f"{t.delta} {T['vs_prev']}" if t.delta else None,
                delta_color=COLOR[t.good], delta_arrow=ARROW.get(t.trend or "", "off"), help=t.sub)


def criteria_table(criteria: list[crit.Criterion]) -> pd.DataFrame:
    """Return the stabilisation criteria as the page's table, the status in words (no emoji: it needs a font)."""
    rows = [(c.title, c.target, c.actual, c.status) for c in criteria]
    return pd.DataFrame(rows, columns=list(T["criteria_cols"]))


def criteria_rows(criteria: list[crit.Criterion]) -> tuple[CriterionRow, ...]:
    """Return the criteria as slide rows, each status with its icon and colour."""
    return tuple(CriterionRow(c.title, c.target, c.actual, c.status, crit.STATUS_ICON.get(c.status, ":material/help:"),
                              crit.STATUS_COLOR.get(c.status, "gray")) for c in criteria)


def outline(s: WeekSummary) -> tuple[OutlineItem, ...]:
    """Return the exports' section outline (`report.build_sections`) as the page's slides."""
    return tuple(OutlineItem(sec.key, sec.title, SECTION_TILES.get(sec.key, ())) for sec in build_sections(s))


def _empty_view(weeks: tuple[WeekChoice, ...]) -> WeeklyView:
    """Return the view of a database with no data yet."""
    return WeeklyView(weeks, None, None, None, False, T["empty"], T["title"], "", None, (), "", True, (), None, (),
                      criteria_table([]), (), "", None, "", "", (), (), "", ())


def _week_view(s: WeekSummary, weeks: tuple[WeekChoice, ...], default: str | None, requested: str | None,
               outside: bool) -> WeeklyView:
    """Return the view of one week's summary."""
    show_expected = s.expected is not None and "expected" in s.daily and bool(s.daily["expected"].notna().any())
    return WeeklyView(
        weeks=weeks, default_week=default, week=s.iso_week, requested=requested, outside_data=outside,
        message=None,
        title=(T["title_scope"].format(label=s.label, scope=s.scope) if s.scope
               else T["title_week"].format(label=s.label)),
        caption=T["caption"].format(dates=s.dates, phase=s.phase, as_of=s.as_of_text), summary=s,
        tiles=tuple(page_tile(t) for t in s.tiles), chart_label=s.week_short,
        chart_event_labels=len(s.events) <= EVENT_LABELS_MAX,
        quotes=tuple(QuoteLine(q.text, quote_line(q)) for q in s.quotes),
        safety_heading=safety_heading(s) if s.safety else None,
        safety_lines=tuple(x.sentence() for x in s.safety),
        criteria_table=criteria_table(s.criteria), criteria_rows=criteria_rows(s.criteria),
        criteria_source_text=T["criteria_src"].format(src=s.criteria_source),
        expected_text=s.expected.sentence() if show_expected else None,
        notes_this_title=T["notes_this"].format(w=s.week_number),
        notes_prev_title=T["notes_prev"].format(w=s.prev_week_number),
        notes_this=tuple(n.sentence() for n in s.notes_this), notes_prev=tuple(n.sentence() for n in s.notes_prev),
        note_form_title=T["form"].format(w=s.week_number),
        exports=tuple(ExportFile(f, T["file"].format(week=s.iso_week, fmt=f), MIME[f]) for f in FORMATS),
        outline=outline(s),
        scope_text=T["scope_one"].format(label=s.scope) if s.scope else T["scope_all"],
    )


def build_weekly_view(db: str | Path, f: Filters | None = None, now: dt.datetime | Now | None = None,
                      week: str | None = None) -> WeeklyView:
    """Return everything the weekly page shows for `week` (default: the last full week in the data).

    The weekly meeting is about a whole go-live: of the filters only the go-live applies (None: all go-lives
    together); period, area and unit are ignored. `now` only stamps the summary's 'laget' line (the exports' footer).
    """
    go_live = f.go_live if f is not None else None
    first, last, _ = qw.query_span(db, go_live)
    data_weeks = weeks_between(first, last)
    default = default_week(first, last)
    if not data_weeks:
        return _empty_view(())
    offered, chosen, requested = choose_week(data_weeks, default, week)
    choices = tuple(WeekChoice(w, f"{week_label(w)} · {week_dates(week_monday(w))}") for w in offered)
    stamp = now.ts if isinstance(now, Now) else now
    summary = build_week_summary(chosen, db, now=stamp, go_live=go_live)
    return _week_view(summary, choices, default, requested, chosen not in data_weeks)
