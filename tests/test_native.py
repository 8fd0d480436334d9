"""Cython builds of the hot text modules: used only when built from the current source; pure Python on request."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import _native
from analysis._native import EXT_SUFFIX, HOT, PURE_ENV, compiled_path, source_path, tag_of

ROOT = Path(__file__).resolve().parents[1]
IMPORT = "import analysis.text.scoring as m; print(m.__file__)"


def _python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter inside cwd (which holds the analysis package under test)."""
    base = {k: v for k, v in os.environ.items() if k not in (PURE_ENV, "PYTHONPATH")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**base, **env},
                          capture_output=True, text=True, timeout=60)


@pytest.fixture()
def package_copy(tmp_path: Path) -> Path:
    """A copy of the analysis package without any builds."""
    shutil.copytree(ROOT / "analysis", tmp_path / "analysis",
                    ignore=shutil.ignore_patterns(f"*{EXT_SUFFIX}", "__pycache__"))
    return tmp_path


def test_tag_depends_on_every_byte() -> None:
    assert tag_of(b"x = 1\n") != tag_of(b"x = 2\n")
    assert tag_of(b"x = 1\n") == tag_of(b"x = 1\n")


def test_a_build_is_loaded_only_for_the_source_it_was_made_from(package_copy: Path) -> None:
    src = package_copy / "analysis" / "text" / "scoring.py"
    original = src.read_bytes()
    # A "build" that cannot load: if the hook picks it, the import fails, which makes its choice visible.
    src.with_name(f"scoring.{tag_of(original)}{EXT_SUFFIX}").write_bytes(b"not a shared library")

    matching = _python(IMPORT, package_copy)
    assert matching.returncode != 0 and "ImportError" in matching.stderr

    src.write_bytes(original + b"\n# edited after the build\n")
    stale = _python(IMPORT, package_copy)
    assert stale.returncode == 0, stale.stderr
    assert stale.stdout.strip().endswith("scoring.py")
    assert "endret siden kompileringen" in stale.stderr
    assert len(stale.stderr.strip().splitlines()) == 1  # one-line notice


def test_pure_python_on_request(package_copy: Path) -> None:
    src = package_copy / "analysis" / "text" / "scoring.py"
    src.with_name(f"scoring.{tag_of(src.read_bytes())}{EXT_SUFFIX}").write_bytes(b"not a shared library")
    res = _python(IMPORT, package_copy, **{PURE_ENV: "1"})
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().endswith("scoring.py") and not res.stderr


def test_loaded_modules_match_their_sources() -> None:
    """Whatever this run uses (build or source), a build in use is the one made from today's .py file."""
    for name in HOT:
        mod = importlib.import_module(name)
        path = Path(mod.__file__ or "")
        if _native.status()[name] == "compiled":
            assert path == compiled_path(name), name
        else:
            assert path == source_path(name), name


def test_pure_mode_is_what_the_environment_says() -> None:
    pure = _native.pure_requested()
    if pure:
        assert set(_native.status().values()) <= {"pure"}
    elif os.environ.get("GOLIVE_EXPECT_COMPILED"):  # set by CI-like runs that must exercise the builds
        for name in HOT:
            importlib.import_module(name)
        assert set(_native.status().values()) == {"compiled"}


def test_a_failed_build_is_not_retried_until_a_source_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Without a C compiler set-up would spend seconds on every start; the failure is remembered per source."""
    from analysis import native_build

    sources = {name: tmp_path / f"{name}.py" for name in HOT}
    for path in sources.values():
        path.write_text("x = 1\n", encoding="utf-8")
    calls = []

    def failing_run(*args: object, **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(args)
        return subprocess.CompletedProcess(args, 1, "", "error: command 'gcc' failed: No such file or directory")

    monkeypatch.setattr(native_build, "pure_requested", lambda: False)
    monkeypatch.setattr(native_build, "source_path", lambda name: sources[name])
    monkeypatch.setattr(native_build, "compiled_path",
                        lambda name, data=b"": tmp_path / "builds" / f"{name}.{tag_of(data)}{EXT_SUFFIX}")
    monkeypatch.setattr(native_build, "builds", lambda name: [])
    monkeypatch.setattr(native_build, "FAILED_MARK", tmp_path / ".native-build-failed")
    monkeypatch.setattr(native_build.subprocess, "run", failing_run)

    assert native_build.build() == 0 and len(calls) == 1  # tried, failed, set-up goes on
    assert "kompilering feilet" in capsys.readouterr().out
    assert native_build.build() == 0 and len(calls) == 1  # same sources: not tried again
    assert "feilet sist" in capsys.readouterr().out
    sources[HOT[0]].write_text("x = 2\n", encoding="utf-8")
    assert native_build.build() == 0 and len(calls) == 2  # a changed source is tried again
