"""Sitemaps validated by lxml against the sitemaps.org and Google News schemas."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from khabar.news.models import Article
from khabar.syndication import selectors
from tests.factories import make_article
from tests.syndication.conftest import FIXTURES

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / "xsd" / name)))


SITEMAP = _schema("sitemap.xsd")
INDEX = _schema("siteindex.xsd")
NEWS = _schema("news-sitemap-combined.xsd")


def fetch(client, url: str, schema: etree.XMLSchema) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    doc = etree.fromstring(body)
    assert schema.validate(doc), (url, schema.error_log)
    return doc


def locs(doc) -> list[str]:
    return doc.xpath("//sm:loc/text()", namespaces=NS)


def test_index_lists_every_sitemap_and_each_validates(client, public_article):
    index = fetch(client, "/sitemap.xml", INDEX)
    listed = locs(index)
    assert listed == [
        "http://testserver/sitemap-home.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-articles-0.xml",
        "http://testserver/sitemap-news.xml",
    ]
    for url in listed:
        path = url.removeprefix("http://testserver")
        fetch(client, path, NEWS if "news" in path else SITEMAP)


def test_article_sitemap_has_canonical_urls_and_tehran_lastmod(client, public_article):
    doc = fetch(client, "/sitemap-articles-0.xml", SITEMAP)
    assert locs(doc) == ["http://testserver" + public_article.get_absolute_url()]
    [lastmod] = doc.xpath("//sm:lastmod/text()", namespaces=NS)
    assert lastmod.endswith("+03:30")
    assert (
        lastmod == timezone.localtime(public_article.updated_at).replace(microsecond=0).isoformat()
    )


def test_article_sitemaps_split_by_news_id_range(client, category):
    articles = [make_article(title=f"خبر شماره {n}", category=category) for n in "ابپتث"]
    ids = sorted(a.news_id for a in articles)  # 1000..1004
    with override_settings(KHABAR_SITEMAP_PAGE_SIZE=2):
        index = locs(fetch(client, "/sitemap.xml", INDEX))
        files = [u for u in index if "sitemap-articles-" in u]
        assert files == [f"http://testserver/sitemap-articles-{n}.xml" for n in (500, 501, 502)]
        seen = []
        for url in files:
            doc = fetch(client, url.removeprefix("http://testserver"), SITEMAP)
            assert 1 <= len(locs(doc)) <= 2
            seen += locs(doc)
        assert client.get("/sitemap-articles-7.xml").status_code == 404
    assert len(seen) == len(set(seen)) == 5
    assert [int(u.split("/news/")[1].split("/")[0]) for u in seen] == ids


def test_keyset_reading_returns_every_row_once_in_order(category):
    made = sorted(make_article(title=f"خبر {n}", category=category).news_id for n in "ابپتثجچ")
    rows = list(selectors.sitemap_article_rows(number=0, page_size=50_000, chunk=2))
    assert [r[0] for r in rows] == made


def test_sitemap_urls_match_get_absolute_url_for_every_slug_shape(client, category):
    odd = make_article(title="گفت‌وگو با «وزیر» درباره ۵۰٪ تورم؟", category=category)
    Article.objects.filter(pk=odd.pk).update(slug="")  # an imported article without a slug
    plain = make_article(title="خبر ساده", category=category)
    odd.refresh_from_db()
    urls = locs(fetch(client, "/sitemap-articles-0.xml", SITEMAP))
    assert sorted(urls) == sorted("http://testserver" + a.get_absolute_url() for a in (odd, plain))


def test_category_and_tag_sitemaps(client, public_article, category, tag):
    cats = fetch(client, "/sitemap-categories.xml", SITEMAP)
    assert locs(cats) == ["http://testserver" + category.get_absolute_url()]
    tags = locs(fetch(client, "/sitemap-tags.xml", SITEMAP))
    assert "http://testserver" + tag.get_absolute_url() in tags
    assert len(tags) == 2
    [lastmod] = cats.xpath("//sm:lastmod/text()", namespaces=NS)
    assert lastmod.endswith("+03:30")


def test_empty_category_is_left_out(client, public_article):
    from tests.factories import CategoryFactory

    empty = CategoryFactory(name="خالی", slug="empty")
    assert "http://testserver" + empty.get_absolute_url() not in locs(
        fetch(client, "/sitemap-categories.xml", SITEMAP)
    )


def test_news_sitemap_has_the_last_48_hours_only(client, category, public_article):
    old = make_article(title="خبر پریروز", category=category, minutes_ago=49 * 60)
    doc = fetch(client, "/sitemap-news.xml", NEWS)
    assert locs(doc) == ["http://testserver" + public_article.get_absolute_url()]
    assert old.get_absolute_url() not in " ".join(locs(doc))
    news = doc.xpath("//news:news", namespaces=NS)[0]
    assert news.xpath("news:publication/news:name/text()", namespaces=NS) == [
        "خبرگزاری اقتصاد ایران"
    ]
    assert news.xpath("news:publication/news:language/text()", namespaces=NS) == ["fa"]
    assert news.xpath("news:title/text()", namespaces=NS) == [public_article.title]
    [date] = news.xpath("news:publication_date/text()", namespaces=NS)
    assert (
        date == timezone.localtime(public_article.published_at).replace(microsecond=0).isoformat()
    )
    assert date.endswith("+03:30")
    assert news.xpath("news:keywords/text()", namespaces=NS) == ["بودجه, مجلس"]


def test_news_sitemap_is_newest_first(client, category):
    for name, minutes in (("کهنه", 600), ("تازه", 5), ("میانه", 60)):
        make_article(title=f"خبر {name}", category=category, minutes_ago=minutes)
    doc = fetch(client, "/sitemap-news.xml", NEWS)
    titles = doc.xpath("//news:title/text()", namespaces=NS)
    assert titles == ["خبر تازه", "خبر میانه", "خبر کهنه"]


def test_titles_with_markup_characters_stay_valid_xml(client, category):
    make_article(title="سود <بانک‌ها> & «تسهیلات»", category=category)
    doc = fetch(client, "/sitemap-news.xml", NEWS)
    assert doc.xpath("//news:title/text()", namespaces=NS) == ["سود <بانک‌ها> & «تسهیلات»"]


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
    assert lines[0] == "User-agent: *"


def test_unknown_sections_and_pages_are_404(client, public_article):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-tags.xml?p=9").status_code == 404
    assert client.get("/sitemap-tags.xml?p=x").status_code == 404
    assert client.get("/sitemap-articles-99999999999999999999.xml").status_code == 404


def test_buckets_group_by_range_with_lastmod(category):
    now = timezone.now()
    make_article(title="خبر الف", category=category)
    buckets = selectors.sitemap_article_buckets(page_size=50_000)
    assert [(b.number, b.count) for b in buckets] == [(0, 1)]
    assert now - timedelta(minutes=1) < buckets[0].lastmod <= timezone.now()


def test_index_is_cached_five_minutes_but_files_are_fresh(client, public_article, category):
    first = locs(fetch(client, "/sitemap.xml", INDEX))
    far = make_article(title="خبر با شناسهٔ دور", category=category, news_id=200_000)
    assert locs(fetch(client, "/sitemap.xml", INDEX)) == first  # the list is cached…
    # …but the file itself is always fresh,
    assert "/news/200000/" in " ".join(locs(fetch(client, "/sitemap-articles-4.xml", SITEMAP)))
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        later = locs(fetch(client, "/sitemap.xml", INDEX))
    assert "http://testserver/sitemap-articles-4.xml" in later and far.news_id == 200_000
