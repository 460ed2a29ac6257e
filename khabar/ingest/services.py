"""Bringing outside text into Khabar. Raw input is kept beside what we made of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from khabar.ingest.models import TextImport
from khabar.ingest.textpage import TextPage, parse_text_page
from khabar.news import services as news
from khabar.news.html import paragraphs_to_html
from khabar.news.models import Article


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool


@transaction.atomic
def text_page_import(
    *, raw: str, file_name: str, published_at: datetime | None = None
) -> ImportResult:
    """Import one page in the seed's text format; re-importing updates the same article.

    Raises `TextPageError` (nothing written) when the text is not in the format.
    `published_at` (aware) is used when the page has no date of its own.
    """
    page: TextPage = parse_text_page(raw, name=file_name)
    category = news.category_get_or_create(name=page.category)
    via = news.source_get_or_create(name=page.via_agency) if page.via_agency else None
    original = (
        news.source_get_or_create(name=page.original_agency) if page.original_agency else None
    )
    fields = {
        "title": page.title,
        "category": category,
        "body": paragraphs_to_html(page.paragraphs),
        "house_attribution": page.house_attribution or settings.KHABAR_HOUSE_ATTRIBUTION,
        "via_source": via,
        "original_source": original,
    }
    article = Article.objects.filter(news_id=page.news_id).first()
    created = article is None
    if article is None:
        article = news.article_create(news_id=page.news_id, **fields)
    else:
        article = news.article_update(article=article, **fields)
    date_unknown = page.published_at is None and published_at is None
    when = timezone.make_aware(page.published_at) if page.published_at else published_at
    if article.status != Article.Status.PUBLISHED:
        news.article_publish(article_id=article.pk, published_at=when, date_unknown=date_unknown)
    if page.legacy_path:
        news.legacy_alias_set(article=article, path=page.legacy_path)
    TextImport.objects.update_or_create(
        article=article,
        defaults={
            "file_name": file_name,
            "raw_text": raw,
            "sha256": hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(),
        },
    )
    article.refresh_from_db()
    return ImportResult(article=article, created=created)


# Wire ingest (issue 6) lives in khabar.ingest.wire; these are its public services, loaded on
# first use: the wire stack (feedparser, lxml, urllib3: ~25 MB) has no business in the memory
# of a web worker that only serves readers (issue 8: ≤ 150 MB a worker).
_WIRE = {
    "PollReport",
    "WireItemStateError",
    "wire_item_import",
    "wire_item_republish",
    "wire_poll_due",
    "wire_source_poll",
}


if TYPE_CHECKING:
    from khabar.ingest.wire import (
        PollReport,
        WireItemStateError,
        wire_item_import,
        wire_item_republish,
        wire_poll_due,
        wire_source_poll,
    )


def __getattr__(name: str):
    if name in _WIRE:
        from khabar.ingest import wire

        return getattr(wire, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ImportResult",
    "PollReport",
    "WireItemStateError",
    "text_page_import",
    "wire_item_import",
    "wire_item_republish",
    "wire_poll_due",
    "wire_source_poll",
]
