"""Run one normalizer over a JSON list of strings; print outputs and timings as JSON.

Runs under either virtualenv: ``khabar`` needs the project's, ``hazm`` bench/.venv-hazm.
Usage: python run_engine.py ENGINE INPUT.json OUTPUT.json
"""

from __future__ import annotations

import json
import sys
import time


def load(engine: str):  # type: ignore[no-untyped-def]
    if engine == "khabar":
        from khabar.persian import normalize

        return normalize
    if engine == "hazm":
        from hazm import Normalizer

        return Normalizer().normalize
    raise SystemExit(f"unknown engine {engine}")


def main() -> None:
    engine, src, dst = sys.argv[1:4]
    with open(src, encoding="utf-8") as fh:
        batches: dict[str, list[str]] = json.load(fh)
    fn = load(engine)
    fn("گرم کردن واژه‌نامه می‌کنیم")  # load lexicons outside the timing
    outputs: dict[str, list[str]] = {}
    timings: dict[str, float] = {}
    for name, texts in batches.items():
        start = time.perf_counter()
        outputs[name] = [fn(t) for t in texts]
        timings[name] = time.perf_counter() - start
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump({"outputs": outputs, "seconds": timings}, fh, ensure_ascii=False)


if __name__ == "__main__":
    main()
