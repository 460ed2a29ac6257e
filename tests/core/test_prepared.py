"""Querysets compiled once (khabar.core.prepared) give what the plain queryset gives,
with new values each call, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khabar.core.prepared import Const, PreparedQuery
from khabar.news import selectors
from khabar.news.models import Article
from tests.factories import CategoryFactory, TagFactory, make_article

pytestmark = pytest.mark.django_db


def _published(now, **filters):
    return Article.objects.published(now).filter(**filters).select_related("category")


def test_a_prepared_query_binds_new_values_each_call_and_fills_related_objects():
    politics, sport = CategoryFactory(name="سیاسی"), CategoryFactory(name="ورزشی")
    a = make_article(title="خبر سیاسی نخست", category=politics)
    b = make_article(title="خبر ورزشی", category=sport)
    later = make_article(title="خبر آینده", category=politics, published=False)
    prepared = PreparedQuery(
        Article,
        lambda category_id, now: _published(now, category_id=category_id).order_by("pk"),
    )
    now = timezone.now()
    first = prepared(category_id=politics.pk, now=now)
    second = prepared(category_id=sport.pk, now=now)
    assert [x.pk for x in first] == [a.pk] and [x.pk for x in second] == [b.pk]
    with CaptureQueriesContext(connection) as ctx:
        assert first[0].category.name == "سیاسی"  # select_related: no query
        assert first[0].published_at == Article.objects.get(pk=a.pk).published_at
    assert len(ctx.captured_queries) == 1  # only the .get() above
    # The datetime is a real parameter too: an hour ago, nothing of the last minutes is public.
    assert prepared(category_id=politics.pk, now=now - timedelta(hours=1)) == []
    assert later.pk not in [x.pk for x in prepared(category_id=politics.pk, now=now)]


def test_lists_values_list_unions_and_constants():
    category = CategoryFactory()
    articles = [make_article(title=f"خبر شماره {i}", category=category) for i in range(5)]
    ids = [x.pk for x in articles]
    by_ids = PreparedQuery(Article, lambda ids: Article.objects.filter(pk__in=ids).order_by("pk"))
    assert [x.pk for x in by_ids(ids=ids[:2])] == ids[:2]
    assert [x.pk for x in by_ids(ids=ids[2:])] == ids[2:]  # another length, another shape
    assert [x.pk for x in by_ids(ids=ids[3:])] == ids[3:]
    rows = PreparedQuery(
        Article,
        lambda exclude, limit: (
            Article.objects.exclude(pk=exclude).order_by("pk").values_list("pk", "news_id")[:limit]
        ),
    )
    assert rows(exclude=ids[0], limit=Const(2)) == [(x.pk, x.news_id) for x in articles[1:3]]
    assert rows(exclude=ids[1], limit=Const(3)) == [
        (x.pk, x.news_id) for x in [articles[0], *articles[2:4]]
    ]


def test_a_value_that_never_reaches_the_sql_is_refused():
    prepared = PreparedQuery(Article, lambda news_id: Article.objects.all())
    with pytest.raises(ValueError, match="news_id"):
        prepared(news_id=5)


def test_the_article_page_selectors_match_the_plain_orm():
    politics = CategoryFactory()
    economy, oil, gas = TagFactory(name="اقتصاد"), TagFactory(name="نفت"), TagFactory(name="گاز")
    article = make_article(title="خبر اصلی", category=politics, tags=[oil, economy, gas])
    both = make_article(title="نفت و گاز", category=politics, tags=[oil, gas])
    one = make_article(title="فقط نفت", category=politics, tags=[oil])
    same_category = make_article(title="هم‌شاخه", category=politics)
    make_article(title="پیش‌نویس نفتی", category=politics, tags=[oil], published=False)

    found = selectors.article_get_published(news_id=article.news_id)
    plain = Article.objects.published().select_related("category").get(news_id=article.news_id)
    assert found.pk == plain.pk and found.title == plain.title == "خبر اصلی"
    assert found.category == politics
    with CaptureQueriesContext(connection) as ctx:
        assert [t.name for t in found.tags.all()] == sorted(["اقتصاد", "نفت", "گاز"])
        assert found.tags.count() == 3
    assert ctx.captured_queries == []  # tags came with the article
    assert selectors.article_get_published(news_id=article.news_id + 999) is None

    related = selectors.article_list_related(article=found, limit=3)
    # Two shared tags first, then one, then the category fills the last place.
    assert [a.pk for a in related] == [both.pk, one.pk, same_category.pk]
    assert all(a.pk != article.pk for a in related)
    # A tag with no other articles: the category's latest only.
    lonely = make_article(title="تنها", category=politics, tags=[TagFactory(name="تک")])
    fallback = selectors.article_list_related(
        article=selectors.article_get_published(news_id=lonely.news_id), limit=2
    )
    assert [a.pk for a in fallback] == [
        a.pk
        for a in Article.objects.published()
        .filter(category=politics)
        .exclude(pk=lonely.pk)
        .order_by("-published_at", "-news_id")[:2]
    ]


def test_times_are_the_orms_to_the_microsecond_and_time_zone():
    """On PostgreSQL prepared queries read timestamptz with psycopg's C parser instead of
    Django's loader: the values must be the ORM's exactly, tzinfo included."""
    article = make_article(title="خبر با زمان دقیق", minutes_ago=400 * 24 * 60 + 7)
    prepared = PreparedQuery(
        Article, lambda pk: Article.objects.filter(pk=pk).values_list("published_at", "created_at")
    )
    [(published, created)] = prepared(pk=article.pk)
    orm = Article.objects.values_list("published_at", "created_at").get(pk=article.pk)
    assert (published, created) == orm and published.microsecond == orm[0].microsecond
    assert published.tzinfo is orm[0].tzinfo and created.tzinfo is orm[1].tzinfo
    assert Article.objects.get(pk=article.pk).published_at.tzinfo is orm[0].tzinfo  # ORM again
