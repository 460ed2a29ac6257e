"""The word lexicon behind ZWNJ restoration and missing-space splitting.

Loaded lazily (about 0.3 s) on the first call that needs it, from ``data/`` inside the
package. Built by ``bench/persian/build_lexicon.py`` from hazm's MIT-licensed word list
(see NOTICE).
"""

from __future__ import annotations

import functools
import gc
import gzip
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from ._chars import NON_JOINING, ZWNJ

# Personal endings of present and past verb forms.
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")


@dataclass
class Lexicon:
    """Plain words, their frequency and tags, and the ZWNJ spellings of joined forms."""

    freq: dict[str, int] = field(default_factory=dict)
    tagged: set[str] = field(default_factory=set)
    adjectives: set[str] = field(default_factory=set)
    # joined spelling (ZWNJ removed) -> the lexicon's ZWNJ spelling
    zwnj_forms: dict[str, str] = field(default_factory=dict)
    # words with ZWNJ, as written
    zwnj_words: set[str] = field(default_factory=set)
    # conjugated verb forms that may follow the می / نمی prefix
    verb_forms: set[str] = field(default_factory=set)
    past_participles: set[str] = field(default_factory=set)
    # second elements of the lexicon's ZWNJ compounds (سازی, کننده, شده …) by count
    compound_tails: dict[str, int] = field(default_factory=dict)
    # words that, after a space, may stand for a lost ZWNJ: suffix words, bound compound parts
    join_triggers: set[str] = field(default_factory=set)
    # frequent compounds whose first part the source lists without a count of its own
    # (وب‌گاه, سانتی‌متر): a space between the parts is a lost ZWNJ
    bound_pairs: set[str] = field(default_factory=set)
    # words ending in a consonant «ه» (توجه, مشابه): the lexicon also lists them + ت/ات
    # (توجهات, مشابهت), which a silent «ه» never takes
    consonant_heh: set[str] = field(default_factory=set)

    def frequency(self, word: str) -> int:
        return self.freq.get(word, 0)


def _lines(name: str) -> Iterator[str]:
    # Read line by line, not decompressed whole and split: the whole text and its list of
    # lines were a 20 MB peak that stayed in every web worker's memory after the build.
    path = resources.files(__package__).joinpath("data", name)
    with (
        path.open("rb") as raw,
        io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8") as text,
    ):
        for line in text:
            yield line.rstrip("\n")


_MISPLACED = re.compile(f"(?<=[{''.join(sorted(NON_JOINING))}]){ZWNJ}+|{ZWNJ}+(?={ZWNJ})")


def _canonical(word: str) -> str:
    """A lexicon spelling as normalize() would write it: no ZWNJ at the edges, doubled or
    after a letter that does not join (کار‌ها → کارها)."""
    return _MISPLACED.sub("", word.strip(ZWNJ))


def _build() -> Lexicon:
    lex = Lexicon()
    # 190,000 counts but only about 18,000 different values: one int object per value
    counts: dict[str, int] = {}
    for line in _lines("lexicon.tsv.gz"):
        word, count, tags = line.split("\t")
        freq = counts.setdefault(count, int(count))
        word = _canonical(word)
        if ZWNJ in word:
            lex.zwnj_words.add(word)
            tail = word.rsplit(ZWNJ, 1)[1]
            lex.compound_tails[tail] = lex.compound_tails.get(tail, 0) + 1
            joined = word.replace(ZWNJ, "")
            old = lex.zwnj_forms.get(joined)
            if old is None or freq > lex.freq.get(old, 0):
                lex.zwnj_forms[joined] = word
        # spellings that differ only by a misplaced ZWNJ (زمان‌ and زمان) are one word: keep
        # the larger count, not the last one read
        lex.freq[word] = max(freq, lex.freq.get(word, 0))
        if tags:
            lex.tagged.add(word)
            if "AJ" in tags.split(","):
                lex.adjectives.add(word)
    for line in _lines("verbs.tsv.gz"):
        past, _, presents = line.partition("\t")
        for stem in presents.split():
            if stem == "یا":
                continue
            for end in _PRESENT_ENDINGS:
                lex.verb_forms.add(stem + end)
                if stem[-1] in "اوآ":
                    lex.verb_forms.add(stem + "ی" + end if end[:1] != "ی" else stem + "ی" + end[1:])
                    lex.verb_forms.add(stem + "ی" + end)
        past = past.strip()
        if past:
            for end in _PAST_ENDINGS:
                lex.verb_forms.add(past + end)
            lex.past_participles.add(past + "ه")
    lex.verb_forms.discard("")
    # the impersonal «(ن)می‌توان» (one can): a bare present stem after می
    lex.verb_forms.add("توان")
    from .zwnj import BOUND_TAILS, HEH_WORDS, PLURAL_WORDS

    lex.join_triggers = {
        w.rsplit(ZWNJ, 1)[1] for w in lex.zwnj_words if w.rsplit(ZWNJ, 1)[1] not in lex.freq
    }
    lex.join_triggers |= (
        BOUND_TAILS | HEH_WORDS | PLURAL_WORDS | {"ترین", "تان", "شان", "مان", "نامه"}
    )
    lex.bound_pairs = {w for w in lex.zwnj_words if _bound_pair(w, lex)}
    lex.consonant_heh = {
        w
        for w in lex.tagged
        if w.endswith("ه") and (w + "ات" in lex.tagged or w + "ت" in lex.tagged)
    }
    lex.join_triggers |= {w.split(ZWNJ)[1] for w in lex.bound_pairs}
    return lex


# A compound counts as a bound pair when the source saw it this often (and its first part
# never on its own); the second part must not be a verb form (ول کن, نشأت گرفته are verbs).
_BOUND_PAIR_MIN = 100_000


def _bound_pair(word: str, lex: Lexicon) -> bool:
    if word.count(ZWNJ) != 1 or lex.frequency(word) < _BOUND_PAIR_MIN:
        return False
    head, tail = word.split(ZWNJ)
    # (not the vocative ای, nor a word form in ی: وقتی که, یکی یکی are spaced)
    if lex.freq.get(head, 0) != 0 or head == "ای" or head[-1] == "ی":
        return False
    if tail.startswith("ال"):  # Arabic phrases (بسم الله, لیله القدر) are written spaced too
        return False
    return not (
        tail in lex.verb_forms or tail + "د" in lex.verb_forms or tail in lex.past_participles
    )


_BUILDING = threading.Lock()


@functools.cache
def _built() -> Lexicon:
    return _build()


@functools.cache
def get_lexicon() -> Lexicon:
    """The shared, read-only lexicon (built once per process, on first use).

    Built under a lock: the threads of a web worker that all search at once would each
    build their own (~50 MB apiece), and the process would keep that memory.
    """
    with _BUILDING:
        lexicon = _built()
    # Hundreds of thousands of entries that live as long as the process: out of the
    # garbage collector's full passes (each would walk them all, ~25 ms).
    gc.freeze()
    return lexicon
