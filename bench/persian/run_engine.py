"""Run one normalizer over a JSON dict of string lists; write outputs and timings as JSON.

Runs under either virtualenv: ``khabar`` needs the project's, ``hazm`` bench/.venv-hazm.
Usage: python run_engine.py ENGINE INPUT.json OUTPUT.json

Times are CPU seconds of this process (time.process_time), so other work on a shared
machine does not distort them; wall-clock seconds are recorded beside them.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

REPEATS = 3


def load(engine: str) -> Callable[[str], str]:
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
    cpu: dict[str, float] = {}
    wall: dict[str, float] = {}
    # first pass: outputs, and "cold" timings (khabar's word cache starts empty)
    for name, texts in batches.items():
        w0, c0 = time.perf_counter(), time.process_time()
        outputs[name] = [fn(t) for t in texts]
        cpu[name] = time.process_time() - c0
        wall[name] = time.perf_counter() - w0
    # warm: the whole set again, best of REPEATS
    everything = [t for texts in batches.values() for t in texts]
    warm = min(_cpu_seconds(fn, everything) for _ in range(REPEATS))
    result = {
        "outputs": outputs,
        "seconds": cpu,
        "wall_seconds": wall,
        "warm_seconds_all": warm,
        "chars_all": sum(len(t) for t in everything),
    }
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


def _cpu_seconds(fn: Callable[[str], str], texts: list[str]) -> float:
    start = time.process_time()
    for text in texts:
        fn(text)
    return time.process_time() - start


if __name__ == "__main__":
    main()
