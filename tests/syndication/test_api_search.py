"""/api/v1/search: full-text search through khabar.search, with the API's filters and errors."""

from __future__ import annotations

import pytest

from khabar.news.models import Article
from khabar.search import api as search_api
from tests.factories import CategoryFactory, make_article
from tests.syndication.conftest import make_hidden

pytestmark = pytest.mark.django_db


def index(*articles: Article) -> None:
    """What the search receiver does after each commit."""
    for article in articles:
        search_api.index_article(article_id=article.pk)


@pytest.fixture
def oil(category):
    made = [
        make_article(
            title=f"صادرات نفت ایران {n}",
            lead="گزارش می‌کنیم که صادرات نفت افزایش یافت.",
            category=category,
            minutes_ago=minutes,
        )
        for n, minutes in (("اول", 30), ("دوم", 20), ("سوم", 10))
    ]
    other = make_article(
        title="نتیجه بازی فوتبال", category=CategoryFactory(name="ورزش", slug="sport")
    )
    index(*made, other)
    return made


def test_finds_a_word_however_it_was_typed(client, oil):
    # «میکنیم» without the half-space still finds «می‌کنیم».
    data = client.get("/api/v1/search", {"q": "میکنیم"}).json()
    assert data["count"] == 3
    assert {a["news_id"] for a in data["results"]} == {a.news_id for a in oil}
    hit = data["results"][0]
    assert hit["url"].startswith("http://testserver/news/")
    assert "<mark>" in hit["snippet_html"]
    assert hit["tags"] == [] and hit["category"]["slug"] == "اقتصاد"


def test_newest_order_pages_and_links(client, oil):
    first = client.get("/api/v1/search", {"q": "نفت", "order": "newest", "page_size": 2}).json()
    assert [a["title"] for a in first["results"]] == [
        "صادرات نفت ایران سوم",
        "صادرات نفت ایران دوم",
    ]
    assert first["num_pages"] == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [a["title"] for a in second["results"]] == ["صادرات نفت ایران اول"]
    assert second["next"] is None and second["previous"]


def test_filters_apply_to_search(client, oil):
    assert client.get("/api/v1/search", {"q": "نفت", "category": "sport"}).json()["count"] == 0
    assert client.get("/api/v1/search", {"q": "فوتبال", "category": "sport"}).json()["count"] == 1
    far_past = client.get("/api/v1/search", {"q": "نفت", "jalali_to": "1390-01-01"}).json()
    assert far_past["count"] == 0


@pytest.mark.parametrize("kind", ["draft", "scheduled", "embargoed", "unpublished", "taken_down"])
def test_hidden_articles_are_never_found(client, category, tag, kind):
    hidden = make_hidden(kind, category=category, tag=tag)
    index(hidden)
    found = client.get("/api/v1/search", {"q": "پنهان"}).json()
    assert found["count"] == 0 and found["results"] == []


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": ""}, "جست‌وجو"),
        ({"q": "   "}, "جست‌وجو"),
        ({}, "جست‌وجو"),
        ({"q": "نفت", "order": "oldest"}, "order"),
        ({"q": "نفت", "page": "0"}, "page"),
        ({"q": "نفت", "page_size": "500"}, "page_size"),
        ({"q": "نفت", "date_from": "not a date"}, "تاریخ"),
    ],
)
def test_bad_search_requests_get_a_persian_400(client, oil, params, words):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_odd_queries_never_fail(client, oil):
    for q in ['"', "-", "--نفت", '"نفت', "*", "NEAR(", "نفت OR", "۱۲۳", "\u200c", "a" * 500]:
        response = client.get("/api/v1/search", {"q": q})
        assert response.status_code == 200, q
