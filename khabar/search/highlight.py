"""Highlighted titles and snippets from the article's own text (escaped HTML with <mark>).

Matching is done word by word with the same analysis as the index, so a reader who
typed «سياستها» sees «سیاست‌های» marked in the text as it was published.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html import escape
from itertools import compress, count
from operator import itemgetter, or_

from django.utils.safestring import SafeString, mark_safe

from khabar.search.analysis import terms_of_words, word_terms, written_words

SNIPPET_WORDS = 32
_JOINER_KEYS = frozenset((t,) for t in ("می", "نمی"))  # a word's terms ending in «می»
_LAST = itemgetter(slice(-1, None))
_GROUP = re.Match.group
_ENDINGS = frozenset((t,) for t in ("اند", "ای", "ام", "اید", "ایم", "اش", "ات", "ایی"))
# Only the start of a long body is scanned for the snippet.
MAX_SCAN_CHARS = 6000


def _matches(words: list[str], terms: frozenset[str], keys: list | None = None) -> list[bool]:
    """Which words match; ``keys`` are their terms (``word_terms``) when already known."""
    if keys is None:
        keys = list(map(word_terms, words))  # cached per word
    hits = [not disjoint for disjoint in map(terms.isdisjoint, keys)]
    # A word the writer split with a space: «می کنیم», «خانه ای» (a lone plural «ها»
    # changes nothing: the word before it was already looked at). Only a word that does
    # not match alone and ends in «می» or comes before a lone ending is analysed as a pair.
    before_ending = map(_ENDINGS.__contains__, keys[1:])
    joiner = map(_JOINER_KEYS.__contains__, map(_LAST, keys))
    direct = hits.copy()
    for i in compress(count(), map(or_, before_ending, joiner)):
        if not direct[i]:
            pair = terms_of_words(words[i : i + 2])
            if len(pair) == 1 and pair[0] in terms:
                hits[i] = hits[i + 1] = True
    return hits


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight_all(text: str, terms: frozenset[str]) -> SafeString:
    """``text`` escaped, with every matching word marked (for titles)."""
    found = written_words(text)
    hits = _matches(list(map(_GROUP, found)), terms)
    spans = [m.span() for m in compress(found, hits)]
    return mark_safe(_render(text, spans, 0, len(text)))  # noqa: S308 (escaped above)


def snippet(
    text: str, terms: frozenset[str], *, size: int = SNIPPET_WORDS, need_match: bool = False
) -> SafeString | None:
    """The stretch of ``text`` (about ``size`` words) with the most matching words, marked.

    With ``need_match``, None when no word of the text matches.
    """
    text = text[:MAX_SCAN_CHARS]
    found = written_words(text)
    if not found:
        return None if need_match else mark_safe("")
    words = list(map(_GROUP, found))
    keys = list(map(word_terms, words))
    hits = _matches(words, terms, keys)
    best_start, best_score = 0, -1
    if need_match and not any(hits):
        return None
    # The window with the most distinct matched words; earlier wins ties.
    positions = list(compress(count(), hits))
    for k, i in enumerate(positions):
        start = max(0, i - 4)
        first = bisect_left(positions, start, 0, k + 1)
        last = bisect_left(positions, start + size, first)
        score = len({keys[j] for j in positions[first:last]})
        if score > best_score:
            best_start, best_score = start, score
    end_word = min(len(found), best_start + size) - 1
    start_char = found[best_start].start() if best_start else 0
    end_char = found[end_word].end() if end_word < len(found) - 1 else len(text)
    spans = [m.span() for m in compress(found, hits)]
    html = _render(text, spans, start_char, end_char).strip()
    if best_start:
        html = "… " + html
    if end_char < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 (escaped above)
