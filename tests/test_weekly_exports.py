"""Each weekly export is a valid file with the week's figures; HTML has no remote references; the CLI works."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from analysis.weekly.exports import export_week as export
from analysis.weekly.report import build_sections
from analysis.weekly.summary import build_week_summary

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2022-W19"


def _norm(text: str) -> str:
    """Fold the spaces and minus signs that renderers may change."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-"))


def _figures(s) -> list[str]:
    """Return the tile values and deltas the export must show."""
    out = [t.value for t in s.tiles if t.value != "–"] + [t.delta for t in s.tiles if t.delta]
    return [_norm(x) for x in out]


@pytest.fixture(scope="module")
def summary(weeks_db: Path):
    """The W19 summary of the fixture (shared by the export tests)."""
    return build_week_summary(WEEK, weeks_db)


def _pptx_text(path: Path) -> tuple[int, str]:
    """Return the slide count and all text of a deck."""
    prs = Presentation(str(path))
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
    return len(prs.slides), _norm("\n".join(texts))


def test_pptx(summary, tmp_path: Path) -> None:
    out = export(summary, "pptx", tmp_path / "uke.pptx")
    n, text = _pptx_text(out)
    assert n >= 1 + len(build_sections(summary)) == 10, "a title slide, then each section (some continue)"
    assert "Uke 19" in text and _norm(summary.headline) in text
    for fig in _figures(summary):
        assert fig in text, fig
    assert zipfile.ZipFile(out).testzip() is None
    pictures = sum(1 for sl in Presentation(str(out)).slides for sh in sl.shapes if sh.shape_type == 13)
    assert pictures == 4, "adoption, load, expected and mood charts as images"


def _pdf_text(path: Path) -> str:
    """Extract a PDF's text with poppler's pdftotext."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pdf_pages(path: Path) -> int:
    """Count pages without reportlab: the page objects in the file."""
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_pdf(summary, tmp_path: Path) -> None:
    out = export(summary, "pdf", tmp_path / "uke.pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    assert _pdf_pages(out) == 10
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) mangler: sjekker bare sideantallet")
    text = _norm(_pdf_text(out))
    assert "Uke 19" in text
    for fig in _figures(summary):
        assert fig in text, fig
    for q in summary.quotes:
        assert _norm(q.text)[:25] in text


def test_html_is_self_contained(summary, tmp_path: Path) -> None:
    out = export(summary, "html", tmp_path / "uke.html")
    html = out.read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert refs == [], refs
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html, flags=re.I)
    assert "<script" not in html.lower()
    assert html.count("<svg") == 4
    text = _norm(html)
    for fig in _figures(summary):
        assert fig in text, fig


@pytest.mark.parametrize("fmt", ["pptx", "pdf", "html"])
def test_exports_of_edge_weeks(fixture_db: Path, empty_db: Path, tmp_path: Path, fmt: str) -> None:
    for path, week in ((fixture_db, "2022-W17"), (empty_db, "2022-W19")):
        s = build_week_summary(week, path)
        out = export(s, fmt, tmp_path / f"{path.stem}.{fmt}")
        if fmt == "pptx":
            n, text = _pptx_text(out)
            assert n == 2 and _norm(s.message) in text
        elif fmt == "pdf":
            assert _pdf_pages(out) == 2
        else:
            assert _norm(s.message) in _norm(out.read_text(encoding="utf-8"))


def _cli(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m analysis weekly …`."""
    return subprocess.run([sys.executable, "-m", "analysis", "weekly", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


def test_cli(weeks_db: Path, empty_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "w19.html"
    r = _cli("--week", WEEK, "--format", "html", "-o", str(out), "--db", str(weeks_db))
    assert r.returncode == 0, r.stderr
    assert out.exists() and "Skrev" in r.stdout and "Uke 19" in r.stdout
    # Format from the file name, default week = last full week in the data (W21 in this fixture).
    r = _cli("-o", str(tmp_path / "siste.pptx"), "--db", str(weeks_db))
    assert r.returncode == 0 and "Uke 21" in r.stdout, r.stderr
    r = _cli("--week", "uke 19", "-o", str(tmp_path / "x.pdf"), "--db", str(weeks_db))
    assert r.returncode == 2 and "Ugyldig uke" in r.stderr
    r = _cli("-o", str(tmp_path / "x.pdf"), "--db", str(empty_db))
    assert r.returncode == 2 and "ingen data" in r.stderr
    r = _cli("--week", WEEK, "-o", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "finnes-ikke.duckdb"))
    assert r.returncode == 2 and "Fant ikke databasen" in r.stderr


def test_exports_show_the_pages_figures_in_oslo_time(weeks_db: Path, tmp_path: Path) -> None:
    import datetime as dt

    from analysis.views.weekly_view import build_weekly_view

    v = build_weekly_view(weeks_db, week=WEEK, now=dt.datetime(2022, 5, 16, 6, 5, tzinfo=dt.UTC))
    html_text = _norm(re.sub(r"<[^>]+>", " ", export(v.summary, "html", tmp_path / "uke.html").read_text("utf-8")))
    import html as html_mod

    html_text = _norm(html_mod.unescape(html_text))
    _, pptx_text = _pptx_text(export(v.summary, "pptx", tmp_path / "uke.pptx"))
    page = [t.value for t in v.tiles] + [r.actual for r in v.criteria_rows] + [v.summary.headline]
    for text in (html_text, pptx_text):
        for figure in page:
            assert _norm(figure) in text, figure
        assert "kl. 08:05 (norsk tid)" in text, "06:05 UTC is 08:05 in Oslo"
