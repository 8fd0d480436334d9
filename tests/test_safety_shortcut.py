"""The safety check's shortcut (no sentence can be eligible, so the model scores none) changes no result."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.text import safety
from analysis.text.themes import build_index, load_taxonomy
from analysis.text.tokenize import normalise, tokens_and_words

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    """Every text of the labelled sets (safety, sentiment, language)."""
    out: list[str] = []
    for path in sorted(DATA.glob("golive_*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            out += [row["text"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return out


def test_shortcut_gives_what_scoring_every_sentence_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_index(load_taxonomy())
    if safety._setup(index).model is None:
        pytest.skip("no safety model for this taxonomy: the shortcut does not apply")
    texts = _texts()
    parsed = [tokens_and_words(normalise(t)) for t in texts]
    fast = [safety.assess(tokens, words, index) for tokens, words in parsed if words]
    taken = sum(1 for tokens, words in parsed if words and safety.quick_themes(words, index) is not None
                and safety._TASK_TRIGGERS.isdisjoint(words) and not safety._has_topic(words, index))
    monkeypatch.setattr(safety, "_has_topic", lambda words, index: True)  # shortcut off: every sentence examined
    slow = [safety.assess(tokens, words, index) for tokens, words in parsed if words]
    assert fast == slow
    assert sum(flag for _t, flag, _r in fast) > 50  # the sets hold incidents, and they are still flagged
    assert taken > len(texts) / 5  # and the shortcut is taken on the everyday texts
