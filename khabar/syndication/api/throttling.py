"""Rate limiting of the public API, per client."""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """Count requests per client: the X-Api-Key it sends, else its IP address.

    The rate is read from settings at each request (KHABAR_API_RATE), so an
    operator changes it without code. Counters live in the `default` cache:
    Redis in production, so every worker process shares them.
    """

    scope = "api"

    def get_rate(self) -> str:
        return settings.KHABAR_API_RATE

    def get_cache_key(self, request, view) -> str:
        key = request.headers.get("X-Api-Key", "").strip()
        if key:
            ident = "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
        else:
            ident = "ip:" + self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
