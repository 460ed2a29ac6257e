"""Print the markdown tables of RESULTS.md from the JSON files evaluate.py writes.

python bench/persian/report.py bench/persian/results-dev.json [more.json ...]
"""

from __future__ import annotations

import json
import sys

KINDS = [
    "clean",
    "strip_zwnj",
    "zwnj_space",
    "arabic_letters",
    "presentation_forms",
    "digits",
    "punctuation_spacing",
    "mixed",
]


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.2f}"


def table(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for name, corpus in data["corpora"].items():
        engines = list(corpus["engines"])
        print(f"\n**{name}** ({corpus['sentences']} sentences; `{path.rsplit('/', 1)[-1]}`)\n")
        head = "| kind | n | " + " | ".join(
            f"{e} exact % | {e} ZWNJ P % | {e} ZWNJ R %" for e in engines
        )
        print(head + " |")
        print("|" + "---|" * (2 + 3 * len(engines)))
        for kind in KINDS:
            first = corpus["engines"][engines[0]][kind]
            cells = [kind, str(first["n"])]
            for e in engines:
                d = corpus["engines"][e][kind]
                cells += [pct(d["exact"]), pct(d.get("zwnj_precision")), pct(d.get("zwnj_recall"))]
            print("| " + " | ".join(cells) + " |")
        print()
        for e in engines:
            r = corpus["engines"][e]
            speed = r["all"]
            art = r.get("articles", {}).get("chars_per_second")
            print(
                f"- {e}: clean sentences unchanged {pct(r['clean']['exact'])} % "
                f"(byte-identical {pct(r['clean']['unchanged_raw'])} %); "
                f"{speed['chars_per_second']:,.0f} chars/s first pass, "
                f"{speed.get('chars_per_second_warm', 0):,.0f} warm"
                + (f", articles {art:,.0f} cold" if art else "")
                + " (CPU time, one core)"
            )
    for e, s in data["seed_page"].items():
        print(
            f"- seed page, {e}: {s['defects_fixed']}/19 defects fixed, {s['spans_kept']}/5 spans kept"
        )


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        table(arg)
