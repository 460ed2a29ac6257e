"""Reads for syndication. Only public articles ever leave here.

Every query starts from `Article.objects.published()`: published *and* its
time has come, so drafts, articles in review, scheduled or embargoed ones and
taken-down (unpublished) ones never reach a feed, sitemap, page tag or API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Subquery,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from khabar.news.models import Article, Category, Tag
from khabar.syndication import links

PUBLIC_DETAIL_RELATED = ("category", "lead_image", "reporter", "via_source", "original_source")


def _scope(*, category: Category | None = None, tag: Tag | None = None):
    qs = Article.objects.published()
    if category is not None:
        qs = qs.in_category(category)
    if tag is not None:
        qs = qs.with_tag(tag)
    return qs


def _with_everything(qs):
    return qs.select_related(*PUBLIC_DETAIL_RELATED).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def article_list_for_feed(
    *, category: Category | None = None, tag: Tag | None = None, limit: int = 50
) -> list[Article]:
    qs = _with_everything(_scope(category=category, tag=tag)).order_by("-published_at", "-news_id")
    return list(qs[:limit])


WITHDRAWN = (Article.Status.UNPUBLISHED, Article.Status.TAKEN_DOWN)


def feed_last_modified(
    *, items: list[Article], category: Category | None = None, tag: Tag | None = None
) -> datetime | None:
    """The latest change a feed can show: its items' edits and publications, or a withdrawal.

    Editing an article that is no longer among the newest does not change the
    feed, so only the items count, plus the newest withdrawal (unpublished or
    taken down) in the feed's scope: the story that left must leave readers'
    lists too. The withdrawal query reads the (status, published_at) index.
    """
    dates = [links.article_modified(a) for a in items]
    withdrawn = Article.objects.filter(status__in=WITHDRAWN, published_at__lte=timezone.now())
    if category is not None:
        withdrawn = withdrawn.filter(category=category)
    if tag is not None:
        withdrawn = withdrawn.filter(tags=tag)
    latest_withdrawal = withdrawn.aggregate(latest=Max("updated_at"))["latest"]
    if latest_withdrawal is not None:
        dates.append(latest_withdrawal)
    return max(dates) if dates else None


def article_public_queryset():
    """All public articles with what the API and ninjs show (for pagination by the caller)."""
    return _with_everything(Article.objects.published())


def article_get_public(*, news_id: int) -> Article | None:
    return article_public_queryset().filter(news_id=news_id).first()


# --- Sitemaps ---------------------------------------------------------------


@dataclass(frozen=True)
class SitemapBucket:
    """One article sitemap file: the public articles whose news ID falls in [start, end)."""

    number: int
    count: int
    lastmod: datetime | None


def sitemap_article_buckets(*, page_size: int) -> list[SitemapBucket]:
    """The article sitemap files and their last change, in one grouped query.

    Files are cut by news ID range, not by position: an article stays in the
    same file for ever, so a crawler re-reads only the files whose lastmod
    moved, and no file can hold more than `page_size` URLs.
    """
    bucket = ExpressionWrapper(F("news_id") / page_size, output_field=IntegerField())
    rows = (
        Article.objects.published()
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(
            count=Count("pk"),
            lastmod=Greatest(Max("updated_at"), Max("published_at")),
        )
        .order_by("bucket")
    )
    return [SitemapBucket(r["bucket"], r["count"], r["lastmod"]) for r in rows]


def sitemap_article_rows(
    *, number: int, page_size: int, chunk: int = 5000
) -> Iterator[tuple[int, str, datetime]]:
    """(news_id, slug, lastmod) of one sitemap file, by keyset pages.

    Each query continues after the last news ID seen (`news_id > last ...
    LIMIT chunk`) on the unique news_id index: no OFFSET, no COUNT, constant
    memory, the same speed for the first file and the last.
    """
    last = number * page_size - 1
    end = (number + 1) * page_size
    base = (
        Article.objects.published()
        .filter(news_id__lt=end)
        .annotate(lastmod=Greatest("updated_at", "published_at"))
        .order_by("news_id")
    )
    while True:
        rows = list(base.filter(news_id__gt=last).values_list("news_id", "slug", "lastmod")[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def _public_in(**match) -> Exists:
    return Exists(Article.objects.published().filter(**match))


def sitemap_categories():
    """Categories that have public articles, with their latest publication.

    One index probe per category on (category, status, published_at), not a
    scan of every article: categories are few, articles are a million.
    """
    latest = (
        Article.objects.published()
        .filter(category=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return (
        Category.objects.filter(_public_in(category=OuterRef("pk")))
        .annotate(lastmod=Subquery(latest))
        .order_by("position", "name")
    )


def sitemap_tags():
    """Tags that have at least one public article (no lastmod: a tag's newest story would
    cost a sort of all its articles, for every tag)."""
    return Tag.objects.filter(_public_in(tags=OuterRef("pk"))).order_by("name", "pk")


def article_list_for_news_sitemap(*, hours: int = 48, limit: int = 1000) -> list[Article]:
    """Google News: articles published in the last `hours` (at most 1,000 per sitemap)."""
    since = timezone.now() - timedelta(hours=hours)
    qs = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-published_at", "-news_id")
    )
    return list(qs[:limit])
