"""The HTTP API: POST /api/v1/{kind} (JSON rows, Bearer token per source), GET /api/v1/helse, OpenAPI docs.

Rows go through analysis.importers.rows_source, so the API validates, masks, scores and de-duplicates exactly like
a file import. Status codes: 200 rows imported (some may be rejected, see `errors`), 401 no valid token, 413 body
over the limit, 422 not a list of rows or no valid row, 503 database busy (Retry-After), 404 unknown kind.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from analysis import db as store
from analysis import errors
from analysis.clock import local_now
from analysis.importers.read_stage import ImportRefused
from analysis.importers.rows_source import RowsRefused, import_rows
from analysis.queries.feed_queries import Delivery
from analysis.service.state import IMPORT_KINDS, ServiceState, log_delivery

log = logging.getLogger("analysis.service")
API_VERSION = "1"
ROWS_SCHEMA = {
    "type": "array", "minItems": 1,
    "items": {"type": "object", "additionalProperties": True,
              "description": "Én rad: samme feltnavn og synonymer som filimporten (f.eks. tidspunkt, enhet, melding)."},
}
EXAMPLE_CHAT = [{"tidspunkt": "2022-05-09T14:02:00", "enhet": "Lade hjemmetjeneste", "rolle": "sykepleier",
                 "kanal": "Teams", "melding": "Fikk ikke opp medisinlisten, måtte ringe legen."}]


class TooLarge(Exception):
    """The body passed the byte limit while it was read."""


def create_app(state: ServiceState) -> FastAPI:
    """Build the FastAPI app around one service state."""
    app = FastAPI(title="Go-live-puls innmating", version=API_VERSION,
                  description="Live data inn til Go-live-puls: chat, rapporter, saker, adopsjon, HelsaMi og hendelser.")

    @app.get("/api/v1/helse", summary="Helsesjekk for overvåking (uten token)")
    def health() -> dict[str, Any]:
        """Tell whether the database answers, the schema version, and the watch folder and alert loop's state."""
        try:
            version = store.check_version(state.db)
            database = "ok"
        except Exception as exc:  # a monitor wants the state, not a traceback
            known = errors.classify(exc, state.db)
            version, database = None, known.message if known else f"{type(exc).__name__}: {exc}"
        ok = database == "ok"
        return {
            "status": "ok" if ok else "feil", "database": database, "schema_version": version,
            "sources": sorted(state.tokens.by_source), "kinds": list(IMPORT_KINDS),
            "watch_folder": str(state.watch_dir) if state.watch_dir else None, "watch_files": state.watch_seen,
            "alerts_last_run": state.last_alert_run.isoformat(timespec="seconds") if state.last_alert_run else None,
            "alerts_error": state.last_alert_error,
            "problems": list(state.tokens.problems) + list(state.alerts.problems),
        }

    @app.post(
        "/api/v1/{kind}", summary="Lever rader av én type (JSON-liste)",
        responses={401: {"description": "Mangler eller ugyldig token"}, 413: {"description": "For stort innhold"},
                   422: {"description": "Ikke en liste med rader, eller ingen gyldig rad"},
                   503: {"description": "Databasen er opptatt; prøv igjen"}},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
            "schema": ROWS_SCHEMA, "example": EXAMPLE_CHAT}}}},
    )
    async def deliver(kind: str, request: Request) -> JSONResponse:
        """Import a JSON list of rows of one kind from the source that owns the Bearer token."""
        source = state.tokens.source_for(_bearer(request))
        if source is None:
            return JSONResponse({"error": "Mangler eller ugyldig token (Authorization: Bearer …)."}, 401,
                                headers={"WWW-Authenticate": 'Bearer realm="go-live-puls"'})
        if kind not in IMPORT_KINDS:
            return JSONResponse({"error": f"Ukjent type «{kind}». Bruk {', '.join(IMPORT_KINDS)}."}, 404)
        try:
            body = await _read_limited(request, state.max_body_bytes)
        except TooLarge:
            return JSONResponse({"error": f"Innholdet er større enn {state.max_body_bytes // 1024} KiB. "
                                          "Del leveransen i flere kall."}, 413)
        try:
            rows = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return JSONResponse({"error": f"Innholdet er ikke gyldig JSON: {exc}"}, 422)
        from starlette.concurrency import run_in_threadpool  # the import blocks; keep the event loop free

        return await run_in_threadpool(_import, state, kind, source, rows)

    return app


def _bearer(request: Request) -> str | None:
    """The token of an 'Authorization: Bearer …' header, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _read_limited(request: Request, limit: int) -> bytes:
    """Read the body, refusing early when Content-Length or the bytes read pass the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _import(state: ServiceState, kind: str, source: str, rows: Any) -> JSONResponse:
    """Import the rows under the write lock, log the delivery, wake the alert loop, answer with the counts."""
    try:
        with state.write_lock:
            result, row_errors = import_rows(rows, kind, source, state.db)
            outcome = "avvist" if result.nothing_importable else "importert"
            # An import by a feed is an import like any other in the audit log: the source is its actor.
            log_delivery(state.db, Delivery(local_now(), source, "api", kind, result.filename, result.rows_read,
                                            result.imported, result.updated, result.already_present, result.rejected,
                                            outcome), f"api:{source}", f"{kind}: API", result.summary_text())
    except (RowsRefused, ImportRefused) as exc:
        return JSONResponse({"error": str(exc)}, 422)
    except errors.DatabaseBusy as exc:
        return JSONResponse({"error": str(exc)}, 503, headers={"Retry-After": "5"})
    if result.imported or result.updated:
        state.new_data.set()
    log.info("api %s %s: %s", source, kind, result.as_dict())
    answer = {"kind": kind, "source": source, **result.as_dict(),
              "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in row_errors],
              "summary": result.summary_text()}
    return JSONResponse(answer, 422 if result.nothing_importable else 200)
