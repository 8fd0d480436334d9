"""One error family for the whole product: a Norwegian message, what to do, and a command-line exit code.

Raised anywhere in `analysis/`; caught once at each boundary: the command line's `main` and the app's
error guard (`ui/guard.py`). `classify` turns DuckDB's and the OS's own exceptions into this family.
"""

from __future__ import annotations

import duckdb

# Exit codes of `python -m analysis …` (documented in docs/architecture.md and the CLI's --help).
EXIT_OK = 0
EXIT_NOTHING_IMPORTED = 1
EXIT_INPUT = 2
EXIT_BUSY = 3
EXIT_DAMAGED = 4
EXIT_TOO_NEW = 5
EXIT_NOT_ALLOWED = 6
EXIT_DISK_FULL = 7
EXIT_INTERNAL = 70


class GoLiveError(Exception):
    """An error the user can act on: `message` says what happened, `hint` what to do."""

    exit_code = EXIT_INPUT
    title = "Feil"

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def text(self) -> str:
        """Return the message and the hint as one Norwegian paragraph."""
        return f"{self.message} {self.hint}" if self.hint else self.message


class InputError(GoLiveError):
    """Input that cannot be used as given (arguments, files, form values)."""

    exit_code = EXIT_INPUT
    title = "Ugyldig inndata"


class DatabaseMissing(GoLiveError):
    """The database file does not exist."""

    exit_code = EXIT_INPUT
    title = "Fant ikke databasen"


class DatabaseBusy(GoLiveError):
    """The database stayed locked by another process for longer than the retry budget."""

    exit_code = EXIT_BUSY
    title = "Databasen er opptatt"


class DatabaseDamaged(GoLiveError):
    """The database file cannot be read: truncated, corrupted or not a DuckDB file."""

    exit_code = EXIT_DAMAGED
    title = "Databasen er skadet"


class DatabaseTooNew(GoLiveError):
    """The database was written by a newer version of Go-live-puls."""

    exit_code = EXIT_TOO_NEW
    title = "Databasen er fra en nyere versjon"


class DatabaseReadOnly(GoLiveError):
    """The database file or its folder cannot be written."""

    exit_code = EXIT_NOT_ALLOWED
    title = "Databasen kan ikke skrives"


class DiskFull(GoLiveError):
    """The disk under the database is full: the write was rolled back."""

    exit_code = EXIT_DISK_FULL
    title = "Disken er full"


BUSY_HINT = "En import eller en annen prosess skriver til den nå. Vent litt og prøv igjen."
DAMAGED_HINT = ("Gjenopprett filen fra sikkerhetskopi, eller bygg demodatabasen på nytt med "
                "«python -m analysis demo». Ingenting er endret i filen.")


# DuckDB's words for a lock held by another connection. Not just "lock": a truncated file's error speaks of a "block".
_LOCK_WORDS = ("could not set lock", "conflicting lock", "lock on file", "different configuration")


def is_lock_message(text: str) -> bool:
    """Tell whether a DuckDB error message is about a lock held elsewhere (worth retrying, or 'busy')."""
    low = text.lower()
    return any(w in low for w in _LOCK_WORDS)


def classify(exc: BaseException, path: object = None) -> GoLiveError | None:
    """Map a DuckDB or OS exception to a GoLiveError; None when it is not a known database fault."""
    if isinstance(exc, GoLiveError):
        return exc
    where = f" ({path})" if path else ""
    text = str(exc)
    low = text.lower()
    if getattr(exc, "errno", None) == 28 or "no space left" in low or "disk is full" in low:
        return DiskFull(f"Det er ikke plass på disken{where}; ingenting ble lagret.",
                        "Frigjør plass (eller flytt databasen med --db / GOLIVE_DB) og prøv igjen.")
    if isinstance(exc, PermissionError) or "permission denied" in low or "read-only file system" in low:
        return DatabaseReadOnly(f"Databasefilen{where} kan ikke skrives: mangler skrivetilgang.",
                                "Sjekk filrettighetene, eller bruk en annen fil med --db / GOLIVE_DB.")
    if isinstance(exc, duckdb.Error):
        if is_lock_message(text):
            return DatabaseBusy(f"Databasen{where} er låst av en annen prosess.", BUSY_HINT)
        if ("not a valid duckdb database" in low or "corrupt" in low or "could not read enough bytes" in low
                or "checksum" in low or "serialization" in low):
            return DatabaseDamaged(f"Databasefilen{where} er skadet eller ikke en DuckDB-fil.", DAMAGED_HINT)
    return None
