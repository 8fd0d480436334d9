#!/usr/bin/env bash
# Run the whole test suite: installs test needs (.venv + requirements-dev.txt, Debian chromium
# for the browser tests when missing and we are root), then pytest. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup_env.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installerer Debian chromium for nettlesertestene …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "Mangler /usr/bin/chromium: kjør 'sudo apt-get install -y chromium' (nettlesertestene trenger den)." >&2
    exit 1
  fi
fi
exec .venv/bin/python -m pytest "$@"
