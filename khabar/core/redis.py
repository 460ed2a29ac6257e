"""One shared Redis client for the few things Django's cache API cannot say (a hash of counters).

None when REDIS_URL is not set: callers then use their database fallback.
"""

from __future__ import annotations

import threading

import redis
from django.conf import settings

_lock = threading.Lock()
_clients: dict[str, redis.Redis] = {}


def client() -> redis.Redis | None:
    url = settings.REDIS_URL
    if not url:
        return None
    found = _clients.get(url)
    if found is None:
        with _lock:
            found = _clients.get(url)
            if found is None:
                found = redis.Redis.from_url(
                    url,
                    socket_connect_timeout=settings.KHABAR_REDIS_TIMEOUT,
                    socket_timeout=settings.KHABAR_REDIS_TIMEOUT,
                )
                _clients[url] = found
    return found


def key(name: str) -> str:
    """A key in this deployment's namespace (KHABAR_CACHE_KEY_PREFIX)."""
    return f"{settings.CACHE_KEY_PREFIX}:{name}"
