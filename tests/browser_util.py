"""Browser-test helpers under their old name for the tests; the code is in ui/browser_check.py (bench/ uses it)."""

from ui.browser_check import CHROMIUM_ARGS, READY, browser, exceptions, free_port, running_app, screenshot, wait_ready

__all__ = ["CHROMIUM_ARGS", "READY", "browser", "exceptions", "free_port", "running_app", "screenshot", "wait_ready"]
