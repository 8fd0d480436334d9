"""Write one week summary as PowerPoint, PDF or HTML (the formats the page and the command line offer)."""

from __future__ import annotations

from pathlib import Path

FORMATS = ("pptx", "pdf", "html")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "html": "text/html",
}


def export_week(summary, fmt: str, out: str | Path) -> Path:
    """Write one summary in one format and return the file written."""
    if fmt == "pptx":
        from analysis.weekly.export_pptx import export_pptx

        return export_pptx(summary, out)
    if fmt == "pdf":
        from analysis.weekly.export_pdf import export_pdf

        return export_pdf(summary, out)
    from analysis.weekly.export_html import export_html

    return export_html(summary, out)
