"""Absolute URLs and dates as outside readers need them.

Every output of this app (feeds, sitemaps, page metadata, API, ninjs) builds
its links and times here, so they agree with each other: the same canonical
URL for an article everywhere, and times in Tehran with their +03:30 offset.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest

from khabar.core.urlcache import public_base_url, static_cached
from khabar.news.models import Article

TEHRAN = ZoneInfo("Asia/Tehran")


base_url = public_base_url  # `https://host` of the public site (khabar.core.urlcache)


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
