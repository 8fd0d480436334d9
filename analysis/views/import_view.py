"""The import page's data: per kind the column guide, the template and the example, with Norwegian sizes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.fmt import NBSP, fmt_int, fmt_num
from analysis.importers import templates
from analysis.importers.messages import KIND_LABELS

T = {
    "cols": ("Kolonne", "Må være med", "Innhold", "Andre overskrifter som godtas"),
    "yes": "ja",
    "no": "nei",
}


def fmt_size(n_bytes: int | None) -> str:
    """A file size in Norwegian decimal units: 512 B, 0,6 kB, 12 kB, 1,2 MB (decimal comma, 1 kB = 1 000 B)."""
    if n_bytes is None or n_bytes < 0:
        return "–"
    if n_bytes < 100:
        return f"{fmt_int(n_bytes)}{NBSP}B"
    for unit, size in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = n_bytes / size
        if value < 999.95 or unit == "GB":
            return f"{fmt_num(value, 1 if value < 9.95 else 0)}{NBSP}{unit}"
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class KindHelp:
    """What the import page offers for one kind before a file is chosen: columns, template and example."""

    kind: str
    label: str  # Norwegian, e.g. "enhetsrapporter"
    columns: pd.DataFrame  # the column guide, Norwegian headers, display strings
    required: tuple[str, ...]  # headers a file must have
    template: bytes
    template_name: str
    template_size: str
    example: bytes
    example_name: str
    example_size: str
    example_rows: int
    refers_to_units: bool  # some column names a unit: the examples' units come from the units example


def column_table(kind: str) -> pd.DataFrame:
    """The column guide of a kind as a display table."""
    guide = templates.column_guide(kind)
    name, required, holds, also = T["cols"]
    return pd.DataFrame({
        name: [c.header for c in guide],
        required: [T["yes"] if c.required else T["no"] for c in guide],
        holds: [c.holds for c in guide],
        also: [", ".join(c.also) for c in guide],
    })


def build_kind_help(kind: str) -> KindHelp:
    """The column guide, template and example of one import kind (all generated from its KindSpec)."""
    template, example = templates.template_csv(kind), templates.example_csv(kind)
    return KindHelp(
        kind=kind, label=KIND_LABELS[kind], columns=column_table(kind),
        required=tuple(c.header for c in templates.column_guide(kind) if c.required),
        template=template, template_name=templates.template_filename(kind), template_size=fmt_size(len(template)),
        example=example, example_name=templates.example_filename(kind), example_size=fmt_size(len(example)),
        example_rows=templates.EXAMPLE_ROWS, refers_to_units=templates.refers_to_units(kind),
    )


def upload_caption(filename: str, n_bytes: int) -> str:
    """The chosen file and its size in Norwegian format (plain text: the name is the user's)."""
    return f"Valgt fil: {filename} ({fmt_size(n_bytes)})"
