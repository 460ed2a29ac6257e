"""Home, category and tag pages: what they show, their pagination, and a constant query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article, Category
from khabar.persian import to_persian_digits
from tests.factories import CategoryFactory, make_article
from tests.site.helpers import page_text, png_upload, soup_of

pytestmark = pytest.mark.django_db


def fill(
    category: Category, count: int, *, tags=(), with_images: bool = False, start: int = 0
) -> list[Article]:
    articles = []
    for n in range(start, start + count):
        image = (
            services.image_create(file=png_upload(f"p{n}.png", (400, 225)), caption="عکس")
            if with_images
            else None
        )
        articles.append(
            make_article(
                title=f"خبر شماره {to_persian_digits(str(n))} از {category.name}",
                category=category,
                minutes_ago=10 + n,
                tags=list(tags),
                lead_image=image,
            )
        )
    return articles


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_home_has_top_story_latest_category_blocks_and_most_read(client) -> None:
    economy = CategoryFactory(name="اقتصادی", position=1)
    sport = CategoryFactory(name="ورزشی", position=2)
    fill(economy, 8)
    sport_news = fill(sport, 8, start=100)
    Article.objects.filter(pk=sport_news[-1].pk).update(view_count=500)
    soup = soup_of(client.get("/"))

    top = soup.select_one(".top-story")
    assert top.find("a", string="خبر شماره ۰ از اقتصادی")
    assert len(soup.select(".latest .headline-list li")) == 8
    blocks = {b.find("h2").get_text(strip=True): b for b in soup.select(".category-block")}
    assert list(blocks) == ["اقتصادی", "ورزشی"]
    assert blocks["ورزشی"].find("h2").find("a")["href"] == sport.get_absolute_url()
    most_read = soup.select_one(".most-read")
    assert most_read.find(string="خبر شماره ۱۰۷ از ورزشی")
    assert most_read.select_one(".rank").get_text() == "۱"


def test_home_without_news_says_so(client) -> None:
    assert "هنوز خبری منتشر نشده است." in page_text(client.get("/").content)


def test_navigation_lists_the_categories(client) -> None:
    a, b = CategoryFactory(name="سیاسی", position=1), CategoryFactory(name="فرهنگی", position=2)
    nav = soup_of(client.get(a.get_absolute_url())).select_one("nav.site-nav")
    links = [(x.get_text(strip=True), x["href"]) for x in nav.find_all("a")]
    assert links == [
        ("صفحهٔ نخست", "/"),
        ("سیاسی", a.get_absolute_url()),
        ("فرهنگی", b.get_absolute_url()),
    ]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "سیاسی"


def test_category_pages_paginate_with_persian_digits(client, settings) -> None:
    settings.KHABAR_PAGE_SIZE = 5
    category = CategoryFactory(name="اقتصادی")
    fill(category, 12)
    url = category.get_absolute_url()

    first = soup_of(client.get(url))
    assert first.find("h1").get_text(strip=True) == "اقتصادی"
    assert len(first.select(".card")) == 5
    pager = first.select_one("nav.pager")
    assert " ".join(pager.select_one(".pager__status").get_text().split()) == "صفحهٔ ۱ از ۳"
    assert [a.get_text(strip=True) for a in pager.select("a.pager__link")] == ["۲", "۳", "صفحهٔ بعد"]
    assert pager.select_one("[aria-current=page]").get_text(strip=True) == "۱"

    last = client.get(url, {"page": 3})
    assert len(soup_of(last).select(".card")) == 2
    assert "خبر شماره ۱۱ از اقتصادی" in page_text(last.content)
    assert soup_of(last).select_one("a[rel=prev]")["href"] == "?page=2"
    # A page past the end or not a number still answers with a page, not an error.
    assert client.get(url, {"page": 99}).status_code == 200
    assert client.get(url, {"page": "abc"}).status_code == 200


def test_short_category_has_no_pager(client) -> None:
    category = CategoryFactory()
    fill(category, 2)
    assert soup_of(client.get(category.get_absolute_url())).select_one("nav.pager") is None


def test_tag_pages_list_articles_across_categories(client, settings) -> None:
    settings.KHABAR_PAGE_SIZE = 3
    tag = services.tag_get_or_create(name="انرژی")
    fill(CategoryFactory(name="اقتصادی"), 2, tags=[tag])
    fill(CategoryFactory(name="سیاسی"), 2, tags=[tag], start=50)
    fill(CategoryFactory(name="ورزشی"), 3, start=80)  # untagged
    soup = soup_of(client.get(tag.get_absolute_url()))
    assert soup.find("h1").get_text(strip=True) == "انرژی"
    assert len(soup.select(".card")) == 3
    assert " ".join(soup.select_one(".pager__status").get_text().split()) == "صفحهٔ ۱ از ۲"
    assert {a.get_text(strip=True) for a in soup.select(".card__category")} <= {"اقتصادی", "سیاسی"}
    assert "ورزشی" not in {a.get_text(strip=True) for a in soup.select(".card__category")}


def test_unknown_category_and_tag_are_404(client) -> None:
    assert client.get("/category/no-such").status_code == 404
    assert client.get("/tag/no-such").status_code == 404


def test_scheduled_articles_stay_off_the_listings(client) -> None:
    category = CategoryFactory()
    article = make_article(title="خبر زمان‌بندی‌شده", category=category, published=False)
    services.article_schedule(article_id=article.pk, publish_at=timezone.now() + timedelta(hours=1))
    for url in ("/", category.get_absolute_url()):
        assert "خبر زمان‌بندی‌شده" not in page_text(client.get(url).content)


def test_home_query_count_does_not_grow_with_the_news(
    client, django_assert_max_num_queries
) -> None:
    categories = [CategoryFactory(position=n) for n in range(3)]
    tag = services.tag_get_or_create(name="برچسب")
    for n, category in enumerate(categories):
        fill(category, 3, tags=[tag], with_images=True, start=n * 100)
    few = queries_for(client, "/")
    for n, category in enumerate(categories):
        fill(category, 6, tags=[tag], with_images=True, start=n * 100 + 50)
    Article.objects.update(view_count=10)  # most read has rows too
    assert queries_for(client, "/") == few
    # nav, breaking news, latest, pinned top story, featured, most read, categories,
    # and one per category block.
    with django_assert_max_num_queries(7 + len(categories)):
        client.get("/")


def test_category_and_article_query_counts_are_constant(
    client, django_assert_max_num_queries
) -> None:
    category = CategoryFactory()
    tag = services.tag_get_or_create(name="برچسب")
    articles = fill(category, 3, tags=[tag], with_images=True)
    url = category.get_absolute_url()
    few_list, few_article = (
        queries_for(client, url),
        queries_for(client, articles[0].get_absolute_url()),
    )
    fill(category, 15, tags=[tag], with_images=True, start=20)
    assert queries_for(client, url) == few_list
    # The article page: related news may take one query less once tags alone fill the list.
    assert queries_for(client, articles[0].get_absolute_url()) <= few_article
    with django_assert_max_num_queries(5):  # nav, breaking news, category, count, page
        client.get(url)
