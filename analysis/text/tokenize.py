"""Normalise and tokenise chat text: words, numbers, punctuation, emoji and emoticons."""

from __future__ import annotations

import html
import re

# Work is capped so that a pasted log or a 100 000-character text stays fast; go-live messages are short.
MAX_CHARS = 4000

_TAG = re.compile(r"<[^<>]{0,300}>")
_TOKEN = re.compile(
    r"[:;=][-'^o]?[()\[\]dpb/\\|*3]"  # emoticons, already lowercased (":D" -> ":d")
    r"|<3"
    r"|[^\W\d_]+(?:[-'’][^\W_]+)*"  # words, incl. hyphenated compounds such as "e-linkmeldingene"
    r"|\d+(?:[.,:/-]\d+)*"
    r"|[.!?;]+"
    r"|[,:–—]"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50]"
)

SENTENCE_END = frozenset(".!?;")
CLAUSE_BREAK = frozenset(",:–—")

# Chunk (whitespace-free) with other characters than letters -> (its tokens, its word tokens). Chat
# reuses a small set of such chunks ("fungerer.", "(12", "e-link"), so the regex (~70 ns per
# character) runs once per chunk, not once per text. Bounded so that a stream of junk cannot grow it.
_CHUNK_MAX = 200_000
_chunks: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def normalise(text: str) -> str:
    """Lowercase, cap the length and strip HTML tags and entities."""
    if not text:
        return ""
    text = text[:MAX_CHARS]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Return the tokens of an already normalised text (the same as _TOKEN.findall(text), much faster)."""
    return tokens_and_words(text)[0]


def tokens_and_words(text: str) -> tuple[list[str], list[str]]:
    """The tokens of an already normalised text and, in order, those of them that are words."""
    # No token contains whitespace, so the text can be cut at whitespace first; a chunk of letters
    # only ("bra") is one word token, and any other chunk's tokens are looked up.
    tokens: list[str] = []
    words: list[str] = []
    get = _chunks.get
    for chunk in text.split():
        if chunk.isalpha():
            tokens.append(chunk)
            words.append(chunk)
        else:
            pair = get(chunk) or _add_chunk(chunk)
            tokens += pair[0]
            words += pair[1]
    return tokens, words


def _add_chunk(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tokenise a chunk that is not all letters and remember its tokens and word tokens."""
    tokens = tuple(_TOKEN.findall(chunk))
    if len(_chunks) >= _CHUNK_MAX:
        _chunks.clear()
    pair = _chunks[chunk] = (tokens, tuple(t for t in tokens if t[0].isalpha()))
    return pair


def is_word(token: str) -> bool:
    """True for word tokens (letters, possibly hyphenated)."""
    return token[0].isalpha()
