"""Persian error pages: 404 with the site around it, 500 even when the database is the problem."""

from __future__ import annotations

import pytest
from django.template import loader

from khabar.news import selectors
from khabar.news.models import Category
from tests.site.helpers import page_text, soup_of

pytestmark = pytest.mark.django_db


def test_404_is_persian_with_status_404(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.find("html")["lang"] == "fa"
    assert soup.find("html")["dir"] == "rtl"
    assert soup.find("h1").get_text(strip=True) == "صفحه پیدا نشد"
    text = page_text(response.content)
    assert "۴۰۴" in text
    assert "رفتن به صفحهٔ نخست" in text


def test_404_for_an_unknown_news_id(client) -> None:
    response = client.get("/news/99999/whatever")
    assert response.status_code == 404
    assert "صفحه پیدا نشد" in page_text(response.content)


def test_500_is_persian_when_a_view_fails(client, monkeypatch) -> None:
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(selectors, "article_list_latest", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.find("html")["dir"] == "rtl"
    assert soup.find("h1").get_text(strip=True) == "خطای سرور"
    assert "۵۰۰" in page_text(response.content)


def test_500_renders_without_a_request_or_the_database(monkeypatch) -> None:
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page must not query the database")

    monkeypatch.setattr(Category.objects, "all", no_database)
    html = loader.get_template("500.html").render()
    text = page_text(html)
    assert "خطای سرور" in text
    assert "لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید." in text
    assert 'lang="fa"' in html and 'dir="rtl"' in html
