"""The seed's article page, end to end: import the seed, follow its short links, read the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khabar.news import services
from khabar.news.models import Article
from khabar.persian import normalize
from khabar.site.cache import views_flush
from tests.factories import make_article
from tests.site.helpers import (
    SEED_IMAGE_CAPTION,
    SEED_LEGACY_PATH,
    SEED_NEWS_ID,
    page_text,
    soup_of,
)

pytestmark = pytest.mark.django_db

SEED_LABELS = [
    "تنظیمات",
    "تصویر",
    "مشخصات خبر",
    "اندازه فونت",
    "چاپ خبر",
    "شاخه",
    "لینک",
    "شناسه",
    "تاریخ",
]
SEED_DATE = "۵ آذر ۱۴۰۵ - ۱۴:۳۲"  # 2026-11-26 11:02 UTC in Tehran


def seed_body_paragraphs(seed_page_text: str) -> list[str]:
    """The body paragraphs of the seed file: the non-empty lines after the house attribution."""
    lines = [line.strip() for line in seed_page_text.splitlines() if line.strip()]
    attribution = next(
        i for i, line in enumerate(lines) if "ﺑﻪ ﮔﺰارش" in line or line.startswith("به گزارش")
    )
    return lines[attribution + 1 :]


def folded(text: str) -> str:
    return " ".join(normalize(text).split())


@pytest.mark.parametrize("entry", [SEED_LEGACY_PATH, f"/x{SEED_NEWS_ID}"])
def test_seed_short_links_lead_to_a_page_with_every_block_of_the_seed(
    client, seed_article_with_image: Article, seed_page_text: str, entry: str
) -> None:
    response = client.get(entry, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(seed_article_with_image.get_absolute_url(), 301)]
    text = page_text(response.content)
    for label in SEED_LABELS:
        assert label in text, label
    # The values of the details box.
    assert "چهره‌ها" in text  # the seed's «چهره ها», with its ZWNJ repaired
    assert f"testserver/x{SEED_NEWS_ID}" in text  # the short link keeps ASCII digits
    assert "۳۸۳۰۲۶۳" in text  # the ID in Persian digits
    assert SEED_DATE in text
    assert SEED_IMAGE_CAPTION in text
    # The headline and every body paragraph, compared after normalization.
    page = folded(text)
    assert folded("روسیه: از تمام اقدامات کره شمالی برای مقابله با غرب حمایت میکنیم") in page
    assert "به گزارش خبرگزاری اقتصاد ایران" in page  # the house line, presentation forms repaired
    paragraphs = seed_body_paragraphs(seed_page_text)
    assert len(paragraphs) == 11
    for paragraph in paragraphs:
        assert folded(paragraph) in page, paragraph[:40]


def test_details_box_links_and_machine_readable_date(client, seed_article: Article) -> None:
    soup = soup_of(client.get(seed_article.get_absolute_url()))
    box = soup.select_one(".news-details")
    assert box.find(["h2"]).get_text(strip=True) == "مشخصات خبر"
    category_link = box.find("a", string="چهره‌ها")
    assert category_link["href"] == seed_article.category.get_absolute_url()
    link = box.select_one("bdi.short-link")
    assert link["dir"] == "ltr"
    assert link.get_text(strip=True) == f"testserver/x{SEED_NEWS_ID}"
    copy = box.select_one("button.copy-btn")
    assert copy.has_attr("hidden")  # shown only by the script
    assert copy["data-copy-text"] == f"http://testserver/x{SEED_NEWS_ID}"
    time = box.find("time")
    assert time["datetime"] == "2026-11-26T14:32:00+03:30"
    assert time.get_text(strip=True) == SEED_DATE


def test_seed_without_a_date_says_its_original_date_is_unknown(
    client, seed_article: Article
) -> None:
    assert seed_article.original_date_unknown
    text = page_text(client.get(seed_article.get_absolute_url()).content)
    assert "تاریخ اصلی این خبر نامعلوم است" in text


def test_a_dated_article_has_no_unknown_date_note(client) -> None:
    article = make_article(title="خبر با تاریخ")
    text = page_text(client.get(article.get_absolute_url()).content)
    assert "نامعلوم" not in text


def test_source_chain_of_a_republished_wire_story(client, seed_article: Article) -> None:
    soup = soup_of(client.get(seed_article.get_absolute_url()))
    assert (
        " ".join(soup.select_one(".source-chain").get_text().split())
        == "منبع: خبرگزاری مهر به نقل از تاس"
    )


def test_article_without_sources_has_no_source_line(client) -> None:
    article = make_article()
    assert soup_of(client.get(article.get_absolute_url())).select_one(".source-chain") is None


def test_overline_title_lead_tags_and_related_news(client) -> None:
    tag = services.tag_get_or_create(name="بودجه")
    article = make_article(
        title="بودجه سال آینده به مجلس رسید",
        overline="گزارش",
        lead="لایحه بودجه امروز تقدیم مجلس شد.",
        tags=[tag],
    )
    sibling = make_article(
        title="نمایندگان درباره بودجه نظر دادند", category=article.category, tags=[tag]
    )
    soup = soup_of(client.get(article.get_absolute_url()))

    assert soup.select_one(".article-overline").get_text(strip=True) == "گزارش"
    assert soup.find("h1").get_text(strip=True) == "بودجه سال آینده به مجلس رسید"
    assert (
        soup.select_one(".article-lead").get_text(strip=True) == "لایحه بودجه امروز تقدیم مجلس شد."
    )
    assert soup.select_one(".tag-list a", string="بودجه")["href"] == tag.get_absolute_url()
    related = soup.select_one(".related")
    assert related.find("a", string=sibling.title)["href"] == sibling.get_absolute_url()


def test_lead_image_is_a_figure_with_size_caption_and_credit(
    client, seed_article_with_image: Article
) -> None:
    soup = soup_of(client.get(seed_article_with_image.get_absolute_url()))
    figure = soup.select_one("figure.lead-image")
    img = figure.find("img")
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["src"] == seed_article_with_image.lead_image.file.url
    # Phones download a small rendition, in WebP when they can.
    webp = figure.find("source", attrs={"type": "image/webp"})["srcset"]
    assert [part.split()[-1] for part in webp.split(", ")] == ["480w", "960w", "1200w"]
    assert "480w" in img["srcset"] and img["sizes"].endswith("100vw")
    caption = " ".join(figure.find("figcaption").get_text(" ").split())
    assert caption == f"تصویر {SEED_IMAGE_CAPTION} عکس: تاس"


def test_no_image_no_empty_figure(client, seed_article: Article) -> None:
    assert soup_of(client.get(seed_article.get_absolute_url())).select_one("figure") is None


def test_wrong_or_missing_slug_answers_301_to_the_canonical_url(
    client, seed_article: Article
) -> None:
    canonical = seed_article.get_absolute_url()
    for path in (f"/news/{SEED_NEWS_ID}", f"/news/{SEED_NEWS_ID}/wrong-slug"):
        response = client.get(path)
        assert response.status_code == 301, path
        assert response["Location"] == canonical


def test_short_link_with_persian_digits(client, seed_article: Article) -> None:
    response = client.get("/x۳۸۳۰۲۶۳")
    assert response.status_code == 301
    assert response["Location"] == seed_article.get_absolute_url()


def test_unpublished_and_draft_articles_are_not_found(client) -> None:
    draft = make_article(title="پیش‌نویس محرمانه", published=False)
    gone = make_article(title="خبر برداشته‌شده")
    services.article_unpublish(article_id=gone.pk)
    for article in (draft, gone):
        for path in (
            article.get_absolute_url(),
            f"/x{article.news_id}",
            f"/news/{article.news_id}/print",
        ):
            assert client.get(path).status_code == 404, path


def test_print_view_has_the_article_and_its_short_link_but_no_navigation(
    client, seed_article: Article
) -> None:
    page = client.get(seed_article.get_absolute_url())
    print_link = soup_of(page).select_one("a.tool-link--print")
    assert print_link.get_text(strip=True) == "چاپ خبر"
    print_href = print_link["href"]
    assert print_href == reverse("site:article-print", kwargs={"news_id": SEED_NEWS_ID})

    response = client.get(print_href)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("h1").get_text(strip=True).startswith("روسیه: از تمام اقدامات")
    assert soup.select_one(".site-nav") is None
    assert soup.select_one(".settings-panel") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    footer = " ".join(soup.select_one(".print-footer").get_text().split())
    assert footer == f"نشانی این خبر: http://testserver/x{SEED_NEWS_ID}"
    text = page_text(response.content)
    assert "قاطعانه در کنار دوستان روسمان خواهیم ایستاد" in text
    assert SEED_DATE in text


def test_a_read_is_counted_by_the_beacon_the_page_names(client, seed_article: Article) -> None:
    """The page (maybe from a cache) names a beacon; site.js posts to it once per reading."""
    page = soup_of(client.get(seed_article.get_absolute_url()))
    beacon = page.select_one("[data-seen-url]")["data-seen-url"]
    client.head(seed_article.get_absolute_url())  # fetching the page alone counts nothing
    assert client.post(beacon).status_code == 204
    assert client.post(beacon).status_code == 204
    assert client.get(beacon).status_code == 405
    views_flush()  # the worker's job (with Redis the reads wait there until it runs)
    seed_article.refresh_from_db()
    assert seed_article.view_count == 2
