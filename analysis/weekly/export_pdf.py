"""PDF export of the weekly meeting (reportlab): A4 landscape, a title page, then one page per section."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from analysis.weekly.report import Block, build_charts, build_sections, chart_png, title_lines
from analysis.weekly.summary import WeekSummary

PAGE = landscape(A4)
INK, MUTED, BLUE = colors.HexColor("#1F2937"), colors.HexColor("#4B5563"), colors.HexColor("#0072B2")
GREEN, RED = colors.HexColor("#009E73"), colors.HexColor("#D55E00")


def _fonts() -> tuple[str, str]:
    """Register a Unicode TTF (DejaVu if installed, else reportlab's bundled Vera) and return its names."""
    if "GLP-Regular" in pdfmetrics.getRegisteredFontNames():
        return "GLP-Regular", "GLP-Bold"
    import reportlab

    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    bundled = Path(reportlab.__file__).parent / "fonts"
    candidates = [(dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSans-Bold.ttf"),
                  (bundled / "Vera.ttf", bundled / "VeraBd.ttf")]
    for regular, bold in candidates:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("GLP-Regular", str(regular)))
            pdfmetrics.registerFont(TTFont("GLP-Bold", str(bold)))
            return "GLP-Regular", "GLP-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles."""
    reg, bold = _fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=34, leading=40, textColor=BLUE, spaceAfter=18),
        "headline": ParagraphStyle("headline", fontName=reg, fontSize=20, leading=27, textColor=INK, spaceAfter=24),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=22, leading=27, textColor=BLUE, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=13, leading=17, textColor=INK, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=reg, fontSize=11.5, leading=15, textColor=INK, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", fontName=reg, fontSize=11.5, leading=15, textColor=INK, leftIndent=12,
                                 bulletIndent=0, spaceAfter=2),
        "quote": ParagraphStyle("quote", fontName=reg, fontSize=14, leading=18, textColor=INK, leftIndent=10,
                                spaceBefore=6),
        "who": ParagraphStyle("who", fontName=reg, fontSize=10, leading=13, textColor=MUTED, leftIndent=10),
        "small": ParagraphStyle("small", fontName=reg, fontSize=9.5, leading=12.5, textColor=MUTED, spaceBefore=6),
        "cell": ParagraphStyle("cell", fontName=reg, fontSize=10.5, leading=13, textColor=INK),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=10.5, leading=13, textColor=INK),
    }


def _block(block: Block, st: dict[str, ParagraphStyle], width: float) -> list:
    """Turn one block into flowables."""
    out: list = []
    if block.heading:
        out.append(Paragraph(escape(block.heading), st["h2"]))
    if block.kind == "bullets":
        out += [Paragraph(escape(str(i)), st["bullet"], bulletText="•") for i in block.items]
    elif block.kind == "quotes":
        for text, who in block.items:
            out += [Paragraph(f"«{escape(text)}»", st["quote"]), Paragraph(escape(who), st["who"])]
    elif block.kind == "table" and block.items:
        rows = []
        for i, row in enumerate(block.items):
            cells = []
            for value in row:
                style = st["cellb"] if i == 0 else st["cell"]
                color = "#009E73" if value == "oppfylt" else "#D55E00" if value == "ikke oppfylt" else None
                text = escape(str(value))
                cells.append(Paragraph(f'<font color="{color}"><b>{text}</b></font>' if color else text, style))
            rows.append(cells)
        n = len(block.items[0])
        fr = [0.24, 0.14, 0.22, 0.40] if block.items[0][0] == "Nøkkeltall" else [0.22, 0.36, 0.27, 0.15]
        t = Table(rows, colWidths=[width * f for f in fr[:n]], repeatRows=1)
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8F1F8")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#D1D5DB")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        out.append(t)
    else:
        out += [Paragraph(escape(str(i)), st["small"] if len(str(i)) > 160 else st["body"]) for i in block.items]
    return out


def _blocks(blocks: list[Block], st: dict[str, ParagraphStyle], width: float) -> list:
    """Lay out blocks: runs of headed lists side by side in columns (keeps a section on one page)."""
    out: list = []
    i = 0
    while i < len(blocks):
        run = []
        while i < len(blocks) and blocks[i].heading and blocks[i].kind == "bullets":
            run.append(blocks[i])
            i += 1
        if len(run) >= 2:
            col = width / len(run)
            cells = [[_block(b, st, col - 12) for b in run]]
            t = Table(cells, colWidths=[col] * len(run))
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            out.append(t)
        elif run:
            out += _block(run[0], st, width)
        if i < len(blocks) and not (blocks[i].heading and blocks[i].kind == "bullets"):
            out += _block(blocks[i], st, width)
            i += 1
    return out


def export_pdf(s: WeekSummary, out: str | Path) -> Path:
    """Write the weekly report as a PDF to `out` and return its path."""
    st = _styles()
    out = Path(out)
    margin = 1.4 * cm
    width = PAGE[0] - 2 * margin
    title, headline, footer = title_lines(s)
    reg = st["body"].fontName

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(reg, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, 0.8 * cm, s.title)
        canvas.drawRightString(PAGE[0] - margin, 0.8 * cm, f"Side {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out), pagesize=PAGE, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=1.5 * cm, title=f"Ukemøte {s.label}", author="Go-live-puls",
                            subject=s.headline)
    story: list = [Spacer(1, 3.5 * cm), Paragraph(escape(title), st["title"]),
                   Paragraph(escape(headline), st["headline"]),
                   Paragraph("Ukemøte go-live · Helseplattformen", st["h2"]), Paragraph(escape(footer), st["small"])]
    charts = build_charts(s)
    for sec in build_sections(s):
        story += [PageBreak(), Paragraph(escape(sec.title), st["h1"])]
        if sec.chart and sec.chart in charts:
            png = chart_png(charts[sec.chart], scale=2)
            img = Image(io.BytesIO(png))
            ratio = img.imageHeight / img.imageWidth
            w = min(width, 10.5 * cm / ratio)
            img.drawWidth, img.drawHeight = w, w * ratio
            story += [img, Spacer(1, 0.2 * cm)]
        story += _blocks(list(sec.blocks), st, width)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out
