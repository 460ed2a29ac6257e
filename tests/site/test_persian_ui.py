"""Every word of the reader pages' own UI is Persian: no English msgid leaks to a reader."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from khabar.news.models import Article
from tests.factories import make_article
from tests.site.helpers import page_text

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# What may stay Latin: the short link's host («testserver/x3830263»).
ALLOWED = re.compile(r"(?:https?://)?testserver/x\d+")


@pytest.fixture
def pages(seed_article: Article) -> list[str]:
    related = make_article(title="خبر مرتبط با روسیه", category=seed_article.category)
    return [
        "/",
        seed_article.get_absolute_url(),
        f"/news/{seed_article.news_id}/print",
        seed_article.category.get_absolute_url(),
        related.get_absolute_url(),
        "/no-such-page",
    ]


def test_reader_pages_have_no_english_words(client, pages: list[str]) -> None:
    for path in pages:
        text = ALLOWED.sub("", page_text(client.get(path).content))
        assert LATIN_WORD.findall(text) == [], path


def test_ui_follows_the_active_language(client, seed_article: Article) -> None:
    """msgids are English: with Persian switched off the same labels read in English."""
    with translation.override("en"):
        html = render_to_string("site/includes/news_details.html", {"article": seed_article})
    assert "News details" in html and "مشخصات خبر" not in html
