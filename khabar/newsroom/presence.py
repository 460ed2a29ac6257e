"""Who has an article open: a short-lived note in the shared cache.

The change page records the viewer; static/newsroom/newsroom.js repeats it
every PING seconds and shows the others. With Redis every web process sees
the same notes; with the local-memory cache, only one process (development).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

PING = 20  # seconds between heartbeats
STALE = 60  # a viewer not heard from for this long has left


def _key(article_id: int) -> str:
    return f"newsroom:presence:{article_id}"


def touch(article_id: int, user: Any) -> list[str]:
    """Record that `user` has the article open; return the names of the others."""
    now = time.time()
    seen: dict[str, list] = cache.get(_key(article_id)) or {}
    seen = {uid: v for uid, v in seen.items() if now - v[1] < STALE}
    seen[str(user.pk)] = [user.get_full_name() or user.get_username(), now]
    cache.set(_key(article_id), seen, STALE * 2)
    return sorted(name for uid, (name, _t) in seen.items() if uid != str(user.pk))


def leave(article_id: int, user: Any) -> None:
    seen: dict[str, list] = cache.get(_key(article_id)) or {}
    if seen.pop(str(user.pk), None) is not None:
        cache.set(_key(article_id), seen, STALE * 2)
