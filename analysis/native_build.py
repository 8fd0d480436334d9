"""Build the Cython versions of the hot text modules (see analysis/_native.py): `python -m analysis.native_build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis._native import EXT_SUFFIX, HOT, PURE_ENV, ROOT, builds, compiled_path, pure_requested, source_path, status

# Written when a build fails, with the tags of the sources it tried: a machine without a C compiler would
# otherwise spend 6-20 s on every start trying again. A changed source (new tags) is tried again.
FAILED_MARK = ROOT / "analysis" / ".native-build-failed"

# No fused multiply-add: results must stay bit-identical to CPython's float arithmetic. (Changing these
# or the directives means bumping BUILD_ID in _native.py, so that old builds are not reused.)
CFLAGS = ["-O2", "-ffp-contract=off"]
# Annotations stay hints, as in CPython: with annotation typing Cython enforces them (an ABCMeta class
# returned from "-> type" raised TypeError), so the compiled module could behave unlike its source.
DIRECTIVES = {"annotation_typing": False}


def _compile(workdir: Path, names: list[str]) -> None:
    """Worker (own process): Cython + the C compiler for the module copies under workdir."""
    from Cython.Build import cythonize
    from setuptools import Extension, setup

    exts = [Extension(n, [str(workdir / "src" / Path(*n.split(".")).with_suffix(".py"))], extra_compile_args=CFLAGS)
            for n in names]
    jobs = str(os.cpu_count() or 1)
    setup(name="golive-native", packages=[], py_modules=[],
          ext_modules=cythonize(exts, language_level=3, quiet=True, nthreads=int(jobs), compiler_directives=DIRECTIVES,
                                build_dir=str(workdir / "c")),
          script_args=["-q", "build_ext", "-j", jobs, "--build-lib", str(workdir / "lib"),
                       "--build-temp", str(workdir / "tmp")])


def build(timeout: float = 600.0) -> int:
    """Compile every hot module that has no build for its current source; remove stale builds. Never fails."""
    if pure_requested():
        print(f"analysis: {PURE_ENV} er satt; kompilerer ikke.")
        return 0
    todo: dict[str, bytes] = {}
    for name in HOT:
        data = source_path(name).read_bytes()
        keep = compiled_path(name, data)
        for old in builds(name):
            if old != keep:
                old.unlink(missing_ok=True)
        if not keep.is_file():
            todo[name] = data
    if not todo:
        FAILED_MARK.unlink(missing_ok=True)
        return 0
    attempt = " ".join(sorted(compiled_path(n, d).name for n, d in todo.items()))
    if FAILED_MARK.is_file() and FAILED_MARK.read_text(encoding="utf-8").strip() == attempt:
        print(f"analysis: kompileringen feilet sist for de samme kildene; bruker ren Python "
              f"(slett {os.path.relpath(FAILED_MARK, ROOT)} for å prøve igjen).", flush=True)
        return 0
    start = time.monotonic()
    print(f"Kompilerer {len(todo)} tekstanalysemoduler med Cython …", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="golive-native-") as tmp:
            work = Path(tmp)
            for name, data in todo.items():  # compile copies: the tag is of exactly the bytes compiled
                rel = Path(*name.split(".")).with_suffix(".py")
                dest = work / "src" / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                for pkg in rel.parents:  # package markers, so that Cython sees the qualified name
                    if str(pkg) != ".":
                        (work / "src" / pkg / "__init__.py").touch()
            proc = subprocess.run([sys.executable, "-m", "analysis.native_build", "_compile", tmp, *todo],
                                  cwd=ROOT, capture_output=True, text=True, timeout=timeout)
            built = {n: work / "lib" / Path(*n.split(".")).with_suffix(EXT_SUFFIX) for n in todo}
            missing = [n for n, p in built.items() if not p.is_file()]
            if proc.returncode or missing:
                last = (proc.stderr.strip() or proc.stdout.strip() or "ukjent feil").splitlines()[-1]
                raise RuntimeError(last[:300])
            for name, data in todo.items():
                final = compiled_path(name, data)
                part = final.with_name(final.name + ".part")
                shutil.copyfile(built[name], part)
                os.replace(part, final)  # atomic: a running process never sees half a file
    except Exception as exc:  # noqa: BLE001 - set-up must never break on an optional speed-up
        print(f"analysis: kompilering feilet ({type(exc).__name__}: {exc}); bruker ren Python.", flush=True)
        FAILED_MARK.write_text(attempt + "\n", encoding="utf-8")
        return 0
    FAILED_MARK.unlink(missing_ok=True)
    print(f"Kompilert på {time.monotonic() - start:.0f} s.", flush=True)
    return 0


def main(argv: list[str]) -> int:
    """Command line: build, or status."""
    if argv[:1] == ["_compile"]:
        _compile(Path(argv[1]), argv[2:])
        return 0
    if argv[:1] == ["status"]:
        for name in HOT:
            __import__(name)
        for name, how in status().items():
            print(f"{name}: {how}")
        return 0
    return build()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["build"]))
