"""Measure text for the exports: how many lines a paragraph wraps to, and how tall it is, in points.

The PowerPoint export sets its runs in Arial; Liberation Sans has Arial's metrics, so measuring with it
matches what PowerPoint and LibreOffice draw. Without it DejaVu Sans (wider, so the estimate errs towards
more lines) is used, and without any TrueType font a conservative 0.6 em per character.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_FILES = {
    False: ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
           "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
MEASURE_PX = 100  # fonts are loaded at 100 px and widths scaled: one cached font per weight
FALLBACK_EM = 0.6  # average glyph width (in em) when no font file exists: wider than Arial's ~0.5
LINE_HEIGHT = 1.2  # single line spacing as PowerPoint and LibreOffice set Arial (ascent + descent + gap ≈ 1.15)


@lru_cache(maxsize=2)
def _font(bold: bool):
    """Return a PIL font for the weight, or None when no TrueType font (or PIL) is available."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with python-pptx
        return None
    for path in FONT_FILES[bold]:
        if Path(path).exists():
            return ImageFont.truetype(path, MEASURE_PX)
    return None


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of one line of `text` in points at `size` points."""
    font = _font(bold)
    if font is None:
        return len(text) * size * FALLBACK_EM
    return font.getlength(text) * size / MEASURE_PX


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Return `text` broken into lines no wider than `width` points, at spaces (or inside a too-long word)."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:  # a word wider than the box
                cut = max(1, next((i for i in range(len(word), 0, -1)
                                   if text_width(word[:i], size, bold) <= width), 1))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def line_count(text: str, size: float, width: float, bold: bool = False) -> int:
    """Return how many lines `text` wraps to in a column `width` points wide."""
    return len(wrap(text, size, width, bold))


def paragraphs_height(paragraphs: list[tuple[str, float, bool]], width: float, space_after: float = 4) -> float:
    """Return the height in points of (text, size, bold) paragraphs wrapped to `width` points."""
    return sum(line_count(text, size, width, bold) * size * LINE_HEIGHT + space_after
               for text, size, bold in paragraphs)
