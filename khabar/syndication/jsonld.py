"""schema.org JSON-LD for article, home and listing pages.

The data follows Google's NewsArticle guidelines: headline, description,
image (the lead image, with its size), datePublished and dateModified with
the Tehran offset, author, publisher with logo, articleSection, keywords,
inLanguage and isAccessibleForFree.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from khabar.core.urlcache import reverse_cached
from khabar.news.models import Article, Category, Tag
from khabar.syndication import links

# The characters that could end a <script> element or open markup are written
# as JSON escapes: the block stays valid JSON and can never break out of the tag.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dumps_for_script(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _home_url(request: HttpRequest) -> str:
    return links.absolute(request, reverse_cached("site:home"))


def publisher(request: HttpRequest, home_url: str | None = None) -> dict[str, Any]:
    width, height = links.LOGO_SIZE
    home_url = home_url or _home_url(request)
    return {
        "@type": "NewsMediaOrganization",
        "@id": home_url + "#publisher",
        "name": settings.KHABAR_AGENCY_NAME,
        "url": home_url,
        "logo": {
            "@type": "ImageObject",
            "url": links.logo_url(request),
            "width": width,
            "height": height,
        },
    }


def image_object(request: HttpRequest, image) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": links.image_url(request, image)}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    return data


def article(request: HttpRequest, article: Article, url: str = "") -> dict[str, Any]:
    """`url`: the article's canonical URL, when the caller has it already."""
    url = url or links.article_url(request, article)
    home_url = _home_url(request)
    tags = [tag.name for tag in article.tag_list]
    reporter_name = article.reporter.get_full_name() if article.reporter_id else ""
    if reporter_name:
        author: dict[str, Any] = {"@type": "Person", "name": reporter_name}
    else:
        author = {
            "@type": "Organization",
            "name": settings.KHABAR_AGENCY_NAME,
            "url": home_url,
        }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "identifier": str(article.news_id),
        "headline": article.title,
        "description": article.lead,
        "datePublished": links.w3c(article.published_at),
        "dateModified": links.w3c(links.article_modified(article)),
        "author": [author],
        "publisher": publisher(request, home_url),
        "articleSection": article.category.name,
        "keywords": tags,
        "inLanguage": "fa",
        "isAccessibleForFree": True,
    }
    if article.overline:
        data["alternativeHeadline"] = article.overline
    if article.lead_image_id and article.lead_image.file:
        data["image"] = [image_object(request, article.lead_image)]
    if not article.lead:
        del data["description"]
    return data


def home(request: HttpRequest) -> list[dict[str, Any]]:
    url = _home_url(request)
    return [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "@id": url + "#website",
            "url": url,
            "name": settings.KHABAR_AGENCY_NAME,
            "inLanguage": "fa",
            "publisher": {"@id": url + "#publisher"},
        },
        {"@context": "https://schema.org", **publisher(request, url)},
    ]


def listing(request: HttpRequest, obj: Category | Tag, url: str) -> dict[str, Any]:
    home_url = _home_url(request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "url": url,
        "name": obj.name,
        "inLanguage": "fa",
        "isPartOf": {"@type": "WebSite", "@id": home_url + "#website", "url": home_url},
        "breadcrumb": {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "name": settings.KHABAR_AGENCY_NAME,
                    "item": home_url,
                },
                {"@type": "ListItem", "position": 2, "name": obj.name, "item": url},
            ],
        },
    }
    description = getattr(obj, "description", "")
    if description:
        data["description"] = description
    return data
