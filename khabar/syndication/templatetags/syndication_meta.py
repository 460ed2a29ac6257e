"""Page metadata for the reader pages: canonical link, robots, OpenGraph, Twitter card, JSON-LD.

Put one tag in the <head> of a page (inside `{% block meta %}`):

    {% load syndication_meta %}{% article_meta article %}      article page
    {% load syndication_meta %}{% home_meta %}                 home page
    {% load syndication_meta %}{% category_meta category page_obj %}
    {% load syndication_meta %}{% tag_meta tag page_obj %}

`canonical=False` leaves out the <link rel="canonical"> when the page prints its own.
The JSON-LD goes in <script type="application/ld+json">: a data block that
browsers never run, so the strict CSP (script-src 'self') does not apply to it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from khabar.core.urlcache import reverse_cached
from khabar.news.models import Article, Category, Tag
from khabar.syndication import jsonld, links

register = template.Library()

ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"


def _request(context):
    request = context.get("request")
    if request is None:
        raise template.TemplateSyntaxError("syndication_meta needs the request context processor.")
    return request


def _feed(request, name: str, title: str, **kwargs) -> dict[str, str]:
    return {"title": title, "href": links.absolute(request, reverse_cached(name, kwargs=kwargs))}


def _short(text: str, length: int = 200) -> str:
    text = unicodedata.normalize("NFC", " ".join(strip_tags(text).split()))
    if len(text) <= length:  # what Truncator gives, without its call per letter
        return text
    return Truncator(text).chars(length)


@register.inclusion_tag("syndication/meta.html", takes_context=True)
def article_meta(context, article: Article, canonical: bool = True) -> dict[str, Any]:
    request = _request(context)
    url = links.article_url(request, article)
    image = article.lead_image if article.lead_image_id and article.lead_image.file else None
    description = _short(article.lead or article.body)
    return {
        "canonical": url if canonical else "",
        "robots": ROBOTS,
        "og": {
            "type": "article",
            "title": article.title,
            "description": description,
            "url": url,
            "site_name": settings.KHABAR_AGENCY_NAME,
            "locale": "fa_IR",
        },
        "article": {
            "published_time": links.w3c(article.published_at),
            "modified_time": links.w3c(links.article_modified(article)),
            "section": article.category.name,
            "tags": [tag.name for tag in article.tags.all()],
        },
        "image": {
            "url": links.image_url(request, image),
            "width": image.width,
            "height": image.height,
            "alt": image.alt or image.caption or article.title,
        }
        if image
        else None,
        "twitter_card": "summary_large_image" if image else "summary",
        "feeds": [
            _feed(request, "syndication:rss-latest", settings.KHABAR_AGENCY_NAME),
            _feed(
                request,
                "syndication:rss-category",
                article.category.name,
                slug=article.category.slug,
            ),
        ],
        "jsonld": jsonld.dumps_for_script(jsonld.article(request, article, url)),
    }


def _listing_url(request, obj, page_obj) -> str:
    url = links.absolute(request, obj.get_absolute_url())
    number = getattr(page_obj, "number", 1)
    return f"{url}?page={number}" if number and number > 1 else url


def _website_meta(
    request,
    *,
    url: str,
    title: str,
    description: str,
    feed: dict[str, str],
    ld: Any,
    canonical: bool,
) -> dict[str, Any]:
    """Meta of a page that is not an article (home, category, tag): the logo as image."""
    return {
        "canonical": url if canonical else "",
        "robots": ROBOTS,
        "og": {
            "type": "website",
            "title": title,
            "description": description,
            "url": url,
            "site_name": settings.KHABAR_AGENCY_NAME,
            "locale": "fa_IR",
        },
        "image": {
            "url": links.logo_url(request),
            "width": links.LOGO_SIZE[0],
            "height": links.LOGO_SIZE[1],
            "alt": settings.KHABAR_AGENCY_NAME,
        },
        "twitter_card": "summary",
        "feeds": [feed],
        "jsonld": jsonld.dumps_for_script(ld),
    }


@register.inclusion_tag("syndication/meta.html", takes_context=True)
def home_meta(context, canonical: bool = True) -> dict[str, Any]:
    request = _request(context)
    url = links.absolute(request, reverse_cached("site:home"))
    # Translators: the description of the home page for search engines and link previews.
    description = _("The latest news from %(agency)s") % {"agency": settings.KHABAR_AGENCY_NAME}
    return _website_meta(
        request,
        url=url,
        title=settings.KHABAR_AGENCY_NAME,
        description=description,
        feed=_feed(request, "syndication:rss-latest", settings.KHABAR_AGENCY_NAME),
        ld=jsonld.home(request),
        canonical=canonical,
    )


def _listing_meta(context, obj: Category | Tag, page_obj, feed_name: str, canonical: bool):
    request = _request(context)
    url = _listing_url(request, obj, page_obj)
    description = getattr(obj, "description", "") or (
        # Translators: the description of a category or tag page; name is its name.
        _("The latest news in %(name)s") % {"name": obj.name}
    )
    return _website_meta(
        request,
        url=url,
        title=f"{obj.name} | {settings.KHABAR_AGENCY_NAME}",
        description=_short(description),
        feed=_feed(request, feed_name, obj.name, slug=obj.slug),
        ld=jsonld.listing(request, obj, url),
        canonical=canonical,
    )


@register.inclusion_tag("syndication/meta.html", takes_context=True)
def category_meta(context, category: Category, page_obj=None, canonical: bool = True):
    return _listing_meta(context, category, page_obj, "syndication:rss-category", canonical)


@register.inclusion_tag("syndication/meta.html", takes_context=True)
def tag_meta(context, tag: Tag, page_obj=None, canonical: bool = True):
    return _listing_meta(context, tag, page_obj, "syndication:rss-tag", canonical)
