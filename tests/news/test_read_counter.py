"""Reads counted through the public beacon: real Redis, bounded against made-up IDs."""

import pytest
from django.conf import settings

from khabar.core.redis import client as redis_client
from khabar.core.redis import key as redis_key
from khabar.news import services
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.REDIS_URL, reason="the PostgreSQL + Redis pass runs this"),
]


@pytest.fixture
def pending():
    """The Redis hash of reads not yet flushed, emptied before and after the test."""
    keys = [redis_key(services.VIEWS_KEY), redis_key(f"{services.VIEWS_KEY}:flushing")]
    redis_client().delete(*keys)
    yield keys[0]
    redis_client().delete(*keys)


def test_reads_wait_in_redis_until_the_flush(pending):
    article = make_article()
    for _ in range(3):
        services.article_record_view(news_id=article.news_id)
    article.refresh_from_db()
    assert article.view_count == 0
    assert services.article_views_flush() == 1
    article.refresh_from_db()
    assert article.view_count == 3


def test_made_up_ids_cannot_grow_the_counter_without_bound(pending, monkeypatch):
    monkeypatch.setattr(services, "VIEWS_PENDING_MAX", 5)
    article, late = make_article(), make_article(title="خبر دیرتر")
    services.article_record_view(news_id=article.news_id)
    for made_up in range(10_000_000, 10_000_100):  # a client posting to /seen/<any number>
        services.article_record_view(news_id=made_up)
    assert redis_client().hlen(pending) == 5
    # Past the cap, reads of articles already waiting still go to Redis ...
    services.article_record_view(news_id=article.news_id)
    # ... and a read of another real article is counted in the database at once.
    services.article_record_view(news_id=late.news_id)
    late.refresh_from_db()
    assert late.view_count == 1
    services.article_views_flush()
    article.refresh_from_db()
    assert article.view_count == 2
    assert redis_client().hlen(pending) == 0
