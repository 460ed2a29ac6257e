"""Read replicas: which database each query goes to (docs/scaling.md).

The primary (`default`) takes every write, every read of the newsroom
(`/admin/`, `/preview/`), every read inside a transaction, and the reads of
sessions, users and permissions. Reads made while answering a reader's GET or
HEAD request (pages, feeds, sitemaps, the API, search) may go to a streaming
replica listed in DATABASE_REPLICA_URLS.

Read-your-writes: a signed-in person's request that may write (POST, PUT,
PATCH, DELETE; a login too) pins their browser to the primary for
KHABAR_DB_PRIMARY_PIN_SECONDS with a cookie,
so an editor who just saved reads their own change on the public pages even
if a replica lags behind.

A replica that does not answer is left out for KHABAR_REPLICA_RETRY_SECONDS
(checked with a short connect timeout, then remembered per process); a query
that fails on a replica is run again on the primary, so readers never see a
500 because a replica went away.

Outside a request (the worker, management commands, the shell, tests) every
read goes to the primary.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger("khabar.db")

PRIMARY = "default"
PIN_COOKIE = "khabar_primary"
# Apps whose rows must be read where they were just written: logins, sessions, lock-outs.
PRIMARY_APPS = frozenset({"auth", "sessions", "admin", "contenttypes", "axes"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class _Route:
    """How the current request reads: may it use a replica, and which one it got."""

    replica_ok: bool
    alias: str | None = None  # chosen at the first read, then kept for the whole request


_route: ContextVar[_Route | None] = ContextVar("khabar_db_route", default=None)

# Per process (shared by its threads): alias -> monotonic time until which it is left out,
# and alias -> monotonic time of its last good check.
_down_until: dict[str, float] = {}
_checked_at: dict[str, float] = {}
_lock = threading.Lock()


def replicas() -> list[str]:
    return list(getattr(settings, "KHABAR_DB_REPLICAS", []))


def mark_down(alias: str) -> None:
    """Leave `alias` out for KHABAR_REPLICA_RETRY_SECONDS and drop this thread's connection to it."""
    with _lock:
        _down_until[alias] = time.monotonic() + settings.KHABAR_REPLICA_RETRY_SECONDS
        _checked_at.pop(alias, None)
    with contextlib.suppress(DatabaseError):
        connections[alias].close()
    log.warning(
        "replica %s is not answering; reading from the primary for %s s",
        alias,
        settings.KHABAR_REPLICA_RETRY_SECONDS,
    )


def replica_is_up(alias: str) -> bool:
    """Whether `alias` answers; a result is remembered for KHABAR_REPLICA_RETRY_SECONDS."""
    now = time.monotonic()
    if _down_until.get(alias, 0.0) > now:
        return False
    if now - _checked_at.get(alias, float("-inf")) < settings.KHABAR_REPLICA_RETRY_SECONDS:
        return True
    conn = connections[alias]
    try:
        if conn.connection is not None and not conn.is_usable():
            conn.close()
        conn.ensure_connection()  # bounded by the replica's connect_timeout
    except (OperationalError, InterfaceError):
        mark_down(alias)
        return False
    with _lock:
        _checked_at[alias] = now
        _down_until.pop(alias, None)
    return True


def _is_the_primary(alias: str) -> bool:
    """A "replica" that is the primary's own database (test runs make replicas TEST MIRRORs
    of it; a configuration may list it by mistake) is not a replica: read the primary."""
    replica, primary = settings.DATABASES.get(alias), settings.DATABASES[PRIMARY]
    if replica is None:
        return False
    return all(replica.get(k) == primary.get(k) for k in ("HOST", "PORT", "NAME"))


def _choose() -> str:
    up = [alias for alias in replicas() if not _is_the_primary(alias) and replica_is_up(alias)]
    # Spreading readers over replicas is not a security decision.
    return random.choice(up) if up else PRIMARY  # noqa: S311


def current_read_alias() -> str:
    """The database reads go to right now (the primary outside a reader's request)."""
    route = _route.get()
    if route is None or not route.replica_ok:
        return PRIMARY
    if route.alias is None:
        route.alias = _choose()
    return route.alias


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads as the current request allows, writes to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        if _route.get() is None or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return current_read_alias()

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every database holds the same rows

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool | None:
        # Replicas follow the primary's WAL; nothing is ever migrated on them directly.
        return False if db in replicas() else None


# The page cache (khabar.core.pagecache) reads this attribute of a response as the longest
# time it may keep the page: seconds, a callable returning them, or None.
PAGE_TTL_ATTR = "_khabar_page_ttl"


def _cap_page_cache_ttl(response: HttpResponse) -> None:
    """A page read from a replica may be behind the primary by the replication lag, also
    just after a change made the cached copy stale: keep it at most
    KHABAR_REPLICA_PAGE_CACHE_SECONDS, so a lagging render never outlives the lag for long."""
    if not hasattr(response, PAGE_TTL_ATTR):
        return
    cap = getattr(response, PAGE_TTL_ATTR)
    limit = settings.KHABAR_REPLICA_PAGE_CACHE_SECONDS

    def capped() -> int:
        inner = cap() if callable(cap) else cap
        return limit if inner is None else min(int(inner), limit)

    setattr(response, PAGE_TTL_ATTR, capped)


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _primary_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.KHABAR_DB_PRIMARY_PATHS)


class ReplicaRoutingMiddleware:
    """Lets a reader's GET/HEAD read from a replica, pins writers to the primary, and
    runs a request again on the primary when its replica fails mid-way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas():
            return self.get_response(request)
        replica_ok = (
            request.method in ("GET", "HEAD")
            and not _primary_path(request.path)
            and PIN_COOKIE not in request.COOKIES
        )
        route = _Route(replica_ok=replica_ok)
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if route.alias in replicas():
            _cap_page_cache_ttl(response)
        if request.method not in SAFE_METHODS and _signed_in(request):
            # Read-your-writes: this browser reads from the primary until replicas caught up.
            # (Only people who signed in: a reader's POSTs, such as the read-count beacon
            # every article page sends, must not take them off the replicas.)
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.KHABAR_DB_PRIMARY_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        route = _route.get()
        if (
            route is None
            or route.alias not in replicas()
            or not isinstance(exception, (OperationalError, InterfaceError))
        ):
            return None
        # A query failed while this request read from a replica: if the replica went away,
        # leave it out; either way answer once more, from the primary (GET and HEAD only).
        conn = connections[route.alias]
        try:
            alive = conn.connection is not None and conn.is_usable()
        except DatabaseError:
            alive = False
        if not alive:
            mark_down(route.alias)
        route.replica_ok = False
        route.alias = None
        return self.get_response(request)
