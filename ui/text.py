"""Safe text for Markdown: user text is escaped so it can never run, link or restyle the page."""

from __future__ import annotations

import re

# Every ASCII punctuation mark that Markdown, GFM or Streamlit's extensions give a meaning to
# (emphasis, links, HTML, headings, lists, tables, LaTeX `$`, directives like `:red[…]`).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&$:=\"'^%@/])")
# GFM turns bare URLs and e-mail addresses into links even when escaped: an invisible word joiner
# after the scheme, "www" or before "@" stops that without changing what a reader sees.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=\\?[:.])|(?=\\@)")
WORD_JOINER = "\u2060"


def escape_md(text: object) -> str:
    """Return `text` with Markdown's special characters backslash-escaped and lines kept apart."""
    if text is None:
        return ""
    body = _SPECIAL.sub(r"\\\1", str(text))
    body = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, body)
    # A hard line break per newline; never a blank line, which could start a new block.
    return "  \n".join(line.strip() for line in body.splitlines() if line.strip())
