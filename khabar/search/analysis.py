"""Turn Persian text into the search terms both sides of the index agree on.

The article (index side) and the reader's words (query side) go through the same
``analyze``, word by word (so the work is cached per distinct word: fast enough to
reindex thousands of articles a second):

1. ``khabar.persian.normalize`` on the word: ZWNJ restored where the lexicon knows the
   word, glued words split, presentation forms and Arabic letters replaced.
2. The word is cut at its ZWNJs and every piece goes through
   ``khabar.persian.fold_for_search`` (letter variants, digits, diacritics, case).
3. What only search needs, in this module:

   * a word written with ZWNJ becomes one term with its trailing plural pieces dropped:
     «سیاست‌های» → سیاست, «می‌کنیم» → میکنیم, «هسته‌ای» → هستهای;
   * a word without ZWNJ loses a plural ending («ها», «های», «هایش» …) only where no ZWNJ
     was needed, i.e. after a letter that does not join (ا د ذ ر ز ژ و): «کارها» → کار.
     After a joining letter the ZWNJ is what tells a plural («سیاست‌ها») from a word that
     merely ends in those letters («تنها», «نهایی», «هسته‌ای» written «هستهای»), so سیاست
     never finds سیاستمدار and تن never finds تنها;
   * words written apart are joined as the normalizer joins them in running text: a lone
     «می»/«نمی» with the next word, a lone «اند»/«ای»/… with a word in silent «ه»; a lone
     plural word is dropped. (A compound written with a space, «مرتب سازی», stays two
     terms; the query side also tries the joined form, see ``query``.)

Every term is letters and digits only, so no term can be query syntax in any backend.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, compress

from khabar.persian import fold_for_search, normalize

# Longest first: the first ending that fits is removed.
PLURAL_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها")
_PLURAL_WORDS = frozenset(PLURAL_SUFFIXES)
# Letters that never join the next one: a plural ending after them needs no ZWNJ.
_NON_JOINING = frozenset("اآأإٱدذرزژوؤءة")
# Words that end in a non-joining letter + «ها» without being plurals.
_NOT_PLURAL = frozenset(("اژدها", "اژدهای", "اژدهایی"))
_MI = frozenset(("می", "نمی"))
# Verb and pronoun endings written apart from a word in silent «ه» (شده اند، نامه ای).
_HEH_ENDINGS = frozenset(("اند", "ای", "ام", "اید", "ایم", "اش", "ات", "ایی"))
_MIN_STEM = 2
MAX_TOKEN_LENGTH = 64

_ZW = re.compile("[\u200c\u200d]+")
_TOKEN = re.compile(r"[^\W_]+")
# A written word: letters, digits, joiners and combining marks (harakat, superscript alef).
_WORD = re.compile(r"(?:[^\W_]|[\u200c\u200d\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")
# The same words for text without "_" (one character class: about twice as fast).
_WORD_NO_UNDERSCORE = re.compile(r"[\w\u200c\u200d\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
# Terms that ``terms_of_words`` may join, drop or attach (see there).
_SPECIAL = _MI | _PLURAL_WORDS | _HEH_ENDINGS
_SHORT = 16


def stem(token: str) -> str:
    """Drop a plural ending from a word written without ZWNJ, where none was needed."""
    if token in _NOT_PLURAL:
        return token
    for suffix in PLURAL_SUFFIXES:
        if token.endswith(suffix):
            rest = len(token) - len(suffix)
            if rest >= _MIN_STEM and token[rest - 1] in _NON_JOINING:
                return token[:rest]
            return token
    return token


@lru_cache(maxsize=1 << 18)
def _fold_piece(piece: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold_for_search(piece)))


def _one_word(word: str) -> tuple[str, ...]:
    pieces = [p for p in _ZW.split(word) if p]
    if len(pieces) == 1:
        return tuple(stem(t) for t in _fold_piece(pieces[0]))
    folded: list[str] = []
    for piece in pieces:
        folded.extend(_fold_piece(piece))
    while len(folded) > 1 and folded[-1] in _PLURAL_WORDS:
        folded.pop()
    return ("".join(folded),) if folded else ()


@lru_cache(maxsize=1 << 19)
def word_terms(word: str) -> tuple[str, ...]:
    """The terms of one written word, e.g. «سياستهاي» → ("سیاست",), «اقتصادایران» → two.

    The word is normalized on its own (ZWNJ restored from the lexicon, glued words split,
    presentation forms and Arabic letters replaced), cut at its ZWNJs, and every piece is
    folded by ``fold_for_search``. Cached: a news archive repeats its words.
    """
    terms: list[str] = []
    for part in normalize(word).split():
        terms.extend(_one_word(part))
    return tuple(terms)


def terms_of_words(words: list[str]) -> list[str]:
    """Terms of a sequence of written words, with the joins the normalizer may have missed.

    The rules are ``_join_terms``'s; this is the same walk made only at the terms that
    may be joined, dropped or attached (reindexing spends its time here: the rest runs
    in C — map, chain, compress).
    """
    raw = list(chain.from_iterable(map(word_terms, words)))
    if len(raw) < _SHORT or max(map(len, raw)) > MAX_TOKEN_LENGTH:
        return _join_terms(raw)  # (a query, a pair of words: the plain walk costs less)
    n = len(raw)
    out: list[str] = []
    i = 0
    for j in compress(range(n), map(_SPECIAL.__contains__, raw)):
        if j < i:  # taken by a «می» before it
            continue
        out += raw[i:j]
        tok = raw[j]
        i = j + 1
        if tok in _MI and i < n:
            tok += raw[i]
            i += 1
            if len(tok) <= MAX_TOKEN_LENGTH:
                out.append(tok)
        elif tok in _PLURAL_WORDS and out:
            pass
        elif tok in _HEH_ENDINGS and out and len(out[-1]) > 2 and out[-1].endswith("ه"):
            out[-1] += tok
        else:
            out.append(tok)
    out += raw[i:]
    return out


def _join_terms(raw: list[str]) -> list[str]:
    """Join a lone «می»/«نمی» to the next term, drop a lone plural word after another term,
    attach a lone verb/pronoun ending to a term in silent «ه», drop terms that are too long."""
    out: list[str] = []
    i = 0
    n = len(raw)
    while i < n:
        tok = raw[i]
        if tok in _MI and i + 1 < n:
            tok = tok + raw[i + 1]
            i += 1
        elif tok in _PLURAL_WORDS and out:
            i += 1
            continue
        elif tok in _HEH_ENDINGS and out and len(out[-1]) > 2 and out[-1].endswith("ه"):
            out[-1] += tok
            i += 1
            continue
        if len(tok) <= MAX_TOKEN_LENGTH:
            out.append(tok)
        i += 1
    return out


def analyze(text: str) -> list[str]:
    """The search terms of ``text``, in order (positions matter for phrases)."""
    if not text:
        return []
    return terms_of_words((_WORD if "_" in text else _WORD_NO_UNDERSCORE).findall(text))


def analyze_to_text(text: str) -> str:
    """``analyze`` joined by spaces: the text the index is built from."""
    return " ".join(analyze(text))


def written_words(text: str) -> list[re.Match[str]]:
    """The written words of ``text`` with their positions (for highlighting)."""
    return list((_WORD if "_" in text else _WORD_NO_UNDERSCORE).finditer(text))
