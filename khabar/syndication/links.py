"""Absolute URLs and dates as outside readers need them.

Every output of this app (feeds, sitemaps, page metadata, API, ninjs) builds
its links and times here, so they agree with each other: the same canonical
URL for an article everywhere, and times in Tehran with their +03:30 offset.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from khabar.core.urlcache import static_cached
from khabar.news.models import Article

TEHRAN = ZoneInfo("Asia/Tehran")


def base_url(request: HttpRequest) -> str:
    """`https://host` of the public site: KHABAR_PUBLIC_BASE_URL, else the request's."""
    configured = settings.KHABAR_PUBLIC_BASE_URL.rstrip("/")
    if configured:
        return configured
    # A page's metadata makes half a dozen absolute links: the host is checked once.
    found = getattr(request, "_khabar_base_url", None)
    if found is None:
        found = request._khabar_base_url = request.build_absolute_uri("/").rstrip("/")
    return found


def absolute(request: HttpRequest, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return base_url(request) + path


def article_url(request: HttpRequest, article: Article) -> str:
    """The canonical URL of an article page."""
    return absolute(request, article.get_absolute_url())


def article_short_url(request: HttpRequest, article: Article) -> str:
    """The short link (/x<news_id>): permanent, so it is the article's ID in feeds and ninjs."""
    return absolute(request, article.short_path)


def article_path_formatter():
    """A fast `(news_id, slug) -> path` equal to Article.get_absolute_url().

    Sitemaps list up to 50,000 articles a file; calling reverse() for each
    costs more than the query, so the URL pattern is reversed once.
    """
    with_slug = reverse("site:article-detail", kwargs={"news_id": 97531, "slug": "s"})
    without = reverse("site:article-detail-noslug", kwargs={"news_id": 97531})
    head, tail = with_slug.split("97531", 1)
    slug_sep = tail[: -len("s")]
    n_head, n_tail = without.split("97531", 1)

    def path(news_id: int, slug: str) -> str:
        if slug:
            return f"{head}{news_id}{slug_sep}{quote_slug(slug)}"
        return f"{n_head}{news_id}{n_tail}"

    return path


@lru_cache(maxsize=200_000)
def _quote_word(word: str) -> str:
    return quote(word, safe="")


def quote_slug(slug: str) -> str:
    """`quote(slug, safe="")`, word by word: news vocabulary repeats, so most words are cached
    (percent-encoding Persian letters byte by byte was a third of a sitemap's time)."""
    return "-".join(_quote_word(word) for word in slug.split("-"))


def image_url(request: HttpRequest, image) -> str:
    return absolute(request, image.file.url)


def logo_url(request: HttpRequest) -> str:
    return absolute(
        request, settings.KHABAR_PUBLISHER_LOGO_URL or static_cached("syndication/logo.png")
    )


LOGO_SIZE = (600, 600)  # the shipped static/syndication/logo.png


def tehran(dt: datetime) -> datetime:
    """The same instant on Tehran's clock, to the second (feeds and sitemaps show no fractions)."""
    return dt.astimezone(TEHRAN).replace(microsecond=0)


def w3c(dt: datetime) -> str:
    """`2026-11-26T14:32:00+03:30`: W3C/ISO 8601 in Tehran time (sitemaps, JSON-LD, ninjs)."""
    return tehran(dt).isoformat(timespec="seconds")


def article_modified(article: Article) -> datetime:
    """When readers last saw the article change: its last change while public
    (a correction), else its publication. State changes in the newsroom don't count."""
    return article.modified_at or article.updated_at
