"""Shared fixtures: a small fixture database (and an empty one) built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The fixture databases are not demo data, and a real database without log-in is refused (issue 14);
# tests about log-in and roles set GOLIVE_AUTH themselves.
os.environ.setdefault("GOLIVE_AUTH", "av")

from fixture_db import build_fixture  # tests/ is on sys.path: pytest puts a rootdir conftest's folder there


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the filled fixture database (read-only use, please)."""
    return build_fixture(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a database with units only: a brand-new go-live with no data yet."""
    return build_fixture(tmp_path_factory.mktemp("empty") / "empty.duckdb", empty=True)


@pytest.fixture(scope="session")
def weeks_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture database plus W20 (calming down) and W21 (data but no tickets), for the weekly meeting."""
    from fixture_db import add_later_weeks

    return add_later_weeks(build_fixture(tmp_path_factory.mktemp("weeks") / "weeks.duckdb"))
