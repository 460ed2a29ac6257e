"""Reads of published news for the reader site and other consumers.

Selectors return None (not Http404) when nothing matches and do their own
select_related/prefetch_related, so callers make a constant number of queries.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import Expression, Min, Q, TextField
from django.utils import timezone

from khabar.core import fragments, pagecache
from khabar.core.prepared import Const, PreparedQuery
from khabar.news.models import (
    Article,
    ArticleEvent,
    BreakingNews,
    Category,
    Correction,
    FeaturedArticle,
    LegacyAlias,
    Revision,
    Tag,
)


def _published():
    return _published_at(timezone.now())


def _published_at(now: datetime):
    return (
        Article.objects.published(now)
        .select_related("category", "lead_image")
        .order_by("-published_at", "-news_id")
    )


def _public(relation: str) -> Q:
    """`relation` (a foreign key to Article) points at a public article.

    A join condition, not ``relation__in=Article.objects.published()``: PostgreSQL costs
    that subquery as a scan of the million-row table and compiles it with JIT on every
    request (~400 ms) even when the outer table is empty.
    """
    return Q(
        **{
            f"{relation}__status": Article.Status.PUBLISHED,
            f"{relation}__published_at__lte": timezone.now(),
        }
    )


# The article page's queries are compiled once per process (khabar.core.prepared): at a
# million articles, compiling them cost more CPU than running them.
class _TagRows(Expression):
    """The article's tags as JSON text, ``[[id, name, slug], …]`` by name, in the article's
    own row: the page reads its article and tags in one query instead of two."""

    output_field = TextField()

    def _parts(self, connection) -> tuple[str, str, str, str, str]:
        q = connection.ops.quote_name
        through = Article.tags.through._meta
        return (
            q(Article._meta.db_table),
            q(through.db_table),
            q(through.get_field("article").column),
            q(through.get_field("tag").column),
            q(Tag._meta.db_table),
        )

    # Only table and column names of Khabar's own models go into the SQL, quoted: no value.
    def as_sql(self, compiler, connection):  # SQLite (its JSON functions)
        article, through, article_id, tag_id, tag = self._parts(connection)
        return (
            "(SELECT json_group_array(json_array(x.id, x.name, x.slug)) FROM "  # noqa: S608
            f"(SELECT t.id, t.name, t.slug FROM {through} AS m JOIN {tag} AS t "
            f"ON t.id = m.{tag_id} WHERE m.{article_id} = {article}.id ORDER BY t.name) AS x)",
            [],
        )

    def as_postgresql(self, compiler, connection):
        article, through, article_id, tag_id, tag = self._parts(connection)
        return (
            "(SELECT json_agg(json_build_array(t.id, t.name, t.slug) ORDER BY t.name)::text "  # noqa: S608
            f"FROM {through} AS m JOIN {tag} AS t ON t.id = m.{tag_id} "
            f"WHERE m.{article_id} = {article}.id)",
            [],
        )


_ARTICLE_PAGE = PreparedQuery(
    Article,
    lambda news_id, now: (
        Article.objects.published(now)
        .filter(news_id=news_id)
        .select_related("category", "lead_image", "reporter", "via_source", "original_source")
        .annotate(tag_rows=_TagRows())
        .order_by()[:1]  # no ORDER BY for a unique number
    ),
)


def article_get_published(*, news_id: int) -> Article | None:
    """A public article with everything its page shows (its tags by name, prefetched)."""
    found = _ARTICLE_PAGE(news_id=news_id, now=timezone.now())
    if not found:
        return None
    article = found[0]
    alias = article._state.db
    rows = json.loads(article.tag_rows or "[]")
    if connections[alias].vendor == "sqlite":  # its aggregate keeps no promised order
        rows.sort(key=itemgetter(1))  # by name, as SQLite's own (binary) collation
    tags = article.tags.get_queryset()  # as prefetch_related leaves it: filled, not run
    tags._result_cache = [Tag.from_db(alias, ["id", "name", "slug"], row) for row in rows]
    tags._prefetch_done = True
    article._prefetched_objects_cache = {"tags": tags}
    del article.tag_rows
    return article


def article_get_by_legacy_path(*, path: str) -> Article | None:
    alias = (
        LegacyAlias.objects.select_related("article").filter(_public("article"), path=path).first()
    )
    return alias.article if alias else None


# The newest articles are on nearly every page (home, article sidebars): read once per
# change (khabar.core.fragments), the exclusions applied here.
LATEST_SHARED = 20


def _latest_keys(articles: list[Article]) -> list[str]:
    # Titles and category names are shown: any of them changing makes the list stale.
    return [pagecache.LATEST, pagecache.SITE, *(pagecache.article_key(a.news_id) for a in articles)]


def article_list_latest(*, limit: int = 10, exclude: tuple[int, ...] = ()) -> list[Article]:
    if limit + len(exclude) > LATEST_SHARED:
        return list(_published().exclude(pk__in=exclude)[:limit])
    newest = fragments.cached(
        f"latest:{LATEST_SHARED}", lambda: list(_published()[:LATEST_SHARED]), keys=_latest_keys
    )
    return [a for a in newest if a.pk not in exclude][:limit]


def category_list_nav() -> list[Category]:
    """Every category, for the navigation of every page (read once per change)."""
    return fragments.cached(
        "nav-categories", lambda: list(Category.objects.all()), keys=lambda _: [pagecache.SITE]
    )


def article_list_most_read(*, limit: int = 5, days: int = 7) -> list[Article]:
    since = timezone.now() - timedelta(days=days)
    qs = _published().filter(published_at__gte=since, view_count__gt=0)
    return list(qs.order_by("-view_count", "-published_at")[:limit])


# «Related news» ranks only the newest public articles of each of the article's tags:
# a short walk of the (tag, article) index per tag (migration 0006), never a join over
# a popular tag's 100,000 articles. Newest by row ID, which follows creation order.
RELATED_CANDIDATES_PER_TAG = 40


def _related_candidates() -> PreparedQuery:
    """The newest public articles of each of some tags, as one query (a UNION of per-tag
    index walks where the database allows it; else a list of per-tag queries)."""
    through = Article.tags.through

    def per_tag(tag_id, now, exclude):
        return (
            through.objects.filter(
                tag_id=tag_id,
                article__status=Article.Status.PUBLISHED,
                article__published_at__lte=now,
            )
            .exclude(article_id=exclude)
            .order_by("-article_id")
            .values_list("article_id", "article__published_at", "article__news_id")[
                :RELATED_CANDIDATES_PER_TAG
            ]
        )

    def build(tag_ids, now, exclude):
        parts = [per_tag(tag_id, now, exclude) for tag_id in tag_ids]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    return PreparedQuery(through, build)


_RELATED_CANDIDATES = _related_candidates()
_RELATED_BY_ID = PreparedQuery(
    Article, lambda ids, now: _published_at(now).order_by().filter(pk__in=ids)
)
_RELATED_SAME_CATEGORY = PreparedQuery(
    Article,
    lambda category_id, exclude, now, limit: (
        _published_at(now).filter(category_id=category_id).exclude(pk__in=exclude)[:limit]
    ),
)


def _candidate_rows(tag_ids: list[int], now: datetime, exclude: int) -> list[tuple]:
    if (
        len(tag_ids) > 1
        and connections[router.db_for_read(Article)].features.supports_slicing_ordering_in_compound
    ):
        return _RELATED_CANDIDATES(tag_ids=tag_ids, now=now, exclude=exclude)
    return [
        row
        for tag_id in tag_ids
        for row in _RELATED_CANDIDATES(tag_ids=[tag_id], now=now, exclude=exclude)
    ]


def article_list_related(*, article: Article, limit: int = 5) -> list[Article]:
    """Recent articles sharing the most tags with `article`, then the latest of its category.

    Candidates are the RELATED_CANDIDATES_PER_TAG most recently created public articles
    of each tag (one query where the database allows it); those sharing more tags come
    first, then the newer.
    """
    tag_ids = [t.pk for t in article.tag_list]
    related: list[Article] = []
    now = timezone.now()
    if tag_ids:
        rows = _candidate_rows(tag_ids, now, article.pk)
        shared: dict[int, int] = {}
        for pk, _published_at, _news_id in rows:
            shared[pk] = shared.get(pk, 0) + 1
        order = {
            pk: (-shared[pk], -published_at.timestamp(), -news_id)
            for pk, published_at, news_id in rows
        }
        best = sorted(order, key=order.__getitem__)[:limit]
        if best:
            found = {a.pk: a for a in _RELATED_BY_ID(ids=best, now=now)}  # ranked above
            related = [found[pk] for pk in best if pk in found]
    if len(related) < limit:
        related += _RELATED_SAME_CATEGORY(
            category_id=article.category_id,
            exclude=[article.pk, *(a.pk for a in related)],
            now=now,
            limit=Const(limit - len(related)),
        )
    return related


def _page(qs, page_number: int | str | None, *, list_key: str = "") -> Page:
    paginator = Paginator(qs, settings.KHABAR_PAGE_SIZE)
    if list_key:
        # Counting a category's 80,000 articles costs 40-150 ms at a million, on every
        # page of it; the count only changes when an article enters or leaves the list,
        # which bumps the list's key.
        paginator.count = fragments.cached(
            f"count:{list_key}", paginator.object_list.count, keys=lambda _: [list_key]
        )
    return paginator.get_page(page_number)


def category_get(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def tag_get(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def article_page_for_category(*, category: Category, page: int | str | None = 1) -> Page:
    return _page(
        _published().in_category(category), page, list_key=pagecache.category_key(category.slug)
    )


def article_page_for_tag(*, tag: Tag, page: int | str | None = 1) -> Page:
    return _page(_published().with_tag(tag), page, list_key=pagecache.tag_key(tag.slug))


@dataclass(frozen=True)
class CategoryBlock:
    category: Category
    articles: list[Article]


HOME_EXCLUDE_MAX = 10  # the home page shows the top story, 4 featured and 4 latest above


def _home_category_newest(per_category: int) -> list[tuple[Category, list[Article]]]:
    return [
        (category, list(_published().in_category(category)[:per_category]))
        for category in Category.objects.filter(show_on_home=True)
    ]


def _home_category_keys(found: list[tuple[Category, list[Article]]]) -> list[str]:
    keys = [pagecache.SITE]  # a category shown on the home page or not, renamed
    for category, articles in found:
        keys.append(pagecache.category_key(category.slug))
        keys += [pagecache.article_key(a.news_id) for a in articles]
    return keys


def home_category_blocks(
    *, per_category: int = 4, exclude: tuple[int, ...] = ()
) -> list[CategoryBlock]:
    """One block per home-page category with its latest articles.

    The newest of every category are read once per change (one query per category then),
    enough of them to leave out up to HOME_EXCLUDE_MAX articles shown higher on the page.
    """
    if len(exclude) > HOME_EXCLUDE_MAX:
        found = _home_category_newest(per_category + len(exclude))
    else:
        found = fragments.cached(
            f"home-blocks:{per_category}",
            lambda: _home_category_newest(per_category + HOME_EXCLUDE_MAX),
            keys=_home_category_keys,
        )
    blocks = []
    for category, articles in found:
        shown = [a for a in articles if a.pk not in exclude][:per_category]
        if shown:
            blocks.append(CategoryBlock(category=category, articles=shown))
    return blocks


# --- Newsroom data the reader site shows -------------------------------------------------


def article_is_gone(*, news_id: int) -> bool:
    """True when the article was taken down: its URLs answer 410 Gone, not 404."""
    return Article.objects.filter(news_id=news_id, status=Article.Status.TAKEN_DOWN).exists()


def article_is_gone_by_legacy_path(*, path: str) -> bool:
    return LegacyAlias.objects.filter(path=path, article__status=Article.Status.TAKEN_DOWN).exists()


def article_list_corrections(*, article: Article) -> list[Correction]:
    """Public correction notes of an article, oldest first (show them on its page)."""
    if article.corrected_at is None:
        # A correction note is only ever added with a change that sets corrected_at
        # (services.article_update): an article never corrected has none to read.
        return []
    return list(article.corrections.order_by("created_at", "pk"))


def home_top_story() -> Article | None:
    """The pinned top story, if a chief editor pinned one and it is public now."""
    item = (
        FeaturedArticle.objects.filter(_public("article"), is_top=True)
        .select_related("article__category", "article__lead_image")
        .first()
    )
    return item.article if item else None


def home_featured(*, limit: int = 6) -> list[Article]:
    """The curated featured list in the chief editor's order (only public articles)."""
    items = (
        FeaturedArticle.objects.filter(_public("article"), is_top=False)
        .select_related("article__category", "article__lead_image")
        .order_by("position", "pk")[:limit]
    )
    return [item.article for item in items]


def _banner_now() -> BreakingNews | None:
    now = timezone.now()
    return (
        BreakingNews.objects.filter(starts_at__lte=now, expires_at__gt=now)
        .filter(Q(article__isnull=True) | _public("article"))
        .select_related("article")
        .order_by("-starts_at", "-pk")
        .first()
    )


def _banner_next_change() -> datetime | None:
    now = timezone.now()
    found = BreakingNews.objects.filter(expires_at__gt=now).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("expires_at")
    )
    times = [t for t in (found["start"], found["end"]) if t is not None]
    return min(times) if times else None


def _breaking_news_keys(value: tuple[BreakingNews | None, datetime | None]) -> list[str]:
    # site: a banner saved or deleted; latest: an article tied to a banner going public or
    # not (its public state changes bump the latest lists); the shown article's own key.
    current = value[0]
    shown = pagecache.article_key(current.article.news_id) if current and current.article else ""
    return [pagecache.SITE, pagecache.LATEST, shown]


def _breaking_news_ttl(value: tuple[BreakingNews | None, datetime | None]) -> int:
    at = value[1]
    if at is None:
        return 600
    return min(600, math.floor((at - timezone.now()).total_seconds()))


def _breaking_news() -> tuple[BreakingNews | None, datetime | None]:
    """The banner now and when it next changes by itself, read once per change (it is on
    every page) and never kept past that moment."""
    return fragments.cached(
        "breaking-news",
        lambda: (_banner_now(), _banner_next_change()),
        keys=_breaking_news_keys,
        ttl=_breaking_news_ttl,
    )


def breaking_news_current() -> BreakingNews | None:
    """The newest breaking-news banner that has started and not expired.

    A banner tied to an article shows only while that article is public.
    """
    return _breaking_news()[0] if pagecache.enabled() else _banner_now()


def breaking_news_next_change() -> datetime | None:
    """When the breaking-news banner next changes by itself (one starts or ends), if ever.

    A cached page that shows the banner must not outlive that moment.
    """
    return _breaking_news()[1] if pagecache.enabled() else _banner_next_change()


def breaking_news_seconds_left() -> int | None:
    """Whole seconds until `breaking_news_next_change()` (at least 1), or None."""
    at = breaking_news_next_change()
    if at is None:
        return None
    return max(1, math.ceil((at - timezone.now()).total_seconds()))


# --- Newsroom reads ------------------------------------------------------------------------


def article_list_revisions(*, article: Article) -> list[Revision]:
    return list(article.revisions.select_related("author").order_by("-created_at", "-pk"))


def article_list_events(*, article: Article, limit: int = 200) -> list[ArticleEvent]:
    return list(article.events.select_related("actor").order_by("-created_at", "-pk")[:limit])
