"""What each reader page shows, and keeping the page cache fresh when it changes.

Views tag their response with `tag_page()`; the receivers below bump the keys of
every page that shows a changed article or curation, after the commit
(`khabar.core.pagecache` explains the versions). This is where a new page, list
or curation tool must say what it shows.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone

from khabar.core import pagecache
from khabar.core.pagecache import (
    FEEDS,
    HOME,
    LATEST,
    MOST_READ,
    SEARCH,
    SITE,
    SITEMAP,
    article_key,
    category_key,
    tag_key,
)
from khabar.news import selectors, services
from khabar.news.models import (
    Article,
    BreakingNews,
    Category,
    FeaturedArticle,
    Image,
    Source,
    Tag,
)
from khabar.news.signals import article_changed

FINGERPRINT_KEY = "pc:fp:{}"


def tag_page(
    response: HttpResponse, *, articles: Iterable[Article | None] = (), keys: Iterable[str] = ()
) -> HttpResponse:
    """Mark an HTML page cacheable: it shows these articles and lists (and, like every page,
    the navigation and the breaking-news banner, so it ends when the banner changes)."""
    names = [SITE, *keys, *(article_key(a.news_id) for a in articles if a is not None)]
    return pagecache.tag_response(response, names, ttl=_until_page_changes_by_itself)


def _until_page_changes_by_itself() -> int:
    """Seconds until the banner starts or ends, or the date in the header turns (local
    midnight), whichever comes first."""
    now = timezone.localtime()
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    midnight = max(1, math.ceil((tomorrow - now).total_seconds()))
    banner = selectors.breaking_news_seconds_left()
    return midnight if banner is None else min(midnight, banner)


def article_page_keys(article: Article) -> list[str]:
    """The lists an article page also shows: the latest, its category, its tags."""
    return [
        LATEST,
        category_key(article.category.slug),
        *(tag_key(t.slug) for t in article.tag_list),
    ]


# --- receivers ----------------------------------------------------------------


def _fingerprint(article: Article) -> tuple:
    """What decides which lists show an article and where: a change here means lists that
    did not show it before may show it now."""
    public = (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and article.published_at <= timezone.now()
    )
    return (
        public,
        article.published_at.isoformat() if article.published_at else "",
        article.category_id,
        tuple(sorted(t.pk for t in article.tags.all())),
    )


def keys_for_article_change(*, article_id: int, news_id: int) -> set[str]:
    """Every page that shows the article carries its key; lists it may newly enter are
    bumped too when its public state, time, category or tags changed."""
    keys = {article_key(news_id), SEARCH, SITEMAP}
    article = (
        Article.objects.select_related("category").prefetch_related("tags").filter(pk=article_id)
    ).first()
    if article is None:
        return keys | {LATEST}
    fingerprint = _fingerprint(article)
    cache = pagecache.store()
    name = FINGERPRINT_KEY.format(article_id)
    try:
        known = cache.get(name)
    except Exception:
        known = None
    if known != fingerprint:
        keys |= {LATEST, category_key(article.category.slug)}
        keys |= {tag_key(t.slug) for t in article.tags.all()}
        with contextlib.suppress(Exception):  # next time is then "changed" again: safe
            cache.set(name, fingerprint, timeout=None)
    return keys


@receiver(article_changed, dispatch_uid="khabar.site.cache.article_changed")
def article_changed_pages(sender, *, article_id: int, news_id: int, **kwargs) -> None:
    # Runs after the search receiver (khabar.search comes first in INSTALLED_APPS), so a
    # search page rendered after the bump already finds the new text.
    if pagecache.enabled():
        pagecache.bump(keys_for_article_change(article_id=article_id, news_id=news_id))


def _bump_on_commit(*keys: str) -> None:
    if pagecache.enabled():
        transaction.on_commit(lambda: pagecache.bump(keys))


@receiver(post_save, sender=FeaturedArticle, dispatch_uid="khabar.site.cache.featured_save")
@receiver(post_delete, sender=FeaturedArticle, dispatch_uid="khabar.site.cache.featured_delete")
def featured_changed(sender, **kwargs) -> None:
    _bump_on_commit(HOME)


@receiver(post_save, sender=BreakingNews, dispatch_uid="khabar.site.cache.breaking_save")
@receiver(post_delete, sender=BreakingNews, dispatch_uid="khabar.site.cache.breaking_delete")
def breaking_changed(sender, **kwargs) -> None:
    _bump_on_commit(SITE)  # the banner is on every page


@receiver(post_save, sender=Category, dispatch_uid="khabar.site.cache.category_save")
@receiver(post_delete, sender=Category, dispatch_uid="khabar.site.cache.category_delete")
@receiver(post_save, sender=Tag, dispatch_uid="khabar.site.cache.tag_save")
@receiver(post_delete, sender=Tag, dispatch_uid="khabar.site.cache.tag_delete")
@receiver(post_save, sender=Source, dispatch_uid="khabar.site.cache.source_save")
@receiver(post_delete, sender=Source, dispatch_uid="khabar.site.cache.source_delete")
def names_changed(sender, created: bool = False, **kwargs) -> None:
    # Names shown on many pages (navigation, details boxes, feed titles, sitemaps). A new
    # tag or source shows nowhere until an article uses it (that change bumps); a new
    # category is in the navigation at once.
    if created and sender is not Category:
        return
    _bump_on_commit(SITE, FEEDS, SITEMAP)


@receiver(post_save, sender=Image, dispatch_uid="khabar.site.cache.image_save")
def image_changed(sender, instance: Image, created: bool = False, **kwargs) -> None:
    if created or not pagecache.enabled():
        return
    news_ids = Article.objects.filter(lead_image=instance).values_list("news_id", flat=True)
    keys = [article_key(n) for n in news_ids]
    if keys:
        _bump_on_commit(*keys)


# --- reads counted by the beacon ------------------------------------------------


MOST_READ_SHOWN = "pc:most-read-shown"


def views_flush() -> None:
    """`khabar worker` job: add the buffered reads to the articles (with Redis); when
    «most read» changed since the last run, the home page follows."""
    services.article_views_flush()
    if not pagecache.enabled():
        return
    shown = [a.pk for a in selectors.article_list_most_read()]
    cache = pagecache.store()
    if cache.get(MOST_READ_SHOWN) != shown:
        pagecache.bump([MOST_READ])
        cache.set(MOST_READ_SHOWN, shown, timeout=None)
