"""The public REST API: lists, filters, cursor pages, errors in Persian, rate limits and CORS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from khabar.news import services
from tests.factories import CategoryFactory, TagFactory, make_article

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_article_list_and_detail(client, public_article):
    data = get(client, "/api/v1/articles")
    [item] = data["results"]
    assert item["news_id"] == public_article.news_id
    assert item["title"] == public_article.title
    assert item["url"] == "http://testserver" + public_article.get_absolute_url()
    assert item["published_at"].endswith("+03:30")
    assert item["category"]["slug"] == "اقتصاد"
    assert [t["name"] for t in item["tags"]] == ["بودجه", "مجلس"]
    assert item["image"]["width"] == 1200
    assert item["source"] == {
        "house_attribution": "به گزارش خبرگزاری اقتصاد ایران",
        "via": "خبرگزاری مهر",
        "original": "تاس",
    }
    assert "body" not in item
    detail = get(client, f"/api/v1/articles/{public_article.news_id}")
    assert detail["body"] == public_article.body
    assert (
        detail["ninjs_url"] == f"http://testserver/api/v1/articles/{public_article.news_id}.ninjs"
    )


def test_cursor_pages_walk_every_article_once(client, category):
    made = [
        make_article(title=f"خبر {n}", category=category, minutes_ago=m)
        for m, n in enumerate("ابپتثجچ", 1)
    ]
    url, seen = "/api/v1/articles?page_size=3", []
    while url:
        data = get(client, url)
        seen += [a["news_id"] for a in data["results"]]
        url = data["next"]
        # A story published meanwhile does not shift the pages.
        if len(seen) == 3:
            make_article(title="خبر فوری", category=category, minutes_ago=0)
    assert seen == [a.news_id for a in made]


def test_filters_by_category_and_tag(client, public_article, category, tag):
    other = make_article(
        title="خبر ورزشی",
        category=CategoryFactory(name="ورزش", slug="sport"),
        tags=[TagFactory(name="فوتبال", slug="football")],
    )
    assert [a["news_id"] for a in get(client, "/api/v1/articles?category=sport")["results"]] == [
        other.news_id
    ]
    by_tag = get(client, f"/api/v1/articles?tag={tag.slug}")["results"]
    assert [a["news_id"] for a in by_tag] == [public_article.news_id]


@time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=UTC), tick=False)
def test_date_range_in_jalali_gregorian_and_persian_digits(client, category):
    morning = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 11:30 in Tehran, 3 Azar 1405
    day_one = make_article(title="خبر روز سوم", category=category, published=False)
    services.article_publish(article_id=day_one.pk, published_at=morning)
    day_two = make_article(title="خبر روز چهارم", category=category, published=False)
    services.article_publish(article_id=day_two.pk, published_at=morning + timedelta(days=1))

    def ids(query):
        return [a["news_id"] for a in get(client, "/api/v1/articles?" + query)["results"]]

    assert ids("jalali_from=1405-09-03&jalali_to=1405-09-03") == [day_one.news_id]
    assert ids("jalali_from=۱۴۰۵/۰۹/۰۴") == [day_two.news_id]
    assert ids("jalali_to=1405-09-03&date_to=2026-11-30") == [day_one.news_id]  # the narrower end
    assert ids("date_from=2026-11-26&date_to=2026-11-25") == []  # an empty range finds nothing
    assert ids("date_to=9999-12-31") == [day_two.news_id, day_one.news_id]
    assert (
        ids("jalali_from=1404-12-30&jalali_to=1404-12-30") == []
    )  # 1404 has no 30 Esfand: 1 Farvardin
    assert ids("date_to=2026-11-24") == [day_one.news_id]
    assert ids("date_from=2026-11-25T11:29:00%2B03:30") == [day_two.news_id]
    assert ids("date_from=2026-11-25T11:31:00") == []  # no offset: Tehran time


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("date_from=yesterday", "تاریخ"),
        ("date_from=2026-02-30", "تاریخ"),
        ("jalali_from=1405-13-40", "تاریخ"),
        ("jalali_to=2026-11-26", "تاریخ"),
        ("page_size=0", "page_size"),
        ("page_size=many", "page_size"),
        ("category=nothing", "شاخه"),
        ("tag=nothing", "برچسب"),
        ("cursor=bogus", "نشانگر"),
    ],
)
def test_bad_parameters_get_a_clear_persian_error(client, public_article, query, words):
    status = 400 if query.startswith(("date", "jalali", "page_size")) else 404
    data = get(client, "/api/v1/articles?" + query, status=status)
    assert words in data["detail"]


def test_unknown_things_are_json_404s(client, public_article):
    assert "detail" in get(client, "/api/v1/articles/999999", status=404)
    assert "detail" in get(client, "/api/v1/articles/99999999999999999999999", status=404)
    assert "detail" in get(client, "/api/v1/categories/nothing", status=404)
    assert "detail" in get(client, "/api/v1/nowhere/at/all", status=404)
    assert "detail" in get(client, "/api/v2/articles", status=404)


def test_a_nul_in_a_filter_is_a_json_404_not_a_server_error(client, public_article):
    # PostgreSQL refuses NUL in text; schemathesis found the 500 this used to give.
    for path in ("/api/v1/articles?category=a%00b", "/api/v1/search?q=x&tag=%00"):
        assert "detail" in get(client, path, status=404)


def test_categories_and_tags(client, public_article, category):
    cats = get(client, "/api/v1/categories")["results"]
    assert [c["slug"] for c in cats] == ["اقتصاد"]
    assert get(client, f"/api/v1/categories/{category.slug}")["description"] == category.description
    tags = get(client, "/api/v1/tags")["results"]
    assert [t["name"] for t in tags] == ["بودجه", "مجلس"]


def test_read_only(client, public_article):
    assert client.post("/api/v1/articles", {}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/v1/articles/{public_article.news_id}").status_code == 405


def test_rate_limit_per_client(client, public_article):
    with override_settings(KHABAR_API_RATE="3/minute"):
        for _ in range(3):
            get(client, "/api/v1/articles")
        response = client.get("/api/v1/articles")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "درخواست" in response.json()["detail"]
        # Another client (another key) has its own allowance; so has another address.
        get(client, "/api/v1/articles", HTTP_X_API_KEY="partner-1")
        get(client, "/api/v1/articles", REMOTE_ADDR="10.1.2.3")


def test_forwarded_for_is_not_trusted_without_proxies(client, public_article):
    with override_settings(KHABAR_API_RATE="2/minute"):
        get(client, "/api/v1/articles", HTTP_X_FORWARDED_FOR="1.1.1.1")
        get(client, "/api/v1/articles", HTTP_X_FORWARDED_FOR="2.2.2.2")
        assert client.get("/api/v1/articles", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 429


def test_cors_is_off_unless_configured(client, public_article):
    response = client.get("/api/v1/articles", HTTP_ORIGIN="https://app.example")
    assert "Access-Control-Allow-Origin" not in response
    with override_settings(CORS_ALLOWED_ORIGINS=["https://app.example"]):
        ok = client.get("/api/v1/articles", HTTP_ORIGIN="https://app.example")
        assert ok["Access-Control-Allow-Origin"] == "https://app.example"
        other = client.get("/api/v1/articles", HTTP_ORIGIN="https://evil.example")
        assert "Access-Control-Allow-Origin" not in other
        preflight = client.options(
            "/api/v1/articles",
            HTTP_ORIGIN="https://app.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )
        assert preflight.status_code == 200
        assert "GET" in preflight["Access-Control-Allow-Methods"]
        # Reader pages never get CORS headers.
        page = client.get("/", HTTP_ORIGIN="https://app.example")
        assert "Access-Control-Allow-Origin" not in page


def test_schema_is_openapi_3_with_persian_descriptions(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "رابط برنامه‌نویسی عمومی خبر"
    assert "خبر" in schema["info"]["description"]
    list_op = schema["paths"]["/api/v1/articles"]["get"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in list_op["summary"])
    params = {p["name"]: p for p in list_op["parameters"]}
    assert {
        "category",
        "tag",
        "date_from",
        "date_to",
        "jalali_from",
        "jalali_to",
        "cursor",
        "page_size",
    } <= set(params)
    assert "1405-09-05" in params["jalali_from"]["description"]
