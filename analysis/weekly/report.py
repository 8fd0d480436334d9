"""The export outline: the WeekSummary as titled sections of text, tables and charts, shared by all formats."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt

from analysis.charts import weekly_charts as cw
from analysis.fmt import fmt_date, fmt_int
from analysis.rules import label_nb
from analysis.weekly.programme import BENEFIT_COLUMNS
from analysis.weekly.summary import WeekSummary, format_generated

CHART_W, CHART_H = 1000, 300
# The headline tiles each section repeats as its key figures (page slides and exports alike).
SECTION_TILES = {
    "adoption": ("active", "portal"),
    "load": ("tickets", "per100", "backlog", "closure", "resolve"),
    "mood": ("mood", "negative"),
}


@dataclass(frozen=True)
class Block:
    """A run of content in a section: bullets, paragraph, quotes or a table."""

    kind: str  # "bullets", "text", "quotes", "table"
    items: tuple = ()
    heading: str | None = None


@dataclass(frozen=True)
class Section:
    """One slide / page / HTML section."""

    key: str
    title: str
    chart: str | None = None
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def safety_heading(s: WeekSummary) -> str:
    """Heading of the safety list, saying how many of the week's flagged texts it shows."""
    head = "Flagget for pasientsikkerhet – må følges opp av en person"
    if s.safety_total > len(s.safety):
        head += f" (viser {len(s.safety)} av {fmt_int(s.safety_total)}: den nyeste fra hver enhet først)"
    return head


def _tile_lines(s: WeekSummary, keys: tuple[str, ...]) -> tuple[str, ...]:
    """Return tiles as 'Label: value (delta fra forrige uke) – sub'."""
    out = []
    for t in s.tiles:
        if t.key in keys:
            delta = f" ({t.delta} fra forrige uke)" if t.delta else ""
            out.append(f"{t.label}: {t.value}{delta} – {t.sub}")
    return tuple(out)


def quote_line(q) -> str:
    """Return a quote's attribution: unit, role/source, day, sentiment."""
    who = q.unit or "ukjent enhet"
    src = "enhetsrapport" if q.source == "rapport" else (q.role or "chat")
    return f"{who} · {src} · {fmt_date(q.day)} · {label_nb(q.label)}"


def build_charts(s: WeekSummary, width: int = CHART_W, height: int = CHART_H) -> dict[str, alt.TopLevelMixin]:
    """Return the week's charts by key (empty when there is no daily data)."""
    if s.daily is None or s.daily.empty:
        return {}
    lab = s.week_short
    charts = {
        "adoption": cw.build_adoption_chart(s.daily, s.events, s.monday, lab, s.this.staff, height, width),
        "load": cw.build_load_chart(s.daily, s.events, s.monday, lab, height, width),
        "mood": cw.build_mood_chart(s.daily, s.events, s.monday, lab, height, width),
    }
    if "expected" in s.daily and s.daily["expected"].notna().any():
        charts["expected"] = cw.build_expected_chart(s.daily, s.monday, lab, height, width)
    return charts


def build_sections(s: WeekSummary) -> list[Section]:
    """Return the sections after the title, in meeting order."""
    if not s.has_data:
        return [Section("message", "Ingen data for uka", None, (Block("text", (s.message or "",)),))]
    table = tuple((t.label, t.value, t.delta or "–", t.sub) for t in s.tiles)
    out = [Section("tiles", "Nøkkeltall", None, (
        Block("table", (("Nøkkeltall", "Denne uka", "Endring fra forrige uke", "Forklaring"), *table)),
        *((Block("text", (s.message,)),) if s.message else ()),
    ))]
    out.append(Section("adoption", "Adopsjon", "adoption", (
        Block("bullets", _tile_lines(s, SECTION_TILES["adoption"])),)))
    out.append(Section("load", "Supportbelastning", "load", (
        Block("bullets", _tile_lines(s, SECTION_TILES["load"])),)))
    exp = (s.expected.sentence(),) if s.expected else (
        "Ingen forventningskurve for denne uka (data/expected_load.csv mangler eller dekker ikke uka).",)
    out.append(Section("expected", "Faktisk mot forventet", "expected" if s.expected else None,
                       (Block("text", exp),)))
    grew = tuple(t.sentence() for t in s.themes_grew) or ("Ingen temaer økte.",)
    shrank = tuple(t.sentence() for t in s.themes_shrank) or ("Ingen temaer minket.",)
    out.append(Section("mood", "Stemning og temaer", "mood", (
        Block("bullets", _tile_lines(s, SECTION_TILES["mood"])),
        Block("bullets", grew, "Temaer som økte siden forrige uke"),
        Block("bullets", shrank, "Temaer som minket"),
    )))
    att = tuple(u.sentence() for u in s.attention) or ("Ingen enheter skiller seg negativt ut denne uka.",)
    well = tuple(u.sentence() for u in s.doing_well) or ("Ingen enheter skiller seg positivt ut denne uka.",)
    out.append(Section("units", "Enheter", None, (
        Block("bullets", att, "Trenger oppmerksomhet"), Block("bullets", well, "Går bra"))))
    quotes = tuple((q.text, quote_line(q)) for q in s.quotes)
    safety = tuple(x.sentence() for x in s.safety)
    out.append(Section("quotes", "Stemmer fra enhetene", None, (
        Block("quotes", quotes) if quotes else Block("text", ("Ingen meldinger å sitere denne uka.",)),
        *((Block("bullets", safety, safety_heading(s)),) if safety else ()),
        Block("text", (s.quote_rule,)),
    )))
    crit_rows = tuple((c.title, c.target, c.actual, c.status) for c in s.criteria)
    out.append(Section("criteria", "Stabilisering: exit-kriterier", None, (
        Block("text", (s.criteria_text,)),
        Block("table", (("Kriterium", "Mål", "Denne uka", "Status"), *crit_rows)) if crit_rows else Block("text", ()),
        Block("text", (f"Kriteriene kommer fra {s.criteria_source}.",)),
    )))
    out += programme_sections(s)
    this_notes = tuple(n.sentence() for n in s.notes_this) or ("Ingen notater for denne uka ennå.",)
    prev_notes = tuple(n.sentence() for n in s.notes_prev) or ("Ingen notater fra forrige uke.",)
    out.append(Section("notes", "Beslutninger og tiltak", None, (
        Block("bullets", this_notes, f"Uke {s.week_number}"),
        Block("bullets", prev_notes, f"Forrige uke (uke {s.prev_week_number})"),
    )))
    return out


def programme_sections(s: WeekSummary) -> list[Section]:
    """The benefits and the waves compared, each only when active (issue 17)."""
    out = []
    if s.benefits:
        b = s.benefits
        more = (f"… og {b.more} til på siden «Gevinster».",) if b.more else ()
        out.append(Section("benefits", "Gevinster", None, (
            Block("text", (b.headline,)),
            Block("table", (BENEFIT_COLUMNS, *b.rows)),
            Block("text", ("Kr per år nå: avstanden fra utgangspunktet til siste måling, ganger kroner per år "
                           "per enhet av indikatoren (fra gevinstregisteret).", *more)),
        )))
    if s.waves:
        out.append(Section("waves", "Bølger", None, (
            Block("text", (s.waves.headline,)),
            *((Block("bullets", s.waves.details),) if s.waves.details else ()),
        )))
    return out


def title_lines(s: WeekSummary) -> tuple[str, str, str]:
    """Return (title, headline, footer) for the title slide / first page; the footer names a go-live's week."""
    scope = f"{s.scope} · " if s.scope else ""
    return (f"Uke {s.week_number}: {s.dates}", s.headline, f"{scope}{s.phase} · {format_generated(s)}")


def _locale_kwargs() -> dict:
    """Return the vl-convert locale arguments (Norwegian numbers and dates)."""
    from analysis.charts.chart_theme import NB_FORMAT_LOCALE, NB_TIME_LOCALE

    return {"format_locale": {**NB_FORMAT_LOCALE, "percent": "\u00a0%"}, "time_format_locale": NB_TIME_LOCALE}


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render a chart to PNG offline with vl-convert."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart.to_json(), scale=scale, **_locale_kwargs())


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """Render a chart to SVG offline with vl-convert."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json(), **_locale_kwargs())
