"""Analyzer speed on text the project did not write, word caches cold, TextBlob's default analyzer alternated.

    taskset -c 0 python bench/bench_text_real.py /work/shared/data/norec_sentence/*.tsv [--rounds 3]
    python bench/bench_text_real.py /work/shared/data/norec_sentence/*.tsv --check-forms   # the gates are exact

Texts: the sentences of the NoReC_sentence TSV files given on the command line (column `text`; the files
are read, never copied) and every text of the labelled sets in tests/data/, all distinct (duplicates are
dropped, order kept). NoReC text is never printed.

Every measurement runs in a fresh Python process, so no word cache (token records, theme profiles,
lemmas, stems, lingua verdicts) holds anything from an earlier run: the child loads the lexicons, the
taxonomy and its index, the safety model and lingua's models (start-up, not timed), then times one pass of
`analyze_batch` over all texts (themes, safety flags and evidence included) — or of TextBlob's default
analyzer (`TextBlob(text).sentiment`, PatternAnalyzer). Rounds alternate ours, TextBlob, ours, … so both see
the same machine load. Each figure is the median of the rounds, as wall-clock and as CPU time of the
child (time.process_time: a one-core figure even on a busy shared machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _golive import ROOT

LABELLED = sorted((ROOT / "tests" / "data").glob("golive_*.tsv"))


def read_texts(paths: list[Path], labelled: bool = True) -> tuple[list[str], int]:
    """Distinct texts of the given NoReC files, then (unless told not to) of the labelled sets; how many NoReC."""
    seen: dict[str, None] = {}
    csv.field_size_limit(1 << 24)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("text"):
                    seen.setdefault(row["text"], None)
    n_norec = len(seen)
    for path in LABELLED if labelled else ():
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("text"):
                    seen.setdefault(row["text"], None)
    return list(seen), n_norec


def _child(which: str, paths: list[Path], labelled: bool = True) -> dict:
    """One measurement in this (fresh) process: start-up untimed, then one timed pass over every text."""
    texts, _n = read_texts(paths, labelled)
    if which == "textblob":
        from textblob import TextBlob

        _ = TextBlob("Dette er en test.").sentiment  # load the pattern lexicon (start-up, not word caches)

        def run() -> None:
            for text in texts:
                _ = TextBlob(text).sentiment
    else:
        from analysis import _native
        from analysis.text import sentiment

        sentiment.prepare()  # lexicons, taxonomy index, safety model, lemma and lingua models: no word cache filled
        modes = _native.status()

        def run() -> None:
            sentiment.analyze_batch(texts)
    w0, c0 = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    out = {"wall": wall, "cpu": cpu, "n": len(texts)}
    if which == "ours":
        out["compiled"] = sum(v == "compiled" for v in modes.values())
        out["modules"] = len(modes)
    return out


def compare_matchers(texts: list[str]) -> None:
    """Time the ways of finding a word's taxonomy lists over the distinct words of the texts (forms cached first,
    so that only the matching is timed): every entry tried (the old way), and the entry index with its long
    entries and exclusions found by pyahocorasick, by a token→entries dict (every substring looked up) or by a
    compiled regex alternation as a pre-filter in front of the dict."""
    import re

    from analysis.text import themes
    from analysis.text.tokenize import normalise, tokens_and_words

    words = sorted({w for t in texts for w in tokens_and_words(normalise(t))[1]})
    index = themes.build_index(themes.load_taxonomy())
    for w in words:
        themes.word_forms(w)
    auto = index.entries
    plain = themes.EntryIndex.build(index.lists, use_automaton=False)
    pattern = re.compile("|".join(sorted(map(re.escape, plain.inner), key=len, reverse=True)))

    class RegexFirst(themes.EntryIndex):
        """The dict index, asked only when the regex finds some inner key in the word."""

        def inside(self, word: str) -> list[tuple[int, int]]:
            return plain.inside(word) if pattern.search(word) else []

    regex = RegexFirst(plain.entries, plain.inner, plain.lengths, None)
    n_entries = sum(len(wl.words) for wl in index.lists)
    print(f"matching {len(words)} distinct words against {n_entries} single-word entries in {len(index.lists)} "
          f"lists ({len(plain.inner)} long entries and exclusions), word forms cached, CPU µs per word:")

    def per_word(fn) -> float:
        c0 = time.process_time()
        for w in words:
            fn(w)
        return (time.process_time() - c0) / len(words) * 1e6

    themes._word_hit.cache_clear()
    print(f"  every entry tried (before):          {per_word(lambda w: themes._reference_profile(index, w)):8.2f}")
    ways = (("pyahocorasick automaton", auto), ("token→entries dict", plain), ("regex alternation + dict", regex))
    for name, ix in ways:
        if ix.automaton is None and name.startswith("pyaho"):
            print(f"  {name}: pyahocorasick not installed")
            continue
        print(f"  entry index, {name + ':':26s} {per_word(ix.mask):8.2f}   (finding inner keys alone: "
              f"{per_word(ix.inside):.2f})")


def check_forms(texts: list[str]) -> int:
    """Check the lemma and stem gates on every distinct word of the texts: the lists the index finds equal those
    found with every word's full simplemma lemmas and stem (the rule as written); print and return the differences."""
    from analysis.text import themes
    from analysis.text.tokenize import normalise, tokens_and_words

    words = sorted({w for t in texts for w in tokens_and_words(normalise(t))[1]})
    index = themes.build_index(themes.load_taxonomy())
    entries = index.entries
    lemmatised: list[str] = []
    real = themes._lemma
    themes._lemma = lambda word, lang: lemmatised.append(word) or real(word, lang)  # count simplemma calls
    bad = [w for w in words if entries.mask(w) != _reference_mask(entries, w)]
    themes._lemma = real
    print(f"lemma and stem gates on {len(words)} distinct words: {len(bad)} differences from the full forms; "
          f"simplemma asked for {len(set(lemmatised))} words (decompositions that could add a list)"
          + (f"; gate {'on' if entries.lemma_gate is not None else 'off (simplemma version not checked)'}"))
    return len(bad)


def _reference_mask(entries: object, word: str) -> int:
    """EntryIndex.mask with every form computed (simplemma's lemmas and the stem, no gate)."""
    from analysis.text import themes

    get = entries.entries.get
    n = len(word)
    hit = 0
    for k in range(max(1, n - themes._PREFIX_SLACK), n):
        hit |= get(word[:k], 0)
    shut = 0
    for h, x in entries.inside(word):
        hit |= h
        shut |= x
    for form in themes.word_forms(word):
        hit |= entries.form_mask(form)
    return hit & ~shut


def _measure(which: str, paths: list[Path], labelled: bool = True) -> dict:
    """Run one measurement in a fresh process and return its figures."""
    cmd = [sys.executable, __file__, "--child", which, *map(str, paths), *([] if labelled else ["--norec-only"])]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    """Print texts/s (wall and CPU, medians of fresh-process rounds) for ours and TextBlob, and the targets."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path, help="NoReC_sentence TSV file(s) (train.tsv, dev.tsv)")
    ap.add_argument("--rounds", type=int, default=3, help="fresh-process rounds of each analyzer (default 3)")
    ap.add_argument("--no-textblob", action="store_true", help="time only our analyzer")
    ap.add_argument("--matchers", action="store_true", help="also compare the ways of matching the taxonomy")
    ap.add_argument("--check-forms", action="store_true",
                    help="only check the lemma and stem gates on every word of the texts (exit 1 on a difference)")
    ap.add_argument("--norec-only", action="store_true",
                    help="only the NoReC sentences (leave out the project's own labelled sets)")
    ap.add_argument("--child", choices=["ours", "textblob"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.paths, not args.norec_only)))
        return 0
    labelled = not args.norec_only
    texts, n_norec = read_texts(args.paths, labelled)
    if args.check_forms:
        return 1 if check_forms(texts) else 0
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} distinct texts ({n_norec} NoReC sentences, {len(texts) - n_norec} from the labelled "
          f"sets), {words / len(texts):.1f} words per text; {args.rounds} fresh-process rounds each, alternated")
    ours: list[dict] = []
    blob: list[dict] = []
    for _ in range(args.rounds):
        ours.append(_measure("ours", args.paths, labelled))
        if not args.no_textblob:
            blob.append(_measure("textblob", args.paths, labelled))
    print(f"hot modules compiled (Cython): {ours[0]['compiled']} of {ours[0]['modules']}")

    def rate(runs: list[dict], key: str) -> float:
        return len(texts) / statistics.median(r[key] for r in runs)

    def rounds(runs: list[dict]) -> str:
        return ", ".join(f"{len(texts) / r['cpu']:,.0f}" for r in runs)

    print(f"analyze_batch (themes, safety, evidence), cold: {rate(ours, 'wall'):>8,.0f} texts/s wall, "
          f"{rate(ours, 'cpu'):>8,.0f} texts/s CPU  (rounds, CPU: {rounds(ours)})")
    if blob:
        print(f"TextBlob default analyzer:                    {rate(blob, 'wall'):>8,.0f} texts/s wall, "
              f"{rate(blob, 'cpu'):>8,.0f} texts/s CPU  (rounds, CPU: {rounds(blob)})")
        up_wall, up_cpu = rate(ours, "wall") / rate(blob, "wall"), rate(ours, "cpu") / rate(blob, "cpu")
        print(f"speed-up: {up_wall:.1f}x wall, {up_cpu:.1f}x CPU")
        ok = rate(ours, "cpu") >= 50_000 and up_cpu >= 10
        print("targets (>= 50 000 texts/s and >= 10x TextBlob, CPU medians, cold):", "MET" if ok else "NOT MET")
    if args.matchers:
        compare_matchers(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
