"""Docs follow the code: the generated settings table, every GOLIVE_* name declared, every CLI command documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import settings

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\bGOLIVE_[A-Z][A-Z0-9_]*")
# Where the project reads or names its settings; compiled builds and caches are not text.
SCANNED = ["analysis", "ui", "pages", "tests", "bench", "scripts", "data", "docs", "app.py", "start.sh", "test.sh"]
TEXT_SUFFIXES = {".py", ".toml", ".sh", ".md", ".csv", ".txt"}


def text_files() -> list[Path]:
    """Every text file under the scanned places."""
    out = []
    for entry in SCANNED:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        out += [f for f in files if f.suffix in TEXT_SUFFIXES and "__pycache__" not in f.parts]
    return out


def test_configuration_doc_has_the_generated_table() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert settings.between_markers(text) == settings.markdown_table(), (
        "run: python -m analysis.settings --write docs/configuration.md")


def test_readme_table_if_present_is_the_generated_one() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = settings.between_markers(text)
    if table is None:
        pytest.skip("README.md has no settings markers")
    assert table == settings.markdown_table(), "run: python -m analysis.settings --write README.md"


def test_every_golive_name_used_is_declared() -> None:
    used: dict[str, set[str]] = {}
    for file in text_files():
        for name in NAME.findall(file.read_text(encoding="utf-8", errors="replace")):
            used.setdefault(name, set()).add(str(file.relative_to(ROOT)))
    undeclared = {name: sorted(files) for name, files in used.items() if name not in settings.BY_NAME}
    assert undeclared == {}
    assert len(used) >= 10  # the scan really finds the names (a broken pattern would pass trivially)


def test_every_cli_command_is_in_the_docs() -> None:
    from analysis.cli import command_names

    names = command_names()
    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    missing = [n for n in names if not re.search(rf"python -m analysis {re.escape(n)}\b", docs)]
    assert missing == []


def test_the_cli_reference_is_the_parsers_own_help(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.cli.reference import reference_markdown

    monkeypatch.setenv("COLUMNS", "110")
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference_markdown(), \
        "run: python -m analysis.cli.reference --write docs/cli.md"
