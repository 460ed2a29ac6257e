"""Fixtures for the reader pages: the seed article, imported the way the newsroom would."""

from __future__ import annotations

import pytest
import time_machine

from khabar.ingest.services import text_page_import
from khabar.news import services
from khabar.news.models import Article
from tests.site.helpers import SEED_FILE_NAME, SEED_IMAGE_CAPTION, SEED_IMPORTED_AT, png_upload


@pytest.fixture
def seed_article(seed_page_text: str) -> Article:
    """The seed page imported through the importer, at 2026-11-26 11:02 UTC."""
    with time_machine.travel(SEED_IMPORTED_AT, tick=False):
        result = text_page_import(raw=seed_page_text, file_name=SEED_FILE_NAME)
    return result.article


@pytest.fixture
def seed_article_with_image(seed_article: Article) -> Article:
    """The seed page showed an image block («تصویر»); the text importer brings no image, so we add one."""
    image = services.image_create(file=png_upload(), caption=SEED_IMAGE_CAPTION, credit="تاس")
    return services.article_update(article=seed_article, lead_image=image)
