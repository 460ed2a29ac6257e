"""Reader pages under load, the production way: granian, nginx in front, wrk from Debian.

Starts Khabar under granian with the production settings against the benchmark
database (1,000,000 articles from `bench/datagen.py`), nginx with the shipped
`deploy/nginx.conf`, and a second nginx serving a static copy of the same article
page (the ceiling). Then runs wrk against the article, home, category, search and
feed pages, cold and warm, through the app server alone and through nginx, and
measures publish-to-visible: an edit made through Khabar's services (in this
process, as a newsroom process would) until it shows on the cached page.

    python bench/http/run.py --database-url postgres://postgres@127.0.0.1:5432/khabar_bench \
        --label final

cold: every request asks for a page no cache holds — a different article of the
million each time, or (home, category, search, feed) a different URL (an ignored
``?n=`` parameter, different search words), with the caches flushed first (for the
article, after 3 s of other articles' pages to warm the workers up). warm:
the same URL over and over, primed first. Writes bench/work/http/http-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack

ROOT = stack.ROOT
APP_PORT, NGINX_PORT, STATIC_PORT = 8710, 8711, 8712
SEARCH_WORDS = [
    "نفت",
    "بانک مرکزی",
    "بورس",
    "تهران",
    "دانشگاه",
    "قیمت",
    "وزیر امور خارجه",
    "مجلس",
    "تورم",
    "صادرات",
    "انتخابات",
    "سلامت",
]


# --- nginx in front ---------------------------------------------------------------------------


def front_nginx(workdir: Path) -> stack.Nginx:
    """nginx with the shipped config (deploy/nginx.conf), rendered by deploy/nginx_render.py
    for this machine's ports and paths. Access log off, as for the static ceiling."""
    front = workdir / "front"
    for name in ("cache", "run", "log"):
        (front / name).mkdir(parents=True, exist_ok=True)
    conf = front / "nginx.conf"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "deploy" / "nginx_render.py"),
            f"--upstream=127.0.0.1:{APP_PORT}",
            f"--listen=127.0.0.1:{NGINX_PORT}",
            f"--static-root={workdir / 'static'}",
            f"--media-root={workdir / 'media'}",
            f"--cache-dir={front / 'cache'}",
            f"--run-dir={front / 'run'}",
            f"--log-dir={front / 'log'}",
            f"--user={'root' if os.geteuid() == 0 else ''}",
            "--access-log=off",
            f"--out={conf}",
        ],
        check=True,
    )
    nginx = stack.Nginx("front", conf, front)
    nginx.start(NGINX_PORT)
    return nginx


# --- the pages --------------------------------------------------------------------------------


# Before a cold run, a few seconds of other articles' pages: the workers' first requests pay
# one-time costs (connections, psycopg's prepared statements, the prepared querysets); a
# reader arriving at a running site does not. The caches are flushed after it.
WARMUP_PAGES = 2000


def page_paths(news_ids: tuple[int, int], categories: list[str], n: int) -> dict:
    rng = random.Random(1405)
    lo, hi = news_ids
    articles = rng.sample(range(lo, hi + 1), n + WARMUP_PAGES)
    return {
        "article": {
            "warm": f"/news/{(lo + hi) // 2}",
            "cold": [f"/news/{i}" for i in articles[:n]],
            "warmup": [f"/news/{i}" for i in articles[n:]],
        },
        "home": {"warm": "/", "cold": [f"/?n={i}" for i in range(n)]},
        "category": {
            "warm": f"/category/{categories[0]}",
            "cold": [f"/category/{categories[i % len(categories)]}?n={i}" for i in range(n)],
        },
        "search": {
            "warm": "/search?q=" + SEARCH_WORDS[1],
            "cold": [f"/search?q={rng.choice(SEARCH_WORDS)}&n={i}" for i in range(n)],
        },
        "feed": {
            "warm": "/rss/",
            "cold": [f"/rss/category/{categories[i % len(categories)]}?n={i}" for i in range(n)],
        },
    }


def flush_caches(redis_url: str, workdir: Path) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    cache = workdir / "front" / "cache"
    if cache.exists():
        for child in cache.iterdir():
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()


def quote(path: str) -> str:
    from urllib.parse import quote as q

    return q(path, safe="/?=&%")


def run_one(
    name: str, port: int, spec, *, connections: int, seconds: int, workdir: Path, app_pids=()
) -> dict:
    load_before = stack.loadavg()
    if isinstance(spec, list):
        paths_file = stack.write_paths(workdir, name, [quote(p) for p in spec])
        cpu = stack.cpu_seconds(app_pids)
        result = stack.wrk(port, connections=connections, seconds=seconds, paths_file=paths_file)
    else:
        for _ in range(3):  # prime every cache on the way
            stack.get(port, quote(spec))
        cpu = stack.cpu_seconds(app_pids)
        result = stack.wrk(port, quote(spec), connections=connections, seconds=seconds)
    cpu = stack.cpu_seconds(app_pids) - cpu
    record = asdict(result)
    record.pop("raw")
    record.update(
        name=name,
        port=port,
        connections=connections,
        seconds=seconds,
        load_before=load_before,
        load_after=stack.loadavg(),
        # The app workers' CPU per answered request: what the load of others cannot inflate
        # much (it is the work, not the wait); 0 for runs nginx answers from its cache.
        app_cpu_ms_per_request=cpu * 1000 / max(1, result.requests),
    )
    print(
        f"{name:32} {result.rps:9,.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
        f"p99 {result.p99_ms:8.2f} ms  non-2xx/3xx {result.non_2xx_3xx}  {result.lua or ''}  "
        f"app CPU {record['app_cpu_ms_per_request']:.2f} ms/req  "
        f"load {record['load_after'][0]:.2f}",
        flush=True,
    )
    return record


# --- publish to visible -----------------------------------------------------------------------


def publish_to_visible(news_id: int, ports: dict[str, int], rounds: int) -> list[dict]:
    """Edit the lead through the services (as the newsroom does, in this process); time
    until the cached article page shows it through each port. The lead, not the title,
    so the URL stays the same."""
    from django.utils.html import escape

    from khabar.news import services
    from khabar.news.models import Article

    path = quote(Article.objects.get(news_id=news_id).get_absolute_url())
    results = []
    for k in range(rounds):
        for port in ports.values():  # every cache on the way holds the page before the edit
            for _ in range(3):
                stack.get(port, path)
            time.sleep(0.2)
        article = Article.objects.get(news_id=news_id)
        started = time.perf_counter()
        stamp = f"ویرایش سنجش {k} {time.time_ns()}"
        updated = services.article_update(article=article, lead=f"{stamp} {article.lead[:200]}")
        committed = time.perf_counter() - started
        # As stored (the services normalize: Persian digits…) and as the page escapes it.
        marker = escape(" ".join(updated.lead.split(" ")[:4]))
        seen = {}
        pending = dict(ports)
        while pending and time.perf_counter() - started < 30:
            for name, port in list(pending.items()):
                status, _, body = stack.get(port, path)
                if status == 200 and marker.encode() in body:
                    seen[name] = time.perf_counter() - started
                    del pending[name]
            time.sleep(0.01)
        results.append(
            {"round": k, "commit_s": committed, **{f"{n}_s": v for n, v in seen.items()}}
        )
        print(f"publish-to-visible round {k}: {results[-1]}", flush=True)
    return results


# --- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--label", default="run")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--interface", choices=["wsgi", "asgi"], default="wsgi")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="granian --blocking-threads")
    parser.add_argument("--pages", default="article,home,category,search,feed")
    parser.add_argument("--only", default="", help="comma list of run names to keep (prefixes)")
    parser.add_argument("--publish-rounds", type=int, default=5)
    parser.add_argument(
        "--env", action="append", default=[], help="KEY=VALUE for the app server (repeatable)"
    )
    args = parser.parse_args()
    if "test_" in args.database_url.rsplit("/", 1)[-1]:
        raise SystemExit("refusing to run against a test database")

    workdir = ROOT / "bench" / "work" / "http"
    workdir.mkdir(parents=True, exist_ok=True)
    extra = dict(item.split("=", 1) for item in args.env)
    env = stack.app_env(
        database_url=args.database_url, redis_url=args.redis_url, workdir=workdir, extra=extra
    )
    print("collectstatic …", flush=True)
    stack.collectstatic(env)
    stack.setup_django_here(env)
    from khabar.news.models import Article, Category

    public = Article.objects.published()
    news_ids = (
        public.order_by("news_id").values_list("news_id", flat=True).first(),
        public.order_by("-news_id").values_list("news_id", flat=True).first(),
    )
    categories = list(Category.objects.order_by("position", "pk").values_list("slug", flat=True))
    total = public.count()
    print(f"{total:,} public articles, news IDs {news_ids[0]}–{news_ids[1]}", flush=True)
    paths = page_paths(news_ids, categories, n=20000)

    app = stack.Granian(
        APP_PORT, interface=args.interface, workers=args.workers, threads=args.threads
    )
    procs: list = []
    report: dict = {
        "label": args.label,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": total,
        "granian": " ".join(app.command()[1:]),
        "env": extra,
        "cpus": os.cpu_count(),
        "runs": [],
    }
    only = [p for p in args.only.split(",") if p]

    def keep(name: str) -> bool:
        return not only or any(name.startswith(p) for p in only)

    try:
        app.start(env, workdir, args.label)
        procs.append(app)
        front = front_nginx(workdir)
        procs.append(front)
        status, headers, page = stack.get(APP_PORT, paths["article"]["warm"])
        if status == 301:  # an earlier run edited its title: the canonical URL has a slug
            paths["article"]["warm"] = headers["location"]
            status, headers, page = stack.get(APP_PORT, paths["article"]["warm"])
        assert status == 200, status
        static = stack.static_nginx(workdir, STATIC_PORT, page)
        procs.append(static)
        report["page_bytes"] = len(page)
        report["memory_start"] = app.memory()
        targets = {"app": APP_PORT, "nginx": NGINX_PORT}
        for page_name in args.pages.split(","):
            spec = paths[page_name]
            for where, port in targets.items():
                name = f"{page_name}-cold-{where}"
                if keep(name):
                    if "warmup" in spec:  # the workers, not the caches: flushed right after
                        warmup = stack.write_paths(workdir, "warmup", spec["warmup"])
                        stack.wrk(port, connections=8, seconds=3, paths_file=warmup)
                    flush_caches(args.redis_url, workdir)
                    report["runs"].append(
                        run_one(
                            name,
                            port,
                            spec["cold"],
                            connections=32,
                            seconds=args.seconds,
                            workdir=workdir,
                            app_pids=app.workers_pids(),
                        )
                    )
                name = f"{page_name}-warm-{where}"
                if keep(name):
                    if page_name == "article" and where == "nginx":
                        report["runs"].append(
                            run_one(
                                "article-static-ceiling",
                                STATIC_PORT,
                                "/news/static",
                                connections=128,
                                seconds=args.seconds,
                                workdir=workdir,
                            )
                        )
                    report["runs"].append(
                        run_one(
                            name,
                            port,
                            spec["warm"],
                            connections=128,
                            seconds=args.seconds,
                            workdir=workdir,
                            app_pids=app.workers_pids(),
                        )
                    )
                report["runs"][-1:] and report["runs"][-1].update(memory=app.memory())
        if args.publish_rounds:
            warm_id = int(paths["article"]["warm"].split("/")[2])
            rounds = publish_to_visible(warm_id, targets, args.publish_rounds)
            report["publish_to_visible"] = rounds
            for where in targets:
                values = [r.get(f"{where}_s") for r in rounds]
                print(
                    f"publish-to-visible via {where}: max {max(v or 99 for v in values):.3f} s "
                    f"median {statistics.median(v or 99 for v in values):.3f} s"
                )
        report["memory_end"] = app.memory()
        report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        print("app workers:", report["memory_end"])
    finally:
        for proc in reversed(procs):
            proc.stop()
    log = (workdir / f"granian-{args.label}.log").read_text(errors="replace").splitlines()
    report["app_log_warnings"] = [line for line in log if "WARNING" in line or "ERROR" in line]
    print(f"app server warnings/errors: {len(report['app_log_warnings'])}")
    out = workdir / f"http-{args.label}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
