"""Measure the newsroom's article list at a million articles (not a test; run by hand).

    createdb -h 127.0.0.1 -U postgres khabar_newsroom   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khabar_newsroom \\
      DJANGO_SETTINGS_MODULE=khabar.settings.dev .venv/bin/python bench/newsroom/changelist.py

Fills the database (PostgreSQL only, with generate_series) up to N articles, then
times admin list pages through Django's test client and prints each page's
queries' total time and the slowest query. Results: docs/newsroom.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import django

N = int(os.environ.get("BENCH_ARTICLES", "1000000"))


def fill() -> None:
    from django.db import connection

    from khabar.news.models import Article, Category

    have = Article.objects.count()
    if have >= N:
        return
    cats = [
        Category.objects.get_or_create(name=f"شاخه {i}", slug=f"bench-{i}")[0] for i in range(12)
    ]
    ids = [c.pk for c in cats]
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO news_article (created_at, updated_at, news_id, kind, overline, title, slug,
                lead, body, category_id, house_attribution, status, published_at,
                original_date_unknown, view_count, version, text_review)
            SELECT now(), now(), 5000000 + g, 'text', '', 'خبر شماره ' || g || ' درباره بازار و بودجه',
                'khabar-' || g, '', '<p>متن</p>', (%s::bigint[])[1 + g %% %s], '',
                CASE WHEN g %% 50 = 0 THEN 'draft' WHEN g %% 97 = 0 THEN 'in_review' ELSE 'published' END,
                CASE WHEN g %% 50 = 0 OR g %% 97 = 0 THEN NULL
                     ELSE now() - (g || ' minutes')::interval END,
                false, 0, 1, '{}'::jsonb
            FROM generate_series(%s, %s) AS g
            """,
            [ids, len(ids), have + 1, N],
        )
        cur.execute("ANALYZE news_article")


def measure() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from khabar.news.models import Category

    user, _ = get_user_model().objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    cat = Category.objects.filter(slug="bench-3").first()
    pages = {
        "list, no filter": "",
        "list, page 50": "?p=50",
        "status=in_review": "?status__exact=in_review",
        "category": f"?category__id__exact={cat.pk}",
        "published today (Jalali)": "?published=today",
        "this Jalali month + category": f"?published=month&category__id__exact={cat.pk}",
        "search by news ID": "?q=5500000",
        "search a title word": "?q=بودجه",
        "search a word no title has": "?q=ناموجود",
    }
    print(f"articles: {N}; database: {connection.vendor}")
    for name, query in pages.items():
        times = []
        for _ in range(3):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get("/admin/news/article/" + query)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        slow = max(ctx.captured_queries, key=lambda q: float(q["time"]))
        print(
            f"{name:32s} median {statistics.median(times) * 1000:7.0f} ms  "
            f"queries {len(ctx.captured_queries):2d}  slowest {float(slow['time']) * 1000:6.0f} ms: "
            f"{slow['sql'][:90]}"
        )


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.dev")
    django.setup()
    from django.conf import settings

    settings.DEBUG = True  # collect query times
    settings.ALLOWED_HOSTS = ["testserver"]
    fill()
    measure()
