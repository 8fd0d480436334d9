"""The one error guard around page rendering and every form: a Norwegian message in the page, the traceback in the log.

A busy, locked, damaged or newer database, or any unexpected error, never reaches the browser as Streamlit's
English error page or a traceback. Known faults (the GoLiveError family, and DuckDB faults that
`errors.classify` recognises) say what happened and what to do; anything else says that something went
wrong, with a reference that is also in the server log beside the full traceback.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st

from analysis import errors
from ui.text import escape_md

LOG = logging.getLogger("golive")
F = TypeVar("F", bound=Callable[..., Any])

T = {
    "unexpected": "Noe gikk galt da {what} skulle vises",
    "unexpected_body": "Feilen er logget med referanse {ref}. Last inn siden på nytt; skjer det igjen, gi referansen "
                       "til den som drifter Go-live-puls. Ingen data er endret.",
    "retry": "Prøv igjen",
}


def report(exc: BaseException, what: str = "siden") -> None:
    """Show one error in the page in Norwegian and log it (known faults as warnings, others with traceback)."""
    known = errors.classify(exc)
    if known is not None:
        LOG.warning("%s: %s", what, known.text())
        st.error(f"**{escape_md(known.title)}**  \n{escape_md(known.text())}", icon=":material/error:")
        return
    ref = uuid.uuid4().hex[:8]
    LOG.error("Uventet feil i %s (ref %s)", what, ref, exc_info=exc)
    st.error(f"**{escape_md(T['unexpected'].format(what=what))}**  \n{escape_md(T['unexpected_body'].format(ref=ref))}",
             icon=":material/error:")


@contextmanager
def guard(what: str = "siden") -> Iterator[None]:
    """Run a block; an error inside it is reported in the page instead of escaping.

    Streamlit's own control flow (st.stop, st.rerun, st.switch_page) derives from BaseException and passes.
    """
    try:
        yield
    except Exception as exc:  # the boundary: everything the page or form raises ends here
        report(exc, what)


def guarded(what: str = "siden") -> Callable[[F], F]:
    """Decorate a function (a fragment, a form handler) so its errors are reported, not raised."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with guard(what):
                return fn(*args, **kwargs)
            return None

        return inner  # type: ignore[return-value]

    return wrap


def run_page(page: Any, keys: dict[int, tuple[str, str]], db: str) -> None:
    """Run the chosen page when the session's role may open it; otherwise refuse it in Norwegian and log the attempt.

    This is where page-level access is enforced: hiding a page from the navigation is not enough, because a link
    or a typed URL still reaches it.
    """
    from analysis import access
    from ui import auth

    url_path, title = keys.get(id(page), ("", "siden"))
    principal = auth.current_principal()
    if access.can_open_page(principal, url_path):
        page.run()
        return
    refusal = access.page_refusal(principal, title)
    LOG.warning("Avvist side %s for %s", url_path, principal.user)
    st.error(f"**{escape_md(refusal.title)}**  \n{escape_md(refusal.text())}", icon=":material/block:")
    auth.record_once(db, "refused", title, refusal.message)
