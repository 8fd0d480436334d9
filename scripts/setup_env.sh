#!/usr/bin/env bash
# Create .venv (Python 3.11) and install a requirements file into it, only when it changed.
# Usage: scripts/setup_env.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1; then py="$cand"; break; fi
  done
fi
[ -n "$py" ] || { echo "Fant ingen python3 (3.11 trengs)." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  echo "Oppretter .venv med $($py --version) …"
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$req")"
hash=$(cat requirements.txt "$req" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "Installerer $req …"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$hash" > "$stamp"
fi
# Install analysis/ and ui/ in editable mode (no dependencies: those come from the requirements above), so
# tests, bench/ and tools import them from any directory without sys.path edits. Redone when pyproject.toml
# or the checkout's location changes.
pkg_stamp=".venv/.installed-editable"
pkg_hash=$( (cat pyproject.toml; pwd) | sha256sum | cut -d' ' -f1)
if [ ! -f "$pkg_stamp" ] || [ "$(cat "$pkg_stamp")" != "$pkg_hash" ]; then
  echo "Installerer analysis og ui (redigerbar) …"
  # The warning filter hides setuptools' fixed notice that an editable install is one (UserWarning).
  PYTHONWARNINGS=ignore::UserWarning .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$pkg_hash" > "$pkg_stamp"
fi
# Compile the hot text modules with Cython when their sources changed (a no-op otherwise). A failed
# build prints one line and leaves the pure-Python modules in use: it never stops set-up.
.venv/bin/python -m analysis.native_build || echo "analysis: kompilering hoppet over; bruker ren Python." >&2
