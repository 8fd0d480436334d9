"""One service process: the HTTP API on uvicorn, the watch folder and the alert loop, side by side.

`serve()` runs it in the foreground (`python -m analysis serve`); `ServiceThread` runs the same pieces in threads of
the calling process, for tests and for embedding. The Streamlit app is a separate process (./start.sh): both
read the one DuckDB file; this process writes briefly, the app retries its reads while a write holds the lock.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from analysis import db as store
from analysis.alerts.config import AlertConfig, load_config
from analysis.alerts.engine import run_once
from analysis.clock import local_now
from analysis.config import db_path, now_override
from analysis.service.api import create_app
from analysis.service.state import MAX_BODY_BYTES, ServiceState
from analysis.service.tokens import load_tokens
from analysis.service.watch import POLL_S, SETTLE_S, WatchFolder

log = logging.getLogger("analysis.service")
DEFAULT_PORT = 8502
DEFAULT_HOST = "127.0.0.1"


def build_state(db: str | Path | None = None, watch_dir: str | Path | None = None,
                max_body_bytes: int = MAX_BODY_BYTES, alerts: AlertConfig | None = None) -> ServiceState:
    """Resolve the database, read the tokens and the alert rules, and create the database's tables."""
    path = db_path(db)
    store.ensure_schema(path)
    return ServiceState(path, load_tokens(), alerts if alerts is not None else load_config(),
                        max_body_bytes=max_body_bytes, watch_dir=Path(watch_dir) if watch_dir else None)


def alert_loop(state: ServiceState, stop: threading.Event) -> None:
    """Evaluate the rules when new data came in (after a short gathering window) and every tick_s seconds."""
    config = state.alerts
    while not stop.is_set():
        woke = state.new_data.wait(config.tick_s)
        if stop.is_set():
            break
        if woke:
            # Messages that arrive together (one Power Automate run, a burst of POSTs) become one alert.
            stop.wait(config.group_window_s)
            state.new_data.clear()
        try:
            report = run_once(config, state.db, now=now_override(), lock=state.write_lock)
            state.last_alert_run, state.last_alert_error = local_now(), None
            for line in report.lines() if report.alerts or report.attempts else []:
                log.info("varsler: %s", line)
        except Exception as exc:  # keep serving; the health check and the log show it
            state.last_alert_error = f"{type(exc).__name__}: {exc}"
            log.exception("varslingssløyfen feilet")


def free_port(host: str = DEFAULT_HOST) -> int:
    """An unused TCP port on host (for tests)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class ServiceThread:
    """The whole service in background threads: `with ServiceThread(state, port) as svc: …`."""

    state: ServiceState
    port: int
    host: str = DEFAULT_HOST
    settle_s: float = SETTLE_S
    poll_s: float = POLL_S
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    server: uvicorn.Server | None = None
    watch: WatchFolder | None = None

    @property
    def url(self) -> str:
        """The service's base URL."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> ServiceThread:
        """Start the API, the watch folder (when a folder is set) and the alert loop; wait until the API answers."""
        config = uvicorn.Config(create_app(self.state), host=self.host, port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self._spawn("api", self.server.run)
        if self.state.watch_dir is not None:
            self.watch = WatchFolder(self.state.watch_dir, self.state.db, self.settle_s, self.state.write_lock,
                                     on_imported=self._watched)
            self.watch.prepare()
            self._spawn("watch", lambda: self.watch.run(self.stop, self.poll_s))
        self._spawn("alerts", lambda: alert_loop(self.state, self.stop))
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.threads[0].is_alive():
                self.close()
                raise RuntimeError(f"Tjenesten startet ikke på {self.url}.")
            time.sleep(0.05)
        return self

    def _watched(self, outcome) -> None:  # noqa: ANN001 - a WatchOutcome
        """Count the file and wake the alert loop when it brought rows."""
        self.state.watch_seen += 1
        if outcome.result is not None and (outcome.result.imported or outcome.result.updated):
            self.state.new_data.set()

    def _spawn(self, name: str, target) -> None:  # noqa: ANN001 - a callable
        """Start a daemon thread."""
        thread = threading.Thread(target=target, name=f"golive-{name}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def close(self) -> None:
        """Stop every part and wait for the threads."""
        self.stop.set()
        self.state.new_data.set()
        if self.server is not None:
            self.server.should_exit = True
        for thread in self.threads:
            thread.join(timeout=15)

    def __enter__(self) -> ServiceThread:
        """Start on entering the block."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop on leaving the block."""
        self.close()


def serve(db: str | Path | None = None, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST,
          watch_dir: str | Path | None = None, max_body_bytes: int = MAX_BODY_BYTES,
          settle_s: float = SETTLE_S) -> None:
    """Run the service in the foreground until Ctrl+C (or SIGTERM from systemd)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    state = build_state(db, watch_dir, max_body_bytes)
    for problem in state.tokens.problems + state.alerts.problems:
        log.warning("%s", problem)
    if not state.tokens.by_source:
        log.warning("GOLIVE_API_TOKENS er ikke satt: API-et avviser alle leveranser (401).")
    svc = ServiceThread(state, port, host, settle_s=settle_s)
    svc.server = None
    stop = svc.stop
    if watch_dir is not None:
        svc.watch = WatchFolder(Path(watch_dir), state.db, settle_s, state.write_lock, on_imported=svc._watched)
        svc._spawn("watch", lambda: svc.watch.run(stop))
    svc._spawn("alerts", lambda: alert_loop(state, stop))
    log.info("Go-live-puls innmating på http://%s:%d (dokumentasjon: /docs)", host, port)
    try:
        # uvicorn in the main thread: it handles SIGINT/SIGTERM and shuts down cleanly.
        uvicorn.run(create_app(state), host=host, port=port, log_level="info")
    finally:
        svc.close()
