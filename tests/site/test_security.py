"""What must never reach a reader: scripts in bodies, inline code under the CSP."""

from __future__ import annotations

import pytest
from django.conf import settings

from khabar.news.models import Article
from tests.factories import make_article
from tests.site.helpers import page_text, soup_of

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "<p>پاراگراف سالم.</p>"
    "<script>alert('xss')</script>"
    '<p><img src="x" onerror="alert(1)">پس از تصویر</p>'
    '<p><a href="javascript:alert(2)" onclick="alert(3)">پیوند</a></p>'
    '<p style="color:red">سبک درون‌خطی</p>'
    '<iframe src="https://evil.example"></iframe>'
)


def test_a_hostile_body_reaches_the_page_without_its_scripts(client) -> None:
    article = make_article(title="آزمون پاک‌سازی", body=HOSTILE_BODY)
    response = client.get(article.get_absolute_url())
    body = soup_of(response).select_one(".article-body")
    html = str(body)

    assert body.find("script") is None
    assert body.find("iframe") is None
    assert "alert" not in html
    assert not [tag for tag in body.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert not body.find_all(style=True)
    # The harmless parts stay.
    text = page_text(response.content)
    assert "پاراگراف سالم." in text
    assert "پس از تصویر" in text
    assert "سبک درون‌خطی" in text


def test_pages_send_the_strict_csp_and_use_no_inline_code(client, seed_article: Article) -> None:
    for url in (
        "/",
        seed_article.get_absolute_url(),
        f"/news/{seed_article.news_id}/print",
        "/nope",
    ):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        soup = soup_of(response)
        # Scripts that run come from files; JSON-LD data blocks never run and are allowed.
        runnable = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert all(script.get("src") for script in runnable), url
        assert soup.find("style") is None, url
        assert not soup.find_all(style=True), url
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], url


def test_no_third_party_assets(client, seed_article: Article) -> None:
    soup = soup_of(client.get(seed_article.get_absolute_url()))
    tags = soup.find_all(["script", "link", "img"])
    urls = [u for u in (t.get("src") or t.get("href") for t in tags) if u]
    local = [u for u in urls if u.startswith(("/", "http://testserver/"))]
    assert urls == local
    assert settings.STATIC_URL + "site/site.css" in urls
