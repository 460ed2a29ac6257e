"""`reverse()` and `static()` for addresses that repeat on every page, worked out once.

A reader page asks for the same few addresses on every request: home, the feeds, the
font-size links, the stylesheet and the publisher's logo. Each reverse() costs about a
hundred Python calls, each static() as many (the manifest of hashed names). The answers
depend on little besides the arguments, and that is in their keys or clears them:

- reverse(): the URLconf and the script prefix: the request's own URLconf if it has one
  (``get_urlconf()``, else None for ROOT_URLCONF) and the prefix are in the key; a change
  of ROOT_URLCONF (a test's override) is a settings change and clears the answers.
- static(): the storage and STATIC_URL; any settings change clears the answers (tests
  override STORAGES, STATIC_URL). In production the manifest never changes while the
  process lives, as for Django's own storage.

For arguments from a small set (names, category and tag slugs): one article's address is
asked once per page and is not worth keeping; `article_path_formatter` instead reverses the
article patterns once and fills in any article's number and slug.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

_MAX = 2048  # far more than the site's constant addresses; a full table starts again
_urls: dict[tuple, str] = {}
_statics: dict[str, str] = {}


@receiver(setting_changed, dispatch_uid="khabar.core.urlcache")
def _forget(**kwargs) -> None:
    _urls.clear()
    _statics.clear()
    _article_formatters.clear()


def reverse_cached(
    viewname: str,
    args: tuple | list = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`reverse()` with the same arguments (hashable values), kept for the next call."""
    key = (
        get_urlconf(),  # None for ROOT_URLCONF; a changed ROOT_URLCONF clears the table
        get_script_prefix(),
        viewname,
        current_app,
        tuple(args),
        *(kwargs.items() if kwargs else ()),
    )
    url = _urls.get(key)
    if url is None:
        url = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_urls) >= _MAX:
            _urls.clear()
        _urls[key] = url
    return url


def public_base_url(request: HttpRequest) -> str:
    """`https://host` of the public site: KHABAR_PUBLIC_BASE_URL, else the request's (its host
    checked against ALLOWED_HOSTS once per request: a page makes half a dozen absolute links)."""
    configured = settings.KHABAR_PUBLIC_BASE_URL
    if configured:
        return configured.rstrip("/")
    found = getattr(request, "_khabar_base_url", None)
    if found is None:
        found = request._khabar_base_url = request.build_absolute_uri("/").rstrip("/")
    return found


def static_cached(path: str) -> str:
    """`static(path)`, kept for the next call."""
    url = _statics.get(path)
    if url is None:
        url = static(path)
        if len(_statics) >= _MAX:
            _statics.clear()
        _statics[path] = url
    return url


# --- one pattern, any arguments: an article's address --------------------------------


@lru_cache(maxsize=200_000)
def _quote_word(word: str) -> str:
    return quote(word, safe="")


def quote_slug(slug: str) -> str:
    """`quote(slug, safe="")`, word by word: news vocabulary repeats, so most words are cached
    (percent-encoding Persian letters byte by byte was a third of a sitemap's time)."""
    return "-".join(_quote_word(word) for word in slug.split("-"))


_article_formatters: dict[tuple, Callable[[int, str], str]] = {}


def article_path_formatter() -> Callable[[int, str], str]:
    """A ``(news_id, slug) -> path`` equal to ``reverse("site:article-detail", …)`` (or
    ``-noslug`` without a slug), the two patterns reversed once per URLconf and script
    prefix: an uncached article page links a dozen articles and a sitemap 50,000, and
    reverse() costs about a hundred Python calls each."""
    key = (get_urlconf(), get_script_prefix())
    make = _article_formatters.get(key)
    if make is None:
        if len(_article_formatters) >= _MAX:
            _article_formatters.clear()
        make = _article_formatters[key] = _article_formatter()
    return make


def _article_formatter() -> Callable[[int, str], str]:
    with_slug = reverse("site:article-detail", kwargs={"news_id": 97531, "slug": "s"})
    without = reverse("site:article-detail-noslug", kwargs={"news_id": 97531})
    head, tail = with_slug.split("97531", 1)
    slug_sep = tail[: -len("s")]
    n_head, n_tail = without.split("97531", 1)

    def path(news_id: int, slug: str) -> str:
        if slug:
            return f"{head}{news_id}{slug_sep}{quote_slug(slug)}"
        return f"{n_head}{news_id}{n_tail}"

    return path


def number_path_formatter(viewname: str, name: str | None = None) -> Callable[[int], str]:
    """``number -> reverse(viewname, …)`` for a pattern of one number (``name`` its keyword,
    None for a positional argument), reversed once and filled in afterwards, like the
    article formatter above; a pattern whose address is not the number as written (a
    converter of its own) gets reverse() itself. For the current URLconf and script
    prefix: the caller keeps it per those (khabar.site.templating.PageTools)."""

    def reversed_(number: int) -> str:
        if name is None:
            return reverse(viewname, args=(number,))
        return reverse(viewname, kwargs={name: number})

    head, found, tail = reversed_(97531).partition("97531")

    def filled(number: int) -> str:
        return f"{head}{number}{tail}"

    if not found or "97531" in tail or any(filled(n) != reversed_(n) for n in (1, 12345678901)):
        return reversed_
    return filled
