"""PowerPoint export of the weekly meeting (python-pptx): a title slide, then one slide per section.

Every text box and table is measured before it is placed (`text_fit`): a section that does not fit its
slide first gets smaller type and a lower chart, then continues on a slide titled "… (forts.)", so no shape
ever runs past the slide's edge.
"""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from analysis.weekly import text_fit
from analysis.weekly.report import Block, Section, build_charts, build_sections, chart_png, title_lines
from analysis.weekly.summary import WeekSummary

INK = RGBColor(0x1F, 0x29, 0x37)
MUTED = RGBColor(0x4B, 0x55, 0x63)
BLUE = RGBColor(0x00, 0x72, 0xB2)
GREEN = RGBColor(0x00, 0x9E, 0x73)
RED = RGBColor(0xD5, 0x5E, 0x00)
FONT = "Arial"  # measured with Liberation Sans (same metrics); Calibri, the default, is not on every machine
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
WIDTH = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = Inches(0.3), Inches(0.75)
CONTENT_TOP = Inches(1.1)
FOOTER_TOP, FOOTER_H = SLIDE_H - Inches(0.45), Inches(0.35)
CONTENT_BOTTOM = FOOTER_TOP - Inches(0.08)
GAP = Inches(0.12)  # between blocks, and between side-by-side columns
BOX_INSET_X, BOX_INSET_Y = Inches(0.1), Inches(0.05)  # python-pptx's default text box insets
CELL_INSET_X, CELL_INSET_Y = Inches(0.08), Inches(0.05)
SPACE_AFTER = 4  # points after each paragraph
WRAP_SLACK = 0.95  # wrap a little early: renderers differ in kerning
CHART_HEIGHTS = (Inches(3.9), Inches(3.3), Inches(2.8))
MIN_SIZE = 12
CONT = " (forts.)"

Para = tuple[str, float, bool, RGBColor]


def _pt(emu: int) -> float:
    """Return EMU as points."""
    return emu / 12700


def _paras_height(paras: list[Para], width: int) -> int:
    """Return the height (EMU) of a text box of `width` EMU holding `paras`, insets included."""
    inner = (_pt(width) - 2 * _pt(BOX_INSET_X)) * WRAP_SLACK
    pts = text_fit.paragraphs_height([(t, s, b) for t, s, b, _c in paras], inner, SPACE_AFTER)
    return Pt(pts) + 2 * BOX_INSET_Y


def _text(slide, left: int, top: int, width: int, height: int, paras: list[Para]) -> None:
    """Add a word-wrapped text box with (text, size, bold, colour) paragraphs; its size is not changed later."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = BOX_INSET_X
    tf.margin_top = tf.margin_bottom = BOX_INSET_Y
    for i, (text, size, bold, color) in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = color
        p.space_after = Pt(SPACE_AFTER)


def _fitted_text(slide, left: int, top: int, width: int, max_h: int, paras: list[Para]) -> int:
    """Add a text box no taller than `max_h`, shrinking its type until it fits; return its height."""
    scale = 1.0
    while True:
        sized = [(t, max(8.0, round(s * scale, 1)), b, c) for t, s, b, c in paras]
        h = _paras_height(sized, width)
        if h <= max_h or scale < 0.3:
            h = min(h, max_h)
            _text(slide, left, top, width, h, sized)
            return h
        scale *= 0.9


def _block_paras(block: Block, size: float) -> list[Para]:
    """Turn a block into text-box paragraphs."""
    paras: list[Para] = []
    if block.heading:
        paras.append((block.heading, size + 2, True, INK))
    if block.kind == "bullets":
        paras += [(f"• {item}", size, False, INK) for item in block.items]
    elif block.kind == "quotes":
        for text, who in block.items:
            paras.append((f"«{text}»", size + 2, False, INK))
            paras.append((f"   {who}", size - 2, False, MUTED))
    else:
        small = any(len(str(x)) > 160 for x in block.items)  # long explanations in smaller, muted type
        paras += [(str(item), size - 3 if small else size, False, MUTED if len(str(item)) > 160 else INK)
                  for item in block.items]
    return paras


def _col_fractions(rows: tuple) -> list[float]:
    """Return the table's column widths as fractions of its width."""
    n = len(rows[0])
    fr = [0.24, 0.14, 0.22, 0.40] if n == 4 and rows[0][0] == "Nøkkeltall" else [0.22, 0.36, 0.27, 0.15]
    return fr[:n] if n <= len(fr) else [1 / n] * n


def _row_heights(rows: tuple, width: int, size: float) -> list[int]:
    """Return each table row's height (EMU): its tallest wrapped cell plus the cell insets."""
    widths = [int(width * f) for f in _col_fractions(rows)]
    out = []
    for i, row in enumerate(rows):
        lines = max(text_fit.line_count(str(v), size, (_pt(w) - 2 * _pt(CELL_INSET_X)) * WRAP_SLACK, i == 0)
                    for v, w in zip(row, widths, strict=False))
        out.append(Pt(lines * size * text_fit.LINE_HEIGHT) + 2 * CELL_INSET_Y)
    return out


def _table(slide, rows: tuple, left: int, top: int, width: int, size: float) -> int:
    """Add a table (first row is the header) with status words coloured and measured row heights; return height."""
    heights = _row_heights(rows, width, size)
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, sum(heights))
    table = shape.table
    for j, f in enumerate(_col_fractions(rows)):
        table.columns[j].width = Emu(int(width * f))
    for i, row in enumerate(rows):
        table.rows[i].height = Emu(heights[i])
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = CELL_INSET_X
            cell.margin_top = cell.margin_bottom = CELL_INSET_Y
            cell.text = str(value)
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(size)
                    r.font.bold = i == 0
                    r.font.name = FONT
                    if value == "oppfylt":
                        r.font.color.rgb = GREEN
                    elif value == "ikke oppfylt":
                        r.font.color.rgb = RED
    return sum(heights)


# ---------------------------------------------------------------------------- layout


def _groups(blocks: list[Block]) -> list[list[Block]]:
    """Group the blocks: consecutive headed lists sit side by side in columns, anything else alone."""
    out: list[list[Block]] = []
    for b in blocks:
        headed = b.heading and b.kind == "bullets"
        if headed and out and len(out[-1]) and all(x.heading and x.kind == "bullets" for x in out[-1]):
            out[-1].append(b)
        else:
            out.append([b])
    return out


def _col_width(n: int) -> int:
    """Return the width of one of `n` side-by-side columns."""
    return int((WIDTH - GAP * (n - 1)) / n)


def _group_height(group: list[Block], size: float) -> int:
    """Return the height a group takes at `size` points."""
    if group[0].kind == "table":
        return sum(_row_heights(group[0].items, WIDTH, size - 1))
    w = _col_width(len(group))
    return max(_paras_height(_block_paras(b, size), w) for b in group)


def _part(block: Block, items: tuple, first: bool) -> Block:
    """Return a block holding some of `block`'s items; a later part says it continues."""
    if block.kind == "table":
        return replace(block, items=(block.items[0], *items))
    heading = block.heading if first or not block.heading else block.heading + CONT
    return replace(block, items=items, heading=heading)


def _split(block: Block, size: float, room: int) -> tuple[Block | None, Block | None]:
    """Split `block` into the largest first part that fits in `room` and the rest (None: nothing fits)."""
    body = block.items[1:] if block.kind == "table" else block.items
    fits = 0
    for k in range(1, len(body) + 1):
        if _group_height([_part(block, body[:k], True)], size) > room:
            break
        fits = k
    if fits == 0:
        return None, block
    rest = _part(block, body[fits:], False) if fits < len(body) else None
    return _part(block, body[:fits], True), rest


def _shorten(block: Block, size: float, room: int) -> Block:
    """Return the block's first item cut short (with …) so that it fits an empty slide: the last resort."""
    body = list(block.items[1:] if block.kind == "table" else block.items)
    first = body[0]
    text = first[0] if isinstance(first, tuple) else str(first)
    while len(text) > 20:
        text = text[: int(len(text) * 0.85)].rstrip() + "…"
        item = (text, *first[1:]) if isinstance(first, tuple) else text
        part = _part(block, (item,), True)
        if _group_height([part], size) <= room:
            return part
    return _part(block, ((text, *first[1:]) if isinstance(first, tuple) else text,), True)


def paginate(blocks: list[Block], size: float, first_room: int, room: int) -> list[list[list[Block]]]:
    """Return the blocks laid out on slides (lists of groups): first slide `first_room` high, later ones `room`."""
    pages: list[list[list[Block]]] = [[]]
    left = first_room
    queue = _groups([b for b in blocks if b.items])
    while queue:
        group = queue.pop(0)
        h = _group_height(group, size)
        if h <= left:
            pages[-1].append(group)
            left -= h + GAP
            continue
        if len(group) > 1:  # columns that do not fit side by side are stacked, and may then split
            queue[0:0] = [[b] for b in group]
            continue
        head, rest = _split(group[0], size, left)
        if head is None and not pages[-1] and left >= room:
            head, rest = _shorten(group[0], size, left), None
        if head is not None:
            pages[-1].append([head])
        if rest is not None:
            queue.insert(0, [rest])
        pages.append([])
        left = room
    return [p for p in pages if p] or [[]]


def _png_size(png: bytes) -> tuple[int, int]:
    """Return a PNG's pixel width and height from its header."""
    return struct.unpack(">II", png[16:24])


def _chart_box(png: bytes, max_h: int) -> tuple[int, int]:
    """Return the picture's (width, height) in EMU: the content width, or less to keep to `max_h`."""
    pw, ph = _png_size(png)
    w, h = WIDTH, int(WIDTH * ph / pw)
    if h > max_h:
        w, h = int(max_h * pw / ph), max_h
    return w, h


def _plan(sec: Section, png: bytes | None) -> tuple[float, int, list[list[list[Block]]]]:
    """Choose the type size and chart height that keep the section on one slide, else the continuation plan."""
    base = 14 if png else 16
    room = CONTENT_BOTTOM - CONTENT_TOP
    heights = CHART_HEIGHTS if png else (0,)
    for size in range(base, MIN_SIZE - 1, -1):
        for max_h in heights:
            chart_h = _chart_box(png, max_h)[1] + GAP if png else 0
            pages = paginate(list(sec.blocks), size, room - chart_h, room)
            if len(pages) == 1:
                return size, max_h, pages
    # Continuation slides: the fewest slides, then the largest type (the chart keeps its full height).
    chart_h = _chart_box(png, heights[0])[1] + GAP if png else 0
    plans = [(size, heights[0], paginate(list(sec.blocks), size, room - chart_h, room))
             for size in range(base, MIN_SIZE - 1, -1)]
    return min(plans, key=lambda p: (len(p[2]), -p[0]))


def _draw_groups(slide, groups: list[list[Block]], top: int, size: float) -> None:
    """Draw the groups from `top` down (their heights were checked by `paginate`)."""
    for group in groups:
        if group[0].kind == "table":
            top += _table(slide, group[0].items, MARGIN, top, WIDTH, size - 1) + GAP
            continue
        w = _col_width(len(group))
        heights = []
        for k, blk in enumerate(group):
            paras = _block_paras(blk, size)
            h = _paras_height(paras, w)
            _text(slide, MARGIN + (w + GAP) * k, top, w, h, paras)
            heights.append(h)
        top += max(heights) + GAP


def _section_slides(prs: Presentation, sec: Section, png: bytes | None, footer: str) -> None:
    """Add a section's slide (and its continuation slides): title, chart on the first, then the blocks."""
    size, max_h, pages = _plan(sec, png)
    for n, groups in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        title = sec.title if n == 0 else sec.title + CONT
        _fitted_text(slide, MARGIN, TITLE_TOP, WIDTH, TITLE_H, [(title, 30, True, BLUE)])
        top = CONTENT_TOP
        if png and n == 0:
            w, h = _chart_box(png, max_h)
            slide.shapes.add_picture(io.BytesIO(png), int((SLIDE_W - w) / 2), top, width=w, height=h)
            top += h + GAP
        _draw_groups(slide, groups, top, size)
        _fitted_text(slide, MARGIN, FOOTER_TOP, WIDTH, FOOTER_H, [(footer, 10, False, MUTED)])


def _title_slide(prs: Presentation, s: WeekSummary) -> None:
    """Add the title slide: week and dates, the headline, the phase and when it was made."""
    title, headline, footer = title_lines(s)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _fitted_text(slide, MARGIN, Inches(1.6), WIDTH, Inches(1.2), [(title, 44, True, BLUE)])
    _fitted_text(slide, MARGIN, Inches(2.9), WIDTH, Inches(3.2), [(headline, 26, False, INK)])
    _fitted_text(slide, MARGIN, Inches(6.2), WIDTH, Inches(1.0),
                 [("Ukemøte go-live · Helseplattformen", 16, True, MUTED), (footer, 12, False, MUTED)])


def export_pptx(s: WeekSummary, out: str | Path) -> Path:
    """Write the weekly deck to `out` and return its path."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _title_slide(prs, s)
    charts = build_charts(s)
    for sec in build_sections(s):
        png = chart_png(charts[sec.chart], scale=2) if sec.chart and sec.chart in charts else None
        _section_slides(prs, sec, png, s.title)
    out = Path(out)
    prs.save(str(out))
    return out
