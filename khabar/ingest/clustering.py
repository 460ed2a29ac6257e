"""Near-duplicate stories: MinHash over folded Persian word shingles, LSH to find them.

Two agencies rarely send the same words, but a story about one event shares
names, numbers and phrases. Text is folded (`khabar.persian.fold_for_search`:
letter variants, ZWNJ, diacritics, digits) so spelling differences do not
count, cut into overlapping word 3-grams, and summarised by a datasketch
MinHash; `MinHashLSH` finds candidates whose estimated Jaccard similarity
passes the threshold. Measured on tests/fixtures/ingest (bench/ingest/RESULTS.md).
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from khabar.persian import fold_for_search

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are 32-bit hash values (datasketch >= 2)
SHINGLE = 2
THRESHOLD = 0.2
# The title and the opening carry the event; long bodies add agency boilerplate.
WORDS = 120

_WORD = re.compile(r"\w+")
_STOP = frozenset(
    fold_for_search(w)
    for w in [
        "و",
        "در",
        "به",
        "از",
        "که",
        "این",
        "را",
        "با",
        "است",
        "برای",
        "آن",
        "یک",
        "تا",
        "هم",
        "شد",
        "می",
        "شده",
        "بود",
        "کرد",
        "کرده",
        "گفت",
        "ای",
        "های",
        "خود",
        "نیز",
        "اما",
        "پس",
        "بر",
        "ها",
        "شود",
        "باید",
        "دارد",
        "دو",
        "سه",
        "گزارش",
        "خبرگزاری",
        "نقل",
        "قول",
        "همچنین",
    ]
)


def shingles(text: str) -> set[bytes]:
    words = [w for w in _WORD.findall(fold_for_search(text)) if w not in _STOP][:WORDS]
    if len(words) < SHINGLE:
        return {w.encode() for w in words}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def signature_bytes(m: MinHash) -> bytes:
    return m.hashvalues.tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    raw = bytes(data)
    return MinHash(
        num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=np.uint32).copy()
    )


class ClusterIndex:
    """Keys (item ids) → their MinHash; `match()` gives the most similar earlier key."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[int, MinHash] = {}

    def add(self, key: int, m: MinHash) -> None:
        if key not in self.signatures:
            self.lsh.insert(key, m)
            self.signatures[key] = m

    def match(self, m: MinHash) -> int | None:
        best, best_score = None, self.threshold
        for key in self.lsh.query(m):
            score = m.jaccard(self.signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best
