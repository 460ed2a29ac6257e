"""Page metadata read back by extruct (JSON-LD and OpenGraph), as search engines and apps see it."""

from __future__ import annotations

import json

import extruct
import pytest
from bs4 import BeautifulSoup
from django.template import engines
from django.test import RequestFactory, override_settings

from khabar.news.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    """`source` (a call such as ``{{ article_meta(article) }}``) in the reader pages' engine."""
    request = RequestFactory().get("/")
    body = engines["jinja2"].from_string(source).render(context, request=request)
    return f'<!DOCTYPE html><html lang="fa" dir="rtl"><head>{body}</head><body></body></html>'


def extract(html: str) -> dict:
    return extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"])


def og_of(data) -> dict[str, list[str]]:
    """Every OpenGraph property with all its values, in page order (article:tag repeats)."""
    props: dict[str, list[str]] = {}
    for item in data["opengraph"]:
        for key, value in item["properties"]:
            props.setdefault(key, []).append(value)
    return props


def test_article_json_ld_has_every_news_article_property(public_article):
    data = extract(render("{{ article_meta(article) }}", article=public_article))
    [ld] = [d for d in data["json-ld"] if d["@type"] == "NewsArticle"]
    url = "http://testserver" + public_article.get_absolute_url()
    assert ld["headline"] == public_article.title
    assert ld["description"] == public_article.lead
    assert ld["mainEntityOfPage"]["@id"] == url
    [image] = ld["image"]
    assert image["width"] >= 1200 and image["height"] == 675
    assert image["url"] == "http://testserver" + public_article.lead_image.file.url
    assert ld["datePublished"].endswith("+03:30") and ld["dateModified"].endswith("+03:30")
    assert ld["datePublished"] <= ld["dateModified"]
    assert ld["author"] == [{"@type": "Person", "name": "مریم احمدی"}]
    publisher = ld["publisher"]
    assert publisher["name"] == "خبرگزاری اقتصاد ایران"
    assert publisher["logo"]["url"].endswith("/static/syndication/logo.png")
    assert ld["articleSection"] == "اقتصاد"
    assert ld["keywords"] == ["بودجه", "مجلس"]
    assert ld["inLanguage"] == "fa"
    assert ld["isAccessibleForFree"] is True
    assert ld["alternativeHeadline"] == "در جلسه علنی امروز"


def test_article_opengraph_twitter_robots_and_canonical(public_article):
    html = render("{{ article_meta(article) }}", article=public_article)
    og = og_of(extract(html))
    url = "http://testserver" + public_article.get_absolute_url()
    assert og["og:type"] == ["article"]
    assert og["og:url"] == [url]
    assert og["og:title"] == [public_article.title]
    assert og["og:image"] == ["http://testserver" + public_article.lead_image.file.url]
    assert og["og:image:width"] == ["1200"]
    assert og["article:published_time"][0].endswith("+03:30")
    assert og["article:section"] == ["اقتصاد"]
    assert og["article:tag"] == ["بودجه", "مجلس"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert "max-image-preview:large" in soup.find("meta", attrs={"name": "robots"})["content"]
    feeds = [a["href"] for a in soup.find_all("link", rel="alternate")]
    assert "http://testserver/rss/" in feeds


def test_canonical_can_be_left_to_the_page(public_article):
    html = render("{{ article_meta(article, canonical=False) }}", article=public_article)
    assert BeautifulSoup(html, "html.parser").find("link", rel="canonical") is None


def test_article_without_image_or_reporter(category):
    article = make_article(
        title="خبر کوتاه", lead="", body="<p>متن کوتاه خبر.</p>", category=category
    )
    html = render("{{ article_meta(article) }}", article=Article.objects.get(pk=article.pk))
    [ld] = extract(html)["json-ld"]
    assert "image" not in ld and "description" not in ld
    assert ld["author"][0]["@type"] == "Organization"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert og_of(extract(html))["og:description"] == ["متن کوتاه خبر."]


def test_json_ld_cannot_break_out_of_its_script(category):
    article = make_article(title="</script><script>alert(1)</script> & <b>", category=category)
    html = render("{{ article_meta(article) }}", article=Article.objects.get(pk=article.pk))
    assert "</script><script>" not in html
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    assert json.loads(script.string)["headline"] == "</script><script>alert(1)</script> & <b>"


def test_home_meta(public_article):
    data = extract(render("{{ home_meta() }}"))
    types = {d["@type"] for d in data["json-ld"]}
    assert types == {"WebSite", "NewsMediaOrganization"}
    og = og_of(data)
    assert og["og:type"] == ["website"] and og["og:url"] == ["http://testserver/"]


def test_category_meta_with_pages(public_article, category):
    class Page:
        number = 3

    html = render("{{ category_meta(category, page_obj) }}", category=category, page_obj=Page())
    data = extract(html)
    [ld] = data["json-ld"]
    url = "http://testserver" + category.get_absolute_url()
    assert ld["@type"] == "CollectionPage" and ld["name"] == "اقتصاد"
    assert ld["url"] == url + "?page=3"
    assert ld["description"] == category.description
    assert (
        BeautifulSoup(html, "html.parser").find("link", rel="canonical")["href"] == url + "?page=3"
    )
    first = render("{{ category_meta(category) }}", category=category)
    assert BeautifulSoup(first, "html.parser").find("link", rel="canonical")["href"] == url


def test_tag_meta_links_the_tag_feed(public_article, tag):
    html = render("{{ tag_meta(tag) }}", tag=tag)
    feeds = [
        a["href"] for a in BeautifulSoup(html, "html.parser").find_all("link", rel="alternate")
    ]
    assert feeds == [
        "http://testserver"
        + f"/rss/tag/{tag.slug}".replace("بودجه", "%D8%A8%D9%88%D8%AF%D8%AC%D9%87")
    ]


def test_configured_logo_and_base_url(public_article):
    with override_settings(
        KHABAR_PUBLIC_BASE_URL="https://econews.ir",
        KHABAR_PUBLISHER_LOGO_URL="https://cdn.econews.ir/logo.png",
    ):
        [ld] = extract(render("{{ article_meta(article) }}", article=public_article))["json-ld"]
    assert ld["url"].startswith("https://econews.ir/news/")
    assert ld["publisher"]["logo"]["url"] == "https://cdn.econews.ir/logo.png"


def test_correction_moves_date_modified_but_newsroom_state_changes_do_not(rf):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from khabar.news import services as news_services
    from khabar.syndication import jsonld

    request = rf.get("/")
    article = make_article(title="خبر برای اصلاح", minutes_ago=60)
    first = jsonld.article(request, article)
    assert first["dateModified"] == first["datePublished"]
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        news_services.article_unpublish(article_id=article.pk)
        news_services.article_publish(article_id=article.pk)
    article.refresh_from_db()
    assert jsonld.article(request, article)["dateModified"] == first["dateModified"]
    with time_machine.travel(timezone.now() + timedelta(minutes=40)):
        news_services.article_update(
            article=article, lead="لید اصلاح‌شده", correction_note="لید اصلاح شد."
        )
    article.refresh_from_db()
    assert jsonld.article(request, article)["dateModified"] > first["dateModified"]


@pytest.mark.parametrize(
    "text",
    ["", "کوتاه", "<p>خبر <b>کوتاه</b></p>", "ا" * 200, "ا" * 201, "e\u0301" * 150, "ب " * 150],
)
def test_the_description_is_truncators(text) -> None:
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    from khabar.syndication.meta import _short

    assert _short(text) == Truncator(" ".join(strip_tags(text).split())).chars(200)
