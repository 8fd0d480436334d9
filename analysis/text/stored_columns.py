"""Turn texts into the analysis columns stored beside them (the one path for demo and imports)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from analysis.text import sentiment

ANALYSIS_COLUMNS = [
    "polarity", "label", "language", "themes", "safety", "safety_reason", "evidence", "analyzer_version",
]


def evidence_to_json(evidence: Sequence[sentiment.Evidence]) -> str:
    """Serialise evidence compactly: a JSON list of [token, rule, weight]."""
    return json.dumps([[e.token, e.rule, round(e.weight, 3)] for e in evidence], ensure_ascii=False)


def evidence_from_json(raw: str | None) -> list[dict]:
    """Parse stored evidence back into dicts with token, rule and weight."""
    if not raw:
        return []
    return [{"token": t, "rule": r, "weight": w} for t, r, w in json.loads(raw)]


def score_texts(texts: Sequence[str]) -> pd.DataFrame:
    """Analyse texts and return one row per text with the stored analysis columns."""
    results = sentiment.analyze_batch(list(texts))
    return pd.DataFrame(
        {
            "polarity": [r.polarity for r in results],
            "label": [r.label for r in results],
            "language": [r.language for r in results],
            "themes": [list(r.themes) for r in results],
            "safety": [r.safety for r in results],
            "safety_reason": [r.safety_reason for r in results],
            "evidence": [evidence_to_json(r.evidence) for r in results],
            "analyzer_version": sentiment.ANALYZER_VERSION,
        },
        columns=ANALYSIS_COLUMNS,
    )
