"""Embargo: a scheduled article is invisible everywhere until the worker publishes it,
and a taken-down one disappears from everywhere."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from khabar.news import services
from tests.factories import make_article
from tests.newsroom.conftest import login

pytestmark = pytest.mark.django_db

MARKER = "واژه‌نشانه‌تحریم"  # a word that appears nowhere else


def leaked(texts: dict[str, str], article) -> set[str]:
    """Pages that show the article (search pages echo the query, so look for its link)."""
    link = f"/news/{article.news_id}"
    return {
        name
        for name, text in texts.items()
        if (link in text if "search" in name else MARKER in text or link in text)
    }


def public_texts(client: Client, article) -> dict[str, str]:
    """Every public place an article can show up, as text."""
    pages = {
        "home": "/",
        "category": article.category.get_absolute_url(),
        "rss": "/rss/",
        "atom": "/atom/",
        "sitemap-news": "/sitemap-news.xml",
        "search": f"/search?q={MARKER}",
        "api list": "/api/v1/articles",
        "api search": f"/api/v1/search?q={MARKER}",
        "ninjs": "/api/v1/ninjs",
    }
    out = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        out[name] = body.decode()
    out["article page"] = str(client.get(article.get_absolute_url()).status_code)
    out["api detail"] = str(client.get(f"/api/v1/articles/{article.news_id}").status_code)
    return out


def test_scheduled_article_leaks_nowhere_before_its_time(desk, django_capture_on_commit_callbacks):
    # An older public article, so lists are not empty and the pages render normally.
    make_article(title="خبر پیشین", category=desk["economy"])
    article = services.article_create(
        title=f"خبر تحریم‌شده {MARKER}",
        body=f"<p>متن {MARKER}</p>",
        category=desk["economy"],
        user=desk["reporter"],
    )
    at = timezone.now() + timedelta(minutes=30)
    services.article_schedule(article_id=article.pk, publish_at=at, user=desk["editor"])
    article.refresh_from_db()
    # The editor can preview it; the public cannot see it anywhere, even if the worker runs.
    assert (
        login(desk["editor"]).get(f"/admin/news/article/{article.pk}/preview/").status_code == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once")
    before = public_texts(Client(), article)
    assert leaked(before, article) == set()
    assert before["article page"] == "404" and before["api detail"] == "404"

    with time_machine.travel(at + timedelta(seconds=5)):
        # Receivers (search index, caches) run after the commit, as in production.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("worker", "--once")
        after = public_texts(Client(), article)
    shown = leaked(after, article)
    assert {"home", "category", "rss", "atom", "sitemap-news", "search", "api list"} <= shown
    assert after["article page"] == "200" and after["api detail"] == "200"


def test_taken_down_article_is_gone_from_every_public_place(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title=f"خبر حذفی {MARKER}", category=desk["economy"])
    client = Client()
    assert MARKER in public_texts(client, article)["rss"]
    assert "search" in leaked(public_texts(client, article), article)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_take_down(article_id=article.pk, reason="حکم دادگاه", user=desk["chief"])
    after = public_texts(client, article)
    assert leaked(after, article) == set()
    assert after["article page"] == "410"
    assert client.get(article.short_path).status_code == 410
