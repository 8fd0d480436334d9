"""Mask personal data in free text before it is stored: identity numbers, phone numbers, e-mail.

Rules (deliberately erring on the side of masking, since this is health data):
- Fødselsnummer / D-nummer: ANY run of exactly 11 digits (also written 6+5 with a space, a
  no-break space or a hyphen) that is not part of a longer digit run. The mod-11 check digits are
  NOT validated: a mistyped number is still personal data, and an 11-digit false positive (an
  account number, say) costs nothing. Masked even when glued to letters ("fnr12345678901").
- Telefon: 8 digits starting with 2-9 (Norwegian numbers never start with 0 or 1), written
  "91234567", "91 23 45 67" or "912 34 567", optionally after +47 / 0047 / (+47). A run glued to
  letters is left alone so ticket numbers like INC00123456 survive; with a +47 / 0047 prefix
  any 8 digits are masked.
- E-post: anything shaped like local@domain.tld.
Not masked: dates (07.05.2022, 2022-05-07), times (14:32), ticket numbers (INC0012345),
postcodes (7030), money amounts in 3-digit groups. Compact 8-digit dates that start with 2-9
(25052022) look exactly like phone numbers and are masked: write dates with separators.
Names are not detected. Everything else in the text is kept exactly as written.
"""

from __future__ import annotations

import re
from collections import Counter

FNR_MARK = "[fødselsnummer]"
PHONE_MARK = "[telefon]"
EMAIL_MARK = "[e-post]"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# 11 digits, optionally 6+5 split by one space/nbsp/hyphen; never inside a longer digit run.
_FNR = re.compile(r"(?<!\d)(?<!\d[ \u00a0-])\d{6}[ \u00a0-]?\d{5}(?!\d)(?![ \u00a0-]\d)")
_PREFIX = r"(?:\(\+47\)|\+47|0047)[ \u00a0]?"
_GROUPED = r"(?:\d{8}|\d{2}(?:[ \u00a0]\d{2}){3}|\d{3}[ \u00a0]\d{2}[ \u00a0]\d{3})"
_PHONE_PREFIXED = re.compile(rf"(?<![\w+]){_PREFIX}{_GROUPED}(?!\d)(?![ \u00a0]\d)")
_PHONE_PLAIN = re.compile(
    r"(?<![\w+])(?<!\d[ \u00a0])(?=[2-9])" + _GROUPED + r"(?!\d)(?![ \u00a0]\d)"
)

# Cheap pre-check: every pattern above needs an '@' or 8 digits within a short stretch.
_CANDIDATE = re.compile(r"@|\d(?:[ \u00a0-]?\d){7}")
_RULES = (
    (_EMAIL, EMAIL_MARK, "e-post"),
    (_FNR, FNR_MARK, "fødselsnummer"),
    (_PHONE_PREFIXED, PHONE_MARK, "telefon"),
    (_PHONE_PLAIN, PHONE_MARK, "telefon"),
)

MASK_KINDS = ("fødselsnummer", "telefon", "e-post")


def mask_into(text: str, counts: Counter) -> str:
    """Mask one text, adding what was masked to `counts` (the fast path for bulk imports)."""
    if not text or not _CANDIDATE.search(text):
        return text
    for pattern, mark, kind in _RULES:
        text, n = pattern.subn(mark, text)
        if n:
            counts[kind] += n
    return text


def mask_text(text: str | None) -> tuple[str, Counter]:
    """Replace identity numbers, phone numbers and e-mail addresses by markers; count each kind."""
    counts: Counter = Counter()
    return mask_into(text or "", counts), counts


def mask_value(value: object) -> str:
    """Mask a value for display in a message (never echo personal data back)."""
    return mask_text("" if value is None else str(value))[0]
