"""HTML export of the weekly meeting: one self-contained file (inline CSS and SVG charts, nothing remote)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from analysis.weekly.report import Block, build_charts, build_sections, chart_svg, title_lines
from analysis.weekly.summary import WeekSummary

CSS = """
:root { --ink:#1F2937; --muted:#4B5563; --blue:#0072B2; --green:#009E73; --red:#D55E00; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1200px; padding: 2rem 2.5rem; line-height: 1.45; font-size: 17px; }
header { border-bottom: 3px solid var(--blue); padding-bottom: 1rem; margin-bottom: 1.5rem; }
h1 { color: var(--blue); font-size: 2.3rem; margin: 0 0 .4rem; }
.headline { font-size: 1.35rem; margin: .2rem 0 .6rem; }
.meta, .small { color: var(--muted); font-size: .85rem; }
section { page-break-inside: avoid; margin: 2.2rem 0; }
h2 { color: var(--blue); font-size: 1.6rem; margin: 0 0 .6rem; border-bottom: 1px solid #E5E7EB; }
h3 { font-size: 1.1rem; margin: 1rem 0 .3rem; }
.chart svg { width: 100%; height: auto; max-width: 1100px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: .8rem; }
.tile { border: 1px solid #E5E7EB; border-radius: 8px; padding: .7rem .9rem; background: #F8FAFC; }
.tile .label { font-size: .9rem; color: var(--muted); }
.tile .value { font-size: 2rem; font-weight: 700; }
.tile .delta { font-size: .95rem; }
.good { color: var(--green); } .bad { color: var(--red); } .neutral { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #E5E7EB; vertical-align: top; }
th { background: #E8F1F8; }
blockquote { margin: .8rem 0 .1rem; font-size: 1.2rem; border-left: 4px solid var(--blue); padding-left: .8rem; }
.who { color: var(--muted); font-size: .9rem; padding-left: 1.1rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1.5rem; }
"""

STATUS_CLASS = {"oppfylt": "good", "ikke oppfylt": "bad"}


def _svg(chart) -> str:
    """Render a chart to inline SVG with any XML prolog removed."""
    svg = chart_svg(chart)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def _block(b: Block) -> str:
    """Render one block as HTML (all text escaped)."""
    head = f"<h3>{escape(b.heading)}</h3>" if b.heading else ""
    if b.kind == "bullets":
        return head + "<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in b.items) + "</ul>"
    if b.kind == "quotes":
        return head + "".join(f"<blockquote>«{escape(t)}»</blockquote><div class='who'>{escape(w)}</div>"
                              for t, w in b.items)
    if b.kind == "table" and b.items:
        header = "".join(f"<th>{escape(str(c))}</th>" for c in b.items[0])
        rows = "".join(
            "<tr>" + "".join(f"<td class='{STATUS_CLASS.get(str(c), '')}'>{escape(str(c))}</td>" for c in row) + "</tr>"
            for row in b.items[1:])
        return head + f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
    return head + "".join(f"<p class='{'small' if len(str(i)) > 160 else ''}'>{escape(str(i))}</p>" for i in b.items)


def _tiles(s: WeekSummary) -> str:
    """Render the headline tiles."""
    out = []
    for t in s.tiles:
        cls = "good" if t.good else "bad" if t.good is False else "neutral"
        delta = f"<div class='delta {cls}'>{escape(t.delta)} fra forrige uke</div>" if t.delta else ""
        out.append(f"<div class='tile'><div class='label'>{escape(t.label)}</div><div class='value'>"
                   f"{escape(t.value)}</div>{delta}<div class='small'>{escape(t.sub)}</div></div>")
    return "<div class='tiles'>" + "".join(out) + "</div>"


def render_html(s: WeekSummary) -> str:
    """Return the whole report as one HTML document."""
    title, headline, footer = title_lines(s)
    charts = build_charts(s)
    parts = [f"<header><h1>{escape(title)}</h1><p class='headline'>{escape(headline)}</p>"
             f"<p class='meta'>Ukemøte go-live · Helseplattformen · {escape(footer)}</p></header>"]
    for sec in build_sections(s):
        body = []
        if sec.key == "tiles":
            body.append(_tiles(s))
            blocks = [b for b in sec.blocks if b.kind != "table"]
        else:
            blocks = list(sec.blocks)
        if sec.chart and sec.chart in charts:
            body.append(f"<div class='chart'>{_svg(charts[sec.chart])}</div>")
        headed = [b for b in blocks if b.heading]
        plain = [b for b in blocks if not b.heading]
        body += [_block(b) for b in plain[:1] if sec.key in ("mood",)]
        if headed:
            body.append("<div class='columns'>" + "".join(f"<div>{_block(b)}</div>" for b in headed) + "</div>")
        body += [_block(b) for b in plain[(1 if sec.key in ("mood",) else 0):]]
        parts.append(f"<section id='{sec.key}'><h2>{escape(sec.title)}</h2>{''.join(body)}</section>")
    return ("<!DOCTYPE html>\n<html lang='nb'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Ukemøte {escape(s.title)}</title><style>{CSS}</style></head><body>"
            + "".join(parts) + "</body></html>\n")


def export_html(s: WeekSummary, out: str | Path) -> Path:
    """Write the self-contained HTML report to `out` and return its path."""
    out = Path(out)
    out.write_text(render_html(s), encoding="utf-8")
    return out
