"""Drafts, articles in review, scheduled, embargoed and taken-down articles never leave Khabar.

One test per kind of hidden article (the fixture is parametrized); each
looks through every output of this app: feeds, sitemaps, the API and ninjs.
"""

from __future__ import annotations

import pytest

from tests.syndication.conftest import feed_urls

pytestmark = pytest.mark.django_db


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


def outputs(category, tag) -> list[str]:
    return [
        *feed_urls(category, tag),
        "/sitemap.xml",
        "/sitemap-articles-0.xml",
        "/sitemap-news.xml",
        "/api/v1/articles",
        f"/api/v1/articles?category={category.slug}",
        f"/api/v1/articles?tag={tag.slug}",
        "/api/v1/ninjs",
    ]


def test_hidden_article_appears_in_no_output(client, public_article, hidden_article, category, tag):
    for url in outputs(category, tag):
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        if url != "/sitemap.xml":  # the output works and shows the public article…
            assert f"/news/{public_article.news_id}/" in text or public_article.title in text, url
        assert hidden_article.title not in text, url  # …and holds nothing hidden
        assert f"/news/{hidden_article.news_id}/" not in text, url
        assert f"/x{hidden_article.news_id}" not in text, url
    for url in (
        f"/api/v1/articles/{hidden_article.news_id}",
        f"/api/v1/articles/{hidden_article.news_id}.ninjs",
    ):
        assert client.get(url).status_code == 404, url


def test_hidden_article_does_not_make_its_category_or_tag_listed(client, hidden_article):
    assert hidden_article.category.slug not in body(client.get("/sitemap-categories.xml"))
    assert "/tag/" not in body(client.get("/sitemap-tags.xml"))
    # …nor does it move a sitemap file's date or make one appear.
    assert "sitemap-articles-" not in body(client.get("/sitemap.xml"))
