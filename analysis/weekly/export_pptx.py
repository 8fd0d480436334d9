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


def _height(lines: list[tuple[str, int, bool, RGBColor]], width: int) -> int:
    """Estimate the height of wrapped paragraphs in a box of `width` EMU."""
    total = 0.0
    for text, size, _bold, _color in lines:
        per_line = max(10, int(width / 914400 * 72 / (size * 0.5)))  # average glyph ≈ half the point size
        n = max(1, -(-len(text) // per_line))
        total += n * size * 1.2 + 4
    return int(Inches(total / 72)) + Inches(0.1)


def _section_slide(prs: Presentation, sec: Section, png: bytes | None, footer: str) -> None:
    """Add one section slide: title, optional chart across the top, then the blocks in order."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.8), [(sec.title, 30, True, BLUE)])
    top = Inches(1.1)
    width = SLIDE_W - 2 * MARGIN
    if png:
        pic = slide.shapes.add_picture(io.BytesIO(png), MARGIN, top, width=width)
        if pic.height > Inches(3.9):  # keep room for the numbers under the chart
            ratio = Inches(3.9) / pic.height
            pic.height, pic.width = Inches(3.9), int(pic.width * ratio)
            pic.left = int((SLIDE_W - pic.width) / 2)
        top = top + pic.height + Inches(0.1)
    size = 14 if png else 16
    blocks = [b for b in sec.blocks if b.items]
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "table":
            long_cells = max(len(str(c)) for row in b.items for c in row) > 40
            row_h = Inches(0.62) if long_cells else Inches(0.36)
            _table(slide, b.items, MARGIN, top, width, 13 if long_cells else 14)
            top += row_h * len(b.items) + Inches(0.15)
            i += 1
            continue
        # Consecutive headed lists sit side by side in columns.
        run = [b]
        while b.heading and b.kind == "bullets" and i + len(run) < len(blocks) \
                and blocks[i + len(run)].heading and blocks[i + len(run)].kind == "bullets":
            run.append(blocks[i + len(run)])
        col_w = int(width / len(run))
        heights = []
        for k, blk in enumerate(run):
            small = blk.kind == "text" and any(len(str(x)) > 160 for x in blk.items)
            lines = _block_lines(blk, size - 3 if small else size)
            h = _height(lines, col_w - Inches(0.15))
            _text(slide, MARGIN + col_w * k, top, col_w - Inches(0.15), h, lines)
            heights.append(h)
        top += max(heights)
        i += len(run)
    _text(slide, MARGIN, SLIDE_H - Inches(0.45), width, Inches(0.35), [(footer, 10, False, MUTED)])


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
