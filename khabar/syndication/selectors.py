"""Reads for syndication. Only public articles ever leave here.

Every query starts from `Article.objects.published()`: published *and* its
time has come, so drafts, articles in review, scheduled or embargoed ones and
taken-down (unpublished) ones never reach a feed, sitemap, page tag or API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Max, Prefetch, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from khabar.news.models import Article, Category, Tag

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


def feed_last_modified(
    *, category: Category | None = None, tag: Tag | None = None
) -> datetime | None:
    """The latest change a feed can show: an edit, a publication, an embargo lifting or a take-down.

    Counted over articles whose time has come, published, unpublished or taken
    down, so a withdrawn article moves the date forward too.
    """
    qs = Article.objects.filter(
        status__in=[
            Article.Status.PUBLISHED,
            Article.Status.UNPUBLISHED,
            Article.Status.TAKEN_DOWN,
        ],
        published_at__lte=timezone.now(),
    )
    if category is not None:
        qs = qs.filter(category=category)
    if tag is not None:
        qs = qs.filter(tags=tag)
    row = qs.aggregate(updated=Max("updated_at"), published=Max("published_at"))
    dates = [d for d in row.values() if d is not None]
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
) -> Iterator[tuple[int, str, datetime, datetime]]:
    """(news_id, slug, updated_at, published_at) of one sitemap file, by keyset pages.

    Each query continues after the last news ID seen (`news_id > last ...
    LIMIT chunk`) on the unique news_id index: no OFFSET, no COUNT, constant
    memory, the same speed for the first file and the last.
    """
    last = number * page_size - 1
    end = (number + 1) * page_size
    base = Article.objects.published().filter(news_id__lt=end).order_by("news_id")
    while True:
        rows = list(
            base.filter(news_id__gt=last).values_list(
                "news_id", "slug", "updated_at", "published_at"
            )[:chunk]
        )
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def sitemap_categories():
    """Categories that have public articles, with their latest publication."""
    now = timezone.now()
    public = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now)
    return (
        Category.objects.annotate(lastmod=Max("articles__published_at", filter=public))
        .filter(lastmod__isnull=False)
        .order_by("position", "name")
    )


def sitemap_tags():
    now = timezone.now()
    public = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now)
    return (
        Tag.objects.annotate(lastmod=Max("articles__published_at", filter=public))
        .filter(lastmod__isnull=False)
        .order_by("name", "pk")
    )


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
