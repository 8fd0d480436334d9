"""Enheter — stemning: each unit's three signals side by side, where they disagree, and the focus unit's detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis import access
from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_polarity
from analysis.metrics import missing
from analysis.queries import common_queries, units_queries
from analysis.rules import chat_light, disagreement, is_high_load, load_rules

CARDS_FIRST = 8

T = {
    "cap": "Tre signaler per enhet: lederens siste rapport, chatstemning og saker per 100 ansatte "
           "siste {n} døgn til og med {d}. ⚑ markerer der signalene spriker.",
    "flags": "⚑ {n} enheter der signalene spriker",
    "no_flags": "Signalene spriker ikke for noen enhet i perioden.",
    "leader": "Leder: {s} · stemning {m}/5 ({d})",
    "leader_none": "Leder: ingen rapport i perioden",
    "chat": "Chat {l}: {p} ({n} meldinger, {neg} negative)",
    "chat_few": "Chat: {n} meldinger – for få til å si noe",
    "tickets": "Saker: {p} per 100 ansatte ({n} saker)",
    "no_data": "Ingen data ennå: {n} enheter er registrert, men ingen chatmeldinger, lederrapporter eller saker "
               "er kommet inn. Kortene, varmekartet og temaene fylles ut så snart de første kommer.",
    "empty": "Ingen enheter er registrert ennå. Legg inn enhetslisten for å se stemningen per enhet.",
}
STATUS_ORDER = {"rød": 0, "gul": 1, "grønn": 2}
AREA_HEADING = "{a} · {n}"
AREA_UNKNOWN = "uten tjenesteområde"


@dataclass(frozen=True)
class CardLine:
    """One line of a unit card: which signal ('leader', 'chat' or 'load'), its light or level, and the text."""

    signal: str
    level: str | None  # 'grønn' / 'gul' / 'rød' for leader and chat, 'high' / 'normal' for load, None unknown
    text: str


@dataclass(frozen=True)
class UnitCard:
    """One unit's card: its three signals in words and a flag where they disagree."""

    unit: str
    service_area: str
    lines: tuple[CardLine, ...]
    flag: str | None


@dataclass(frozen=True)
class UnitsView:
    """The units page: cards (most worrying first), the unit × day heatmap, and the focus unit's trend and themes."""

    message: str | None  # set when there is nothing to show yet (no units, or no data)
    end: dt.date | None
    caption: str
    flag_text: str
    n_flagged: int
    cards: tuple[UnitCard, ...]
    cards_first: int
    card_table: pd.DataFrame
    heat: pd.DataFrame
    heat_order: tuple[str, ...]  # the heatmap's rows top to bottom: a heading per service area, then its units
    heat_headers: tuple[str, ...]  # which rows of heat_order are headings
    events: pd.DataFrame
    unit_names: tuple[str, ...]
    focus: str | None
    focus_area: str | None
    trend: pd.DataFrame
    themes: pd.DataFrame


def _column(cards: pd.DataFrame, name: str) -> list:
    """Return a column as a list, or None for every row when the query did not give it."""
    return cards[name].tolist() if name in cards else [None] * len(cards)


def judge_cards(cards: pd.DataFrame) -> pd.DataFrame:
    """Add the chat light, high-load and disagreement columns to the card rows, and order them worst first."""
    r = load_rules().cards
    cards = cards.copy()
    # The municipality's median unit when the query gives it, else the median of the rows at hand.
    if "median_per_100" in cards and len(cards):
        median = cards["median_per_100"].iloc[0]
    else:
        median = cards["tickets_per_100"].median() if len(cards) else None
    days = int(cards["window_days"].iloc[0]) if "window_days" in cards and len(cards) else r.vindu_dager
    cards["chat_light"] = [chat_light(r, p, s, n, k, sd) for p, s, n, k, sd in
                           zip(cards["mean_polarity"], cards["negative_share"], cards["n_messages"],
                               _column(cards, "n_negative"), _column(cards, "sd_polarity"), strict=True)]
    cards["high_load"] = [is_high_load(r, v, median, n, days) for v, n in
                          zip(cards["tickets_per_100"], cards["tickets"], strict=True)]
    cards["flag"] = [disagreement(s if isinstance(s, str) else None, c, h) for s, c, h in
                     zip(cards["status"], cards["chat_light"], cards["high_load"], strict=True)]
    order = cards.assign(_f=cards["flag"].isna(), _s=cards["status"].map(STATUS_ORDER).fillna(3),
                         _p=cards["mean_polarity"].fillna(0)).sort_values(["_f", "_s", "_p", "unit"])
    return order.drop(columns=["_f", "_s", "_p"]).reset_index(drop=True)


def card_of(r: dict) -> UnitCard:
    """Return one unit's card in words from its judged row."""
    status = r["status"] if isinstance(r["status"], str) else None
    light = r["chat_light"] if isinstance(r["chat_light"], str) else None
    lines = []
    if status:
        lines.append(CardLine("leader", status, T["leader"].format(
            s=status, m=fmt_int(r["mood"]), d=fmt_date(pd.Timestamp(r["report_day"]).date()))))
    else:
        lines.append(CardLine("leader", None, T["leader_none"]))
    if light:
        lines.append(CardLine("chat", light, T["chat"].format(l=light, p=fmt_polarity(r["mean_polarity"]),
                                                              n=fmt_int(r["n_messages"]),
                                                              neg=fmt_pct(r["negative_share"], 0))))
    else:
        lines.append(CardLine("chat", None, T["chat_few"].format(n=fmt_int(r["n_messages"]))))
    lines.append(CardLine("load", "high" if r["high_load"] else "normal",
                          T["tickets"].format(p=fmt_num(r["tickets_per_100"]), n=fmt_int(r["tickets"]))))
    flag = r["flag"] if isinstance(r["flag"], str) else None
    return UnitCard(r["unit"], r["service_area"], tuple(lines), flag)


def heat_rows(table: pd.DataFrame, units: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the heatmap's rows grouped by service area, and which rows are the areas' headings.

    `table` is the judged card rows (worst first): the area of the unit that most needs attention comes first,
    and inside an area the units keep that order, so the rows to look at are at the top of each group.
    """
    shown = set(units)
    area_of = {r["unit"]: (r["service_area"] if isinstance(r["service_area"], str) and r["service_area"]
                           else AREA_UNKNOWN) for r in table.to_dict("records")} if len(table) else {}
    groups: dict[str, list[str]] = {}
    for unit in [u for u in (table["unit"] if len(table) else []) if u in shown]:
        groups.setdefault(area_of[unit], []).append(unit)
    for unit in sorted(shown - set(area_of)):  # chat from a unit the unit list does not know
        groups.setdefault(AREA_UNKNOWN, []).append(unit)
    order: list[str] = []
    headers: list[str] = []
    for area, members in groups.items():
        head = AREA_HEADING.format(a=area[:1].upper() + area[1:], n=len(members))
        while head in shown:  # a heading must never take a unit's row
            head += " "
        headers.append(head)
        order += [head, *members]
    return tuple(order), tuple(headers)


def _empty(message: str, names: tuple[str, ...] = ()) -> UnitsView:
    """Return the view of a page with nothing to show yet."""
    empty = pd.DataFrame()
    return UnitsView(message, None, "", "", 0, (), CARDS_FIRST, empty, empty, (), (), empty, names, None, None,
                     empty, empty)


def build_units_view(db: str | Path, f: Filters, now: object = None, focus: str | None = None) -> UnitsView:
    """Return everything the units page shows; `focus` is the unit picked for the trend and themes."""
    rules = load_rules()
    span = common_queries.query_data_span(db)
    all_units = common_queries.query_units(db)
    if all_units.empty:
        return _empty(T["empty"])
    end = f.end or span.last_day
    if end is None:
        return _empty(T["no_data"].format(n=len(all_units)), tuple(all_units["name"]))
    window = rules.cards.vindu_dager
    table = judge_cards(units_queries.query_unit_cards(f, end, window, path=db))
    cards = tuple(card_of(r) for r in table.to_dict("records"))
    flagged = sorted(c.unit for c in cards if c.flag)  # the default focus: the first flagged unit by name
    names = tuple(sorted(table["unit"])) if len(table) else tuple(all_units["name"])
    if focus not in names:
        focus = f.unit if f.unit in names else (flagged[0] if flagged else names[0])
    area = all_units.set_index("name").loc[focus, "service_area"]
    heat = units_queries.query_unit_day_sentiment(f, db)
    order, headers = heat_rows(table, heat["unit"].unique().tolist() if len(heat) else [])
    return UnitsView(
        message=None, end=end, caption=T["cap"].format(n=window, d=fmt_date(end)),
        flag_text=T["flags"].format(n=len(flagged)) if flagged else T["no_flags"], n_flagged=len(flagged),
        cards=cards, cards_first=CARDS_FIRST, card_table=table,
        heat=heat, heat_order=order, heat_headers=headers, events=common_queries.query_events(f, db),
        unit_names=names, focus=focus, focus_area=None if missing(area) else str(area),
        trend=units_queries.query_unit_trend(f, focus, db), themes=units_queries.query_unit_themes(f, focus, db),
    )


def for_reader(view: UnitsView, p: access.Principal) -> UnitsView:
    """The view as `p` may see it: the cards' latest leader-report text only for units whose text `p` may read.

    Everything else on the page is figures (cards, heatmap, trend, themes and their tooltips); the cached view
    is built once for every reader and narrowed here, outside the cache.
    """
    table = access.redact_text(view.card_table, p, "unit", ("report_text",))
    return view if table is view.card_table else replace(view, card_table=table)
