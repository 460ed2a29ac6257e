"""Helpers shared by the reader-page tests and the browser tests."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

SEED_FILE_NAME = "econews-3830263.txt"
SEED_NEWS_ID = 3830263
SEED_LEGACY_PATH = "/5x3830263"
# The seed page has an empty date; the tests import it at a fixed time, so the page shows a known one.
SEED_IMPORTED_AT = datetime(2026, 11, 26, 11, 2, tzinfo=UTC)  # 14:32 in Tehran, ۵ آذر ۱۴۰۵
SEED_IMAGE_CAPTION = "سرگئی لاوروف و چوئی سون هوی در مسکو"


def png_upload(name: str = "lead.png", size: tuple[int, int] = (1200, 675)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def page_text(html: bytes | str) -> str:
    """What a reader sees: the page's text with white space collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "template", "head"]):
        node.decompose()
    return " ".join(soup.get_text(" ").split())
