"""Page metadata for the reader pages: canonical link, robots, OpenGraph, Twitter card, JSON-LD.

Call one in the <head> of a page (inside `{% block meta %}`); the reader pages' Jinja
environment has them as globals (the ``globals`` option in settings.TEMPLATES):

    {{ article_meta(article) }}                 article page
    {{ home_meta() }}                           home page
    {{ category_meta(category, page_obj) }}
    {{ tag_meta(tag, page_obj) }}

`canonical=False` leaves out the <link rel="canonical"> when the page prints its own.
The JSON-LD goes in <script type="application/ld+json">: a data block that
browsers never run, so the strict CSP (script-src 'self') does not apply to it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from khabar.core.urlcache import reverse_cached
from khabar.news.models import Article, Category, Tag
from khabar.syndication import jsonld, links

ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"


def _request(context: Context):
    request = context.get("request")
    if request is None:
        raise ValueError("The page metadata needs the request: render the page with it.")
    return request


def _render(context: Context, meta: dict[str, Any]) -> Markup:
    html = context.environment.get_template("syndication/meta.html").render(meta)
    return Markup(html)  # noqa: S704 - rendered by the autoescaping environment


def _feed(request, name: str, title: str, **kwargs) -> dict[str, str]:
    return {"title": title, "href": links.absolute(request, reverse_cached(name, kwargs=kwargs))}


def _short(text: str, length: int = 200) -> str:
    text = unicodedata.normalize("NFC", " ".join(strip_tags(text).split()))
    if len(text) <= length:  # what Truncator gives, without its call per letter
        return text
    return Truncator(text).chars(length)


@pass_context
def article_meta(context: Context, article: Article, canonical: bool = True) -> Markup:
    request = _request(context)
    url = links.article_url(request, article)
    image = article.lead_image if article.lead_image_id and article.lead_image.file else None
    description = _short(article.lead or article.body)
    meta = {
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
            "tags": [tag.name for tag in article.tag_list],
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
    return _render(context, meta)


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


@pass_context
def home_meta(context: Context, canonical: bool = True) -> Markup:
    request = _request(context)
    url = links.absolute(request, reverse_cached("site:home"))
    # Translators: the description of the home page for search engines and link previews.
    description = _("The latest news from %(agency)s") % {"agency": settings.KHABAR_AGENCY_NAME}
    meta = _website_meta(
        request,
        url=url,
        title=settings.KHABAR_AGENCY_NAME,
        description=description,
        feed=_feed(request, "syndication:rss-latest", settings.KHABAR_AGENCY_NAME),
        ld=jsonld.home(request),
        canonical=canonical,
    )
    return _render(context, meta)


def _listing_meta(
    context: Context, obj: Category | Tag, page_obj, feed_name: str, canonical: bool
) -> Markup:
    request = _request(context)
    url = _listing_url(request, obj, page_obj)
    description = getattr(obj, "description", "") or (
        # Translators: the description of a category or tag page; name is its name.
        _("The latest news in %(name)s") % {"name": obj.name}
    )
    meta = _website_meta(
        request,
        url=url,
        title=f"{obj.name} | {settings.KHABAR_AGENCY_NAME}",
        description=_short(description),
        feed=_feed(request, feed_name, obj.name, slug=obj.slug),
        ld=jsonld.listing(request, obj, url),
        canonical=canonical,
    )
    return _render(context, meta)


@pass_context
def category_meta(
    context: Context, category: Category, page_obj=None, canonical: bool = True
) -> Markup:
    return _listing_meta(context, category, page_obj, "syndication:rss-category", canonical)


@pass_context
def tag_meta(context: Context, tag: Tag, page_obj=None, canonical: bool = True) -> Markup:
    return _listing_meta(context, tag, page_obj, "syndication:rss-tag", canonical)
