"""Bearer tokens per source from GOLIVE_API_TOKENS ("kilde=token,kilde2=token2"), checked in constant time."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from analysis.alerts import env

MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class Tokens:
    """Source name → token, and what was wrong with the setting (Norwegian)."""

    by_source: dict[str, str]
    problems: tuple[str, ...] = ()

    def source_for(self, presented: str | None) -> str | None:
        """The source whose token this is, or None; every token is compared (no early exit on a match)."""
        if not presented:
            return None
        found = None
        for source, token in self.by_source.items():
            if hmac.compare_digest(presented.encode("utf-8"), token.encode("utf-8")):
                found = source
        return found


def parse_tokens(raw: str | None) -> Tokens:
    """Parse "kilde=token,kilde2=token2"; bad or short entries are reported, never shown."""
    out: dict[str, str] = {}
    problems = []
    for n, part in enumerate((raw or "").split(","), start=1):
        if not part.strip():
            continue
        source, sep, token = part.partition("=")
        source, token = source.strip(), token.strip()
        if not sep or not source or not token:
            problems.append(f"{env.API_TOKENS}: oppføring {n} er ikke «kilde=token»; den brukes ikke.")
            continue
        if len(token) < MIN_TOKEN_CHARS:
            problems.append(f"{env.API_TOKENS}: tokenet for «{source}» er kortere enn {MIN_TOKEN_CHARS} tegn.")
        if source in out:
            problems.append(f"{env.API_TOKENS}: kilden «{source}» står mer enn én gang; den siste gjelder.")
        out[source] = token
    return Tokens(out, tuple(problems))


def load_tokens() -> Tokens:
    """The tokens in force now."""
    return parse_tokens(env.setting(env.API_TOKENS, ""))
