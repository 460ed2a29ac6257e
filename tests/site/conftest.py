"""Fixtures for the reader pages: the seed article, imported the way the newsroom would."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from khabar.ingest.services import text_page_import
from khabar.news import services
from khabar.news.models import Article

SEED_FILE_NAME = "econews-3830263.txt"
SEED_NEWS_ID = 3830263
# The seed page has an empty date; we import it at a fixed time so the page shows a known date.
SEED_IMPORTED_AT = datetime(2026, 11, 26, 11, 2, tzinfo=UTC)  # 14:32 in Tehran, ۵ آذر ۱۴۰۵


def png_upload(name: str = "lead.png", size: tuple[int, int] = (1200, 675)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def seed_article(seed_page_text: str) -> Article:
    """The seed page imported through the importer, at 2026-11-26 11:02 UTC."""
    with time_machine.travel(SEED_IMPORTED_AT, tick=False):
        result = text_page_import(raw=seed_page_text, file_name=SEED_FILE_NAME)
    return result.article


@pytest.fixture
def seed_article_with_image(seed_article: Article) -> Article:
    """The seed page showed an image block («تصویر»); the text importer brings no image, so we add one."""
    image = services.image_create(
        file=png_upload(),
        caption="سرگئی لاوروف و چوئی سون هوی در مسکو",
        credit="تاس",
    )
    return services.article_update(article=seed_article, lead_image=image)


def page_text(html: bytes | str) -> str:
    """What a reader sees: the page's text with white space collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "template"]):
        node.decompose()
    return " ".join(soup.get_text(" ").split())


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")
