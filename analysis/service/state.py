"""What the parts of one service process share: the database, the tokens, one write lock, the alert trigger."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from analysis import audit
from analysis import db as store
from analysis.alerts.config import AlertConfig
from analysis.queries.feed_queries import Delivery, insert_delivery
from analysis.service.tokens import Tokens

MAX_BODY_BYTES = 10 * 1024 * 1024
IMPORT_KINDS = ("chat", "reports", "tickets", "adoption", "portal", "events")  # not units: the roster is admin work


@dataclass
class ServiceState:
    """Shared by the API, the watch folder and the alert loop of one process."""

    db: Path
    tokens: Tokens
    alerts: AlertConfig
    max_body_bytes: int = MAX_BODY_BYTES
    watch_dir: Path | None = None
    # One writer at a time in this process (API deliveries, delivery logs, alert logs): its connections to the file
    # share one DuckDB instance, where two imports writing at once collide (both attach `_staging`). A watch-folder
    # import runs in a process of its own (watch.py): the file's lock and analysis.db's retries order it.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    new_data: threading.Event = field(default_factory=threading.Event)
    last_alert_run: dt.datetime | None = None
    last_alert_error: str | None = None
    watch_seen: int = 0  # files imported or refused by the watch folder since start


def log_delivery(db: Path, delivery: Delivery, actor: str, target: str, detail: str | None) -> None:
    """Store a delivery and its audit row (an import, the feed as actor) in one short write transaction."""
    row = audit.entry(actor, "import", target, detail, delivery.via)
    store.write(lambda con: (insert_delivery(con, delivery), audit.append(con, row)), db)
