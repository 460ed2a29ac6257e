"""Soak: ten minutes of mixed reader load through nginx while editors publish.

The same stack as `run.py` (granian with the production settings on the 1,000,000-article
benchmark database, the shipped nginx config in front). wrk sends a mix of reader
requests through nginx (articles from across the million, home, categories, search,
feeds); meanwhile a separate editor process creates and publishes an article through
Khabar's services every few seconds. Recorded: every answer's status class (5xx must be
zero), the app workers' memory every 10 s (growth after the first minute must stay within
10 %), and afterwards whether every published article is visible (its page, through
nginx, with its title). ::

    python bench/http/soak.py --database-url postgres://postgres@127.0.0.1:5432/khabar_bench

Writes bench/work/http/soak-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run
import stack

ROOT = stack.ROOT


def mixed_paths(news_ids: tuple[int, int], categories: list[str], n: int) -> list[str]:
    """What readers ask for, in proportion: mostly articles (any of the million)."""
    rng = random.Random(1405)
    lo, hi = news_ids
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.60:
            out.append(f"/news/{rng.randint(lo, hi)}")
        elif r < 0.70:
            out.append("/")
        elif r < 0.80:
            out.append(f"/category/{rng.choice(categories)}?page={rng.randint(1, 5)}")
        elif r < 0.90:
            out.append(f"/search?q={rng.choice(run.SEARCH_WORDS)}")
        else:
            out.append(rng.choice(["/rss/", "/atom/", f"/rss/category/{rng.choice(categories)}"]))
    return [run.quote(p) for p in out]


# --- the editor process -------------------------------------------------------------------


def editor(env: dict, every: float, until: float, out: Path) -> None:
    """Create and publish an article every `every` seconds through the services."""
    stack.setup_django_here(env)
    from khabar.news import services
    from khabar.news.models import Category

    categories = list(Category.objects.all())
    rng = random.Random()
    published = []
    n = 0
    while time.time() < until:
        started = time.time()
        n += 1
        title = f"خبر آزمون پایداری شماره {n} دربارهٔ بازار {rng.choice(['نفت', 'ارز', 'سهام'])}"
        article = services.article_create(
            title=title,
            category=rng.choice(categories),
            lead="لید خبر آزمون پایداری که در میانهٔ بار خوانندگان منتشر شد.",
            body="<p>متن خبر آزمون پایداری. این خبر در میانهٔ بار خوانندگان منتشر شد.</p>",
        )
        services.article_publish(article_id=article.pk)
        published.append(
            {"news_id": article.news_id, "title": article.title, "at": time.time() - started}
        )
        out.write_text(json.dumps(published, ensure_ascii=False))
        time.sleep(max(0.0, every - (time.time() - started)))


# --- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--label", default="soak")
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--publish-every", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--editor", help=argparse.SUPPRESS)  # internal: run the editor
    args = parser.parse_args()
    workdir = ROOT / "bench" / "work" / "http"
    workdir.mkdir(parents=True, exist_ok=True)
    env = stack.app_env(database_url=args.database_url, redis_url=args.redis_url, workdir=workdir)
    if args.editor:
        editor(
            env, args.publish_every, float(args.editor), workdir / f"{args.label}-published.json"
        )
        return

    stack.collectstatic(env)
    stack.setup_django_here(env)
    from khabar.news.models import Article, Category

    public = Article.objects.published()
    news_ids = (
        public.order_by("news_id").values_list("news_id", flat=True).first(),
        public.order_by("-news_id").values_list("news_id", flat=True).first(),
    )
    categories = list(Category.objects.values_list("slug", flat=True))
    paths_file = stack.write_paths(workdir, "soak", mixed_paths(news_ids, categories, 20000))
    run.flush_caches(args.redis_url, workdir)

    app = stack.Granian(run.APP_PORT, workers=args.workers, threads=args.threads)
    procs: list = []
    samples: list[dict] = []
    report: dict = {
        "label": args.label,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "granian": " ".join(app.command()[1:]),
        "seconds": args.seconds,
        "connections": args.connections,
        "publish_every_s": args.publish_every,
    }
    published_file = workdir / f"{args.label}-published.json"
    published_file.unlink(missing_ok=True)
    try:
        app.start(env, workdir, args.label)
        procs.append(app)
        procs.append(run.front_nginx(workdir))
        stop = threading.Event()
        t0 = time.time()

        def sample() -> None:
            while not stop.wait(10):
                samples.append(
                    {"t": round(time.time() - t0), "load": stack.loadavg(), "workers": app.memory()}
                )
                w = samples[-1]["workers"]
                print(
                    f"t={samples[-1]['t']:4}s load {samples[-1]['load'][0]:.2f} "
                    f"RSS MB {[m['VmRSS'] // 1024 for m in w]}",
                    flush=True,
                )

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        editor_proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--database-url",
                args.database_url,
                "--redis-url",
                args.redis_url,
                "--label",
                args.label,
                "--publish-every",
                str(args.publish_every),
                "--editor",
                str(t0 + args.seconds - 5),
            ],
            cwd=ROOT,
        )
        result = stack.wrk(
            run.NGINX_PORT,
            connections=args.connections,
            seconds=args.seconds,
            paths_file=paths_file,
            timeout=10,
        )
        editor_proc.wait(timeout=120)
        stop.set()
        report["wrk"] = {k: v for k, v in result.__dict__.items() if k != "raw"}
        report["wrk_raw"] = result.raw
        report["samples"] = samples
        # Every published article, visible through nginx with its title (and to the app).
        published = json.loads(published_file.read_text())
        time.sleep(2)
        missing = []
        for item in published:
            article = Article.objects.get(news_id=item["news_id"])
            path = run.quote(article.get_absolute_url())
            status, _, body = stack.get(run.NGINX_PORT, path)
            if status != 200 or article.title.encode() not in body:
                missing.append({"news_id": item["news_id"], "status": status})
        report["published"] = len(published)
        report["missing"] = missing
        report["publish_service_s_max"] = max((p["at"] for p in published), default=0)
    finally:
        for proc in reversed(procs):
            proc.stop()
    first = next((s for s in samples if s["t"] >= 60), samples[0] if samples else None)
    last = samples[-1] if samples else None
    if first and last:
        growth = []
        for a in first["workers"]:
            b = next((m for m in last["workers"] if m["pid"] == a["pid"]), None)
            growth.append(None if b is None else (b["VmRSS"] - a["VmRSS"]) / a["VmRSS"])
        report["memory_growth_after_first_minute"] = growth
    log = (workdir / f"granian-{args.label}.log").read_text(errors="replace").splitlines()
    report["app_log_warnings"] = [line for line in log if "WARNING" in line or "ERROR" in line]
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    out = workdir / f"soak-{args.label}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lua = report.get("wrk", {}).get("lua", {})
    print(
        f"{report['wrk']['requests']:,} requests, {report['wrk']['rps']:,.0f}/s, "
        f"status classes {lua}, socket errors {report['wrk']['socket_errors']}; "
        f"published {report['published']}, not visible {len(report['missing'])}; "
        f"memory growth {report.get('memory_growth_after_first_minute')}"
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
