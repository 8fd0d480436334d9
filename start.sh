#!/usr/bin/env bash
# Start Go-live-puls: creates .venv, installs requirements, builds the demo database on first
# start (data/golive.duckdb, or $GOLIVE_DB) and opens the app on http://localhost:8501.
# The server listens on 127.0.0.1 only unless GOLIVE_ADDRESS says otherwise; without log-in set up
# (.streamlit/secrets.toml, see docs/deployment.md) it shows demo data only.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup_env.sh requirements.txt
exec .venv/bin/python -m ui.server run app.py "$@"
