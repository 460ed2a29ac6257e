"""Shared parts of many pages (navigation, banner, latest list) kept like pages.

A page that is not in the page cache still shows the same navigation, breaking-news
banner and latest articles as every other page; reading them once per change instead
of once per page saves a query (and its ORM work) each. A fragment is stored through
the page cache (`khabar.core.pagecache`) under the surrogate keys of what it shows, so
it goes stale exactly when a page showing the same thing would: the counter read
before it is computed must be at or above the version of every one of its keys.

With the page cache off (``KHABAR_PAGE_CACHE=false``, as in most tests) or the cache
unreachable, every call simply computes the value.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

from khabar.core import pagecache

T = TypeVar("T")
PREFIX = "pc:frag:"
VALUE, EXPIRES = 4, 5  # where the value and its expiry time sit in a stored entry

# Within one request a fragment is looked up once: the breaking-news banner, for one, is
# read for the page and again for how long the page may be kept.
_request = threading.local()


@receiver(request_started, dispatch_uid="khabar.core.fragments.request_started")
def _request_started(**kwargs) -> None:
    _request.seen = {}


@receiver(request_finished, dispatch_uid="khabar.core.fragments.request_finished")
def _request_finished(**kwargs) -> None:
    _request.seen = None


def cached(
    name: str,
    compute: Callable[[], T],
    *,
    keys: Callable[[T], Iterable[str]],
    ttl: Callable[[T], int] | int = 600,
) -> T:
    """The value of `compute()`, reused until one of `keys(value)` is bumped or `ttl` passes.

    `keys` names what the value shows (e.g. ``latest`` and the ``article-<id>`` of each
    article in it); `ttl` (seconds, or a function of the value) bounds content that
    changes by itself at a known time.
    """
    if not pagecache.enabled() or pagecache._breaker.open():
        return compute()
    seen = getattr(_request, "seen", None)
    if seen is not None and name in seen:
        return seen[name]
    value = _cached(name, compute, keys=keys, ttl=ttl)
    if seen is not None:
        seen[name] = value
    return value


def _cached(
    name: str,
    compute: Callable[[], T],
    *,
    keys: Callable[[T], Iterable[str]],
    ttl: Callable[[T], int] | int,
) -> T:
    backend = pagecache._backend()
    key = PREFIX + name
    try:
        entry, seq = backend.lookup(key)
    except Exception as exc:
        pagecache._breaker.trip(exc, "fragment lookup")
        return compute()
    # An entry of another shape, or past its time (checked here too: the store's own
    # expiry runs on its clock), is a miss.
    if entry is not None and len(entry) > EXPIRES and entry[EXPIRES] > time.time():
        return entry[VALUE]
    value = compute()  # read after the counter: a change committed meanwhile bumps above it
    names = tuple(dict.fromkeys(pagecache._clean(k) for k in keys(value) if k))
    seconds = ttl(value) if callable(ttl) else ttl
    if seconds <= 0:
        return value
    try:
        # The shape of a page entry (born, keys, status, headers, content, expires), so the
        # page cache's backends store and check it as they do pages (a key never bumped yet
        # starts at `seq`, as for pages).
        backend.put(key, (seq, names, None, None, value, time.time() + seconds), seconds)
    except Exception as exc:
        pagecache._breaker.trip(exc, "fragment store")
    return value
