"""Cluster precision and recall on the labelled fixture set (bench/ingest/corpus.py).

    .venv/bin/python bench/ingest/cluster_eval.py

Items are taken in publication order, as the poller sees them; scores are
pairwise (a pair of versions of one event put together is a true positive).
Also sweeps the threshold and the shingle size to show why the defaults were chosen.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus import ITEMS

from khabar.ingest import clustering


def texts_and_labels() -> tuple[list[str], list[str]]:
    texts = ["\n".join((t, lead, body)) for _a, _i, _e, t, lead, body, _c in ITEMS]
    return texts, [e for _a, _i, e, *_ in ITEMS]


def main() -> None:
    texts, labels = texts_and_labels()
    events = len(set(labels))
    print(
        f"{len(texts)} items, {events} events, {sum(labels.count(e) > 1 for e in set(labels))} with several versions"
    )
    print("shingle threshold precision recall clusters")
    default = clustering.SHINGLE
    for size in (1, 2, 3):
        clustering.SHINGLE = size
        for threshold in (0.1, 0.15, 0.2, 0.3, 0.4, 0.5):
            predicted = clustering.assign_clusters(texts, threshold)
            p, r = clustering.pair_scores(predicted, labels)
            mark = " <- default" if (size, threshold) == (default, clustering.THRESHOLD) else ""
            print(f"{size} {threshold:.2f} {p:.3f} {r:.3f} {len(set(predicted))}{mark}")
    clustering.SHINGLE = default
    print("words-kept threshold precision recall (single-word shingles)")
    words = clustering.WORDS
    for kept in (40, 60, 80, 120, 200):
        clustering.WORDS = kept
        for threshold in (0.25, 0.3, 0.35):
            p, r = clustering.pair_scores(clustering.assign_clusters(texts, threshold), labels)
            mark = " <- default" if (kept, threshold) == (words, clustering.THRESHOLD) else ""
            print(f"{kept} {threshold:.2f} {p:.3f} {r:.3f}{mark}")
    clustering.WORDS = words


if __name__ == "__main__":
    main()
