"""RSS 2.0 and Atom 1.0 feeds: the whole site, one category, one tag.

Built on Django's syndication framework. A feed object is made per request
(`feed_view`), because its links are absolute and depend on the request's
host unless KHABAR_PUBLIC_BASE_URL says otherwise.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from khabar.core import pagecache
from khabar.news.models import Article, Category, Tag
from khabar.syndication import links, selectors


class _ArticleFeed(Feed):
    """What every Khabar feed shares: the items are public articles, newest first."""

    feed_type = Rss201rev2Feed
    kind = "rss"

    def __init__(self, request: HttpRequest) -> None:
        super().__init__()
        self.request = request

    # Channel ----------------------------------------------------------------
    obj = None

    def get_object(self, request, *args, **kwargs):
        return None

    def scope(self, obj) -> dict:
        return {}

    def title(self, obj) -> str:
        return settings.KHABAR_AGENCY_NAME

    def description(self, obj) -> str:
        # Translators: the description of the site's main RSS/Atom feed; agency is the agency's name.
        return _("The latest news from %(agency)s") % {"agency": settings.KHABAR_AGENCY_NAME}

    subtitle = description

    def link(self, obj) -> str:
        return links.absolute(self.request, reverse("site:home"))

    def feed_url(self, obj) -> str:
        return links.absolute(self.request, self.request.path)

    def author_name(self, obj) -> str:
        return settings.KHABAR_AGENCY_NAME

    def feed_copyright(self, obj) -> str:
        # Translators: the copyright line of the feeds; agency is the agency's name.
        return _("All rights reserved by %(agency)s") % {"agency": settings.KHABAR_AGENCY_NAME}

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = "fa"
        return feed

    shown: list[Article] = []

    def items(self, obj) -> list[Article]:
        self.shown = selectors.article_list_for_feed(
            limit=settings.KHABAR_FEED_ITEMS, **self.scope(obj)
        )
        return self.shown

    # Items ------------------------------------------------------------------
    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # The lead is plain text; RSS readers render <description> as HTML and Atom
        # declares <summary type="html">, so it is escaped: «<script>» stays words.
        return escape(item.lead)

    def item_link(self, item: Article) -> str:
        return links.article_url(self.request, item)

    def item_guid(self, item: Article) -> str:
        # The short link holds only the news ID, which never changes: a permanent ID.
        return links.article_short_url(self.request, item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article) -> datetime:
        return links.tehran(item.published_at)

    def item_updateddate(self, item: Article) -> datetime:
        return links.tehran(links.article_modified(item))

    def item_author_name(self, item: Article) -> str | None:
        if item.reporter_id:
            return item.reporter.get_full_name() or None
        return None

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = item.lead_image
        if image is None or not image.file:
            return []
        try:
            length = image.file.size
        except OSError:  # the file went missing on disk: no enclosure rather than a broken feed
            return []
        mime = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return [Enclosure(links.image_url(self.request, image), str(length), mime)]


class _AtomMixin:
    feed_type = Atom1Feed
    kind = "atom"


class LatestFeed(_ArticleFeed):
    pass


class LatestAtomFeed(_AtomMixin, LatestFeed):
    pass


class CategoryFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Category:
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise Http404
        self.obj = category
        return category

    def scope(self, obj: Category) -> dict:
        return {"category": obj}

    def title(self, obj: Category) -> str:
        # Translators: the title of a category feed: «اقتصاد | خبرگزاری ...».
        return _("%(name)s | %(agency)s") % {
            "name": obj.name,
            "agency": settings.KHABAR_AGENCY_NAME,
        }

    def description(self, obj: Category) -> str:
        # Translators: the description of a category feed; name is the category.
        return obj.description or _("The latest news in %(name)s") % {"name": obj.name}

    subtitle = description

    def link(self, obj: Category) -> str:
        return links.absolute(self.request, obj.get_absolute_url())


class CategoryAtomFeed(_AtomMixin, CategoryFeed):
    pass


class TagFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Tag:
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404
        self.obj = tag
        return tag

    def scope(self, obj: Tag) -> dict:
        return {"tag": obj}

    def title(self, obj: Tag) -> str:
        return _("%(name)s | %(agency)s") % {
            "name": obj.name,
            "agency": settings.KHABAR_AGENCY_NAME,
        }

    def description(self, obj: Tag) -> str:
        # Translators: the description of a tag feed; name is the tag.
        return _("The latest news tagged %(name)s") % {"name": obj.name}

    subtitle = description

    def link(self, obj: Tag) -> str:
        return links.absolute(self.request, obj.get_absolute_url())


class TagAtomFeed(_AtomMixin, TagFeed):
    pass


def _surrogate_keys(feed: _ArticleFeed) -> list[str]:
    """The page cache keeps a feed until one of its items changes or its list gains one."""
    obj = feed.obj
    if isinstance(obj, Category):
        scope = pagecache.category_key(obj.slug)
    elif isinstance(obj, Tag):
        scope = pagecache.tag_key(obj.slug)
    else:
        scope = pagecache.LATEST
    return [pagecache.FEEDS, scope, *(pagecache.article_key(a.news_id) for a in feed.shown)]


def feed_view(feed_class: type[_ArticleFeed]) -> Callable[..., HttpResponse]:
    """A view serving `feed_class` with conditional GET (ETag and Last-Modified) and cache headers."""

    @require_safe
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        feed = feed_class(request)
        response = feed(request, **kwargs)
        last_modified = selectors.feed_last_modified(items=feed.shown, **feed.scope(feed.obj))
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        else:  # nothing public yet: Django would claim "now"
            del response.headers["Last-Modified"]
        # The tag follows the bytes: any change a reader could see changes it.
        response.headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        patch_cache_control(response, public=True, max_age=settings.CACHE_TIME_SHORT * 5)
        pagecache.tag_response(response, _surrogate_keys(feed))
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )

    view.__name__ = view.__qualname__ = f"{feed_class.__name__}_view"
    return view
