"""Parsers are pure: bytes in, frozen WireItems out (no database)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from khabar.ingest.parsers import ParseError, parser_for, parser_get

from .conftest import FIXTURES


def test_rss_items_keep_guid_link_category_date_and_raw():
    content = (
        (FIXTURES / "irna" / "rss.xml").read_bytes().replace(b"{{BASE}}", b"https://irna.example")
    )
    items = parser_get("rss").parse(content)
    assert len(items) == 8
    first = items[0]
    assert first.guid == "irna-101" and first.url == "https://irna.example/irna/news/101.html"
    assert first.category == "بین الملل" and first.published_at.tzinfo is not None
    assert json.loads(first.raw)["id"] == "irna-101"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.title = "x"  # type: ignore[misc]


def test_atom_relative_links_resolve_against_the_feed_address():
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>ایسنا</title><entry><title>خبر</title><id>urn:1</id>"
        '<link href="/news/1.html"/><summary>&lt;p&gt;یک&lt;/p&gt;&lt;p&gt;دو&lt;/p&gt;</summary>'
        "</entry></feed>"
    ).encode()
    (item,) = parser_get("rss").parse(atom, base_url="https://isna.example/feed.xml")
    assert item.url == "https://isna.example/news/1.html" and item.guid == "urn:1"
    assert item.lead == "یک\n\nدو"  # paragraphs kept, tags gone


def test_an_entry_with_nothing_to_know_it_by_still_gets_a_guid():
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><description>only text</description></item></channel></rss>'
    (item,) = parser_get("rss").parse(rss)
    assert len(item.guid) == 64 and item.lead == "only text"


@pytest.mark.parametrize("content", [b"", b"<html><body>not a feed</body></html>", b"\x00\xff\xfe"])
def test_what_is_not_a_feed_raises_parse_error(content):
    with pytest.raises(ParseError):
        parser_get("rss").parse(content)


def test_ninjs_single_item_list_and_wrapped_items():
    one = {"uri": "urn:a", "headline": "تیتر", "body_text": "متن", "copyrightholder": "تاس"}
    for payload in (one, [one], {"items": [one]}):
        (item,) = parser_get("ninjs").parse(json.dumps(payload).encode())
        assert (item.guid, item.title, item.body, item.original_agency) == (
            "urn:a",
            "تیتر",
            "متن",
            "تاس",
        )
    with pytest.raises(ParseError):
        parser_get("ninjs").parse(b"{not json")


def test_registry_sniffs_the_format():
    assert parser_for(b'<?xml version="1.0"?><rss/>').name == "rss"
    assert parser_for(b'  {"uri": "x"}').name == "ninjs"
    with pytest.raises(ParseError):
        parser_for(b"plain text")
