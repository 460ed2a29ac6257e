"""What the newsroom's actions look like to a reader: takedowns, corrections, curation, breaking news."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article
from tests.factories import CategoryFactory, make_article
from tests.site.helpers import SEED_LEGACY_PATH, SEED_NEWS_ID, page_text, soup_of

pytestmark = pytest.mark.django_db


def test_a_taken_down_article_answers_410_everywhere(client, seed_article: Article) -> None:
    services.article_take_down(article_id=seed_article.pk, reason="حکم دادگاه")
    for path in (
        seed_article.get_absolute_url(),
        f"/news/{SEED_NEWS_ID}",
        f"/news/{SEED_NEWS_ID}/print",
        f"/x{SEED_NEWS_ID}",
        SEED_LEGACY_PATH,
    ):
        response = client.get(path)
        assert response.status_code == 410, path
        assert soup_of(response).find("h1").get_text(strip=True) == "این خبر برداشته شده است"
    assert "روسیه" not in page_text(client.get("/").content)
    # An ID that never existed is still a plain 404.
    assert client.get("/x99999999").status_code == 404


def test_a_correction_note_is_shown_on_the_article_and_its_print_view(client) -> None:
    article = make_article(title="نرخ تورم اعلام شد", body="<p>نرخ تورم ۴۰ درصد است.</p>")
    services.article_update(
        article=article,
        body="<p>نرخ تورم ۳۰ درصد است.</p>",
        correction_note="در نسخه نخست نرخ تورم ۴۰ درصد نوشته شده بود.",
    )
    for path in (article.get_absolute_url(), f"/news/{article.news_id}/print"):
        soup = soup_of(client.get(path))
        box = soup.select_one(".corrections")
        assert box.find("h2").get_text(strip=True) == "اصلاحیه"
        assert "در نسخه نخست نرخ تورم ۴۰ درصد نوشته شده بود." in box.get_text()
        assert box.find("time")["datetime"]
        assert "نرخ تورم ۳۰ درصد است." in page_text(str(soup.select_one(".article-body")))


def test_an_article_without_corrections_has_no_correction_box(client) -> None:
    article = make_article()
    assert soup_of(client.get(article.get_absolute_url())).select_one(".corrections") is None


def test_a_pinned_top_story_and_the_featured_list_lead_the_home_page(client) -> None:
    category = CategoryFactory()
    older = make_article(title="گزارش ویژه دیروز", category=category, minutes_ago=60 * 24)
    picks = [
        make_article(title=f"برگزیده {letter}", category=category, minutes_ago=300 + n)
        for n, letter in enumerate("اب")
    ]
    make_article(title="تازه‌ترین خبر", category=category, minutes_ago=1)
    services.featured_article_save(article=older, is_top=True)
    for position, article in enumerate(picks):
        services.featured_article_save(article=article, position=position)

    soup = soup_of(client.get("/"))
    assert soup.select_one(".lead-story__title").get_text(strip=True) == "گزارش ویژه دیروز"
    featured = [a.get_text(strip=True) for a in soup.select(".featured .card__title a")]
    assert featured == ["برگزیده ا", "برگزیده ب"]
    assert "تازه‌ترین خبر" in [
        a.get_text(strip=True) for a in soup.select(".latest .headline__title")
    ]


def test_without_curation_the_latest_article_is_the_top_story(client) -> None:
    make_article(title="خبر قدیمی", minutes_ago=90)
    make_article(title="خبر تازه", minutes_ago=2)
    soup = soup_of(client.get("/"))
    assert soup.select_one(".lead-story__title").get_text(strip=True) == "خبر تازه"
    assert soup.select_one(".featured") is None


def test_breaking_news_banner_shows_on_every_page_until_it_expires(client) -> None:
    article = make_article(title="زلزله در استان کرمان")
    services.breaking_news_save(
        headline="فوری: زلزله ۵ ریشتری کرمان را لرزاند",
        article=article,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    for path in ("/", article.get_absolute_url(), article.category.get_absolute_url(), "/nope"):
        banner = soup_of(client.get(path)).select_one(".breaking")
        assert banner is not None, path
        assert banner.find("a")["href"] == article.get_absolute_url()
        assert "زلزله ۵ ریشتری" in banner.get_text()
        assert banner.select_one(".breaking__label").get_text(strip=True) == "فوری"

    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        assert soup_of(client.get("/")).select_one(".breaking") is None
