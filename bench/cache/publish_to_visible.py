"""Publish-to-visible: edit an article through the services, poll the page through nginx
until the edit shows; prints the seconds. Run with the production settings of
bench/cache/warm.sh while the app server and nginx run (NGINX=host:port, NEWS_ID).

    NGINX=127.0.0.1:8432 NEWS_ID=3830263 .venv/bin/python bench/cache/publish_to_visible.py
"""

import http.client
import os
import time

import django

django.setup()

from django.utils.encoding import iri_to_uri  # noqa: E402

from khabar.news import services  # noqa: E402
from khabar.news.models import Article  # noqa: E402

address = os.environ.get("NGINX", "127.0.0.1:8432")
article = Article.objects.get(news_id=int(os.environ.get("NEWS_ID", "3830263")))
path = iri_to_uri(f"/news/{article.news_id}/print")  # the slug stays; the print view shows the body


def page() -> str:
    conn = http.client.HTTPConnection(address, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read().decode()
    conn.close()
    return body


for attempt in range(5):
    for _ in range(20):  # keep the page hot in nginx and the app, as under load
        page()
    marker = f"نشانهٔ ویرایش {time.time_ns()}"
    services.article_update(article=article, body=f"<p>{marker}</p>{article.body}")
    start = time.monotonic()
    while marker not in page():
        time.sleep(0.02)
    print(f"edit {attempt + 1}: visible through nginx after {time.monotonic() - start:.2f} s")
    article.refresh_from_db()
