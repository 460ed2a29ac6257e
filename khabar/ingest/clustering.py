"""Near-duplicate stories: MinHash over folded Persian word shingles, LSH to find them.

Two agencies rarely send the same words, but a story about one event shares
names, numbers and phrases. Text is folded (`khabar.persian.fold_for_search`:
letter variants, ZWNJ, diacritics, digits) so spelling differences do not
count, common function words dropped, cut into word shingles, and summarised by a datasketch
MinHash. The poller looks candidates up by LSH band keys stored in the
database (`bucket_keys`, with datasketch's banding for the threshold); the
in-memory `ClusterIndex` (datasketch `MinHashLSH`) does the same for the
evaluation in bench/ingest/cluster_eval.py. Measured on tests/fixtures/ingest
(bench/ingest/RESULTS.md).
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import TYPE_CHECKING

from khabar.persian import fold_for_search

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch (with numpy and scipy, ~90 MB) and the stop words (folding them loads the
# Persian lexicon, ~50 MB) are loaded on first use: every web process imports this
# module through the admin, and reader processes never cluster anything.

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are 32-bit hash values (datasketch >= 2)
# Chosen on the labelled set (bench/ingest/RESULTS.md): single folded words beat
# word pairs and triples, since agencies reword sentences but keep names and numbers.
SHINGLE = 1
THRESHOLD = 0.3
# The title and the opening carry the event; long bodies add agency boilerplate.
WORDS = 80

_WORD = re.compile(r"\w+")
_STOP_WORDS = [
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


@functools.cache
def _stop() -> frozenset[str]:
    return frozenset(fold_for_search(w) for w in _STOP_WORDS)


def shingles(text: str) -> set[bytes]:
    words = [w for w in _WORD.findall(fold_for_search(text)) if w not in _stop()][:WORDS]
    if len(words) < SHINGLE:
        return {w.encode() for w in words}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def signature_bytes(m: MinHash) -> bytes:
    return m.hashvalues.tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    raw = bytes(data)
    return MinHash(
        num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=np.uint32).copy()
    )


class ClusterIndex:
    """Keys (item ids) → their MinHash; `match()` gives the most similar earlier key."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

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


def assign_clusters(texts: list[str], threshold: float = THRESHOLD) -> list[int]:
    """Cluster numbers for texts taken in order, as the poller assigns them one by one."""
    index = ClusterIndex(threshold)
    clusters: list[int] = []
    for n, text in enumerate(texts):
        m = signature(text)
        match = index.match(m)
        clusters.append(clusters[match] if match is not None else n)
        index.add(n, m)
    return clusters


def pair_scores(predicted: list[int], truth: list[str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against labels."""
    tp = fp = fn = 0
    for i in range(len(truth)):
        for j in range(i + 1, len(truth)):
            same_p, same_t = predicted[i] == predicted[j], truth[i] == truth[j]
            tp += same_p and same_t
            fp += same_p and not same_t
            fn += same_t and not same_p
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


@functools.cache
def _band_ranges(threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    # datasketch chooses the bands (b) and rows (r) that minimise false positives
    # and negatives for the threshold; we reuse its choice for the stored buckets.
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges)


def bucket_keys(m: MinHash) -> list[int]:
    """One signed 64-bit key per LSH band: items sharing any key are candidates.

    The same banding as `MinHashLSH`, stored in the database (WireItemBucket) so
    every poller shares one index and none holds it in memory.
    """
    hv = m.hashvalues
    keys = []
    for band, (start, end) in enumerate(_band_ranges()):
        digest = hashlib.blake2b(
            band.to_bytes(2, "big") + hv[start:end].tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(m: MinHash, stored: bytes) -> float:
    """Estimated Jaccard similarity of `m` and a stored signature (as MinHash.jaccard,
    without building a MinHash object for every candidate)."""
    import numpy as np

    other = np.frombuffer(bytes(stored), dtype=m.hashvalues.dtype)
    return float(np.count_nonzero(m.hashvalues == other)) / NUM_PERM
