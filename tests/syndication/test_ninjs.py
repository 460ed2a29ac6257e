"""IPTC ninjs 2.1 export, validated with jsonschema against IPTC's own schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.factories import make_article
from tests.syndication.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((FIXTURES / "ninjs" / "ninjs-schema_2.1.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def assert_valid(item: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(item), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_schema_really_checks_formats_and_fields():
    """The validator refuses what it should, so a pass below means something."""
    assert list(VALIDATOR.iter_errors({"uri": "not a uri"}))
    assert list(VALIDATOR.iter_errors({"uri": "https://x.example/1", "firstcreated": "yesterday"}))
    assert list(VALIDATOR.iter_errors({"uri": "https://x.example/1", "headline": "wrong name"}))


def test_article_ninjs_validates_and_carries_the_story(client, public_article):
    response = client.get(f"/api/v1/articles/{public_article.news_id}.ninjs")
    assert response.status_code == 200
    item = response.json()
    assert_valid(item)
    assert item["uri"] == f"http://testserver/x{public_article.news_id}"
    assert item["standard"]["version"] == "2.1"
    assert item["language"] == "fa"
    assert item["headlines"][0] == {
        "role": "main",
        "contenttype": "text/plain",
        "value": public_article.title,
    }
    assert {"role": "overline", "contenttype": "text/plain", "value": "در جلسه علنی امروز"} in item[
        "headlines"
    ]
    assert item["descriptions"][0]["value"] == public_article.lead
    assert item["bodies"][0]["value"] == public_article.body
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert item["contentcreated"].endswith("+03:30")
    assert item["by"] == "مریم احمدی"
    assert {s["name"] for s in item["subjects"]} == {"اقتصاد", "بودجه", "مجلس"}


def test_source_chain_and_renditions(client, public_article):
    item = client.get(f"/api/v1/articles/{public_article.news_id}.ninjs").json()
    assert [(s["name"], s["role"]) for s in item["infosources"]] == [
        ("خبرگزاری اقتصاد ایران", "publisher"),
        ("خبرگزاری مهر", "distributor"),
        ("تاس", "originator"),
    ]
    assert item["infosources"][1]["uri"] == "https://www.mehrnews.com"
    renditions = {r["name"]: r for r in item["renditions"]}
    assert renditions["web"]["href"] == "http://testserver" + public_article.get_absolute_url()
    assert renditions["print"]["href"].endswith(f"/news/{public_article.news_id}/print")
    [picture] = item["associations"]
    assert picture["type"] == "picture"
    original, *copies = picture["renditions"]
    assert (original["width"], original["height"]) == (1200, 675)
    assert original["contenttype"] == "image/png"
    assert original["sizeinbytes"] == public_article.lead_image.file.size
    # The upload's resized copies, each with its type and size; every one can be fetched.
    made = public_article.lead_image.renditions
    assert len(copies) == sum(len(files) for files in made.values()) > 0
    for copy in copies:
        assert copy["contenttype"] in {"image/webp", "image/jpeg"}
        assert copy["height"] == round(675 * copy["width"] / 1200)
        assert client.get(copy["href"].removeprefix("http://testserver")).status_code == 200
    assert picture["headlines"][0]["value"] == "جلسه بررسی لایحه بودجه"


def test_plain_article_without_extras_is_still_valid(client, category):
    article = make_article(title="خبر ساده", lead="", category=category)
    item = client.get(f"/api/v1/articles/{article.news_id}.ninjs").json()
    assert_valid(item)
    assert "associations" not in item and "descriptions" not in item
    assert [s["role"] for s in item["infosources"]] == ["publisher"]


def test_recent_items_feed_is_paged_and_every_item_validates(client, category, public_article):
    for n in "ابپ":
        make_article(title=f"خبر {n}", category=category, minutes_ago=1)
    first = client.get("/api/v1/ninjs?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    items = first["results"] + second["results"]
    assert len({i["uri"] for i in items}) == 4
    for item in items:
        assert_valid(item)
