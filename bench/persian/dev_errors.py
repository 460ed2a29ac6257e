"""List khabar's misses on the dev set, word by word, to classify them (tuning aid).

    python bench/persian/dev_errors.py [--kind clean,strip_zwnj,zwnj_space] [--top 60]

Runs in-process on the dev set only (never the held-out wheels). For ``clean`` it prints
each change ``fixes`` reports; for the ZWNJ kinds, the ZWNJ words missed (FN) and the
wrong ones produced (FP), counted over the set.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from evaluate import build_cases, canonical, load_set, zwnj_words  # noqa: E402

from khabar.persian import fixes, normalize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", default="clean,strip_zwnj,zwnj_space")
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1405)
    args = parser.parse_args()
    cases = build_cases(load_set("dev")["dev"], args.seed)
    for kind in args.kind.split(","):
        rows = cases[kind]
        if kind == "clean":
            changes: collections.Counter[tuple[str, str, str]] = collections.Counter()
            for src, _gold in rows:
                for f in fixes(src):
                    changes[(f.rule, f.before, f.after)] += 1
            print(f"== clean: {sum(changes.values())} changes")
            for (rule, before, after), n in changes.most_common(args.top):
                print(f"{n:4} {rule:16} {before!r} -> {after!r}")
            continue
        fn: collections.Counter[str] = collections.Counter()
        fp: collections.Counter[str] = collections.Counter()
        for src, gold in rows:
            out = normalize(src)
            want = zwnj_words(canonical(gold))
            got = zwnj_words(canonical(out))
            fn.update(w for _, _, w in want - got)
            fp.update(w for _, _, w in got - want)
        print(f"== {kind}: FN {sum(fn.values())}, FP {sum(fp.values())}")
        print("-- missed (FN)")
        for w, n in fn.most_common(args.top):
            print(f"{n:4} {w.replace(chr(0x200C), '+')}")
        print("-- wrong (FP)")
        for w, n in fp.most_common(args.top):
            print(f"{n:4} {w.replace(chr(0x200C), '+')}")


if __name__ == "__main__":
    main()
