"""The follow-up queue's actions: take an item, mark that an incident report (avvik) was filed, close or reopen it.

Every action is stored with who did it and when (real time), so the status is the same for everyone and
survives restarts. Comments are free text and are masked like every other text before they are stored.
Each stored action also leaves one row in the audit log (`analysis.audit`), with the logged-in user when known;
with a principal given, only a role that may work the queue (supportsenter) may act.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import audit
from analysis.access import Principal, require
from analysis.clock import local_now
from analysis.errors import InputError
from analysis.queries import follow_up_queries
from analysis.queries.common_queries import DbPath
from analysis.text.masking import mask_text

# Action → the Norwegian verb shown on buttons and in the history.
ACTIONS = {"tatt": "Ta saken", "avvik meldt": "Avvik meldt", "lukket": "Lukk", "gjenåpnet": "Gjenåpne"}
STATUS_NB = {"ny": "Ny", "tatt": "Tatt", "avvik meldt": "Avvik meldt", "lukket": "Lukket"}
PERSON_MAX = 80
COMMENT_MAX = 500


@dataclass(frozen=True)
class ActionResult:
    """What was stored, in words."""

    item: str
    status: str
    message: str
    masked: int


def allowed_actions(status: str) -> list[str]:
    """Return the actions that make sense from a status (a closed item can only be reopened)."""
    if status == "lukket":
        return ["gjenåpnet"]
    return [a for a in ("tatt", "avvik meldt", "lukket") if a != status]


def record_action(item: str, action: str, person: str, comment: str | None = None, current: str | None = None,
                  path: DbPath = None, actor: Principal | None = None) -> ActionResult:
    """Check and store one action on a queue item; refuse unknown items, actions, missing names and long texts.

    `actor` is the logged-in user: their role is checked, their name stands in for an empty `person`, and the
    audit row names them (without an actor the row names the person as typed, masked).
    """
    if actor is not None:
        require(actor, "follow_up")
    if action not in ACTIONS:
        raise InputError(f"Ukjent handling «{action}».", f"Gyldige: {', '.join(ACTIONS)}.")
    who = " ".join((person or (actor.name if actor is not None else "")).split())
    if not who:
        raise InputError("Skriv navnet ditt før du endrer status.", "Alle ser hvem som har tatt eller lukket en sak.")
    if len(who) > PERSON_MAX:
        raise InputError(f"Navnet kan være høyst {PERSON_MAX} tegn.")
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise InputError(f"Kommentaren kan være høyst {COMMENT_MAX} tegn (den har {len(text)}).")
    if not follow_up_queries.query_item_exists(item, path):
        raise InputError(f"Fant ikke meldingen «{item}» i oppfølgingslisten.")
    stored, by = follow_up_queries.query_item_status(item, path)
    if current is not None and current != stored:  # someone else acted since the page was drawn
        raise InputError(f"Saken er nettopp endret til «{STATUS_NB.get(stored, stored)}» av {by}.",
                         "Last inn siden på nytt for å se den siste statusen.")
    if action not in allowed_actions(stored):
        raise InputError(f"Saken er allerede «{STATUS_NB.get(stored, stored)}».",
                         "Last inn siden på nytt for å se den siste statusen.")
    masked_comment, comment_counts = mask_text(text)
    masked_who, who_counts = mask_text(who)
    follow_up_queries.insert_action(item, action, masked_who, masked_comment or None, local_now(), path)
    audit.record(path, actor if actor is not None else masked_who, "follow_up", item,
                 f"{STATUS_NB.get(stored, stored)} → {ACTIONS[action] if action == 'gjenåpnet' else STATUS_NB[action]}")
    done = "Gjenåpnet" if action == "gjenåpnet" else STATUS_NB[action]
    return ActionResult(item, action, f"{done} av {masked_who}.",
                        sum(comment_counts.values()) + sum(who_counts.values()))
