"""Fixtures for syndication: one public article with everything, and one of each kind that must stay hidden."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article
from tests.factories import CategoryFactory, TagFactory, UserFactory, make_article
from tests.site.helpers import png_upload

FIXTURES = Path(__file__).parent / "fixtures"

HIDDEN_KINDS = ("draft", "in_review", "scheduled", "embargoed", "unpublished", "taken_down")


def feed_urls(category, tag) -> list[str]:
    """Every feed: the site's, a category's and a tag's, in RSS and Atom."""
    return [
        "/rss/",
        "/atom/",
        f"/rss/category/{category.slug}",
        f"/atom/category/{category.slug}",
        f"/rss/tag/{tag.slug}",
        f"/atom/tag/{tag.slug}",
    ]


@pytest.fixture
def category():
    return CategoryFactory(name="اقتصاد", slug="اقتصاد", description="خبرهای اقتصاد ایران و جهان")


@pytest.fixture
def tag():
    return TagFactory(name="بودجه", slug="بودجه")


@pytest.fixture
def public_article(category, tag) -> Article:
    """A published wire story with a 1200 px lead image, a reporter, tags and a source chain."""
    reporter = UserFactory(username="reporter", first_name="مریم", last_name="احمدی")
    image = services.image_create(
        file=png_upload(size=(1200, 675)),
        caption="جلسه بررسی لایحه بودجه",
        credit="عکس: خبرگزاری مهر",
        alt="نمایندگان در صحن مجلس",
    )
    article = make_article(
        title="لایحه بودجه ۱۴۰۵ به مجلس رسید",
        overline="در جلسه علنی امروز",
        lead="دولت لایحه بودجه سال آینده را با رشد ۲۰ درصدی به مجلس فرستاد.",
        body="<p>متن کامل خبر بودجه &amp; جزئیات آن.</p><p>بند دوم.</p>",
        category=category,
        tags=[tag, TagFactory(name="مجلس", slug="مجلس")],
        lead_image=image,
        reporter=reporter,
        via_source=services.source_get_or_create(
            name="خبرگزاری مهر", homepage="https://www.mehrnews.com"
        ),
        original_source=services.source_get_or_create(name="تاس"),
        minutes_ago=30,
    )
    return Article.objects.get(pk=article.pk)


def make_hidden(kind: str, *, category, tag) -> Article:
    """An article that must never leave the newsroom, in one of the ways that can happen."""
    title = f"خبر پنهان {kind}"
    article = make_article(title=title, category=category, tags=[tag], published=False)
    now = timezone.now()
    if kind == "in_review":
        services.article_submit(article_id=article.pk)
    elif kind == "scheduled":
        services.article_schedule(article_id=article.pk, publish_at=now + timedelta(hours=2))
    elif kind == "embargoed":
        # Published, but its time has not come: an embargo.
        services.article_publish(article_id=article.pk, published_at=now + timedelta(hours=3))
    elif kind == "unpublished":
        services.article_publish(article_id=article.pk, published_at=now - timedelta(minutes=10))
        services.article_unpublish(article_id=article.pk)
    elif kind == "taken_down":  # withdrawn for legal or editorial reasons; its URL answers 410
        services.article_publish(article_id=article.pk, published_at=now - timedelta(minutes=10))
        services.article_take_down(article_id=article.pk, reason="حکم دادگاه")
    article.refresh_from_db()
    return article


@pytest.fixture(params=HIDDEN_KINDS)
def hidden_article(request, category, tag) -> Article:
    return make_hidden(request.param, category=category, tag=tag)
