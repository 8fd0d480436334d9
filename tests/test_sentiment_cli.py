"""`python -m analysis sentiment` as a subprocess: JSON lines in order, and --eval reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    """Run the CLI."""
    return subprocess.run([sys.executable, "-m", "analysis", "sentiment", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)


def test_stream_json_lines_in_order() -> None:
    lines = ["Det har gått veldig bra", "", "Rover henger hele tiden", "Feil pasient i kurven", "The printer is broken"]
    out = run([], "\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["text"] for r in rows] == lines
    for r in rows:
        assert {"text", "polarity", "label", "language", "themes", "safety", "safety_reason", "evidence"} <= set(r)
    assert rows[0]["label"] == "positive" and rows[2]["label"] == "negative"
    assert rows[3]["safety"] is True and rows[3]["safety_reason"]
    assert rows[4]["language"] == "en"


def test_eval_prints_metrics(tmp_path: Path) -> None:
    f = tmp_path / "s.tsv"
    f.write_text("label\ttext\nPositive\tDet går kjempebra\nNegative\tRover krasjet\nneutral\tMøte kl 14\n",
                 encoding="utf-8")
    out = run(["--eval", str(f)])
    assert out.returncode == 0, out.stderr
    assert "accuracy=1.000" in out.stdout and "macro-F1=1.000" in out.stdout
    assert "confusion" in out.stdout and "neutral" in out.stdout


def test_eval_binary(tmp_path: Path) -> None:
    f = tmp_path / "s.tsv"
    f.write_text("label\ttext\nPositive\tDet går kjempebra\nNegative\tRover krasjet\nNeutral\tMøte kl 14\n",
                 encoding="utf-8")
    out = run(["--eval", str(f), "--binary"])
    assert out.returncode == 0, out.stderr
    assert "n=2" in out.stdout and "neutral" not in out.stdout
