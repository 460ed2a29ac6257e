"""Highlighted titles and snippets from the article's own text (escaped HTML with <mark>).

Matching is done word by word with the same analysis as the index, so a reader who
typed «سياستها» sees «سیاست‌های» marked in the text as it was published.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from khabar.search.analysis import terms_of_words, word_terms, written_words

SNIPPET_WORDS = 32
_JOINERS = frozenset(("می", "نمی"))
_ENDINGS = frozenset((t,) for t in ("اند", "ای", "ام", "اید", "ایم", "اش", "ات", "ایی"))
# Only the start of a long body is scanned for the snippet.
MAX_SCAN_CHARS = 6000


def _matches(words: list[str], terms: frozenset[str]) -> list[bool]:
    hits = [False] * len(words)
    for i, word in enumerate(words):
        keys = word_terms(word)
        if not terms.isdisjoint(keys):
            hits[i] = True
        elif i + 1 < len(words) and (
            (keys and keys[-1] in _JOINERS) or word_terms(words[i + 1]) in _ENDINGS
        ):
            # a word the writer split with a space: «می کنیم», «خانه ای» (a lone plural
            # «ها» changes nothing: the word before it was already looked at)
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
    hits = _matches([m.group() for m in found], terms)
    spans = [(m.start(), m.end()) for m, hit in zip(found, hits, strict=True) if hit]
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
    words = [m.group() for m in found]
    hits = _matches(words, terms)
    best_start, best_score = 0, -1
    if need_match and not any(hits):
        return None
    if any(hits):
        # The window with the most distinct matched words; earlier wins ties.
        for i, hit in enumerate(hits):
            if not hit:
                continue
            start = max(0, i - 4)
            window = {
                word_terms(words[j]) for j in range(start, min(len(words), start + size)) if hits[j]
            }
            if len(window) > best_score:
                best_start, best_score = start, len(window)
    end_word = min(len(found), best_start + size) - 1
    start_char = found[best_start].start() if best_start else 0
    end_char = found[end_word].end() if end_word < len(found) - 1 else len(text)
    spans = [(m.start(), m.end()) for m, hit in zip(found, hits, strict=True) if hit]
    html = _render(text, spans, start_char, end_char).strip()
    if best_start:
        html = "… " + html
    if end_char < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 (escaped above)
