"""Real receivers for alert tests: an SMTP server (aiosmtpd) and a webhook endpoint (http.server) on localhost."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MailBox:
    """Collects every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's hook
        """Keep the message."""
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def smtp_server(port: int, user: str | None = None, password: str | None = None) -> tuple[Controller, MailBox]:
    """Start an SMTP server on 127.0.0.1:port (with LOGIN/PLAIN when user is given); stop it with .stop()."""
    box = MailBox()
    kwargs: dict = {}
    if user is not None:
        def check(server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
            """Accept exactly one user and password."""
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            if ok:
                box.logins.append(user)
            return AuthResult(success=ok)

        kwargs = {"authenticator": check, "auth_require_tls": False}
    controller = Controller(box, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, box


class Hooks:
    """Collects webhook POSTs; the first `fail_first` requests get a 500."""

    def __init__(self, fail_first: int = 0) -> None:
        self.bodies: list[dict] = []
        self.failures = 0
        self.fail_first = fail_first
        self.lock = threading.Lock()


def webhook_server(hooks: Hooks) -> tuple[ThreadingHTTPServer, str]:
    """Start a webhook receiver on a free port; return the server and its URL (stop with .shutdown())."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with hooks.lock:
                fail = hooks.failures < hooks.fail_first
                if fail:
                    hooks.failures += 1
                else:
                    hooks.bodies.append(json.loads(body))
            self.send_response(500 if fail else 202)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/hook"


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll until check() is true or the timeout passes; return the last answer (not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
