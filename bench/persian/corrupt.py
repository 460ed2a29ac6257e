"""Corrupt correct Persian the way scrapers, PDFs and Arabic keyboards do."""

from __future__ import annotations

import random
import re
import unicodedata

ZWNJ = "\u200c"
_PERSIAN_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")

# base letter -> {isolated, final, initial, medial} presentation forms
_FORMS: dict[str, dict[str, str]] = {}
for _cp in list(range(0xFB50, 0xFDF0)) + list(range(0xFE70, 0xFEFD)):
    _dec = unicodedata.decomposition(chr(_cp))
    if _dec.startswith("<") and len(_dec.split()) == 2:
        _tag, _code = _dec.split()
        _FORMS.setdefault(chr(int(_code, 16)), {})[_tag.strip("<>")] = chr(_cp)
_LAM_ALEF = {
    "ا": ("\ufefb", "\ufefc"),
    "آ": ("\ufef5", "\ufef6"),
    "أ": ("\ufef7", "\ufef8"),
    "إ": ("\ufef9", "\ufefa"),
}
_MARKS = re.compile(r"[\u064b-\u065f\u0670]")


def _dual(ch: str) -> bool:
    return "initial" in _FORMS.get(ch, {})


def _joinable(ch: str) -> bool:
    return "final" in _FORMS.get(ch, {})


def shape(text: str) -> str:
    """Contextual presentation forms, as a PDF extractor emits them; ZWNJ survives only as shape."""
    chars = list(text)
    out: list[str] = []
    i = 0
    n = len(chars)

    def neighbour(j: int, step: int) -> str:
        j += step
        while 0 <= j < n and _MARKS.match(chars[j]):
            j += step
        return chars[j] if 0 <= j < n else ""

    while i < n:
        ch = chars[i]
        if ch == ZWNJ:
            i += 1
            continue
        if ch not in _FORMS:
            out.append(ch)
            i += 1
            continue
        prev = neighbour(i, -1)
        nxt = neighbour(i, 1)
        joins_prev = _joinable(ch) and _dual(prev)
        if ch == "ل" and nxt in _LAM_ALEF and chars[i + 1] == nxt:
            out.append(_LAM_ALEF[nxt][1 if joins_prev else 0])
            i += 2
            continue
        joins_next = _dual(ch) and _joinable(nxt)
        form = {
            (False, False): "isolated",
            (True, False): "final",
            (False, True): "initial",
            (True, True): "medial",
        }[(joins_prev, joins_next)]
        out.append(_FORMS[ch].get(form, ch))
        i += 1
    return "".join(out)


def strip_zwnj(s: str, rng: random.Random) -> str:
    return s.replace(ZWNJ, "")


def zwnj_space(s: str, rng: random.Random) -> str:
    return s.replace(ZWNJ, " ")


def arabic_letters(s: str, rng: random.Random) -> str:
    return s.replace("ی", "ي").replace("ک", "ك")


def presentation_forms(s: str, rng: random.Random) -> str:
    return shape(s)


def digits(s: str, rng: random.Random) -> str:
    return s.translate(_PERSIAN_TO_LATIN)


_PUNCT = re.compile(r"(?:\s*([،؛؟!:.])(?![.])(\s+)(?=[\u0621-\u06d3])|\s*([،؛؟!:.])$)")


def punctuation_spacing(s: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return rng.choice([" " + m.group(1) + " ", m.group(1), " " + m.group(1)])
        return " " + m.group(3)

    # only touch punctuation after a Persian letter, never inside numbers or URLs
    return re.sub(r"(?<=[\u0621-\u06d3])" + _PUNCT.pattern, repl, s)


def mixed(s: str, rng: random.Random) -> str:
    """All of the above at once, as a badly scraped page has them."""
    out = "".join((rng.choice(["", " ", ZWNJ]) if ch == ZWNJ else ch) for ch in s)
    out = punctuation_spacing(out, rng)
    out = digits(out, rng)
    out = arabic_letters(out, rng)
    words = out.split(" ")
    if words:
        k = rng.randrange(len(words))
        words[k] = shape(words[k])
        j = rng.randrange(len(words))
        w = words[j]
        positions = [p for p in range(1, len(w)) if _dual(w[p - 1]) and _joinable(w[p])]
        if positions:
            p = rng.choice(positions)
            words[j] = w[:p] + "\u0640" + w[p:]
    return " ".join(words)


KINDS = {
    "strip_zwnj": strip_zwnj,
    "zwnj_space": zwnj_space,
    "arabic_letters": arabic_letters,
    "presentation_forms": presentation_forms,
    "digits": digits,
    "punctuation_spacing": punctuation_spacing,
    "mixed": mixed,
}
