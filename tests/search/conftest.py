"""Fixtures for the search tests: articles made through the newsroom's services, with the
index following them the way it does in production (after the commit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article
from khabar.search import api
from tests.factories import CategoryFactory

BACKENDS = {
    "sqlite_fts5": ("sqlite", "khabar.search.backends.sqlite_fts5.SQLiteFTS5Backend"),
    "postgres": ("postgresql", "khabar.search.backends.postgres.PostgresBackend"),
    # The same without the RUM index (where postgresql-15-rum is installed, the default
    # backend uses it; this keeps the GIN-only path tested too).
    "postgres_gin": ("postgresql", "khabar.search.backends.postgres.PostgresGinBackend"),
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings, db) -> str:
    """Each search test runs once per backend; the one the test database cannot run is skipped."""
    vendor, path = BACKENDS[request.param]
    if connection.vendor != vendor:
        pytest.skip(f"{request.param} runs in the suite's {vendor} pass")
    settings.KHABAR_SEARCH_BACKEND = path
    return request.param


@pytest.fixture
def publish(backend, django_capture_on_commit_callbacks) -> Callable[..., Article]:
    """Create and publish an article the way the newsroom does; the index follows on commit."""

    def make(
        title: str = "خبر",
        body: str = "",
        *,
        lead: str = "",
        category=None,
        tags=(),
        days_ago: float = 0.01,
    ) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.article_create(
                title=title,
                body=body,
                lead=lead,
                category=category or CategoryFactory(),
                tags=list(tags),
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.article_publish(
                article_id=article.pk, published_at=timezone.now() - timedelta(days=days_ago)
            )
        article.refresh_from_db()
        return article

    return make


@pytest.fixture
def find(backend) -> Callable[..., list[str]]:
    """Titles of the articles a query finds, best first."""

    def run(query: str, **kwargs) -> list[str]:
        return [hit.article.title for hit in api.search(query=query, **kwargs).hits]

    return run


@pytest.fixture
def publish_once(publish):
    publish("قیمت نفت خام", "<p>بازار نفت</p>")
    return None
