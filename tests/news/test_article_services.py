from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from khabar.news import selectors, services
from khabar.news.errors import ArticleStateError
from khabar.news.models import Article
from tests.factories import CategoryFactory, TagFactory, make_article

pytestmark = pytest.mark.django_db


def test_create_normalizes_text_and_sanitizes_body():
    article = services.article_create(
        title="ﺑﻪ ﮔﺰارش خبرگزاري  دولت امروز",
        lead="سياستهای جديد اعلام شد",
        body='<p onclick="x()">متن <script>alert(1)</script>خبر <a href="javascript:evil()">پیوند</a></p>'
        '<img src="/a.jpg" onerror="steal()">',
        category=CategoryFactory(),
    )
    assert article.title == "به گزارش خبرگزاری دولت امروز"
    assert "سیاست\u200cهای جدید" in article.lead
    for bad in ("script", "alert", "onclick", "onerror", "javascript:"):
        assert bad not in article.body
    assert "<p>" in article.body and "پیوند" in article.body
    assert article.status == Article.Status.DRAFT
    assert article.slug.startswith("به-گزارش")


def test_new_articles_continue_after_the_largest_imported_id():
    category = CategoryFactory()
    services.article_create(title="قدیمی", category=category, news_id=3830263)
    newer = services.article_create(title="تازه", category=category)
    assert newer.news_id == 3830264


def test_duplicate_explicit_news_id_is_refused():
    category = CategoryFactory()
    services.article_create(title="یک", category=category, news_id=500)
    with pytest.raises(ValidationError):
        services.article_create(title="دو", category=category, news_id=500)
    assert Article.objects.count() == 1


def test_publish_sends_change_signal_after_commit(django_capture_on_commit_callbacks):
    article = services.article_create(title="خبر", category=CategoryFactory())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.article_publish(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    assert len(callbacks) == 1


def test_publishing_twice_is_an_error_that_changes_nothing():
    article = make_article()
    first_time = article.published_at
    with pytest.raises(ArticleStateError):
        services.article_publish(article_id=article.pk)
    article.refresh_from_db()
    assert article.published_at == first_time


def test_scheduled_article_stays_invisible_until_its_time():
    article = services.article_create(title="خبر زمان‌بندی‌شده", category=CategoryFactory())
    at = timezone.now() + timedelta(hours=1)
    services.article_schedule(article_id=article.pk, publish_at=at)
    assert selectors.article_get_published(news_id=article.news_id) is None
    assert services.article_publish_due(now=timezone.now()) == []
    with time_machine.travel(at + timedelta(seconds=1)):
        assert services.article_publish_due() == [article.news_id]
        assert selectors.article_get_published(news_id=article.news_id) is not None


def test_scheduling_in_the_past_is_refused():
    article = services.article_create(title="خبر", category=CategoryFactory())
    with pytest.raises(ArticleStateError):
        services.article_schedule(
            article_id=article.pk, publish_at=timezone.now() - timedelta(minutes=1)
        )


def test_unpublished_article_disappears_from_reads():
    article = make_article()
    services.article_unpublish(article_id=article.pk)
    assert selectors.article_get_published(news_id=article.news_id) is None
    assert article not in selectors.article_list_latest()


def test_update_keeps_id_and_refreshes_slug():
    article = make_article(title="تیتر نخست")
    news_id = article.news_id
    services.article_update(article=article, title="تیتر اصلاح‌شده")
    article.refresh_from_db()
    assert article.news_id == news_id
    assert article.slug == "تیتر-اصلاح-شده"


def test_related_prefers_shared_tags():
    tag_a, tag_b = TagFactory(), TagFactory()
    category = CategoryFactory()
    base = make_article(tags=[tag_a, tag_b], category=category)
    both = make_article(title="هر دو برچسب", tags=[tag_a, tag_b])
    one = make_article(title="یک برچسب", tags=[tag_a])
    same_category = make_article(title="هم‌شاخه", category=category)
    related = selectors.article_list_related(article=base)
    assert related[:3] == [both, one, same_category]


def test_category_listing_has_constant_query_count(django_assert_max_num_queries):
    category = CategoryFactory()
    for n in range(12):
        make_article(title=f"خبر {n}", category=category, minutes_ago=n + 1)
    with django_assert_max_num_queries(2):
        page = selectors.article_page_for_category(category=category, page=1)
        rows = [(a.category.name, a.lead_image) for a in page]
    assert len(rows) == 12
    # Newest first; digits in Persian prose are normalized to Persian digits.
    assert [a.title for a in page][:2] == ["خبر ۰", "خبر ۱"]


def test_publishing_with_a_future_time_waits_for_the_worker():
    article = services.article_create(title="خبر با زمان آینده", category=CategoryFactory())
    at = timezone.now() + timedelta(hours=2)
    services.article_publish(article_id=article.pk, published_at=at)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert selectors.article_get_published(news_id=article.news_id) is None
    with time_machine.travel(at + timedelta(seconds=1)):
        assert services.article_publish_due() == [article.news_id]
