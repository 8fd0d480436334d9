"""PowerPoint export of the weekly meeting (python-pptx): a title slide, then one slide per section."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from analysis.weekly.report import Block, Section, build_charts, build_sections, chart_png, title_lines
from analysis.weekly.summary import WeekSummary

INK = RGBColor(0x1F, 0x29, 0x37)
MUTED = RGBColor(0x4B, 0x55, 0x63)
BLUE = RGBColor(0x00, 0x72, 0xB2)
GREEN = RGBColor(0x00, 0x9E, 0x73)
RED = RGBColor(0xD5, 0x5E, 0x00)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


def _text(slide, left, top, width, height, lines: list[tuple[str, int, bool, RGBColor]]) -> None:
    """Add a word-wrapped text box with (text, size, bold, colour) paragraphs."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for i, (text, size, bold, color) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        p.space_after = Pt(4)


def _block_lines(block: Block, size: int) -> list[tuple[str, int, bool, RGBColor]]:
    """Turn a block into text-box paragraphs."""
    lines: list[tuple[str, int, bool, RGBColor]] = []
    if block.heading:
        lines.append((block.heading, size + 2, True, INK))
    if block.kind == "bullets":
        lines += [(f"• {item}", size, False, INK) for item in block.items]
    elif block.kind == "quotes":
        for text, who in block.items:
            lines.append((f"«{text}»", size + 2, False, INK))
            lines.append((f"   {who}", size - 2, False, MUTED))
    else:
        lines += [(str(item), size, False, MUTED if len(str(item)) > 160 else INK) for item in block.items]
    return lines


def _table(slide, rows: tuple, left, top, width, size: int) -> None:
    """Add a table (first row is the header) with status words coloured."""
    n_rows, n_cols = len(rows), len(rows[0])
    height = Inches(0.45) * n_rows
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, height)
    table = shape.table
    widths = [0.24, 0.14, 0.22, 0.40] if n_cols == 4 and rows[0][0] == "Nøkkeltall" else [0.22, 0.36, 0.27, 0.15]
    for j, w in enumerate(widths[:n_cols]):
        table.columns[j].width = Emu(int(width * w))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = str(value)
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(size)
                    r.font.bold = i == 0
                    if value == "oppfylt":
                        r.font.color.rgb = GREEN
                    elif value == "ikke oppfylt":
                        r.font.color.rgb = RED


def _section_slide(prs: Presentation, sec: Section, png: bytes | None, footer: str) -> None:
    """Add one section slide: title, optional chart across the top, blocks below in columns."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.8), [(sec.title, 30, True, BLUE)])
    top = Inches(1.1)
    if png:
        pic = slide.shapes.add_picture(io.BytesIO(png), MARGIN, top, width=SLIDE_W - 2 * MARGIN)
        if pic.height > Inches(4.2):  # keep room for the numbers under the chart
            ratio = Inches(4.2) / pic.height
            pic.height, pic.width = Inches(4.2), int(pic.width * ratio)
            pic.left = int((SLIDE_W - pic.width) / 2)
        top = top + pic.height + Inches(0.15)
    tables = [b for b in sec.blocks if b.kind == "table" and b.items]
    others = [b for b in sec.blocks if b.kind != "table" and b.items]
    size = 14 if png else 16
    for b in tables:
        _table(slide, b.items, MARGIN, top, SLIDE_W - 2 * MARGIN, 13 if len(b.items) > 6 else 15)
        top += Inches(0.45) * len(b.items) + Inches(0.2)
    if others:
        avail = SLIDE_H - top - Inches(0.5)
        # Several headed blocks sit side by side; unheaded text runs full width underneath.
        headed = [b for b in others if b.heading]
        plain = [b for b in others if not b.heading]
        if headed:
            col_w = int((SLIDE_W - 2 * MARGIN) / len(headed))
            for k, b in enumerate(headed):
                _text(slide, MARGIN + col_w * k, top, col_w - Inches(0.15), avail, _block_lines(b, size))
            top += int(avail * 0.62) if plain else avail
            avail = SLIDE_H - top - Inches(0.5)
        if plain:
            lines = [ln for b in plain for ln in _block_lines(b, size if len(plain) < 3 else size - 2)]
            _text(slide, MARGIN, top, SLIDE_W - 2 * MARGIN, avail, lines)
    _text(slide, MARGIN, SLIDE_H - Inches(0.45), SLIDE_W - 2 * MARGIN, Inches(0.35), [(footer, 10, False, MUTED)])


def export_pptx(s: WeekSummary, out: str | Path) -> Path:
    """Write the weekly deck to `out` and return its path."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title, headline, footer = title_lines(s)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(1.6), SLIDE_W - 2 * MARGIN, Inches(1.2), [(title, 44, True, BLUE)])
    _text(slide, MARGIN, Inches(2.9), SLIDE_W - 2 * MARGIN, Inches(2.0), [(headline, 26, False, INK)])
    _text(slide, MARGIN, Inches(6.3), SLIDE_W - 2 * MARGIN, Inches(0.8),
          [("Ukemøte go-live · Helseplattformen", 16, True, MUTED), (footer, 12, False, MUTED)])
    charts = build_charts(s)
    for sec in build_sections(s):
        png = chart_png(charts[sec.chart], scale=2) if sec.chart and sec.chart in charts else None
        _section_slide(prs, sec, png, f"{s.label} · {s.dates}")
    out = Path(out)
    prs.save(str(out))
    return out
