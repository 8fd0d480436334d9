"""Real-browser checks of the app for tests and bench/: start it, drive Debian's chromium with Playwright, wait, shoot.

Also a small command line for looking at pages: python -m ui.browser_check URL OUT.png [W H] [--full]
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis import settings

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
         '[data-test-script-state="notRunning"]')


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db: str | Path, port: int | None = None, env: dict | None = None, extra_args: tuple[str, ...] = (),
                host: str = "127.0.0.1", unset: tuple[str, ...] = ()) -> Iterator[str]:
    """Start `streamlit run app.py` on `db` and yield its base URL; stop that process afterwards.

    `extra_args` go to streamlit (e.g. a secrets file), `host` names the URL's host (a log-in's redirect URI must
    match it), `unset` removes variables from the inherited environment.
    """
    port = port or free_port()
    full_env = {**os.environ, "GOLIVE_DB": str(db), **(env or {})}
    for name in unset:
        full_env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.server", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra_args],
        cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://{host}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().decode() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser() -> Iterator[object]:
    """Yield a Playwright chromium browser (Debian's binary; never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(settings.value("GOLIVE_CHROMIUM")), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def wait_ready(page, timeout_ms: int = 30000, expect: str | None = None) -> None:
    """Wait until the Streamlit script has finished and nothing is still loading."""
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]')
                 && !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=timeout_ms,
    )
    if expect:
        page.wait_for_selector(expect, timeout=timeout_ms)
    page.wait_for_selector(READY, timeout=timeout_ms)


def exceptions(page) -> list[str]:
    """Return the texts of any exception elements on the page."""
    return [e.inner_text() for e in page.query_selector_all('[data-testid="stException"]')]


def screenshot(url: str, out: str, width: int = 1920, height: int = 1080, full: bool = False,
               expect: str | None = None) -> list[str]:
    """Open `url`, wait for the app, save a screenshot and return any exception texts."""
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        wait_ready(page, expect=expect)
        page.wait_for_timeout(800)  # let Vega finish drawing
        page.screenshot(path=out, full_page=full)
        return exceptions(page)


if __name__ == "__main__":
    w, h = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1920, 1080)
    print(screenshot(sys.argv[1], sys.argv[2], w, h, full="--full" in sys.argv) or "no exceptions")
