"""factory_boy factories that go through khabar.news.services where it matters."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article, Category, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-1234")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"شاخه {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"برچسب {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


def make_article(
    *,
    title: str = "خبر آزمایشی درباره بودجه",
    body: str = "<p>متن خبر آزمایشی.</p>",
    category: Category | None = None,
    published: bool = True,
    minutes_ago: int = 5,
    tags: list[Tag] | None = None,
    **fields,
) -> Article:
    """An article made the way the newsroom makes one: create, then publish."""
    article = services.article_create(
        title=title, body=body, category=category or CategoryFactory(), tags=tags or [], **fields
    )
    if published:
        services.article_publish(
            article_id=article.pk, published_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
        article.refresh_from_db()
    return article
