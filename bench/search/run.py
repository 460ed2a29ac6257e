"""Search benchmark: index build, reindex rate and query latency through Khabar's own search.

    python bench/search/run.py --database-url URL --articles N [--reindex] [--queries 200]

Generates the articles first if the database has fewer (bench/datagen.py), then, with
``--reindex``, rebuilds the index with ``khabar.search.api.rebuild`` (time, rate, size),
then times ``khabar.search.api.search`` (what the /search page calls: ranking, article
loading and highlighted snippets) for rare-word, common-word, phrase and filtered
queries, and writes a JSON report beside this file in bench/work/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import datagen  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def query_sets(rng: random.Random, n: int) -> dict[str, list[dict]]:
    from khabar.news.models import Category, Tag

    gen = datagen.Generator()
    vocab = gen.vocab
    cats = list(Category.objects.values_list("pk", flat=True))
    tags = list(Tag.objects.filter(slug__startswith="bench-tag-").order_by("pk")[:50])
    common_words = [
        "این",
        "دوستان",
        "گزارش",
        "وزیر",
        "تهران",
        "دانشگاه",
        "در",
        "جنگ",
        "نرخ",
        "قیمت",
    ]
    common_pairs = ["وزیر خارجه", "قیمت نفت", "نرخ تورم", "بانک مرکزی", "دوستان دانشگاه"]
    phrases = [
        '"وزیر امور خارجه"',
        '"بانک مرکزی"',
        '"شاخص کل بورس"',
        '"نرخ تورم"',
        '"سیاست‌های اقتصادی"',
        '"تحریم های بین المللی"',
        '"گفت و گو"',
        "«قیمت مسکن»",
    ]
    end = date(2026, 11, 20)

    def window() -> tuple[date, date]:
        start = end - timedelta(days=rng.randint(30, 5 * 365))
        return start, start + timedelta(days=90)

    out: dict[str, list[dict]] = {"rare word": [], "common word": [], "phrase": [], "filtered": []}
    for i in range(n):
        out["rare word"].append({"query": rng.choice(vocab[20_000:50_000])})
        out["common word"].append(
            {
                "query": common_words[i % len(common_words)]
                if i % 2
                else common_pairs[i % len(common_pairs)]
            }
        )
        out["phrase"].append({"query": phrases[i % len(phrases)]})
        kind = i % 3
        item: dict = {"query": common_words[i % len(common_words)]}
        if kind == 0:
            item["category"] = rng.choice(cats)
        elif kind == 1:
            item["date_from"], item["date_to"] = window()
        else:
            item["tag"] = rng.choice(tags).pk if tags else None
        out["filtered"].append(item)
    return out


def _server_process() -> int | None:
    """The PostgreSQL server process of this connection, if it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def run_queries(n: int, seed: int = 7) -> dict:
    from khabar.news.models import Category, Tag
    from khabar.search import api

    rng = random.Random(seed)
    sets = query_sets(rng, n)
    cats = {c.pk: c for c in Category.objects.all()}
    tags = {t.pk: t for t in Tag.objects.filter(slug__startswith="bench-tag-")}

    def call(item: dict):
        return api.search(
            query=item["query"],
            category=cats.get(item.get("category")),
            tag=tags.get(item.get("tag")),
            date_from=item.get("date_from"),
            date_to=item.get("date_to"),
        )

    for items in sets.values():  # warm the caches and the page cache
        for item in items[:20]:
            call(item)
    report = {}
    server = _server_process()
    for name, items in sets.items():
        times, cpu, totals = [], [], []
        server_start = _cpu_seconds(server)
        for item in items:
            t, c = time.perf_counter(), time.process_time()
            results = call(item)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            totals.append(results.total)
        report[name] = {
            "queries": len(items),
            "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "p99_ms": round(percentile(times, 99), 2),
            # This process's CPU time: all of the work on SQLite (embedded), the Python side
            # only on PostgreSQL. Others' load on the shared machine inflates it least.
            "cpu_p50_ms": round(percentile(cpu, 50), 2),
            "cpu_p95_ms": round(percentile(cpu, 95), 2),
            "mean_results": round(statistics.mean(totals), 1),
            "examples": sorted({i["query"] for i in items})[:6],
        }
        if server is not None:
            # PostgreSQL's process for this connection (same machine): its CPU time is
            # counted in clock ticks (10 ms), so only the mean over the class means much.
            used = _cpu_seconds(server) - server_start
            report[name]["server_cpu_mean_ms"] = round(used / len(items) * 1000, 2)
        print(
            f"{name:12s} p50 {report[name]['p50_ms']:7.2f} ms  p95 {report[name]['p95_ms']:7.2f} ms"
            f"  p99 {report[name]['p99_ms']:7.2f} ms  cpu p50/p95 {report[name]['cpu_p50_ms']:.1f}/"
            f"{report[name]['cpu_p95_ms']:.1f} ms"
            + (
                f"  server cpu mean {report[name]['server_cpu_mean_ms']:.1f} ms"
                if "server_cpu_mean_ms" in report[name]
                else ""
            )
            + f"  (mean results {report[name]['mean_results']})"
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--seed", type=int, default=7, help="another seed draws other words and filters"
    )
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--backend", default="", help="KHABAR_SEARCH_BACKEND (default: by database)"
    )
    args = parser.parse_args()
    datagen.setup_django(args.database_url)
    if args.backend:
        from django.conf import settings as django_settings

        django_settings.KHABAR_SEARCH_BACKEND = args.backend
    from django.conf import settings
    from django.db import connection

    from khabar.news.models import Article
    from khabar.search import api

    report: dict = {
        "database": connection.vendor,
        "backend": settings.KHABAR_SEARCH_BACKEND,
        "load_average_before": os.getloadavg(),
    }
    t = time.perf_counter()
    added = datagen.write(args.articles)
    if added:
        report["generate_s"] = round(time.perf_counter() - t, 1)
    report["articles"] = Article.objects.count()
    if args.reindex:
        t = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 5 or done == total:
                last[0] = time.perf_counter()
                print(f"indexed {done}/{total}", file=sys.stderr)

        count = api.rebuild(workers=args.workers, progress=progress)
        elapsed = time.perf_counter() - t
        report["reindex"] = {
            "articles": count,
            "seconds": round(elapsed, 1),
            "articles_per_s": round(count / elapsed),
            "workers": args.workers,
            "index_mb": round((api.index_size_bytes() or 0) / 1e6, 1),
        }
        print(report["reindex"])
    report["indexed"] = api.indexed_count()
    report["queries"] = run_queries(args.queries, seed=args.seed)
    report["load_average_after"] = os.getloadavg()
    print(f"load average {report['load_average_before']} → {report['load_average_after']}")
    out = ROOT / "bench" / "work" / f"search-{args.label or connection.vendor}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"report: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
