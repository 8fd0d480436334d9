"""TEMPORARY stub of the Norwegian analyzer API; replaced by the text-analysis branch."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

ANALYZER_VERSION = "stub-0"

_POS = {"bra": 0.5, "god": 0.4, "supert": 0.6, "fornøyd": 0.5, "takk": 0.3, "stemning": 0.1}
_NEG = {"ikke": -0.3, "feil": -0.5, "tregt": -0.5, "henger": -0.5, "krasjet": -0.6, "kaos": -0.7}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Evidence:
    """One word or rule that moved the score."""

    token: str
    rule: str
    weight: float


@dataclass(frozen=True)
class Analysis:
    """The analysis of one text."""

    polarity: float
    label: str
    language: str
    themes: tuple[str, ...]
    safety: bool
    safety_reason: str | None
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["themes"] = list(self.themes)
        d["evidence"] = [asdict(e) for e in self.evidence]
        return d


def analyze_text(text: str) -> Analysis:
    """Score one text (stub)."""
    ev = []
    for w in _WORD.findall((text or "").lower()):
        wt = _POS.get(w) or _NEG.get(w)
        if wt:
            ev.append(Evidence(w, "lexicon", wt))
    pol = max(-1.0, min(1.0, sum(e.weight for e in ev)))
    label = "positive" if pol > 0.1 else "negative" if pol < -0.1 else "neutral"
    low = (text or "").lower()
    themes = tuple(k for k, ws in {"innlogging": ("logg",), "elink": ("e-link", "melding"), "legemidler": ("medisin",)}.items() if any(w in low for w in ws))  # noqa: E501
    safety = "avvik" in low or ("e-link" in low and "ikke" in low)
    return Analysis(pol, label, "nb", themes, safety, "Avvik" if safety else None, tuple(ev))


def analyze_batch(texts: Sequence[str]) -> list[Analysis]:
    """Score many texts (stub)."""
    return [analyze_text(t) for t in texts]


def theme_labels() -> dict[str, str]:
    """Theme key -> Norwegian name (stub)."""
    return {"innlogging": "Pålogging og tilgang", "elink": "E-link og meldinger", "legemidler": "Legemidler"}

