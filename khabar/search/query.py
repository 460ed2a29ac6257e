"""Parse what a reader typed into a search query every backend can run safely.

The syntax is the one readers know from web search engines:

* words: every word must appear (in any spelling: see ``analysis``);
* ``"…"`` or ``«…»``: the words must appear together in this order (a phrase);
* ``-word`` or ``-"…"``: leave out articles that contain it.

Nothing the reader types reaches a backend as syntax: the query is cut into terms by
``analysis.analyze`` (letters and digits only), and the backends build their own
expressions from those terms. Unbalanced quotes close at the end; the text is capped in
length and number of terms, so any input gives results or an empty page, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.search.analysis import MAX_TOKEN_LENGTH, analyze

MAX_QUERY_CHARS = 500
MAX_PARTS = 12
# Spaced words also match the same letters written as one word (گفت و گو / گفتوگو,
# بین المللی / بین‌المللی): the normalizer's lexicon cannot know every compound.
_JOIN_RUN = (2, 3)
_MAX_SEGMENTED = 4

_OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "”"}
_MINUS = "-−–"

Sequence = tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One required element: any of its sequences (a term, or a phrase of terms) matches."""

    alternatives: tuple[Sequence, ...]


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    parts: tuple[Part, ...] = ()
    excluded: tuple[Sequence, ...] = ()
    truncated: bool = False
    terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (an empty query, or only exclusions)."""
        return not self.parts


def _segments(text: str) -> list[tuple[bool, bool, str]]:
    """(excluded, quoted, text) for each word or quoted phrase."""
    out: list[tuple[bool, bool, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negative = False
        if text[i] in _MINUS and i + 1 < n and not text[i + 1].isspace():
            negative = True
            i += 1
        if text[i] in _OPEN_QUOTES:
            close = _OPEN_QUOTES[text[i]]
            end = text.find(close, i + 1)
            if end == -1:
                end = n  # an unbalanced quote closes at the end
            out.append((negative, True, text[i + 1 : end]))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _OPEN_QUOTES:
            j += 1
        out.append((negative, False, text[i:j]))
        i = j
    return out


def _with_joined(terms: list[str]) -> tuple[Sequence, ...]:
    """A phrase and its spellings with spaces dropped between neighbours (up to 4 words):
    «تحریم بین المللی» also matches «تحریم بین‌المللی» and «تحریمبینالمللی»."""
    if len(terms) < 2 or len(terms) > _MAX_SEGMENTED:
        return (tuple(terms),)
    out: list[Sequence] = []
    for mask in range(1 << (len(terms) - 1)):  # bit i set: join terms i and i+1
        seq = [terms[0]]
        for i, term in enumerate(terms[1:]):
            if mask >> i & 1:
                seq[-1] += term
            else:
                seq.append(term)
        if all(len(t) <= MAX_TOKEN_LENGTH for t in seq):
            out.append(tuple(seq))
    return tuple(out)


def _run_parts(terms: list[str]) -> list[Part]:
    """Each word of an unquoted run is required, in itself or joined to a neighbour
    (or, for 2–3 words, the whole run joined: «گفت و گو» finds «گفت‌وگو»)."""
    whole = "".join(terms)
    parts = []
    for i, term in enumerate(terms):
        alternatives: list[Sequence] = [(term,)]
        if i > 0:
            alternatives.append((terms[i - 1] + term,))
        if i + 1 < len(terms):
            alternatives.append((term + terms[i + 1],))
        if _JOIN_RUN[0] < len(terms) <= _JOIN_RUN[1]:
            alternatives.append((whole,))
        parts.append(
            Part(tuple(a for a in dict.fromkeys(alternatives) if len(a[0]) <= MAX_TOKEN_LENGTH))
        )
    return parts


def parse_query(raw: str) -> ParsedQuery:
    text = raw[:MAX_QUERY_CHARS]
    parts: list[Part] = []
    excluded: list[Sequence] = []
    plain_run: list[str] = []

    def flush_run() -> None:
        if not plain_run:
            return
        terms = analyze(" ".join(plain_run))
        plain_run.clear()
        parts.extend(_run_parts(terms))

    for negative, quoted, segment in _segments(text):
        if not negative and not quoted:
            plain_run.append(segment)
            continue
        flush_run()
        terms = analyze(segment)
        if not terms:
            continue
        if negative:
            excluded.extend(_with_joined(terms))
        else:
            parts.append(Part(alternatives=_with_joined(terms)))
    flush_run()

    truncated = len(raw) > MAX_QUERY_CHARS or len(parts) > MAX_PARTS
    # The same term twice adds nothing but cost.
    unique: list[Part] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    kept = tuple(unique[:MAX_PARTS])
    terms = frozenset(t for p in kept for seq in p.alternatives for t in seq)
    return ParsedQuery(
        raw=raw,
        parts=kept,
        excluded=tuple(dict.fromkeys(excluded))[:MAX_PARTS],
        truncated=truncated,
        terms=terms,
    )
