"""Throughput of two versions of khabar.persian side by side, on the dev batches.

    git archive <commit> khabar/persian | tar -x -C bench/work/base
    python bench/persian/compare_speed.py bench/work/base --rounds 6

Runs ``run_engine.py`` (the same timing as ``evaluate.py``: CPU time, first pass on a cold
word cache, warm best of three, article-sized texts first) alternately on the older copy
(put first on PYTHONPATH) and on the working tree, so both see the same machine load, and
prints each run and the medians. On a shared machine single runs swing by ±20 %: compare
medians of several rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from evaluate import build_cases, load_set  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", type=pathlib.Path, help="folder holding the older khabar/persian")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1405)
    args = parser.parse_args()
    cases = build_cases(load_set("dev")["dev"], args.seed)
    mixed = [c for c, _ in cases["mixed"]]
    batches = {"articles": ["\n".join(mixed[i : i + 12]) for i in range(0, len(mixed), 12)]}
    batches.update({k: [c for c, _ in rows] for k, rows in cases.items()})
    chars = sum(len(t) for k, texts in batches.items() if k != "articles" for t in texts)
    article_chars = sum(len(t) for t in batches["articles"])
    runs: dict[str, list[tuple[float, float, float]]] = {"base": [], "current": []}
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "in.json"
        dst = pathlib.Path(tmp) / "out.json"
        src.write_text(json.dumps(batches, ensure_ascii=False), encoding="utf-8")
        for _ in range(args.rounds):
            for name in runs:
                env = dict(os.environ)
                if name == "base":
                    env["PYTHONPATH"] = str(args.base.resolve())
                subprocess.run(
                    [sys.executable, str(HERE / "run_engine.py"), "khabar", str(src), str(dst)],
                    check=True,
                    cwd=ROOT,
                    env=env,
                )
                out = json.loads(dst.read_text(encoding="utf-8"))
                first = chars / sum(s for k, s in out["seconds"].items() if k != "articles")
                warm = out["chars_all"] / out["warm_seconds_all"]
                articles = article_chars / out["seconds"]["articles"]
                runs[name].append((first, warm, articles))
                load = pathlib.Path("/proc/loadavg").read_text().split()[0]
                print(
                    f"{name:8} first pass {first:>11,.0f}  warm {warm:>11,.0f}  "
                    f"articles {articles:>11,.0f} chars/s  (load {load})",
                    flush=True,
                )
    for name, rows in runs.items():
        medians = [statistics.median(r[i] for r in rows) for i in range(3)]
        print(
            f"median {name:8} first pass {medians[0]:>11,.0f}  warm {medians[1]:>11,.0f}  "
            f"articles {medians[2]:>11,.0f} chars/s"
        )


if __name__ == "__main__":
    main()
