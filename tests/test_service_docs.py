"""docs/feeds.md shows payloads that work: every example imports through the API's path with no rejected row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis.importers.rows_source import import_rows
from analysis.service.state import IMPORT_KINDS
from fixture_db import build_fixture

FEEDS = Path(__file__).resolve().parents[1] / "docs" / "feeds.md"


def example_payloads() -> dict[str, list[dict]]:
    """The `// POST /api/v1/<kind>` examples of the jsonc block, parsed as JSON, by kind."""
    block = re.search(r"```jsonc\n(.*?)```", FEEDS.read_text(encoding="utf-8"), re.S).group(1)
    parts = re.split(r"^// POST /api/v1/(\w+).*$", block, flags=re.M)
    return {kind: json.loads(body) for kind, body in zip(parts[1::2], parts[2::2], strict=True)}


def curl_payload() -> list[dict]:
    """The body of the curl example."""
    return json.loads(re.search(r"-d '(\[.*?\])'", FEEDS.read_text(encoding="utf-8"), re.S).group(1))


def test_there_is_an_example_for_every_kind() -> None:
    assert sorted(example_payloads()) == sorted(IMPORT_KINDS)


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_each_example_payload_imports_without_a_rejected_row(kind: str, tmp_path: Path) -> None:
    db = build_fixture(tmp_path / "docs.duckdb", empty=True)
    rows = example_payloads()[kind]
    result, errors = import_rows(rows, kind, "docs", db)
    assert errors == [] and result.rejected == 0
    assert result.imported + result.updated == len(rows)


def test_the_curl_example_imports(tmp_path: Path) -> None:
    db = build_fixture(tmp_path / "curl.duckdb", empty=True)
    result, errors = import_rows(curl_payload(), "chat", "teams", db)
    assert (result.imported, errors) == (1, [])
