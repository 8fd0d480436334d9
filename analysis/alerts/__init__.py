"""Alerts: rules in data/alerts.toml, evaluated now, grouped per cause with a cool-down, sent by e-mail and webhook.

config.py reads the file; evaluate.py finds and groups; delivery.py sends one attempt; engine.py stores, sends and
retries with backoff. SQL lives in analysis/queries/alert_queries.py.
"""

from analysis.alerts.config import AlertConfig, load_config
from analysis.alerts.engine import RunReport, run_once

__all__ = ["AlertConfig", "RunReport", "load_config", "run_once"]
