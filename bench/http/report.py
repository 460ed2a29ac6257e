"""Markdown tables from the JSON records of run.py and soak.py (for RESULTS.md).

python bench/http/report.py bench/work/http/http-final.json bench/work/http/soak-final.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def http_report(r: dict) -> None:
    print(f"run `{r['label']}` {r['started']} → {r['finished']}, {r['articles']:,} articles, ")
    print(f"page {r['page_bytes']:,} bytes, granian {r['granian']}\n")
    print(
        "| run | connections | req/s | p50 | p99 | non-2xx/3xx | app CPU / request "
        "| load (1 min) before → after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for x in r["runs"]:
        print(
            f"| {x['name']} | {x['connections']} | {x['rps']:,.0f} | {x['p50_ms']:.2f} ms "
            f"| {x['p99_ms']:.2f} ms | {x['non_2xx_3xx']} "
            f"| {x.get('app_cpu_ms_per_request', 0):.2f} ms "
            f"| {x['load_before'][0]:.2f} → {x['load_after'][0]:.2f} |"
        )
    print()
    start = ", ".join(_mb(m["VmRSS"]) for m in r["memory_start"])
    end = ", ".join(f"{_mb(m['VmRSS'])} (peak {_mb(m['VmHWM'])})" for m in r["memory_end"])
    print(f"app workers RSS MB: at start {start}; after the run {end}\n")
    for where in ("app", "nginx"):
        values = [p.get(f"{where}_s") for p in r.get("publish_to_visible", [])]
        if values:
            shown = ", ".join("never" if v is None else f"{v:.2f}" for v in values)
            print(f"publish-to-visible via {where}: {shown} s")
    print()


def soak_report(r: dict) -> None:
    w = r["wrk"]
    print(f"soak `{r['label']}` {r['started']} → {r['finished']}, granian {r['granian']}")
    print(
        f"{r['seconds']} s, {r['connections']} connections through nginx: {w['requests']:,} "
        f"requests ({w['rps']:,.1f}/s), p50 {w['p50_ms']:.1f} ms, p99 {w['p99_ms']:.1f} ms, "
        f"status classes {w['lua']}, socket errors {w['socket_errors']}"
    )
    print(
        f"published {r['published']} (one every {r['publish_every_s']} s), not visible "
        f"afterwards: {len(r['missing'])}; slowest publish through the services "
        f"{r['publish_service_s_max']:.2f} s"
    )
    samples = r["samples"]
    loads = [s["load"][0] for s in samples]
    print(f"load average (1 min) during the soak: {min(loads):.2f}–{max(loads):.2f}")
    first = next(s for s in samples if s["t"] >= 60)
    last = samples[-1]
    for a in first["workers"]:
        b = next((m for m in last["workers"] if m["pid"] == a["pid"]), None)
        if b:
            growth = (b["VmRSS"] - a["VmRSS"]) / a["VmRSS"] * 100
            print(
                f"worker {a['pid']}: RSS {_mb(a['VmRSS'])} MB at {first['t']} s → "
                f"{_mb(b['VmRSS'])} MB at {last['t']} s ({growth:+.1f} %), peak {_mb(b['VmHWM'])} MB"
            )
    print()


def main() -> None:
    for name in sys.argv[1:]:
        record = json.loads(Path(name).read_text())
        (soak_report if "wrk" in record else http_report)(record)


if __name__ == "__main__":
    main()
