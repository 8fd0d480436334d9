"""Mask personal data in free text and labels before they are stored: identity numbers, phones, e-mail, names.

One module for every free-text and identifier field (chat, reports, meeting notes, tickets, unit names and
aliases, rejects files). The rules are documented in docs/text-analysis.md ("Maskering"); in short:

- The text is normalised first (Unicode spaces to a space, zero-width characters dropped, full-width forms
  to ASCII, dash variants to '-'), matched there, and only the matched spans are replaced in the ORIGINAL
  text: everything else is kept exactly as written.
- Fødselsnummer, D- and H-nummer: 11 digits with any separators (space, two spaces, '.', '-', '/').
  Written as 11 digits or 6+5 they are masked whatever the check digits (a mistyped number is still
  personal data); in any other grouping the first six digits must form a date (day +40 for D-numbers,
  month +40 for H-numbers, +80 for synthetic test numbers) or the mod-11 check digits must hold.
- Telefon: 8 digits starting with 2-9 in any grouping and with any separators, or any 8 digits after
  +47 / 0047 / (+47). Not a phone: dates, times and time ranges, year ranges (2021-2022), compact dates
  (20220507), thousands groups (45 000 000), and a run glued to letters (INC0012345) or after a ticket
  word — unless a phone word (tlf, mob, ring, …) stands right before it.
- E-post: local@domain.tld, also with spaces around '@', a full-width '＠', '(at)', '[at]', '(dot)'.
- Navn: the name after a word that introduces a patient, resident or user (pasient, pasienten, beboer,
  beboeren, bruker, brukeren, pas., pt., …): capitalised word(s), or a lowercase given name from the
  Norwegian name lists shipped with Faker (SSB's 100 most common given names per sex, and surnames).
  After "bruker" (also a verb: "vi bruker Teams") only a listed given name counts.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

FNR_MARK = "[fødselsnummer]"
PHONE_MARK = "[telefon]"
EMAIL_MARK = "[e-post]"
NAME_MARK = "[navn]"
MASK_KINDS = ("fødselsnummer", "telefon", "e-post", "navn")
_MARKS = {"fødselsnummer": FNR_MARK, "telefon": PHONE_MARK, "e-post": EMAIL_MARK, "navn": NAME_MARK}

# --- normalisation -------------------------------------------------------------------------------------------
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_TO_SPACE = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_TO_DASH = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
_TABLE = {ord(c): " " for c in _TO_SPACE}
_TABLE.update({ord(c): "-" for c in _TO_DASH})
_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if c != 0xFF0D})  # full-width ASCII forms
_TABLE[0xFE6B] = "@"  # small commercial at
_DROP = {ord(c): None for c in _ZERO_WIDTH}


def _latin1(text: str) -> bool:
    """True when every character is below U+0100 (one cheap copy; Norwegian text mostly is)."""
    return len(text.encode("latin-1", "ignore")) == len(text)


def normalise(text: str) -> tuple[str, list[int] | None]:
    """Return the text normalised for matching and, when lengths differ, each character's original index."""
    if text.isascii():
        return text, None
    if "\xa0" not in text and "\xad" not in text and _latin1(text):
        return text, None  # below U+0100 only the no-break space and the soft hyphen are normalised
    if not any(c in text for c in _ZERO_WIDTH):
        return text.translate(_TABLE), None
    chars, index = [], []
    for i, c in enumerate(text):
        if c not in _ZERO_WIDTH:
            chars.append(_TABLE.get(ord(c), c))
            index.append(i)
    return "".join(chars), index


# --- e-mail --------------------------------------------------------------------------------------------------
_AT = r"(?:\s*@\s*|\s*[\(\[\{<]\s*(?i:at|krøllalfa|snabel-a)\s*[\)\]\}>]\s*)"
_DOT = r"(?:\.|\s*[\(\[\{<]\s*(?i:dot|punktum|prikk)\s*[\)\]\}>]\s*)"
_EMAIL = re.compile(rf"[\w.%+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}(?![\w@])")

# --- digit runs (fødselsnummer and phone) -----------------------------------------------------------------------
_SEP = r"(?: ?[.\-/] ?| {1,2})"
_RUN = re.compile(rf"\d(?:{_SEP}?\d)*")
_PHONE_CUE = re.compile(
    r"(?i:(?<![^\W\d_])(?:tlf|tel|telefon\w*|mob|mobil\w*|ring\w*|sms|nr|nummer|tlf\.?nr)\.?\s*[:.]?\s*(?:nr\.?\s*)?)$")
_FNR_CUE = re.compile(r"(?i:(?:fnr|f\.nr|fødselsnr|fødselsnummer|pnr|personnr|personnummer|dnr|d-nr)\.?\s*:?\s*)$")
_TICKET_CUE = re.compile(r"(?i:(?<![^\W\d_])(?:sak|saksnr|saksnummer|ticket|inc|req|ritm|id|ordre\w*|konto\w*|"
                         r"faktura\w*|versjon)\.?\s*[:#]?\s*)$")
_PREFIX_BEFORE = re.compile(r"(?:\(\s*(?:\+|00)\s*47\s*\)|\+\s*47|\+)\s*[.\-/]?\s*$")
_DATE = re.compile(r"(?<![\d.:/-])(?:(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})|"
                   r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|"
                   r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])(?=\)))(?![.\-/]?\d)")
_TIME = re.compile(r"(?<![\d.:])(?:[01]?\d|2[0-3])[.:][0-5]\d(?:[.:][0-5]\d)?(?![.:]?\d)")
_HHMM_RANGE = re.compile(r"(?<!\d)(?:[01]\d|2[0-3])[0-5]\d ?- ?(?:[01]\d|2[0-3])[0-5]\d(?!\d)")
_FNR_WEIGHTS = ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))


def fnr_checksum_ok(digits: str) -> bool:
    """True when the two mod-11 check digits of an 11-digit fødselsnummer (or D-/H-nummer) hold."""
    nums = [int(c) for c in digits]
    for n, weights in enumerate(_FNR_WEIGHTS):
        k = (11 - sum(w * d for w, d in zip(weights, nums, strict=False)) % 11) % 11
        if k == 10 or k != nums[9 + n]:
            return False
    return True


def fnr_date_shaped(digits: str) -> bool:
    """True when the first six digits are a date: day +40 (D-nummer), month +40 (H-nummer) or +80 (test)."""
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 80 if month > 80 else month - 40 if month > 40 else month
    return 1 <= day <= 31 and 1 <= month <= 12


def _is_date8(d: str) -> bool:
    """True for a compact date ddmmyyyy or yyyymmdd with a year from 1990 to 2039."""
    def ok(day: str, month: str, year: str) -> bool:
        return 1 <= int(day) <= 31 and 1 <= int(month) <= 12 and 1990 <= int(year) <= 2039
    return ok(d[:2], d[2:4], d[4:]) or ok(d[6:], d[4:6], d[:4])


def _fnr_ok(groups: list[str]) -> bool:
    """Decide whether 11 digits in these groups are a fødselsnummer (see the module docstring)."""
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    if sizes in ([11], [6, 5]):
        return True
    if 1 <= sizes[0] <= 3 and all(s == 3 for s in sizes[1:]):  # thousands grouping: an amount unless it checks
        return fnr_checksum_ok(digits)
    return fnr_date_shaped(digits) or fnr_checksum_ok(digits)


def _phone_ok(groups: list[str], seps: list[str], cued: bool) -> bool:
    """Decide whether 8 digits (first 2-9) in these groups are a phone number rather than a figure."""
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    if cued:
        return True
    if sizes == [8]:
        return not _is_date8(digits)
    plain = {s.strip() or " " for s in seps}
    if sizes == [2, 3, 3] and len(plain) == 1 and plain <= {" ", "."}:
        return False  # 45 000 000 / 45.000.000: an amount
    if sizes == [4, 4]:
        first, second = int(groups[0]), int(groups[1])
        if 1900 <= first <= 2099 and first <= second <= 2099:
            return False  # a year range
    if sizes in ([2, 2, 4], [4, 2, 2]) and _is_date8(digits):
        return False  # a date written with spaces
    return True


def _glued_word(w: str, start: int) -> str:
    """The letters glued to the left of position `start` (empty when none)."""
    i = start
    while i > 0 and w[i - 1].isalpha():
        i -= 1
    return w[i:start]


def _after_code(groups: list[tuple[int, int]], text: list[str], code: str) -> int | None:
    """End position of the 8 digits after a country code at the start of a run (None when they are not there)."""
    if not "".join(text).startswith(code):
        return None
    need, pos = len(code) + 8, 0
    for (a, _), t in zip(groups, text, strict=True):
        if pos + len(t) >= need:
            return a + (need - pos)
        pos += len(t)
    return None


def _scan_run(w: str, m: re.Match, spans: list[tuple[int, int, str]], blocked: set[int]) -> None:
    """Find fødselsnummer and phone numbers among the digit groups of one run."""
    start = m.start()
    glued = _glued_word(w, start)
    before = w[max(0, start - 30):start]
    fnr_cued = bool(_FNR_CUE.search(before))
    phone_cued = bool(_PHONE_CUE.search(before))
    if glued and not (fnr_cued or phone_cued):
        return  # INC0012345, REQ1234567: a ticket or product number, not personal data
    ticket = bool(_TICKET_CUE.search(before)) and not phone_cued
    prefix = _PREFIX_BEFORE.search(before)
    groups: list[tuple[int, int]] = [(g.start(), g.end()) for g in re.finditer(r"\d+", m.group())]
    groups = [(start + a, start + b) for a, b in groups]
    text = [w[a:b] for a, b in groups]
    # +47 / 0047 / (+47): strip the country code, then any 8 digits are a phone number
    first = 0
    if prefix or text[0].startswith("0047"):
        if prefix:
            code = "47" if prefix.group().strip() == "+" else ""
        else:
            code = "0047"
        end = _after_code(groups, text, code)
        if end is not None and (end == groups[-1][1] or not w[end].isdigit()):
            span_start = max(0, start - 30) + prefix.start() if prefix else start
            spans.append((span_start, end, "telefon"))
            first = next((k for k, (a, _) in enumerate(groups) if a >= end), len(groups))
    i = first
    while i < len(groups):
        taken = False
        for size, kind in ((11, "fødselsnummer"), (8, "telefon")):
            total, j = 0, i
            while j < len(groups) and total < size:
                total += len(text[j])
                j += 1
            if total != size:
                continue
            window = text[i:j]
            seps = [w[groups[k][1]:groups[k + 1][0]] for k in range(i, j - 1)]
            if kind == "fødselsnummer":
                ok = _fnr_ok(window)
            else:
                cued = phone_cued and i == 0
                ok = (window[0][0] not in "01" and not ticket
                      and not any(p in blocked for p in range(groups[i][0], groups[j - 1][1]))
                      and _phone_ok(window, seps, cued))
            if ok:
                spans.append((groups[i][0], groups[j - 1][1], kind))
                i, taken = j, True
                break
        if not taken:
            i += 1


def _digit_count(run: str) -> int:
    """Digits in a run (a run holds only digits and the separators space . - /)."""
    return len(run) - run.count(" ") - run.count(".") - run.count("-") - run.count("/")


# The characters each blocking pattern can consume besides digits; and how far past its start an attempt to
# match can look (the longest match, "0700 - 0800", plus a two-character lookahead), with room to spare.
_BLOCKERS = ((_DATE, "./-"), (_TIME, ".:"), (_HHMM_RANGE, " -"))
_BLOCKER_REACH = 16


def _blocked_near(w: str, runs: list[re.Match]) -> set[int]:
    """Positions inside the dates, times and time ranges that touch the runs, as a scan of all of w finds them.

    A match consumes only digits and its pattern's few separators, so no match holds a character outside
    them: a scan that starts just after such a character before a run is in the same state as a scan from
    the start (its lookbehinds still see the text before). It stops past the run, where no attempt that
    starts inside the run looks. Phone numbers are only checked against positions inside runs; a whole-text
    scan of the three patterns costs 10-20 µs on a long text.
    """
    blocked: set[int] = set()
    for pattern, seps in _BLOCKERS:
        for run in runs:
            a, b = run.span()
            while a > 0 and (w[a - 1] in seps or w[a - 1].isdecimal()):
                a -= 1
            for m in pattern.finditer(w, a, b + _BLOCKER_REACH):
                if m.start() >= b:
                    break
                blocked.update(range(m.start(), m.end()))
    return blocked


def _number_spans(w: str) -> list[tuple[int, int, str]]:
    """Spans of fødselsnummer and phone numbers in the normalised text."""
    runs = [m for m in _RUN.finditer(w) if _digit_count(m.group()) >= 8]
    if not runs:
        return []  # dates and times only matter inside a run long enough to be a number
    blocked = _blocked_near(w, runs)
    spans: list[tuple[int, int, str]] = []
    for m in runs:
        _scan_run(w, m, spans, blocked)
    return spans


# --- names -------------------------------------------------------------------------------------------------
_NAME_CUE = re.compile(
    r"(?<![^\W\d_])(?i:pasient(?:en)?|beboer(?:en)?|bebuar(?:en)?|klient(?:en)?|tjenestemottaker(?:en)?|"
    r"brukeren|brukaren|(bruker|brukar)|(?:pas|pt)\.?)(?:(,\s*|\s*\(\s*)|:\s*| +)")
# Every cue starts with one of these (lowercased); _NAME_CUE is tried only where one stands.
_CUE_STEMS = ("pas", "pt", "beb", "bruk", "klient", "tjenestemottaker")
# Letters that match an ASCII letter under IGNORECASE without lowercasing to it (ſ, ı, K) or that change
# length when lowercased (İ): with one of them in the text the stems above cannot be looked up in lower().
_CASE_ODD = "\u017f\u0131\u212a\u0130"
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Capitalised words that are not names after a cue (sentence words, pronouns, systems in go-live talk).
_NOT_NAMES = frozenset("""
han hun de den det dette disse vi jeg du dere man som og eller men i på er var har hadde fikk får ble blir skal
kan må vil med til fra for av om ikke sin sitt sine hans hennes deres vår våre min mitt mine din seg selv etter
uten mangler sier sa står sto ligger lå trenger trengte ringte ringer melder meldte hadde mistet mottok mottar
når da nå så også bare hele alle ingen noen annen andre ny nye gammel samme rom avdeling avd enhet sengepost
journal kurve medisin medisiner legemiddel legemidler liste listen vedtak besøk tolk mat lege sykepleier
helseplattformen epic hyperspace haiku rover canto mychart helsenorge gerica cosdoc profil dips teams citrix
servicenow snow visma metavision medanets helsepersonell hjemmetjenesten sykehjem sykehjemmet legevakt
ok ja nei takk hei god godt bra dårlig""".split())
# Given names from the list that are everyday words when written in lowercase ("pasienten hans", "per time").
_LOWER_WORDS = frozenset("""
per hans dag liv mai tor tone stein finn line odd gro kim jan frank siv tom even else lene ask sol vår mina dina
bo lise tore rune""".split())


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Norwegian given names and surnames (casefolded) from Faker's nb/no person provider (SSB's top lists)."""
    try:
        from faker.providers.person.no_NO import Provider
    except ImportError:  # the package is a requirement; without it only capitalised words count
        return frozenset(), frozenset()
    given = {n.casefold() for n in (*Provider.first_names_male, *Provider.first_names_female)}
    return frozenset(given), frozenset(n.casefold() for n in Provider.last_names)


def _is_given(token: str) -> bool:
    """True when every part of a (hyphenated) token is a listed given name."""
    given, _ = name_lists()
    return all(p.casefold() in given for p in token.split("-"))


def _first_name_end(tok: str, strict: bool) -> int:
    """Length of the name in the first word after a cue (0 when it is no name); a genitive 's' is left out.

    `strict` (after the verb-like "bruker" or after a comma or parenthesis): only a listed given name counts.
    """
    if tok.isupper() and len(tok) > 1:
        return 0  # DIPS, IKT: acronyms
    given, surnames = name_lists()
    low = tok.casefold()
    genitive = low.endswith("s") and (low[:-1] in given or low[:-1] in surnames)
    stem = tok[:-1] if genitive else tok
    if stem[0].isupper():
        if _is_given(stem) or (not strict and stem.casefold() in surnames):
            return len(stem)
        if strict or low in _NOT_NAMES or len(tok) < 2:
            return 0
        return len(tok)
    if low not in _LOWER_WORDS and _is_given(tok):
        return len(tok)
    return 0


def _next_name_end(tok: str) -> int:
    """Length of the name in a word that follows a name (a middle name or surname), 0 when it ends the name."""
    given, surnames = name_lists()
    low = tok.casefold()
    if low in _NOT_NAMES or low in _LOWER_WORDS or (tok.isupper() and len(tok) > 1):
        return 0
    if tok[0].isupper():
        genitive = low.endswith("s") and (low[:-1] in given or low[:-1] in surnames)
        return len(tok) - 1 if genitive else len(tok)
    return len(tok) if low in surnames or _is_given(tok) else 0


def _cue_matches(w: str) -> list[re.Match]:
    """_NAME_CUE.finditer(w) as a list, with the pattern tried only where a cue's stem starts (same matches)."""
    if not w.isascii() and any(c in w for c in _CASE_ODD):
        return list(_NAME_CUE.finditer(w))
    low = w.lower()
    starts = set()
    for stem in _CUE_STEMS:
        i = low.find(stem)
        while i >= 0:
            starts.add(i)
            i = low.find(stem, i + 1)
    out: list[re.Match] = []
    end = 0
    for i in sorted(starts):
        if i >= end:  # as finditer: the next match starts where the last one ended, or later
            m = _NAME_CUE.match(w, i)
            if m:
                out.append(m)
                end = m.end()
    return out


def _name_spans(w: str) -> list[tuple[int, int, str]]:
    """Spans of names after the words that introduce a patient, resident or user."""
    spans: list[tuple[int, int, str]] = []
    for cue in _cue_matches(w):
        tok = _TOKEN.match(w, cue.end())
        if not tok:
            continue
        n = _first_name_end(tok.group(), strict=bool(cue.group(1) or cue.group(2)))
        if not n:
            continue
        start, end = tok.start(), tok.start() + n
        for _ in range(3):
            if n != len(tok.group()):
                break
            nxt = _TOKEN.match(w, end + 1) if w[end:end + 1] == " " else None
            if not nxt:
                break
            n = _next_name_end(nxt.group())
            if not n:
                break
            tok, end = nxt, nxt.start() + n
        spans.append((start, end, "navn"))
    return spans


# --- putting it together ----------------------------------------------------------------------------------
# Which passes run at all is decided first (most texts need none): cheap substring checks, and the exact
# hint pattern only when those leave it open. Each pass runs exactly when its hint pattern matches.
_EMAIL_HINT = re.compile(r"[@＠\ufe6b]|[\(\[\{<]\s*(?i:at|krøllalfa|snabel-a)\s*[\)\]\}>]")
_DIGITS_HINT = re.compile(r"\d\D{0,3}\d\D{0,3}\d\D{0,3}\d")
_ANY_DIGIT = re.compile(r"\d")
# "pas" and "pt" as whole words (\bpas\b), written to start with the literal so the search skips ahead.
_PAS_WORD = re.compile(r"pas(?!\w)(?<!\wpas)")
_PT_WORD = re.compile(r"pt(?!\w)(?<!\wpt)")


def _email_hint(text: str, latin1: bool) -> bool:
    """True when _EMAIL_HINT matches: an '@' (also full-width or small) or a bracketed 'at'."""
    if "@" in text or (not latin1 and ("＠" in text or "\ufe6b" in text)):
        return True
    if "(" in text or "[" in text or "{" in text or "<" in text:
        return _EMAIL_HINT.search(text) is not None
    return False


def _digits_hint(text: str, latin1: bool) -> bool:
    """True when the number pass can find anything: eight digits, and _DIGITS_HINT (four close together) matches.

    Normalising keeps the number of digits (full-width digits become ASCII ones), and a number is a run of
    eight or more: with fewer, the pass finds nothing and changes nothing.
    """
    if latin1:  # below U+0100 the only digits are 0-9
        for d in "0123456789":
            if d in text:
                break
        else:
            return False
        n = 0
        for d in "0123456789":
            n += text.count(d)
    else:
        n = len(_ANY_DIGIT.findall(text))
    return n >= 8 and _DIGITS_HINT.search(text) is not None


def _names_hint(low: str) -> bool:
    """True when the lowercased text holds a cue word's stem (pasient, beboer, bruker, … or pas / pt alone)."""
    if "pas" in low and ("pasient" in low or _PAS_WORD.search(low)):
        return True
    if "beb" in low and ("beboer" in low or "bebuar" in low):
        return True
    if "bruk" in low and ("bruker" in low or "brukar" in low):
        return True
    return ("pt" in low and _PT_WORD.search(low) is not None) or "klient" in low or "tjenestemottaker" in low


def _blank(w: str, spans: list[tuple[int, int, str]]) -> str:
    """Blank out matched spans so that later rules cannot match inside them."""
    for a, b, _ in spans:
        w = w[:a] + "\x00" * (b - a) + w[b:]
    return w


def find_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, kind) of personal data in the original text, left to right, not overlapping."""
    if not text:
        return []
    if text.isascii():
        latin1, low = True, text.lower()
    else:
        raw = text.encode("latin-1", "ignore")
        latin1 = len(raw) == len(text)
        # Lowering the Latin-1 bytes changes only A-Z, which is all the (ASCII) cue stems need; 3x faster.
        low = raw.lower().decode("latin-1") if latin1 else text.lower()
    email = _email_hint(text, latin1)
    digits = _digits_hint(text, latin1)
    names = _names_hint(low)
    if not (email or digits or names):
        return []
    w, index = normalise(text)
    spans: list[tuple[int, int, str]] = []
    if email:
        spans = [(m.start(), m.end(), "e-post") for m in _EMAIL.finditer(w)]
        w = _blank(w, spans)
    if digits:
        numbers = _number_spans(w)
        spans += numbers
        w = _blank(w, numbers)
    if names:
        spans += _name_spans(w)
    if not spans:
        return []
    spans.sort()
    if index is not None:
        spans = [(index[a], index[b - 1] + 1, k) for a, b, k in spans]
    out: list[tuple[int, int, str]] = []
    for a, b, k in spans:
        if not out or a >= out[-1][1]:
            out.append((a, b, k))
    return out


def mask_into(text: str, counts: Counter) -> str:
    """Mask one text, adding what was masked to `counts` (the fast path for bulk imports)."""
    for a, b, kind in reversed(find_spans(text)):
        text = text[:a] + _MARKS[kind] + text[b:]
        counts[kind] += 1
    return text


def mask_text(text: str | None) -> tuple[str, Counter]:
    """Replace identity numbers, phone numbers, e-mail addresses and names by markers; count each kind."""
    counts: Counter = Counter()
    return mask_into(text or "", counts), counts


def mask_value(value: object) -> str:
    """Mask a value for display in a message (never echo personal data back)."""
    return mask_text("" if value is None else str(value))[0]


def mask_identifier(value: str, counts: Counter | None = None) -> str:
    """Mask a short label (unit name, alias, ticket id); a bare numeric id is kept unless it is a valid fnr."""
    stripped = value.strip()
    if stripped.isdigit() and stripped.isascii():
        if len(stripped) == 11 and fnr_checksum_ok(stripped) and fnr_date_shaped(stripped):
            if counts is not None:
                counts["fødselsnummer"] += 1
            return value.replace(stripped, FNR_MARK)
        return value  # a ticket number such as 91234567 is the ticket's key, not a phone
    return mask_into(value, counts if counts is not None else Counter())
