"""RSS 0.9x/1.0/2.0 and Atom through feedparser (it copes with most broken feeds)."""

from __future__ import annotations

import calendar
import codecs
import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from khabar.ingest.parsers.base import ParseError, Parser, WireItem
from khabar.ingest.parsers.registry import register
from khabar.ingest.parsers.text import html_to_paragraphs


def _cp1256_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)  # noqa: S101  (registered for decoding only)
    return exc.object[exc.start : exc.end].decode("cp1256", errors="replace"), exc.end


codecs.register_error("khabar-cp1256", _cp1256_fallback)


def repair_encoding(content: bytes) -> bytes:
    """A feed that says (or is assumed) UTF-8 but carries Windows-1256 bytes, the
    legacy Persian encoding, is repaired byte run by byte run instead of being
    read as Latin-1 gibberish as a whole."""
    head = content[:200].lower()
    if b"encoding=" in head and b"utf-8" not in head and b"utf8" not in head:
        return content  # declared its own encoding; feedparser honours it
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("utf-8", errors="khabar-cp1256").encode("utf-8")
    return content


def _when(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _raw(entry: Any) -> str:
    return json.dumps(entry, ensure_ascii=False, default=str, sort_keys=True)


@register
class RssParser(Parser):
    name = "rss"

    def can_parse(self, content: bytes, content_type: str = "") -> bool:
        head = content[:1024].lstrip().lower()
        return "xml" in content_type or head.startswith(b"<?xml") or b"<rss" in head

    def parse(self, content: bytes, *, base_url: str = "") -> list[WireItem]:
        # No base address for feedparser: it would "resolve" plain GUIDs into URLs.
        feed = feedparser.parse(repair_encoding(content))
        if not feed.entries:
            if feed.bozo:
                raise ParseError(f"not a readable RSS/Atom feed: {feed.bozo_exception}")
            if not feed.get("version"):
                raise ParseError("not an RSS/Atom feed")
            return []
        items = []
        for entry in feed.entries:
            url = urljoin(base_url, entry.get("link", "")) if entry.get("link") else ""
            title = entry.get("title", "")
            raw = _raw(entry)
            # An entry without id, link or title is still kept, known by its content.
            guid = entry.get("id") or url or title or hashlib.sha256(raw.encode()).hexdigest()
            summary = entry.get("summary", "")
            content_html = ""
            if entry.get("content"):
                content_html = entry.content[0].get("value", "")
            tags = entry.get("tags") or []
            source = entry.get("source") or {}
            items.append(
                WireItem(
                    guid=guid[:500],
                    url=url,
                    title=html_to_paragraphs(title),
                    lead=html_to_paragraphs(summary),
                    body=html_to_paragraphs(content_html) if content_html else "",
                    category=(tags[0].get("term") or "") if tags else "",
                    original_agency=source.get("title", "") if hasattr(source, "get") else "",
                    published_at=_when(entry),
                    raw=raw,
                )
            )
        return items
