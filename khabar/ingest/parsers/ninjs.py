"""IPTC ninjs (1.x and 2.x) JSON: one item, a list, or {"items": [...]}."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from khabar.ingest.parsers.base import ParseError, Parser, WireItem
from khabar.ingest.parsers.registry import register
from khabar.ingest.parsers.text import html_to_paragraphs


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _text(value: Any) -> str:
    if isinstance(value, dict):  # ninjs 2: {"en": "..."}-style language maps
        value = next(iter(value.values()), "")
    return value if isinstance(value, str) else ""


def _canonical(item: dict[str, Any]) -> str:
    for link in item.get("links") or []:
        if isinstance(link, dict) and link.get("rel") in ("canonical", "self", None):
            href = link.get("href", "")
            if href.startswith(("http://", "https://")):
                return href
    uri = item.get("uri", "")
    return uri if isinstance(uri, str) and uri.startswith(("http://", "https://")) else ""


@register
class NinjsParser(Parser):
    name = "ninjs"

    def can_parse(self, content: bytes, content_type: str = "") -> bool:
        return "json" in content_type or content[:64].lstrip()[:1] in (b"{", b"[")

    def parse(self, content: bytes, *, base_url: str = "") -> list[WireItem]:
        try:
            data = json.loads(content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"not valid JSON: {exc}") from exc
        if isinstance(data, dict):
            data = data.get("items", [data])
        if not isinstance(data, list):
            raise ParseError("ninjs: expected an item or a list of items")
        items = []
        for entry in data:
            if not isinstance(entry, dict):
                continue
            guid = entry.get("guid") or entry.get("uri") or entry.get("id")
            if not isinstance(guid, str) or not guid:
                continue
            body_html = _text(entry.get("body_html"))
            subjects = entry.get("subject") or []
            first = subjects[0] if subjects and isinstance(subjects[0], dict) else {}
            by = entry.get("copyrightholder") or ""
            items.append(
                WireItem(
                    guid=guid[:500],
                    url=_canonical(entry),
                    title=_text(entry.get("headline")),
                    lead=html_to_paragraphs(
                        _text(entry.get("description_text") or entry.get("description_html"))
                    ),
                    body=html_to_paragraphs(body_html)
                    if body_html
                    else _text(entry.get("body_text")),
                    category=_text(first.get("name")) if first else "",
                    original_agency=by if isinstance(by, str) else "",
                    published_at=_when(entry.get("firstcreated") or entry.get("versioncreated")),
                    raw=json.dumps(entry, ensure_ascii=False, sort_keys=True),
                )
            )
        return items
