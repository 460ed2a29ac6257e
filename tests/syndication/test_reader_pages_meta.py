"""The reader pages carry the metadata tags: read back from the real pages by extruct."""

from __future__ import annotations

import extruct
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def extract(response) -> tuple[dict, BeautifulSoup]:
    assert response.status_code == 200
    html = response.content.decode()
    return extruct.extract(
        html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"]
    ), BeautifulSoup(html, "html.parser")


def one_canonical(soup) -> str:
    [link] = soup.find_all("link", rel="canonical")
    return link["href"]


def test_article_page(client, public_article):
    data, soup = extract(client.get(public_article.get_absolute_url()))
    [ld] = [d for d in data["json-ld"] if d.get("@type") == "NewsArticle"]
    assert ld["headline"] == public_article.title
    assert ld["image"][0]["width"] >= 1200
    assert one_canonical(soup) == "http://testserver" + public_article.get_absolute_url()
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:type"] == "article" and og["article:section"] == "اقتصاد"
    assert "max-image-preview:large" in soup.find("meta", attrs={"name": "robots"})["content"]


def test_home_category_and_tag_pages(client, public_article, category, tag):
    data, soup = extract(client.get("/"))
    assert {d["@type"] for d in data["json-ld"]} >= {"WebSite", "NewsMediaOrganization"}
    assert one_canonical(soup) == "http://testserver/"
    for obj in (category, tag):
        data, soup = extract(client.get(obj.get_absolute_url()))
        [ld] = [d for d in data["json-ld"] if d.get("@type") == "CollectionPage"]
        assert ld["name"] == obj.name
        assert one_canonical(soup) == "http://testserver" + obj.get_absolute_url()
        feeds = [
            a["href"] for a in soup.find_all("link", rel="alternate", type="application/rss+xml")
        ]
        assert any("/rss/" in href for href in feeds)
