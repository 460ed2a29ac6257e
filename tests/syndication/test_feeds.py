"""RSS 2.0 and Atom feeds, read by feedparser (a client nobody on this project wrote)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date

from khabar.news import services
from tests.factories import CategoryFactory, make_article
from tests.syndication.conftest import feed_urls

pytestmark = pytest.mark.django_db

FEEDS = {
    "rss": ("/rss/", "application/rss+xml; charset=utf-8"),
    "atom": ("/atom/", "application/atom+xml; charset=utf-8"),
}


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def test_every_feed_parses_cleanly_with_the_article(client, public_article, category, tag):
    canonical = "http://testserver" + public_article.get_absolute_url()
    for url in feed_urls(category, tag):
        response, parsed = parse(client, url)
        expected_type = FEEDS["atom" if url.startswith("/atom") else "rss"][1]
        assert response["Content-Type"] == expected_type
        assert parsed.feed.language == "fa"
        [entry] = parsed.entries
        assert entry.title == "لایحه بودجه ۱۴۰۵ به مجلس رسید"
        assert entry.link == canonical
        assert entry.id == f"http://testserver/x{public_article.news_id}"
        assert entry.summary == public_article.lead
        published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
        assert published == public_article.published_at.replace(microsecond=0)
        assert {t.term for t in entry.tags} == {"اقتصاد", "بودجه", "مجلس"}
        [enclosure] = entry.enclosures
        assert enclosure.href == "http://testserver" + public_article.lead_image.file.url
        assert enclosure.type == "image/png"
        assert int(enclosure.length) == public_article.lead_image.file.size
        assert entry.author == "مریم احمدی"


def test_rss_dates_are_rfc822_in_tehran_time(client, public_article):
    response, parsed = parse(client, "/rss/")
    raw = parsed.entries[0].published
    assert raw.endswith("+0330"), raw
    assert "<pubDate>" in response.content.decode()
    _, atom = parse(client, "/atom/")
    assert atom.entries[0].published.endswith("+03:30")


def test_channel_titles_name_the_agency_and_the_section(client, public_article, category, tag):
    assert parse(client, "/rss/")[1].feed.title == "خبرگزاری اقتصاد ایران"
    assert parse(client, f"/rss/category/{category.slug}")[1].feed.title.startswith("اقتصاد")
    assert parse(client, f"/atom/tag/{tag.slug}")[1].feed.title.startswith("بودجه")
    assert parse(client, f"/rss/category/{category.slug}")[1].feed.link.endswith(
        "/category/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"
    )


def test_category_feed_holds_only_its_category(client, public_article, category):
    other = make_article(title="خبر ورزشی", category=CategoryFactory(name="ورزش", slug="sport"))
    titles = [e.title for e in parse(client, f"/rss/category/{category.slug}")[1].entries]
    assert titles == [public_article.title]
    assert other.title in [e.title for e in parse(client, "/rss/")[1].entries]


def test_newest_first_and_limited(client, category):
    for name, minutes in (("اول", 50), ("دوم", 40), ("سوم", 30), ("چهارم", 20)):
        make_article(title=f"خبر {name}", category=category, minutes_ago=minutes)
    with override_settings(KHABAR_FEED_ITEMS=3):
        titles = [e.title for e in parse(client, "/rss/")[1].entries]
    assert titles == ["خبر چهارم", "خبر سوم", "خبر دوم"]


def test_unknown_category_or_tag_is_404(client):
    assert client.get("/rss/category/nothing-here").status_code == 404
    assert client.get("/atom/tag/nothing-here").status_code == 404


def test_conditional_get_answers_304_until_the_feed_changes(client, public_article, category):
    first = client.get("/rss/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert "public" in first["Cache-Control"]
    again = client.get("/rss/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get("/rss/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    newer = make_article(title="خبر تازه", category=category, minutes_ago=1)
    changed = client.get("/rss/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert newer.title in changed.content.decode()


@pytest.mark.parametrize("withdraw", ["unpublish", "take_down"])
def test_withdrawing_an_article_moves_last_modified_forward(client, public_article, withdraw):
    before = client.get("/rss/")["Last-Modified"]
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        if withdraw == "unpublish":
            services.article_unpublish(article_id=public_article.pk)
        else:
            services.article_take_down(article_id=public_article.pk, reason="درخواست منبع")
        after = client.get("/rss/", HTTP_IF_MODIFIED_SINCE=before)
    assert after.status_code == 200  # not 304: the withdrawn story must leave readers' lists
    assert public_article.title not in after.content.decode()


def test_feeds_answer_head_and_refuse_post(client, public_article):
    assert client.head("/rss/").status_code == 200
    assert client.post("/rss/").status_code == 405


def test_empty_site_still_gives_a_valid_feed(client):
    for url in ("/rss/", "/atom/"):
        response, parsed = parse(client, url)
        assert parsed.entries == []
        assert "Last-Modified" not in response


def test_public_base_url_is_used_for_every_link(client, public_article):
    with override_settings(KHABAR_PUBLIC_BASE_URL="https://econews.ir"):
        _, parsed = parse(client, "/rss/")
    entry = parsed.entries[0]
    assert entry.link.startswith("https://econews.ir/news/")
    assert entry.id == f"https://econews.ir/x{public_article.news_id}"
    assert parsed.feed.link == "https://econews.ir/"


def test_last_modified_is_an_http_date(client, public_article):
    response = client.get("/atom/")
    assert response["Last-Modified"] == http_date(public_article.modified_at.timestamp())
