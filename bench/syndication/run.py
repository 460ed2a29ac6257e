"""Syndication at a million articles, on PostgreSQL.

Fills a scratch database with N public articles (one INSERT ... SELECT
generate_series, plus a few hidden ones), then times what crawlers and
aggregators ask for: the sitemap index, a full 50,000-URL article sitemap
(first and last file), the Google News sitemap, the RSS feed and a cursor
page of the API. Prints a JSON record; EXPLAIN of the keyset query too.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khabar_synd_bench \\
        .venv/bin/python bench/syndication/run.py --articles 1000000

The database is created if missing and its articles are replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the rows already there")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (it is filled with articles).")
    _ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    if not args.keep:
        _fill(connection, args.articles)

    client = Client()
    from khabar.news.models import Article

    total = Article.objects.published().count()
    first_id = (
        Article.objects.published().order_by("news_id").values_list("news_id", flat=True).first()
    )
    last_id = (
        Article.objects.published().order_by("-news_id").values_list("news_id", flat=True).first()
    )
    size = 50_000

    def timed(url: str) -> dict:
        runs, length, status = [], 0, 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            runs.append(time.perf_counter() - start)
            length, status = len(body), response.status_code
        return {
            "url": url,
            "status": status,
            "bytes": length,
            "median_ms": round(statistics.median(runs) * 1000, 1),
            "max_ms": round(max(runs) * 1000, 1),
        }

    results = [
        timed("/sitemap.xml"),
        timed(f"/sitemap-articles-{first_id // size}.xml"),
        timed(f"/sitemap-articles-{last_id // size}.xml"),
        timed("/sitemap-news.xml"),
        timed("/sitemap-categories.xml"),
        timed("/rss/"),
        timed("/atom/"),
        timed("/api/v1/articles?page_size=100"),
        timed("/api/v1/ninjs?page_size=20"),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN ANALYZE SELECT news_id, slug, updated_at, published_at FROM news_article "
            "WHERE status = 'published' AND published_at <= now() AND news_id < %s AND news_id > %s "
            "ORDER BY news_id LIMIT 5000",
            [(last_id // size + 1) * size, (last_id // size) * size - 1],
        )
        plan = [row[0] for row in cursor.fetchall()]
    record = {
        "articles_public": total,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "repeat": args.repeat,
        "results": results,
        "keyset_plan": plan,
    }
    print(json.dumps(record, ensure_ascii=False, indent=2))


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _fill(connection, n: int) -> None:
    """N public articles over the last ~3 years (the newest within the hour), 2 tags each; some hidden."""
    start = time.perf_counter()
    with connection.cursor() as c:
        c.execute("TRUNCATE news_article, news_category, news_tag RESTART IDENTITY CASCADE")
        c.execute(
            "INSERT INTO news_category (name, slug, description, position, show_on_home, created_at, updated_at) "
            "SELECT 'شاخه ' || g, 'cat-' || g, '', g, true, now(), now() FROM generate_series(1, 12) g"
        )
        c.execute(
            "INSERT INTO news_tag (name, slug, created_at, updated_at) "
            "SELECT 'برچسب ' || g, 'tag-' || g, now(), now() FROM generate_series(1, 2000) g"
        )
        columns = _article_columns(connection)
        values = {
            "news_id": "g + 999",
            "kind": "'text'",
            "overline": "''",
            "title": "'خبر آزمایشی شماره ' || g",
            "slug": "'خبر-آزمایشی-' || g",
            "lead": "'لید خبر آزمایشی برای سنجش سرعت خوراک‌ها و نقشهٔ وب‌گاه.'",
            "body": "'<p>متن خبر.</p>'",
            "category_id": "1 + g % 12",
            "house_attribution": "'به گزارش خبرگزاری'",
            "status": "CASE WHEN g % 1000 = 0 THEN 'draft' ELSE 'published' END",
            "published_at": f"now() - ((({n} - g) * 90) || ' seconds')::interval",
            "original_date_unknown": "false",
            "view_count": "0",
            "created_at": f"now() - ((({n} - g) * 90) || ' seconds')::interval",
            "updated_at": f"now() - ((({n} - g) * 90) || ' seconds')::interval",
        }
        missing = [col for col in columns if col not in values and col != "id"]
        defaults = _defaults(connection, missing)
        names = [col for col in columns if col != "id"]
        exprs = [values.get(col, defaults.get(col, "NULL")) for col in names]
        c.execute(
            f"INSERT INTO news_article ({', '.join(names)}) "
            f"SELECT {', '.join(exprs)} FROM generate_series(1, {n}) g"
        )
        c.execute(
            "INSERT INTO news_article_tags (article_id, tag_id) "
            "SELECT id, 1 + id % 2000 FROM news_article UNION ALL "
            "SELECT id, 1 + (id * 7) % 2000 FROM news_article WHERE (id * 7) % 2000 <> id % 2000"
        )
        c.execute("ANALYZE")
    print(f"filled {n} articles in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def _article_columns(connection) -> list[str]:
    with connection.cursor() as c:
        return [
            col.name for col in connection.introspection.get_table_description(c, "news_article")
        ]


def _defaults(connection, columns: list[str]) -> dict[str, str]:
    """Columns other engineers added since: their model default, else an empty value."""
    from khabar.news.models import Article

    out = {}
    for name in columns:
        field = next((f for f in Article._meta.concrete_fields if f.column == name), None)
        if field is None or field.null:
            out[name] = "NULL"
        elif field.has_default() and not callable(field.default):
            value = field.get_db_prep_value(field.default, connection)
            out[name] = connection.ops.quote_name("x") and _literal(value)
        elif field.get_internal_type() in {"BooleanField"}:
            out[name] = "false"
        elif "Integer" in field.get_internal_type():
            out[name] = "0"
        elif field.get_internal_type() == "JSONField":
            out[name] = "'{}'::jsonb"
        else:
            out[name] = "''"
    return out


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'"


if __name__ == "__main__":
    main()
