"""The page cache: whole reader pages kept in the `pages` cache, always fresh.

A view opts in by naming what its page shows (`tag_response(response, keys)`):
surrogate keys such as ``article-3830263``, ``category-economy``, ``latest``. The
keys go out in the ``Surrogate-Key`` header (so a cache in front can purge by them)
and are stored with the page. Whoever changes content calls `bump(keys)` after the
commit (`khabar.site.cache` does it for every article change and curation).

Freshness without a race: one counter (``seq``) orders everything. `bump()` takes
the next number and writes it as the version of each key. A page remembers the
counter value read *before* it was rendered; it is served only while every one of
its keys has a version at or below that value. A render that read the database
before a change commits can therefore never be served after that change, whatever
the timing. A key whose version is missing (never seen, or evicted) also makes the
page a miss; the next render creates it.

A hit is one cache round trip. On Redis a script checks every key version of the page
in Redis and returns the page, or only "still fresh" when this process already holds
that copy; on other caches one ``get_many`` fetches the page, the counter and the
versions the page's keys had when this process last saw it. `wsgi_fast_path()`
(khabar.wsgi) answers hits before Django builds a request; `PageCacheMiddleware`,
first in MIDDLEWARE, does the same before sessions, authentication or CSRF run, and
stores the pages views tagged. Only anonymous GET/HEAD requests are served or stored
(no session or messages cookie, no Authorization); a response that sets a cookie is
never stored. Every cache error falls back to rendering the page: the cache can make
the site faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.wsgi import get_path_info
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import parse_etags, parse_http_date_safe
from redis import exceptions as redis_errors

log = logging.getLogger("khabar.pagecache")

SURROGATE_KEY = "Surrogate-Key"
STATUS_HEADER = "X-Khabar-Cache"  # hit | miss | bypass, for operators and tests
SEQ_KEY = "pc:seq"
PAGE_PREFIX = "pc:page:"
_CACHEABLE_STATUS = (200, 410)
_MAX_BYTES = 16 * 1024 * 1024  # larger bodies are rendered each time
_TTL_ATTR = "_khabar_page_ttl"
_KEYS_ATTR = "_khabar_page_keys"


# --- keys --------------------------------------------------------------------

# Keys of what many pages show. Per-object keys are made by the functions below.
SITE = "site"  # every HTML page: the breaking-news banner and the navigation
LATEST = "latest"  # lists of the newest articles: home, article sidebars, main feeds
HOME = "home"  # the home page's curation (top story, featured)
MOST_READ = "most-read"
SEARCH = "search"
SITEMAP = "sitemap"
FEEDS = "feeds"


def article_key(news_id: int) -> str:
    return f"article-{news_id}"


def category_key(slug: str) -> str:
    return f"category-{slug}"


def tag_key(slug: str) -> str:
    return f"tag-{slug}"


VERSION_PREFIX = "pc:v:"


def _version_key(name: str) -> str:
    return VERSION_PREFIX + name


@lru_cache(maxsize=65_536)  # the same keys on page after page: site, latest, each article
def _clean(name: str) -> str:
    # Header-safe (ASCII) and cache-key-safe: a Persian slug is percent-encoded, as in URLs.
    return quote(name, safe="-_.~")


# --- the store, tolerant of failures -----------------------------------------


class _Breaker:
    """After a cache error, skip the cache for a few seconds instead of paying a timeout per
    request; log once per pause."""

    def __init__(self) -> None:
        self.until = 0.0
        self.lock = threading.Lock()

    def open(self) -> bool:
        return time.monotonic() < self.until

    def trip(self, exc: BaseException, what: str) -> None:
        with self.lock:
            if time.monotonic() >= self.until:
                log.warning("page cache: %s failed (%s); rendering without it", what, exc)
            self.until = time.monotonic() + settings.KHABAR_PAGE_CACHE_PAUSE


_breaker = _Breaker()


def store():
    """The Django cache that holds the pages (settings.KHABAR_PAGE_CACHE_ALIAS)."""
    return caches[settings.KHABAR_PAGE_CACHE_ALIAS]


def _fresh(entry: tuple, versions: dict[str, int | None]) -> bool:
    born = entry[0]
    return all((v := versions.get(n)) is not None and int(v) <= born for n in entry[1])


class _CacheAPI:
    """Pages, versions and the counter through Django's cache API (local memory, others).

    A hit costs one get_many: the page, the counter and the versions of the keys the page
    had when this process last saw it (a second one only when they changed)."""

    def __init__(self) -> None:
        self.hints: dict[str, tuple[str, ...]] = {}

    @property
    def cache(self):
        return store()

    def lookup(self, key: str) -> tuple[tuple | None, int]:
        hint = self.hints.get(key, ())
        asked = [key, SEQ_KEY, *(_version_key(n) for n in hint)]
        got = self.cache.get_many(asked)
        entry, seq = got.get(key), int(got.get(SEQ_KEY) or 0)
        if entry is None:
            return None, seq
        names = entry[1]
        if names != hint:
            got.update(self.cache.get_many([_version_key(n) for n in names]))
            if len(self.hints) > 50_000:
                self.hints.clear()
            self.hints[key] = names
        versions = {n: got.get(_version_key(n)) for n in names}
        return (entry if _fresh(entry, versions) else None), seq

    def lookup_many(self, keys: list[str]) -> tuple[list[tuple | None], int]:
        """The entries of `keys` as `lookup()` gives them, and one counter value read before."""
        seq = int(self.cache.get(SEQ_KEY) or 0)
        return [self.lookup(key)[0] for key in keys], seq

    def put(self, key: str, entry: tuple, ttl: int) -> None:
        for name in entry[1]:  # a key never bumped yet starts at the entry's counter value
            self.add_version(name, entry[0])
        self.cache.set(key, entry, ttl)

    def add_version(self, name: str, value: int) -> None:
        self.cache.add(_version_key(name), value, timeout=None)

    def bump(self, names: list[str]) -> None:
        try:
            seq = self.cache.incr(SEQ_KEY)
        except ValueError:  # first bump ever, or the counter was lost
            self.cache.add(SEQ_KEY, 0, timeout=None)
            seq = self.cache.incr(SEQ_KEY)
        self.cache.set_many({_version_key(n): seq for n in names}, timeout=None)


# Shared by both lookups: is the entry whose meta line is `meta` ("<born> <stamp> <key>…")
# fresh, every key's version at or below `born`? Returns true and the stamp, or false.
_FRESH_LUA = """
local function fresh(meta, prefix)
  local born, stamp = nil, nil
  local vkeys = {}
  for word in string.gmatch(meta, '%S+') do
    if born == nil then born = tonumber(word)
    elseif stamp == nil then stamp = word
    else vkeys[#vkeys + 1] = prefix .. word end
  end
  if #vkeys > 0 then
    local versions = redis.call('MGET', unpack(vkeys))
    for i = 1, #versions do
      local v = versions[i]
      if (not v) or tonumber(v) > born then return false, nil end
    end
  end
  return true, stamp
end
"""
# Redis checks the versions itself: one call returns the counter and the page only if every
# key of the page is at or below the counter value the page was rendered at.
_LOOKUP_SCRIPT = (
    _FRESH_LUA
    + """
local seq = redis.call('GET', KEYS[2]) or '0'
local meta = redis.call('GET', KEYS[3])
if not meta then return {seq, false} end
local ok, stamp = fresh(meta, ARGV[1])
if not ok then return {seq, false} end
if stamp == ARGV[2] then return {seq, 1} end
return {seq, redis.call('GET', KEYS[1])}
"""
)
# ARGV[2]: the stamp of the copy this process already holds; then only "1" comes back, not
# the page again.

# The same for several entries in one round trip (the fragments a page shows): KEYS[1] the
# counter; ARGV[1] the version keys' prefix, ARGV[2] each entry's key and the stamp of the
# copy held, a line each (one argument: each argument of a call costs the client more than
# the work it asks for). Returns the counter, then per entry false, 1 or the stored entry.
_LOOKUP_MANY_SCRIPT = (
    _FRESH_LUA
    + """
local out = {redis.call('GET', KEYS[1]) or '0'}
local key = nil
for line in string.gmatch(ARGV[2], '[^\\n]+') do
  if key == nil then key = line
  else
    local found = false
    local meta = redis.call('GET', key .. ':m')
    if meta then
      local ok, stamp = fresh(meta, ARGV[1])
      if ok then
        if stamp == line then found = 1 else found = redis.call('GET', key) or false end
      end
    end
    out[#out + 1] = found
    key = nil
  end
end
return out
"""
)

# Storing is one call too: the page, its meta line, and a first version (the counter value
# it was rendered at) for each of its keys that was never bumped. The keys' names are read
# from the meta line, as the lookup does: a page has a dozen or more, and each argument of
# a call costs the client more than the call itself.
_PUT_SCRIPT = """
local n = 0
for word in string.gmatch(ARGV[3], '%S+') do
  n = n + 1
  if n > 2 then redis.call('SET', ARGV[5] .. word, ARGV[1], 'NX') end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
"""
_RECENT = 256  # pages each process keeps (about 40 KB each)


def _stamp(entry: tuple) -> str:
    """Tells one stored copy of a page from another: its expiry time, to the microsecond."""
    return repr(entry[5])


class _RedisDirect:
    """The same on Redis, with one long-lived client (Django's Redis backend builds a client
    object per call) and the version check done by Redis in the same round trip."""

    def __init__(self, location: str, prefix: str) -> None:
        import redis

        self.prefix = f"{prefix}:" if prefix else ""
        self.client = redis.Redis.from_url(
            location,
            socket_connect_timeout=settings.KHABAR_REDIS_TIMEOUT,
            socket_timeout=settings.KHABAR_REDIS_TIMEOUT,
        )
        self.script = self.client.register_script(_LOOKUP_SCRIPT)
        self.put_script = self.client.register_script(_PUT_SCRIPT)
        self.many_script = self.client.register_script(_LOOKUP_MANY_SCRIPT)
        self.local = threading.local()
        self.recent: dict[str, tuple] = {}

    def _evalsha(self, script, keys: tuple | list, args: tuple | list):
        """Run a registered script on this thread's own connection, used directly: half the
        cost of a client call (Django's, or redis-py's Script object)."""
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = self.client.connection_pool.make_connection()
        try:
            try:
                conn.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
                return conn.read_response()
            except redis_errors.NoScriptError:  # Redis restarted, or SCRIPT FLUSH
                script.sha = self.client.script_load(script.script)
                conn.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
                return conn.read_response()
        except Exception:
            conn.disconnect()
            self.local.conn = None
            raise

    def lookup(self, key: str) -> tuple[tuple | None, int]:
        p = self.prefix
        keys = (p + key, p + SEQ_KEY, p + key + ":m")
        held = self.recent.get(key)
        stamp = _stamp(held) if held is not None else "-"
        seq, raw = self._evalsha(self.script, keys, (p + VERSION_PREFIX, stamp))
        return self._entry(key, raw, held), int(seq)

    def lookup_many(self, keys: list[str]) -> tuple[list[tuple | None], int]:
        p = self.prefix
        held = [self.recent.get(key) for key in keys]
        lines = "\n".join(
            f"{p}{key}\n{_stamp(h) if h is not None else '-'}"
            for key, h in zip(keys, held, strict=True)
        )
        seq, *raws = self._evalsha(self.many_script, (p + SEQ_KEY,), (p + VERSION_PREFIX, lines))
        return [self._entry(k, r, h) for k, r, h in zip(keys, raws, held, strict=True)], int(seq)

    def _entry(self, key: str, raw: bytes | int | None, held: tuple | None) -> tuple | None:
        if raw is None:
            return None
        if raw == 1 and held is not None:
            return held
        entry = pickle.loads(raw)  # noqa: S301 - our own entries
        if len(self.recent) >= _RECENT:
            self.recent.clear()
        self.recent[key] = entry
        return entry

    def put(self, key: str, entry: tuple, ttl: int) -> None:
        p = self.prefix
        meta = " ".join([str(entry[0]), _stamp(entry), *entry[1]])
        self._evalsha(
            self.put_script,
            (p + key, p + key + ":m"),
            (entry[0], pickle.dumps(entry, pickle.HIGHEST_PROTOCOL), meta, ttl, p + VERSION_PREFIX),
        )

    def bump(self, names: list[str]) -> None:
        seq = self.client.incr(self.prefix + SEQ_KEY)
        self.client.mset({self.prefix + _version_key(n): seq for n in names})


_backends: dict[tuple, Any] = {}
# What the settings make of the page cache, read once (a settings read costs a LazyObject
# lookup, and a page asked some forty times): forgotten when a setting changes (tests).
_memo: dict[str, Any] = {}


@receiver(setting_changed, dispatch_uid="khabar.core.pagecache.memo")
def _forget_settings(**kwargs: Any) -> None:
    _memo.clear()


def _backend():
    try:
        return _memo["backend"]
    except KeyError:
        found = _memo["backend"] = _make_backend()
        return found


def _make_backend():
    alias = settings.KHABAR_PAGE_CACHE_ALIAS
    conf = settings.CACHES[alias]
    redis_backend = isinstance(store(), RedisCache)  # also subclasses (tolerant ones)
    ident = (alias, conf["BACKEND"], str(conf.get("LOCATION")), conf.get("KEY_PREFIX", ""))
    found = _backends.get(ident)
    if found is None:
        if redis_backend:
            location = conf["LOCATION"]
            location = location[0] if isinstance(location, list | tuple) else location
            found = _RedisDirect(location.split(",")[0], conf.get("KEY_PREFIX", ""))
        else:
            found = _CacheAPI()
        _backends[ident] = found
    return found


def enabled() -> bool:
    try:
        return _memo["enabled"]
    except KeyError:
        found = _memo["enabled"] = bool(settings.KHABAR_PAGE_CACHE)
        return found


def bump(keys: Iterable[str]) -> bool:
    """Make every stored page that shows one of `keys` stale. Call it after the commit.

    Returns False (and logs) when the cache could not be reached: pages stored
    before may then live until their TTL (KHABAR_PAGE_CACHE_SECONDS).
    """
    names = sorted({_clean(k) for k in keys if k})
    if not names or not enabled():
        return True
    try:
        _backend().bump(names)
    except Exception as exc:
        log.error("page cache: could not invalidate %s (%s)", " ".join(names), exc)
        return False
    return True


def tag_response(
    response: HttpResponse,
    keys: Iterable[str],
    *,
    ttl: int | Callable[[], int | None] | None = None,
) -> HttpResponse:
    """Let the page cache (and caches in front) keep `response`, under these surrogate keys.

    `ttl` caps how long it may be kept (seconds, or a callable asked only when the page
    is actually stored), for content that changes by itself at a known time.
    """
    names = list(dict.fromkeys(_clean(k) for k in keys if k))
    response[SURROGATE_KEY] = " ".join(names)
    setattr(response, _KEYS_ATTR, tuple(names))
    setattr(response, _TTL_ATTR, ttl)
    return response


# --- the middleware ----------------------------------------------------------


def _anonymous(method: str, meta: dict, cookies: dict) -> bool:
    if method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in meta:
        return False
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not any(name in cookies for name in settings.KHABAR_PAGE_CACHE_BYPASS_COOKIES)


def _scheme(meta: dict) -> str:
    """As HttpRequest.scheme: the proxy's header when SECURE_PROXY_SSL_HEADER says so."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def _page_key(meta: dict, path: str, cookies: dict) -> str:
    """Everything an anonymous page depends on: scheme, host, path and query, the reader's
    preference cookies."""
    parts = [
        _scheme(meta),
        meta.get("HTTP_HOST", ""),
        path,
        meta.get("QUERY_STRING", ""),
        *(cookies.get(name, "") for name in settings.KHABAR_PAGE_CACHE_VARY_COOKIES),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(errors="replace"), digest_size=16)
    return PAGE_PREFIX + digest.hexdigest()


def page_key(request: HttpRequest) -> str:
    return _page_key(request.META, request.path_info, request.COOKIES)


def _lookup(key: str) -> tuple[tuple | None, int | None]:
    """(stored page if fresh, the counter value before rendering); (None, None) on errors."""
    try:
        entry, seq = _backend().lookup(key)
    except Exception as exc:
        _breaker.trip(exc, "read")
        return None, None
    if entry is not None and time.time() >= entry[5]:  # the same rule on every backend
        return None, seq
    return entry, seq


class PageCacheMiddleware:
    """Serve anonymous reader pages from the page cache; store the ones views tagged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _anonymous(request.method, request.META, request.COOKIES):
            return self._finish(request, self.get_response(request), shared=False)
        if not enabled() or _breaker.open():
            return self._finish(request, self.get_response(request), shared=True)
        key = page_key(request)
        if FAST_PATH_SEQ in request.META:  # wsgi_fast_path() looked it up already: a miss
            entry, seq = None, request.META[FAST_PATH_SEQ]
        else:
            entry, seq = _lookup(key)
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        if seq is not None and self._storable(response):
            response = self._store(key, seq, response)
        return self._finish(request, response, shared=True)

    # -- hit path

    def _replay(self, request: HttpRequest, entry: tuple) -> HttpResponse:
        _born, _names, status, headers, content, _expires = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers[STATUS_HEADER] = "hit"
        return self._conditional(request, response)

    # -- miss path

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        return (
            SURROGATE_KEY in response
            and response.status_code in _CACHEABLE_STATUS
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    def _store(self, key: str, seq: int, response: HttpResponse) -> HttpResponse:
        if isinstance(response, StreamingHttpResponse):
            body = b"".join(response.streaming_content)
            flat = HttpResponse(body, status=response.status_code)
            for name, value in response.items():
                flat.headers[name] = value
            setattr(flat, _TTL_ATTR, getattr(response, _TTL_ATTR, None))
            setattr(flat, _KEYS_ATTR, getattr(response, _KEYS_ATTR, ()))
            # Not response.close(): that signals the end of the request (Django closes the
            # database connection then); the generator is used up and holds nothing.
            response = flat
        content = response.content
        if len(content) > _MAX_BYTES:
            return response
        ttl = settings.KHABAR_PAGE_CACHE_SECONDS
        cap = getattr(response, _TTL_ATTR, None)
        if callable(cap):
            try:
                cap = cap()
            except Exception as exc:  # e.g. the database went away after the render
                log.warning("page cache: not storing %s: %s", key, exc)
                return response
        if cap is not None:
            ttl = min(ttl, max(int(cap), 0))
        self._set_validators(response)
        self._set_shared_cache_control(response)
        if ttl <= 0:
            return response
        names = getattr(response, _KEYS_ATTR, None) or tuple(response[SURROGATE_KEY].split())
        headers = [(k, v) for k, v in response.items() if k.lower() != STATUS_HEADER.lower()]
        try:
            entry = (seq, names, response.status_code, headers, content, time.time() + ttl)
            _backend().put(key, entry, ttl)  # one round trip, the keys' first versions with it
        except Exception as exc:
            _breaker.trip(exc, "write")
            return response
        return response

    # -- headers for every answer

    @staticmethod
    def _set_validators(response: HttpResponse) -> None:
        if "ETag" not in response:
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response.headers["ETag"] = f'"{digest}"'

    @staticmethod
    def _set_shared_cache_control(response: HttpResponse) -> None:
        # Browsers revalidate every time (a cheap 304); nginx or a CDN may keep the page
        # for a second (micro-caching) and purge by Surrogate-Key.
        response.headers["Cache-Control"] = (
            f"public, max-age={settings.KHABAR_CACHE_BROWSER_MAX_AGE}, "
            f"s-maxage={settings.KHABAR_CACHE_SHARED_MAX_AGE}"
        )

    def _finish(
        self, request: HttpRequest, response: HttpResponse, *, shared: bool
    ) -> HttpResponse:
        if SURROGATE_KEY not in response:
            return response
        if not shared or response.cookies:
            # An editor's view of a page, or one that sets a cookie: nobody else may keep it.
            del response.headers[SURROGATE_KEY]
            add_never_cache_headers(response)
            response.headers[STATUS_HEADER] = "bypass"
            return response
        if response.status_code not in _CACHEABLE_STATUS:
            return response
        if "Cache-Control" not in response or "s-maxage" not in response["Cache-Control"]:
            if not isinstance(response, StreamingHttpResponse):
                self._set_validators(response)
            self._set_shared_cache_control(response)
        response.headers.setdefault(STATUS_HEADER, "miss")
        return self._conditional(request, response)

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code != 200 or "ETag" not in response:
            return response
        meta = request.META
        if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )


# --- the same hit path in front of Django ---------------------------------------------------

FAST_PATH_SEQ = "khabar.pagecache.seq"
_NOT_MODIFIED_HEADERS = ("cache-control", "content-location", "etag", "expires", "vary")


def wsgi_fast_path(application: Callable) -> Callable:
    """Wrap the WSGI application: answer hits before Django builds a request at all.

    Same rules and keys as PageCacheMiddleware (which still stores pages and answers
    everything else); a miss hands the counter value it read to the middleware, so a miss
    still costs one lookup. Conditional requests by date go to Django.
    """

    def fast(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if not enabled() or method not in ("GET", "HEAD") or _breaker.open():
            return application(environ, start_response)
        if "HTTP_IF_MODIFIED_SINCE" in environ and "HTTP_IF_NONE_MATCH" not in environ:
            return application(environ, start_response)
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if not _anonymous(method, environ, cookies):
            return application(environ, start_response)
        entry, seq = _lookup(_page_key(environ, get_path_info(environ), cookies))
        if entry is None:
            if seq is not None:
                environ[FAST_PATH_SEQ] = seq
            return application(environ, start_response)
        _born, _names, status, headers, content, _expires = entry
        headers = [*headers, (STATUS_HEADER, "hit")]
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if status == 200 and wanted and etag and _etag_matches(wanted, etag):
            kept = [(k, v) for k, v in headers if k.lower() in _NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", [*kept, (STATUS_HEADER, "hit")])
            return [b""]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b""] if method == "HEAD" else [content]

    return fast


def _etag_matches(header: str, etag: str) -> bool:
    wanted = parse_etags(header)
    if "*" in wanted:
        return True
    plain = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == plain for tag in wanted)
