"""Log-in through Streamlit's st.login (OpenID Connect), this session's principal, the banners, and app audit rows.

The decisions are in analysis/access.py (`gate`, roles, page rules) and analysis/audit.py; this module only asks
Streamlit who is logged in, shows the log-in screen or a refusal, and remembers the principal for the session.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence

import streamlit as st

from analysis import access, audit, config, settings
from analysis.access import Principal
from ui.text import escape_md

LOG = logging.getLogger("golive")
PRINCIPAL_KEY = "_principal"
DONE_KEY = "_audited"
# st.login needs these five keys under [auth] in .streamlit/secrets.toml (docs/deployment.md).
REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
NOBODY = Principal(user="ukjent", name="ukjent", source="none")

T = {
    "login_title": "Go-live-puls",
    "login_body": "Logg inn med kommunens konto for å se dashbordet. Hva du får se, avhenger av rollen din.",
    "login_button": "Logg inn",
    "no_role": "Du er logget inn som {name}, men har ingen rolle i Go-live-puls.",
    "logout": "Logg ut",
    "refused_title": "Innlogging er ikke satt opp",
    "demo": "**Ingen innlogging — kun demodata.** Appen viser syntetiske data og åpner ingen ekte database før "
            "innlogging er satt opp (se docs/deployment.md).",
    "off": "**Innlogging er slått av (GOLIVE_AUTH=av).** Alle som når denne serveren, ser alle data og kan gjøre "
           "alt. Bruk det bare på en lukket maskin; slå på innlogging før andre får tilgang (docs/deployment.md).",
    "signed_in": "Innlogget: **{name}** · {roles}",
}


def login_configured() -> bool:
    """Tell whether [auth] in the secrets holds the five keys st.login needs (no secrets file: False)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all (StreamlitSecretNotFoundError) or an unreadable one
        return False
    return isinstance(section, Mapping) and all(section.get(k) for k in REQUIRED)


def is_logged_in() -> bool:
    """Tell whether this browser has a Streamlit log-in cookie (False where st.user has no log-in, e.g. AppTest)."""
    return bool(getattr(st.user, "is_logged_in", False))


def current_principal() -> Principal:
    """The principal of this session (set by sign_in in app.py); nobody before that."""
    return st.session_state.get(PRINCIPAL_KEY, NOBODY)


def _client() -> str | None:
    """The browser's address as Streamlit sees it (behind a proxy: the proxy's, unless it forwards)."""
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - not available in every run context (AppTest)
        return None
    return ip if isinstance(ip, str) else None  # AppTest hands out a stand-in object


def record(db: str, action: str, target: object = None, detail: object = None, ref: str | None = None) -> None:
    """Write one audit row for the current principal, from the app."""
    audit.record(db, current_principal(), action, target, detail, via="app", ref=ref)


def record_once(db: str, action: str, target: object = None, detail: object = None) -> None:
    """Write an audit row once per session for the same action, target and detail (reruns do not repeat it)."""
    key = (db, action, str(target), str(detail))
    done = st.session_state.setdefault(DONE_KEY, set())
    if key in done:
        return
    record(db, action, target, detail)
    done.add(key)


def login_ref(claims: Mapping) -> str:
    """A reference for one log-in: the same for every page load with the same ID token, new at each log-in."""
    parts = [str(claims.get(k, "")) for k in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


def sign_in(db: str, is_demo: bool) -> Principal:
    """Decide who this session is: log-in, demo without log-in, log-in off, or refusal (which stops the script).

    Shows the banner of the demo and of GOLIVE_AUTH=av on every page, and writes the log-in's audit row once.
    """
    from ui import loaders

    decision = access.gate(config.auth_mode(), login_configured(), is_demo)
    if decision.mode == "refuse":
        wall = _wall_screen(db)
        if wall is not None:
            return wall
        st.error(f"**{T['refused_title']}**  \n{escape_md(decision.message)}  \n{escape_md(decision.hint)}",
                 icon=":material/lock:")
        st.stop()
    if decision.mode in ("demo", "off"):
        client = _client()
        who = f"uten innlogging ({client})" if client and decision.mode == "off" else None
        principal = access.full_principal("demo" if decision.mode == "demo" else "av", who)
        st.session_state[PRINCIPAL_KEY] = principal
        if decision.mode == "demo":
            st.warning(T["demo"], icon=":material/lock_open:")
        else:
            st.error(T["off"], icon=":material/lock_open:")
        return principal
    if not is_logged_in():
        wall = _wall_screen(db)
        if wall is not None:
            return wall
        _login_screen()
    claims = st.user.to_dict()
    book = loaders.load_roles(str(config.roles_file()))
    principal = access.principal_from_claims(claims, book, config.groups_claim())
    st.session_state[PRINCIPAL_KEY] = principal
    _note_login(db, claims, principal, book)
    if not principal.roles:
        st.error(escape_md(T["no_role"].format(name=principal.name)) + "  \n" + escape_md(access.ASK_ADMIN),
                 icon=":material/block:")
        st.button(T["logout"], on_click=logout, args=(db,))
        st.stop()
    return principal


WALL_TOKEN_PARAM = "nokkel"


def _wall_screen(db: str) -> Principal | None:
    """The wall screen let in by GOLIVE_WALL_TOKEN (?visning=vegg&nokkel=…): figures only; None for anyone else.

    A TV cannot log in. Its URL carries a long secret instead; the session then holds the wall's principal (no
    message text, no actions, no follow-up queue) for as long as the page stays in wall mode, and the log-in row
    is written once per browser session.
    """
    if st.query_params.get("visning") != "vegg":
        return None
    if not access.wall_token_matches(st.query_params.get(WALL_TOKEN_PARAM), settings.value("GOLIVE_WALL_TOKEN")):
        return None
    principal = access.wall_principal(_client())
    st.session_state[PRINCIPAL_KEY] = principal
    record_once(db, "login", "veggskjerm", "nøkkel (GOLIVE_WALL_TOKEN)")
    return principal


def _login_screen() -> None:
    """Show the log-in screen and stop: nothing else is drawn for someone not logged in."""
    st.title(T["login_title"])
    st.write(T["login_body"])
    st.button(T["login_button"], type="primary", on_click=st.login, icon=":material/login:")
    st.stop()


def _note_login(db: str, claims: Mapping, principal: Principal, book: access.RoleBook) -> None:
    """Write the log-in's audit row once per log-in (not per page load), and a changed roles file's row."""
    ref = login_ref(claims)
    if st.session_state.get("_login_ref") == ref:
        return
    if not audit.has_login(db, ref):
        detail = f"{principal.name} via {claims.get('iss', 'OIDC')}"
        audit.record(db, principal, "login", _client() or "nettleser", detail, via="app", ref=ref)
        LOG.info("Innlogging: %s (%s)", principal.user, principal.describe())
    audit.note_roles(db, book, principal)
    st.session_state["_login_ref"] = ref


def logout(db: str) -> None:
    """Write the log-out's audit row, then log out through Streamlit (button callback)."""
    try:
        record(db, "logout")
    finally:
        st.logout()


START_SUFFIX = "-start"  # the start page's reserved (never shown) url_path is its own with this suffix


def navigation(sections: Mapping[str, Sequence[tuple[str, str, str, str]]],
               principal: Principal) -> tuple[dict[str, list], dict[int, tuple[str, str]]]:
    """Build the st.Page sections from (file, title, icon, url_path) specs: pages the role may not open are hidden.

    Hidden pages stay registered so a link to one is refused in Norwegian (guard.run_page), not "Page not found".
    Returns the sections and, per page object, its (url_path, title). The first page the role may open is the
    start page.
    """
    allowed = access.allowed_pages(principal)
    start = allowed[0] if allowed else None
    out: dict[str, list] = {}
    keys: dict[int, tuple[str, str]] = {}
    for section, specs in sections.items():
        for file, title, icon, url_path in specs:
            ok = url_path in allowed
            # The start page is served at "/"; Streamlit still reserves its url_path, which the alias below needs.
            page = st.Page(file, title=title, icon=icon, url_path=f"{url_path}{START_SUFFIX}" if url_path == start
                           else url_path, default=url_path == start, visibility="visible" if ok else "hidden")
            out.setdefault(section if ok else "", []).append(page)
            keys[id(page)] = (url_path, title)
            if url_path == start:
                # Streamlit serves the start page at "/" only: its own address (/sanntid), typed or bookmarked, would
                # show an English "Page not found" dialog. A hidden second entry runs the same page file there.
                alias = st.Page(file, title=title, icon=icon, url_path=url_path, visibility="hidden")
                out.setdefault("", []).append(alias)
                keys[id(alias)] = (url_path, title)
    return out, keys
