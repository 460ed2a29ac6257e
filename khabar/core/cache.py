"""A Redis cache that degrades instead of failing (docs/scaling.md, "Faults").

Django's RedisCache raises when Redis is down, so every page that touches the
cache would answer 500. `TolerantRedisCache` logs the error and behaves like
an empty cache that keeps nothing: reads miss, writes are dropped, and pages
are rendered from the database. After an error it does not try Redis again
for KHABAR_CACHE_RETRY_SECONDS (per process), so a dead Redis costs one
timeout per pause, not one per request.

What that means while Redis is down: the API's rate limit counts nothing
(requests are let through), newsroom presence shows nobody else, sitemaps
are rebuilt per request. Counters (`incr`/`decr`) still raise, because their
callers must know a count was lost (the page cache's invalidation handles it).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("khabar.cache")

_lock = threading.Lock()
_paused_until: dict[str, float] = {}  # location -> monotonic time to try Redis again


class TolerantRedisCache(RedisCache):
    """RedisCache whose reads miss and writes are dropped while Redis does not answer."""

    def _paused(self) -> bool:
        return _paused_until.get(self._location_key, 0.0) > time.monotonic()

    @property
    def _location_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, operation: str, exc: Exception) -> None:
        pause = settings.KHABAR_CACHE_RETRY_SECONDS
        with _lock:
            first = not self._paused()
            _paused_until[self._location_key] = time.monotonic() + pause
        if first:
            log.warning(
                "cache: Redis %s failed (%s); working without the cache for %s s",
                operation,
                exc,
                pause,
            )

    def _try(self, operation: str, fallback: Any, call, *args: Any, **kwargs: Any) -> Any:
        if self._paused():
            return fallback
        try:
            return call(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
            return fallback

    def get(self, key, default=None, version=None):
        return self._try("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._try("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._try("clear", False, super().clear)
