"""Where an uncached reader page spends its time: queries, their cost, and a CPU profile.

Runs Khabar in-process with the production settings against the benchmark database
(page cache bypassed: every request is a different article of the million), e.g.::

    python bench/http/profile_page.py --database-url postgres://postgres@127.0.0.1:5432/khabar_bench \
        --path-kind article --requests 300

Prints the queries of one request with their time, the mean wall time per request, and
the top of a cProfile of all of them (sorted by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup(database_url: str, redis_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="khabar.settings.production",
        KHABAR_SECRET_KEY="bench-profile-not-a-secret-" + "x" * 40,
        KHABAR_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        KHABAR_SECURE_SSL_REDIRECT="false",
        KHABAR_DB_CONN_MAX_AGE="600",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        KHABAR_LOG_LEVEL="WARNING",
        KHABAR_STATIC_ROOT=str(ROOT / "bench" / "work" / "http" / "static"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if not (ROOT / "bench" / "work" / "http" / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def paths(kind: str, n: int, lo: int, hi: int) -> list[str]:
    rng = random.Random(1405)
    if kind == "article":
        return [f"/news/{rng.randint(lo, hi)}" for _ in range(n)]
    if kind == "home":
        return [f"/?n={i}" for i in range(n)]
    if kind == "category":
        return [f"/category/politics?n={i}" for i in range(n)]
    if kind == "search":
        words = ["نفت", "بانک مرکزی", "بورس", "تهران", "دانشگاه", "قیمت", "جنگ", "وزیر"]
        return [f"/search?q={rng.choice(words)}&n={i}" for i in range(n)]
    if kind == "feed":
        return [f"/rss/?n={i}" for i in range(n)]
    raise SystemExit(f"unknown kind {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--path-kind", default="article")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--cpu", action="store_true", help="profile CPU time, not wall time")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime …")
    parser.add_argument(
        "--measure",
        action="store_true",
        help="no profiler: CPU time per request through the WSGI application (khabar.wsgi)",
    )
    args = parser.parse_args()
    setup(args.database_url, args.redis_url)
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from khabar.news.models import Article

    lo = Article.objects.order_by("news_id").values_list("news_id", flat=True).first()
    hi = Article.objects.order_by("-news_id").values_list("news_id", flat=True).first()
    client = Client()
    todo = paths(args.path_kind, args.requests + 20, lo, hi)
    for p in todo[:20]:  # warm up imports, templates, connections
        assert client.get(p).status_code in (200, 301), p
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        response = client.get(todo[20])
        one = time.perf_counter() - t
    print(
        f"{todo[20]}: {response.status_code}, {len(response.content):,} bytes, {one * 1000:.1f} ms"
    )
    for q in ctx.captured_queries:
        print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:220]}")
    reset_queries()
    if args.measure:
        measure(todo[21:])
        return
    profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for p in todo[21:]:
        client.get(p)
    profiler.disable()
    wall = (time.perf_counter() - started) / (len(todo) - 21)
    print(f"mean {wall * 1000:.2f} ms per request over {len(todo) - 21} (profiled)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


def measure(todo: list[str]) -> None:
    """CPU and wall time per request as granian runs it (khabar.wsgi.application, its page-cache
    fast path included), no test client, no profiler; queries per request from the log."""
    from io import BytesIO
    from urllib.parse import urlsplit

    from django.db import connection

    from khabar.wsgi import application

    def call(path: str) -> int:
        url = urlsplit(path)
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": url.path,
            "QUERY_STRING": url.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8710",
            "HTTP_HOST": "127.0.0.1:8710",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = application(environ, lambda s, h, e=None: status.append(s))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        return int(status[0].split()[0])

    def backend_cpu() -> float:
        """CPU seconds of this connection's PostgreSQL backend so far (same machine)."""
        if connection.vendor != "postgresql":
            return 0.0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    db_cpu = backend_cpu()
    codes: dict[int, int] = {}
    cpu, wall = time.process_time(), time.perf_counter()
    for p in todo:  # as in production: no query log (its debug cursor costs a tenth)
        code = call(p)
        codes[code] = codes.get(code, 0) + 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    db_cpu = backend_cpu() - db_cpu
    n = len(todo)
    # Python function calls per request (a count others' load on the machine cannot change)
    # and queries per request, on a quarter of the pages again under new URLs (not cached).
    connection.force_debug_cursor = True
    logged: list[int] = []  # Django empties the log when a request starts

    def counted(path: str) -> None:
        call(path)
        logged.append(len(connection.queries_log))

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [counted(p + "?calls") for p in todo[: n // 4]])
    calls = pstats.Stats(profiler).total_calls / (n // 4)
    queries = sum(logged) / len(logged) * n  # printed per request below
    connection.force_debug_cursor = False
    print(
        f"{n} requests {codes}: CPU {cpu / n * 1000:.2f} ms, PostgreSQL CPU "
        f"{db_cpu / n * 1000:.2f} ms, wall {wall / n * 1000:.2f} ms, "
        f"{queries / n:.1f} queries, {calls:,.0f} Python calls per request "
        f"(load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
