"""IPTC ninjs 2.1 (News in JSON) for partner agencies.

One article becomes one ninjs text item: headlines (title and overline),
the lead as a summary, the sanitized HTML body, the category and tags as
subjects, the source chain as infosources (who published it here, whom we
had it from, who reported it first), the page and print view as renditions,
and the lead image as an associated picture item with its own rendition.
Partners ingest it the way Khabar's ingest reads theirs.
"""

from __future__ import annotations

import contextlib
import mimetypes
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.urls import reverse

from khabar.news.html import html_to_text
from khabar.news.models import Article
from khabar.syndication import links

NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
KIND_TO_TYPE = {
    Article.Kind.TEXT: "text",
    Article.Kind.PHOTO: "composite",
    Article.Kind.VIDEO: "composite",
}


def _picture(request: HttpRequest, article: Article) -> dict[str, Any] | None:
    image = article.lead_image
    if image is None or not image.file:
        return None
    href = links.image_url(request, image)
    rendition: dict[str, Any] = {
        "name": "original",
        "href": href,
        "contenttype": mimetypes.guess_type(image.file.name)[0] or "application/octet-stream",
    }
    if image.width and image.height:
        rendition["width"] = image.width
        rendition["height"] = image.height
    with contextlib.suppress(OSError):
        rendition["sizeinbytes"] = image.file.size
    renditions = [rendition]
    # The resized copies made at upload (news.images), smallest first: partners pick a size.
    for width, files in sorted((image.renditions or {}).items(), key=lambda kv: int(kv[0])):
        for fmt, name in sorted(files.items()):
            extra: dict[str, Any] = {
                "name": f"{fmt}-{width}",
                "href": links.absolute(request, default_storage.url(name)),
                "contenttype": f"image/{fmt}",
                "width": int(width),
            }
            if image.width and image.height:
                extra["height"] = round(image.height * int(width) / image.width)
            renditions.append(extra)
    picture: dict[str, Any] = {
        "name": "featureimage",
        "uri": href,
        "type": "picture",
        "representationtype": "full",
        "language": "fa",
        "renditions": renditions,
    }
    if image.caption:
        picture["headlines"] = [{"role": "main", "value": image.caption}]
    if image.alt:
        picture["descriptions"] = [{"role": "alt", "contenttype": "text/plain", "value": image.alt}]
    if image.credit:
        picture["by"] = image.credit
        picture["copyrightholder"] = image.credit
    return picture


def article_to_ninjs(request: HttpRequest, article: Article) -> dict[str, Any]:
    page = links.article_url(request, article)
    text = html_to_text(article.body)
    item: dict[str, Any] = {
        "uri": links.article_short_url(request, article),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": KIND_TO_TYPE.get(article.kind, "text"),
        "representationtype": "full",
        "profile": "khabar-article",
        "version": str(int(links.article_modified(article).timestamp())),
        "firstcreated": links.w3c(article.created_at),
        "versioncreated": links.w3c(links.article_modified(article)),
        "contentcreated": links.w3c(article.published_at),
        "pubstatus": "usable",
        "language": "fa",
        "slugline": article.slug,
        "title": article.title,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.title}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(text),
                "wordcount": len(text.split()),
                "value": article.body,
            }
        ],
        "subjects": [
            {
                "name": article.category.name,
                "rel": "category",
                "literal": article.category.slug,
                "uri": links.absolute(request, article.category.get_absolute_url()),
            },
            *(
                {
                    "name": tag.name,
                    "rel": "tag",
                    "literal": tag.slug,
                    "uri": links.absolute(request, tag.get_absolute_url()),
                }
                for tag in article.tags.all()
            ),
        ],
        "infosources": _infosources(article),
        "copyrightholder": settings.KHABAR_AGENCY_NAME,
        "altids": [{"role": "newsid", "value": str(article.news_id)}],
        "renditions": [
            {"name": "web", "href": page, "contenttype": "text/html"},
            {
                "name": "print",
                "href": links.absolute(
                    request, reverse("site:article-print", kwargs={"news_id": article.news_id})
                ),
                "contenttype": "text/html",
            },
        ],
    }
    if article.overline:
        item["headlines"].append(
            {"role": "overline", "contenttype": "text/plain", "value": article.overline}
        )
    if article.lead:
        item["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": article.lead}
        ]
    if article.reporter_id and article.reporter.get_full_name():
        item["by"] = article.reporter.get_full_name()
    picture = _picture(request, article)
    if picture:
        item["associations"] = [picture]
    return item


def _infosources(article: Article) -> list[dict[str, str]]:
    """The source chain, nearest first: Khabar, the agency it came through, the first reporter."""
    chain = [{"name": settings.KHABAR_AGENCY_NAME, "role": "publisher"}]
    if article.house_attribution:
        chain[0]["literal"] = article.house_attribution
    if article.via_source_id:
        via = {"name": article.via_source.name, "role": "distributor"}
        if article.via_source.homepage:
            via["uri"] = article.via_source.homepage
        chain.append(via)
    if article.original_source_id:
        original = {"name": article.original_source.name, "role": "originator"}
        if article.original_source.homepage:
            original["uri"] = article.original_source.homepage
        chain.append(original)
    return chain
