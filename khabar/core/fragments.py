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
from operator import itemgetter
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

# A page asks for its fragments one after the other (the latest list in the view, the
# header, the banner and the sidebars while rendering), each a round trip to the cache. The
# first one a request asks for fetches, in the same round trip, the fragments that requests
# asked for most often after it: pages of one kind share most of theirs (the banner, the
# sidebar, the header of their category); the names seen once (an article's own related
# news) are forgotten when the table grows.
_AHEAD = 16  # names fetched ahead at most (a dozen categories: the header of each)
_counts: dict[str, dict[str, int]] = {}  # first name -> name asked after it -> how often
_followers: dict[str, tuple[str, ...]] = {}  # first name -> the names fetched with it
_lock = threading.Lock()


@receiver(request_started, dispatch_uid="khabar.core.fragments.request_started")
def _request_started(**kwargs) -> None:
    _request.seen = {}
    _request.asked = []
    _request.ahead = None


@receiver(request_finished, dispatch_uid="khabar.core.fragments.request_finished")
def _request_finished(**kwargs) -> None:
    asked = getattr(_request, "asked", None)
    if asked and len(asked) > 1:
        _learn(asked[0], asked[1:])
    _request.seen = _request.asked = _request.ahead = None


def _learn(first: str, after: list[str]) -> None:
    with _lock:
        if len(_counts) > 1000:
            _counts.clear()
        counts = _counts.setdefault(first, {})
        for name in after:
            counts[name] = counts.get(name, 0) + 1
        if len(counts) > 4 * _AHEAD:  # halved: what pages ask for now counts more
            counts = _counts[first] = {n: c // 2 for n, c in counts.items() if c > 1}
        often = sorted(counts.items(), key=itemgetter(1), reverse=True)[:_AHEAD]
        _followers[first] = tuple(name for name, _ in often if "\n" not in name)


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


def _lookup(name: str) -> tuple[tuple | None, int]:
    """The stored entry of `name` (or None) and the counter value read before it."""
    backend = pagecache._backend()
    asked = getattr(_request, "asked", None)
    if asked is None:  # outside a request
        return backend.lookup(PREFIX + name)
    asked.append(name)
    ahead = _request.ahead
    if ahead is None:  # the request's first fragment: the ones that usually follow with it
        names = [name, *_followers.get(name, ())]
        entries, seq = backend.lookup_many([PREFIX + n for n in names])
        ahead = _request.ahead = {n: (e, seq) for n, e in zip(names, entries, strict=True)}
    found = ahead.pop(name, None)
    return found if found is not None else backend.lookup(PREFIX + name)


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
        entry, seq = _lookup(name)
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
