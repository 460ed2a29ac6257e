"""`reverse()` and `static()` for addresses that repeat on every page, worked out once.

A reader page asks for the same few addresses on every request: home, the feeds, the
font-size links, the stylesheet and the publisher's logo. Each reverse() costs about a
hundred Python calls, each static() as many (the manifest of hashed names). The answers
depend on little besides the arguments, and that is in their keys or clears them:

- reverse(): the URLconf and the script prefix. The resolver object itself stands for the
  URLconf (Django makes a new one when the URLconf changes, e.g. a test's ``ROOT_URLCONF``),
  so an answer never outlives its URLconf.
- static(): the storage and STATIC_URL; any settings change clears the answers (tests
  override STORAGES, STATIC_URL). In production the manifest never changes while the
  process lives, as for Django's own storage.

For arguments from a small set (names, category slugs): one article's address is asked
once per page and is not worth keeping.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

_MAX = 2048  # far more than the site's constant addresses; a full table starts again
_urls: dict[tuple, str] = {}
_statics: dict[str, str] = {}


@receiver(setting_changed, dispatch_uid="khabar.core.urlcache")
def _forget(**kwargs) -> None:
    _urls.clear()
    _statics.clear()


def reverse_cached(
    viewname: str,
    args: tuple | list = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`reverse()` with the same arguments (hashable values), kept for the next call."""
    key = (
        get_resolver(get_urlconf()),
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


def static_cached(path: str) -> str:
    """`static(path)`, kept for the next call."""
    url = _statics.get(path)
    if url is None:
        url = static(path)
        if len(_statics) >= _MAX:
            _statics.clear()
        _statics[path] = url
    return url
