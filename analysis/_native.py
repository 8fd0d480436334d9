"""Optional Cython builds of the hot text-analysis modules, loaded only when built from the current sources.

The .py files stay the source of truth. `python -m analysis.native_build` (run by scripts/setup_env.sh)
compiles each hot module as-is with Cython into `<name>.<tag><EXT_SUFFIX>` next to its source, where the
tag is a hash of the exact source bytes it was compiled from. The import hook below loads that file only
when the tag of the current .py matches, so an edited source can never be overridden by an old build: it
runs as pure Python (with a one-line notice) until the next build. GOLIVE_PURE_PYTHON=1 skips the builds.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

# Modules compiled, as (package-relative) dotted names. Only these; everything else is always pure Python.
HOT = ("analysis.text.tokenize", "analysis.text.scoring", "analysis.text.language", "analysis.text.themes",
       "analysis.text.safety", "analysis.text.sentiment")
# Part of every tag: bump it when the Cython directives or compiler flags in native_build.py change.
BUILD_ID = "cython3-O2-nocontract-untyped-1"
ROOT = Path(__file__).resolve().parents[1]
EXT_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
PURE_ENV = "GOLIVE_PURE_PYTHON"


def source_path(fullname: str) -> Path:
    """The .py file of a hot module."""
    return ROOT.joinpath(*fullname.split(".")).with_suffix(".py")


def tag_of(source: bytes) -> str:
    """Tag of a build: hash of the build settings and the exact source bytes."""
    return hashlib.sha256(BUILD_ID.encode() + b"\0" + source).hexdigest()[:16]


def compiled_path(fullname: str, source: bytes | None = None) -> Path:
    """Where the build of a module from these source bytes (default: the current file) lives."""
    src = source_path(fullname)
    data = src.read_bytes() if source is None else source
    return src.with_name(f"{src.stem}.{tag_of(data)}{EXT_SUFFIX}")


def builds(fullname: str) -> list[Path]:
    """Every compiled file of a module next to its source, current or stale."""
    src = source_path(fullname)
    return sorted(src.parent.glob(f"{src.stem}.*{EXT_SUFFIX}"))


def pure_requested() -> bool:
    """True when GOLIVE_PURE_PYTHON asks for the pure-Python modules."""
    # Imported here, not at the top: `python -m analysis.settings` must not find itself imported already.
    from analysis import settings

    return bool(settings.value(PURE_ENV))


class _Finder(importlib.abc.MetaPathFinder):
    """Import hook: a hot module comes from its build only when the build's tag matches the current source."""

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        """Spec of the matching build, or None (the normal finders then load the .py)."""
        if fullname not in HOT or pure_requested():
            return None
        try:
            so = compiled_path(fullname)
        except OSError:
            return None
        if not so.is_file():
            if builds(fullname):
                print(f"analysis: {fullname} er endret siden kompileringen; bruker ren Python "
                      "(kjør scripts/setup_env.sh eller python -m analysis.native_build).", file=sys.stderr)
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(so))
        return importlib.util.spec_from_file_location(fullname, so, loader=loader)


def install() -> None:
    """Put the import hook first (once per process)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


def status() -> dict[str, str]:
    """Hot module -> "compiled" or "pure" for the modules imported so far."""
    out = {}
    for name in HOT:
        mod = sys.modules.get(name)
        if mod is not None:
            out[name] = "compiled" if str(getattr(mod, "__file__", "")).endswith(EXT_SUFFIX) else "pure"
    return out
