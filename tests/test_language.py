"""Language detection: marker rule with lingua fallback, on single texts and the labelled set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.sentiment import analyze_text

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("text", "lang"), [
    ("Jeg får ikke logget inn i dag", "nb"),
    ("Eg får ikkje logga inn i dag", "nn"),
    ("Kva tid kjem dei nye skrivarane?", "nn"),
    ("The printer is not working again", "en"),
    ("Привет, как дела?", "und"),
    ("", "und"),
    ("12345", "und"),
])
def test_detects(text: str, lang: str) -> None:
    assert analyze_text(text).language == lang


def test_accuracy_on_labelled_sets() -> None:
    rows = []
    for name in ["golive_sentiment.tsv", "golive_sentiment_holdout.tsv"]:
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            rows += list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    hits = sum(analyze_text(r["text"]).language == r["language"] for r in rows)
    assert hits / len(rows) >= 0.93
