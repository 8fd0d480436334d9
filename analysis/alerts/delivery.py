"""Sending one alert on one channel: e-mail over SMTP (STARTTLS/SSL, optional log-in) or a webhook POST of JSON.

Each send is one attempt that raises DeliveryFailed with a short reason; retries with backoff are the engine's job,
so a failure is stored and visible between attempts. Standard library only (smtplib, urllib): nothing to install.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from analysis.alerts import env
from analysis.alerts.config import Channel, SmtpChannel, WebhookChannel

SUBJECT_PREFIX = "[Go-live-puls] "


class DeliveryFailed(Exception):
    """One attempt failed; the message is short and safe to show on the alert page."""


@dataclass(frozen=True)
class Message:
    """What is sent: the alert's id, rule, title, body (plain text), link and when it was made."""

    alert_id: int
    rule: str
    title: str
    body: str
    link: str
    created_at: str
    items: tuple[str, ...] = ()


def send(channel: Channel, message: Message) -> None:
    """Deliver a message on a channel once; raise DeliveryFailed on any failure."""
    if isinstance(channel, SmtpChannel):
        send_email(channel, message)
    else:
        post_webhook(channel, message)


def email_message(channel: SmtpChannel, message: Message) -> EmailMessage:
    """The e-mail: subject from the title, the plain-text body with the link."""
    mail = EmailMessage()
    mail["Subject"] = SUBJECT_PREFIX + message.title
    mail["From"] = channel.sender
    mail["To"] = ", ".join(channel.recipients)
    mail["X-GoLive-Alert"] = str(message.alert_id)
    mail.set_content(message.body + "\n")
    return mail


def send_email(channel: SmtpChannel, message: Message) -> None:
    """Send over SMTP: SSL from the start, or STARTTLS before log-in, or plain (a local relay)."""
    mail = email_message(channel, message)
    try:
        if channel.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(channel.host, channel.port, timeout=channel.timeout_s,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(channel.host, channel.port, timeout=channel.timeout_s)
        with client:
            client.ehlo()
            if channel.security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if channel.username:
                password = env.secret(channel.password_env) if channel.password_env else None
                if password is None:
                    raise DeliveryFailed(f"passordet mangler (miljøvariabelen {channel.password_env} er ikke satt)")
                client.login(channel.username, password)
            client.send_message(mail)
    except DeliveryFailed:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"SMTP {channel.host}:{channel.port}: {type(exc).__name__}: {exc}"[:300]) from exc


def teams_payload(message: Message) -> dict:
    """An Adaptive Card in a message envelope: what Teams Workflows and incoming webhooks both accept."""
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": message.title, "weight": "Bolder", "size": "Medium", "wrap": True},
            # Masked user text: shown as text lines; the card's Markdown subset is harmless (no HTML, no script).
            {"type": "TextBlock", "text": message.body, "wrap": True},
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "Åpne oppfølgingskøen", "url": message.link}],
    }
    return {"type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
                             "content": card}]}


def json_payload(message: Message) -> dict:
    """Generic JSON for any receiver (an on-call system, a script)."""
    return {"alert_id": message.alert_id, "rule": message.rule, "title": message.title, "text": message.body,
            "link": message.link, "created_at": message.created_at, "items": list(message.items)}


def post_webhook(channel: WebhookChannel, message: Message) -> None:
    """POST the payload as JSON; any status outside 2xx is a failure."""
    url = channel.target()
    if not url:
        raise DeliveryFailed(f"adressen mangler (miljøvariabelen {channel.url_env} er ikke satt)")
    payload = teams_payload(message) if channel.format == "teams" else json_payload(message)
    request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8",
                                              "User-Agent": "go-live-puls"})
    try:
        with urllib.request.urlopen(request, timeout=channel.timeout_s) as response:  # noqa: S310 - configured URL
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"webhook svarte {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"webhook kunne ikke nås: {reason}"[:300]) from exc
