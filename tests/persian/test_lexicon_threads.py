"""The lexicon is built once per process, even when a web worker's threads ask at once."""

from __future__ import annotations

import threading

from khabar.persian import lexicon


def test_threads_asking_at_once_share_one_build(monkeypatch) -> None:
    built = []
    original = lexicon._build

    def counting_build():
        built.append(1)
        return original()

    monkeypatch.setattr(lexicon, "_build", counting_build)
    lexicon.get_lexicon.cache_clear()
    lexicon._built.cache_clear()
    try:
        start = threading.Barrier(4)
        found = []

        def ask() -> None:
            start.wait()
            found.append(lexicon.get_lexicon())

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(built) == 1  # each build holds ~50 MB that the process keeps
        assert len({id(lex) for lex in found}) == 1
    finally:
        lexicon.get_lexicon.cache_clear()
        lexicon._built.cache_clear()
