"""Language id on the labelled go-live texts: marker rule (+ lingua fallback) vs lingua alone, accuracy and speed."""

from __future__ import annotations

import sys
import time

from _golive import HOLDOUT, OWN, read_rows
from analysis.text import language
from analysis.text.language import detect_language, detect_lingua, detect_rule
from analysis.text.tokenize import normalise, tokenize

LANGUAGE_SET = OWN.parent / "golive_language.tsv"  # nb/nn pairs and English, language labels only


def main() -> int:
    """Print accuracy per method and language, and time per text."""
    rows = read_rows(OWN) + read_rows(HOLDOUT)
    prepared = []
    for r in rows:
        norm = normalise(r["text"])
        prepared.append((norm, [t for t in tokenize(norm) if t[0].isalpha()], r["language"]))
    detect_lingua("varm opp")
    methods = {
        "rule + lingua fallback": lambda n, w: detect_language(w, n),
        "lingua alone": lambda n, w: detect_lingua(n),
    }
    undecided = sum(detect_rule(w, n) is None for n, w, _g in prepared)
    language._fallback.cache_clear()
    for n, w, _g in prepared:
        detect_language(w, n)
    to_lingua = language._fallback.cache_info().misses
    print(f"{len(rows)} texts; the marker rule is unsure on {undecided} ({undecided / len(rows):.0%}); "
          f"{to_lingua} ({to_lingua / len(rows):.0%}) go to lingua, the rest are Norwegian by letters or default to nb")
    for name, fn in methods.items():
        language._fallback.cache_clear()
        t0 = time.perf_counter()
        pred = [fn(n, w) for n, w, _g in prepared]
        dt = time.perf_counter() - t0
        acc = sum(p == g for p, (_n, _w, g) in zip(pred, prepared, strict=True)) / len(rows)
        per = {}
        for lang in ["nb", "nn", "en"]:
            idx = [i for i, (_n, _w, g) in enumerate(prepared) if g == lang]
            per[lang] = sum(pred[i] == lang for i in idx) / len(idx)
        print(f"{name:24s} accuracy {acc:.3f}  (nb {per['nb']:.3f}, nn {per['nn']:.3f}, en {per['en']:.3f})  "
              f"{dt / len(rows) * 1e6:,.0f} µs/text (first call, uncached)")
    extra = read_rows(LANGUAGE_SET)
    for name, fn in methods.items():
        per: dict[str, list[bool]] = {}
        for r in extra:
            norm = normalise(r["text"])
            per.setdefault(r["language"], []).append(
                fn(norm, [t for t in tokenize(norm) if t[0].isalpha()]) == r["language"])
        print(f"{name:24s} on {LANGUAGE_SET.name} ({len(extra)} texts, nynorsk with its own word forms): "
              + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in per.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
