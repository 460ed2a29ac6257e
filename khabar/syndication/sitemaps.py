"""Sitemaps: an index, article files cut by news ID, categories, tags, Google News.

Categories, tags and the home page use django.contrib.sitemaps (their lists
are small and its paginator is fine there). Articles do not: its paginator
counts and offsets, which at a million rows costs seconds per file. Article
files are cut by news-ID range and read by keyset (selectors), and every file
is written as a stream by the small XML writer below, because Django's
sitemap template prints `lastmod` as a bare date and we give the full time
with the Tehran offset.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from khabar.core import pagecache
from khabar.core.urlcache import article_path_formatter
from khabar.syndication import links, selectors

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_TYPE = "application/xml; charset=utf-8"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


class HomeSitemap(Sitemap):
    changefreq = "always"
    priority = 1.0

    def items(self) -> list[str]:
        return ["site:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8
    limit = 50_000

    def items(self):
        return selectors.sitemap_categories()

    def lastmod(self, item) -> datetime:
        return item.lastmod


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5
    limit = 50_000

    def items(self):
        return selectors.sitemap_tags()


SECTIONS: dict[str, type[Sitemap]] = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}


# --- XML writing -------------------------------------------------------------


def _url(loc: str, lastmod: datetime | None = None, extra: str = "") -> str:
    parts = [f"<url><loc>{escape(loc)}</loc>"]
    if lastmod is not None:
        parts.append(f"<lastmod>{links.w3c(lastmod)}</lastmod>")
    parts.append(extra)
    parts.append("</url>\n")
    return "".join(parts)


def _urlset(rows: Iterable[str], *, news: bool = False) -> Iterator[str]:
    ns = f' xmlns:news="{NEWS_NS}"' if news else ""
    yield f'{HEAD}<urlset xmlns="{SITEMAP_NS}"{ns}>\n'
    yield from _batched(rows)
    yield "</urlset>\n"


def _batched(rows: Iterable[str], size: int = 1000) -> Iterator[str]:
    """Rows joined a thousand at a time: a few hundred writes for a 50,000-URL file, not 50,000."""
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _xml_response(chunks: Iterable[str], *, max_age: int) -> HttpResponse:
    response = StreamingHttpResponse((c.encode() for c in chunks), content_type=XML_TYPE)
    patch_cache_control(response, public=True, max_age=max_age)
    # The page cache keeps the file until any article changes (its lastmod may move).
    return pagecache.tag_response(response, [pagecache.SITEMAP])


# --- Views -------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: sections, then one file per news-ID range that has public articles."""
    key = f"{INDEX_CACHE_KEY}:{settings.KHABAR_SITEMAP_PAGE_SIZE}"
    now = time.time()
    cached = cache.get(key)
    # The age is kept with the value (not left to the cache's TTL), so it is the
    # same rule on local memory and on Redis.
    if cached is not None and now - cached[0] < INDEX_MAX_AGE:
        entries = cached[1]
    else:
        entries = _index_entries()
        cache.set(key, (now, entries), INDEX_MAX_AGE * 2)

    def chunks() -> Iterator[str]:
        yield f'{HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n'
        for path, lastmod in entries:
            mod = f"<lastmod>{links.w3c(lastmod)}</lastmod>" if lastmod else ""
            yield f"<sitemap><loc>{escape(links.absolute(request, path))}</loc>{mod}</sitemap>\n"
        yield "</sitemapindex>\n"

    return _xml_response(chunks(), max_age=settings.CACHE_TIME_SHORT * 5)


INDEX_CACHE_KEY = "syndication:sitemap-index"
INDEX_MAX_AGE = 300  # seconds
MAX_NEWS_ID = 2**63 - 1


def _index_entries() -> list[tuple[str, datetime | None]]:
    """(path, lastmod) of every sitemap file. At a million articles the grouping
    reads every public row (about a second on PostgreSQL), so the list is cached
    for five minutes; the files themselves are always fresh."""
    entries: list[tuple[str, datetime | None]] = []
    for name, section_class in SECTIONS.items():
        path = reverse("syndication:sitemap-section", kwargs={"section": name})
        pages = section_class().paginator
        if pages.count == 0:
            continue
        for page in pages.page_range:
            entries.append((path + (f"?p={page}" if page > 1 else ""), None))
    size = settings.KHABAR_SITEMAP_PAGE_SIZE
    for bucket in selectors.sitemap_article_buckets(page_size=size):
        path = reverse("syndication:sitemap-articles", kwargs={"number": bucket.number})
        entries.append((path, bucket.lastmod))
    entries.append((reverse("syndication:sitemap-news"), None))
    return entries


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    section_class = SECTIONS.get(section)
    if section_class is None:
        raise Http404
    sitemap = section_class()
    try:
        page = int(request.GET.get("p", "1"))
        urls = sitemap.get_urls(page=page, site=RequestSite(request), protocol=request.scheme)
    except (ValueError, InvalidPage) as exc:  # not a number, or no such page
        raise Http404 from exc
    rows = (_url(links.absolute(request, _path(u["location"])), u["lastmod"]) for u in urls)
    return _xml_response(_urlset(rows), max_age=settings.CACHE_TIME_MEDIUM)


def _path(location: str) -> str:
    """django.contrib.sitemaps prefixes a domain (example.com without django.contrib.sites); keep the path."""
    if "://" in location:
        location = "/" + location.split("://", 1)[1].split("/", 1)[1]
    return location


@require_safe
def articles(request: HttpRequest, number: int) -> HttpResponse:
    """One article sitemap file: the public articles whose news ID is in this file's range."""
    size = settings.KHABAR_SITEMAP_PAGE_SIZE
    if number * size > MAX_NEWS_ID:  # past any news ID the database can hold
        raise Http404
    rows_iter = selectors.sitemap_article_rows(number=number, page_size=size)
    first = next(rows_iter, None)
    if first is None:
        raise Http404
    base = links.base_url(request)
    article_path = article_path_formatter()

    def rows() -> Iterator[str]:
        for news_id, slug, lastmod in _chain(first, rows_iter):
            yield _url(base + article_path(news_id, slug), lastmod)

    return _xml_response(_urlset(rows()), max_age=settings.CACHE_TIME_MEDIUM)


def _chain(first, rest):
    yield first
    yield from rest


@require_safe
def news(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles of the last 48 hours, newest first."""
    articles_ = selectors.article_list_for_news_sitemap(hours=48)
    name = escape(settings.KHABAR_AGENCY_NAME)
    base = links.base_url(request)
    article_path = article_path_formatter()

    def rows() -> Iterator[str]:
        for article in articles_:
            keywords = ", ".join(t.name for t in article.tags.all())
            extra = (
                "<news:news><news:publication>"
                f"<news:name>{name}</news:name><news:language>fa</news:language>"
                "</news:publication>"
                f"<news:publication_date>{links.w3c(article.published_at)}</news:publication_date>"
                f"<news:title>{escape(article.title)}</news:title>"
                + (f"<news:keywords>{escape(keywords)}</news:keywords>" if keywords else "")
                + "</news:news>"
            )
            yield _url(base + article_path(article.news_id, article.slug), None, extra)

    return _xml_response(_urlset(rows(), news=True), max_age=settings.CACHE_TIME_SHORT)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /settings/",
        "Disallow: /news/*/print",
        "Disallow: /api/",
        "",
        f"Sitemap: {links.absolute(request, reverse('syndication:sitemap-index'))}",
        f"Sitemap: {links.absolute(request, reverse('syndication:sitemap-news'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=settings.CACHE_TIME_LONG)
    return response
