"""Every shape of the weekly PowerPoint lies inside its slide, and every text fits its box (demo week 19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu

from analysis.weekly.export_pptx import export_pptx
from analysis.weekly.report import Block, Section, build_sections
from analysis.weekly.summary import build_week_summary

WEEK = "2022-W19"
FONTS = {False: ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
         True: ["/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
                "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo go-live (the deck's slide 8 used to run past the slide's bottom on it)."""
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture(scope="module")
def deck(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The week-19 deck of the demo."""
    return export_pptx(build_week_summary(WEEK, demo_db), tmp_path_factory.mktemp("deck") / "uke19.pptx")


def _font(bold: bool) -> ImageFont.FreeTypeFont:
    """Return a TrueType font with Arial's metrics (or a wider one) at 100 px."""
    path = next((p for p in FONTS[bold] if Path(p).exists()), None)
    if path is None:
        pytest.skip("no TrueType font to measure with")
    return ImageFont.truetype(path, 100)


def _lines(text: str, size: float, width_pt: float, bold: bool) -> int:
    """Count the lines a greedy word wrap gives `text` at `size` points in `width_pt` (the test's own model)."""
    font = _font(bold)
    width = lambda s: font.getlength(s) * size / 100  # noqa: E731
    n = 0
    for para in text.split("\n"):
        n += 1
        line = 0.0
        for word in para.split(" "):
            w = width(word)
            add = w if line == 0 else width(" ") + w
            if line and line + add > width_pt:
                n += 1
                line = w
                while line > width_pt:  # a word longer than the line breaks inside itself
                    n += 1
                    line -= width_pt
            else:
                line += add
    return n


def _pt(emu: int) -> float:
    return Emu(emu).pt


def _text_height(tf, width_pt: float) -> float:
    """Estimate the height in points of a text frame's paragraphs at 1.2 × the font size per line."""
    total = 0.0
    for p in tf.paragraphs:
        runs = p.runs
        if not runs:
            continue
        size = max(r.font.size.pt for r in runs)
        bold = any(r.font.bold for r in runs)
        total += _lines("".join(r.text for r in runs), size, width_pt, bold) * size * 1.2
        total += p.space_after.pt if p.space_after is not None else 0
    return total


def _check_deck(path: Path) -> list[str]:
    """Return every shape outside its slide and every text taller than its box."""
    prs = Presentation(str(path))
    w, h = prs.slide_width, prs.slide_height
    problems = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            name = f"slide {n}: {shape.shape_type} «{shape.text_frame.text[:40] if shape.has_text_frame else ''}»"
            if shape.left < 0 or shape.top < 0 or shape.left + shape.width > w or shape.top + shape.height > h:
                problems.append(f"{name} outside the slide")
            if shape.has_text_frame and shape.text_frame.text:
                tf = shape.text_frame
                inner_w = _pt(shape.width - tf.margin_left - tf.margin_right)
                inner_h = _pt(shape.height - tf.margin_top - tf.margin_bottom)
                need = _text_height(tf, inner_w)
                if need > inner_h + 0.5:
                    problems.append(f"{name} needs {need:.0f} pt, box holds {inner_h:.0f} pt")
            if shape.has_table:
                table = shape.table
                if sum(r.height for r in table.rows) > shape.height + 1:
                    problems.append(f"{name} rows taller than the table")
                for row in table.rows:
                    for j, cell in enumerate(row.cells):
                        inner_w = _pt(table.columns[j].width - cell.margin_left - cell.margin_right)
                        need = _text_height(cell.text_frame, inner_w) - sum(
                            (p.space_after.pt if p.space_after is not None else 0) for p in cell.text_frame.paragraphs)
                        if need > _pt(row.height - cell.margin_top - cell.margin_bottom) + 0.5:
                            problems.append(f"{name} cell «{cell.text[:30]}» needs {need:.0f} pt")
    return problems


def test_every_shape_of_the_week_19_deck_is_inside_its_slide(deck: Path) -> None:
    assert _check_deck(deck) == []


def test_the_deck_follows_the_outline_and_says_where_a_section_continues(deck: Path, demo_db: Path) -> None:
    prs = Presentation(str(deck))
    titles = [slide.shapes[0].text_frame.text for slide in list(prs.slides)[1:]]
    outline = [sec.title for sec in build_sections(build_week_summary(WEEK, demo_db))]
    assert [t for t in titles if not t.endswith(" (forts.)")] == outline
    # The quotes and the safety list of the demo week do not fit one slide: they continue on the next.
    cont = [t for t in titles if t.endswith(" (forts.)")]
    assert cont and all(t.removesuffix(" (forts.)") in outline for t in cont)
    assert titles.index(cont[0]) == titles.index(cont[0].removesuffix(" (forts.)")) + 1
    assert all(slide.shapes[0].text_frame.paragraphs[0].runs[0].font.name == "Arial" for slide in prs.slides)


def test_an_overlong_section_is_split_and_still_fits(demo_db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.weekly.export_pptx as ep

    long_items = tuple(f"Enhet {i}: " + "rød status, mange meldinger flagget og saker opp siden forrige uke " * 3
                       for i in range(30))
    huge = ("Ett punkt som er lengre enn et helt lysbilde. " * 120,)
    rows = (("Kriterium", "Mål", "Denne uka", "Status"),
            *((f"Kriterium {i}", "et mål " * 12, "verdi " * 10, "ikke oppfylt") for i in range(25)))
    sections = [Section("units", "Enheter", None, (Block("bullets", long_items, "Trenger oppmerksomhet"),
                                                   Block("bullets", huge, "Går bra"))),
                Section("criteria", "Stabilisering", None, (Block("table", rows),))]
    monkeypatch.setattr(ep, "build_sections", lambda s: sections)
    out = export_pptx(build_week_summary(WEEK, demo_db), tmp_path / "lang.pptx")
    assert _check_deck(out) == []
    titles = [slide.shapes[0].text_frame.text for slide in list(Presentation(str(out)).slides)[1:]]
    assert titles.count("Enheter (forts.)") >= 2 and "Stabilisering (forts.)" in titles
    text = " ".join(sh.text_frame.text for sl in Presentation(str(out)).slides for sh in sl.shapes if sh.has_text_frame)
    assert "Enhet 29:" in text, "every item is on some slide"
    assert "Trenger oppmerksomhet (forts.)" in text


def test_the_footer_gives_oslo_time(demo_db: Path) -> None:
    from analysis.weekly.report import title_lines

    utc = dt.datetime(2022, 5, 16, 6, 30, tzinfo=dt.UTC)  # 08:30 in Oslo (summer time)
    footer = title_lines(build_week_summary(WEEK, demo_db, now=utc))[2]
    assert "kl.\u00a008:30 (norsk tid)" in footer and "06:30" not in footer
