"""Every setting Khabar has, with development-safe defaults.

Values come from the environment through `khabar.settings.env` (see
`.env.example` for the full list). Redis and PostgreSQL are used only when
their URLs are set; otherwise SQLite (WAL) and local memory.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from khabar.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("KHABAR_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("KHABAR_SECRET_KEY", "dev-insecure-khabar-secret-key-change-me-0123456789")
DEBUG = env_bool("KHABAR_DEBUG", False)
ALLOWED_HOSTS = env_list("KHABAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KHABAR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "khabar.core",
    "khabar.news",
    "khabar.newsroom",
    "khabar.ingest",
    "khabar.search",
    "khabar.site",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "khabar.syndication",
    "axes",
]

MIDDLEWARE = [
    # First: answers anonymous readers from the page cache before anything else runs
    # (docs/deploy.md); stores the pages views tagged, with all the headers below added.
    "khabar.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database down: a Persian 503 with Retry-After (sees the errors of everything below).
    "khabar.core.middleware.DatabaseUnavailableMiddleware",
    # Readers' GET/HEAD may read from a replica; writers are pinned to the primary.
    "khabar.core.db_router.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware: answers CORS preflights of the public API (/api/).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL in an admin search or filter is a 400, not a PostgreSQL error (core.security).
    "khabar.core.security.RefuseNulInNewsroomQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "khabar.core.middleware.ContentSecurityPolicyMiddleware",
    # Turns a locked-out login (core.security) into the Persian 429 page; inside the CSP
    # and frame-options middleware, so the page it puts in place gets their headers too.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the 404 of every other view: old URLs keep working.
    "khabar.site.middleware.LegacyPathRedirectMiddleware",
]

ROOT_URLCONF = "khabar.urls"
WSGI_APPLICATION = "khabar.wsgi.application"
ASGI_APPLICATION = "khabar.asgi.application"

TEMPLATES = [
    # The reader pages (each app's jinja2/ folder): see khabar/site/templating.py, ADR 0010.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "khabar.site.templating.environment",
            "context_processors": [
                "khabar.site.templating.page_tools",
                "khabar.site.context_processors.site",
            ],
            "globals": {
                "article_meta": "khabar.syndication.meta.article_meta",
                "home_meta": "khabar.syndication.meta.home_meta",
                "category_meta": "khabar.syndication.meta.category_meta",
                "tag_meta": "khabar.syndication.meta.tag_meta",
            },
        },
    },
    # The newsroom (Django's admin) and forms.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "khabar" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "khabar.site.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in WAL mode unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'khabar.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("KHABAR_DB_CONN_MAX_AGE", 0)
    )
}
# SQLite's page cache per connection, in MiB (SQLite's own default is 2): reading the
# search index's pages from the OS at each query cost a rare-word search at 100,000
# articles as much as the search itself (p95 16 -> 9 ms with 16 MiB; bench/search).
KHABAR_SQLITE_CACHE_MB = env_int("KHABAR_SQLITE_CACHE_MB", 32)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; "
            f"PRAGMA cache_size=-{KHABAR_SQLITE_CACHE_MB * 1024};"
        ),
        "transaction_mode": "IMMEDIATE",
    }
# PostgreSQL: send parameters apart from the SQL text (server-side binding), so a reader
# page's queries have the same text for every article and psycopg prepares them after five
# uses: PostgreSQL then stops planning them on every request (bench/http/RESULTS.md).
# Off with KHABAR_DB_SERVER_SIDE_BINDING=false (e.g. behind a transaction-pooling PgBouncer
# older than 1.21, which cannot keep prepared statements).
KHABAR_DB_SERVER_SIDE_BINDING = env_bool("KHABAR_DB_SERVER_SIDE_BINDING", True)
# Django turns psycopg's automatic preparing off unless asked: after 5 uses of a text.
_PG_BINDING = (
    {"server_side_binding": True, "prepare_threshold": 5} if KHABAR_DB_SERVER_SIDE_BINDING else {}
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(_PG_BINDING)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (docs/scaling.md): streaming replicas of the PostgreSQL primary,
# comma-separated URLs; empty: none. Readers' GET/HEAD requests may read from them
# (khabar.core.db_router); writes, the newsroom and transactions use the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
# Seconds a browser reads from the primary after it wrote (read-your-writes).
KHABAR_DB_PRIMARY_PIN_SECONDS = env_int("KHABAR_DB_PRIMARY_PIN_SECONDS", 15)
# Seconds to wait for a replica's connection, and to leave out one that did not answer.
KHABAR_REPLICA_CONNECT_TIMEOUT = env_int("KHABAR_REPLICA_CONNECT_TIMEOUT", 2)
KHABAR_REPLICA_RETRY_SECONDS = env_int("KHABAR_REPLICA_RETRY_SECONDS", 5)
# Longest the page cache keeps a page that was read from a replica (it may lag behind).
KHABAR_REPLICA_PAGE_CACHE_SECONDS = env_int("KHABAR_REPLICA_PAGE_CACHE_SECONDS", 5)
# Paths whose reads always go to the primary (the newsroom and its previews).
KHABAR_DB_PRIMARY_PATHS = ["/admin/", "/preview/"]
KHABAR_DB_REPLICAS = []
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=env_int("KHABAR_DB_CONN_MAX_AGE", 0)
    )
    DATABASES[_alias]["OPTIONS"] = {
        "connect_timeout": KHABAR_REPLICA_CONNECT_TIMEOUT,
        **_PG_BINDING,
    }
    # Test runs read the test database through the replica's alias too.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    KHABAR_DB_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["khabar.core.db_router.ReplicaRouter"]
# Seconds a client is told to wait (Retry-After) on the 503 page shown while the database is down.
KHABAR_DB_RETRY_AFTER = env_int("KHABAR_DB_RETRY_AFTER", 30)

# Caches: one per concern; Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
CACHE_KEY_PREFIX = env_str("KHABAR_CACHE_KEY_PREFIX", "khabar")
if REDIS_URL:
    CACHES = {
        name: {
            # Redis down: reads miss and writes are dropped (logged), pages come from the
            # database; Redis is tried again after KHABAR_CACHE_RETRY_SECONDS (docs/scaling.md).
            "BACKEND": "khabar.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{name}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
        for name in ("default", "pages")
    }
else:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"khabar-{name}",
        }
        for name in ("default", "pages")
    }
# The page cache (khabar.core.pagecache, docs/deploy.md): whole reader pages, feeds and
# sitemaps, invalidated on every change. "auto": on when REDIS_URL is set (a cache every
# process shares); local memory is per process, so the worker's changes would not reach it.
KHABAR_PAGE_CACHE = {"auto": bool(REDIS_URL), "on": True, "off": False}[
    env_str("KHABAR_PAGE_CACHE", "auto")
]
KHABAR_PAGE_CACHE_ALIAS = "pages"
# Longest a page is kept (it is dropped at once when what it shows changes).
KHABAR_PAGE_CACHE_SECONDS = env_int("KHABAR_PAGE_CACHE_SECONDS", 60 * 60)
# Seconds to render without the cache after a cache error (Redis down) before trying again.
KHABAR_PAGE_CACHE_PAUSE = 5
# A request with the session cookie or one of these is an editor's: never cached.
KHABAR_PAGE_CACHE_BYPASS_COOKIES = ["messages"]
# Reader preferences that change the HTML: part of the cache key (nginx keys on them too).
KHABAR_PAGE_CACHE_VARY_COOKIES = ["khabar_font"]
# Cache-Control of cached pages: browsers revalidate (ETag, 304); nginx/a CDN may keep a page
# this many seconds (micro-caching; publish-to-visible stays within it).
KHABAR_CACHE_BROWSER_MAX_AGE = env_int("KHABAR_CACHE_BROWSER_MAX_AGE", 0)
KHABAR_CACHE_SHARED_MAX_AGE = env_int("KHABAR_CACHE_SHARED_MAX_AGE", 1)
# Seconds to wait for Redis (connect and each command) where Khabar talks to it directly.
KHABAR_REDIS_TIMEOUT = 0.5
KHABAR_CACHE_RETRY_SECONDS = 5
CACHE_TIME_SHORT = 60
CACHE_TIME_MEDIUM = 60 * 10
CACHE_TIME_LONG = 60 * 60 * 24

# Login throttling (docs/security.md): django-axes counts failed logins in the
# database; after KHABAR_LOGIN_FAILURE_LIMIT failures the client is locked out for
# KHABAR_LOGIN_COOLOFF_MINUTES. KHABAR_LOGIN_LOCKOUT_BY: comma-separated, each
# `username+ip` (that account from that address), `ip` or `username`.
AUTHENTICATION_BACKENDS = [
    "khabar.core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
KHABAR_LOGIN_FAILURE_LIMIT = env_int("KHABAR_LOGIN_FAILURE_LIMIT", 5)
KHABAR_LOGIN_COOLOFF_MINUTES = env_int("KHABAR_LOGIN_COOLOFF_MINUTES", 15)
KHABAR_LOGIN_LOCKED_TEMPLATE = "newsroom/login_locked.html"
AXES_ENABLED = env_bool("KHABAR_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = KHABAR_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=KHABAR_LOGIN_COOLOFF_MINUTES)
_AXES_NAMES = {"ip": "ip_address", "username": "username"}
AXES_LOCKOUT_PARAMETERS = [
    [_AXES_NAMES[part.strip()] for part in item.split("+")]
    for item in env_list("KHABAR_LOGIN_LOCKOUT_BY", ["username+ip"])
]
AXES_CLIENT_IP_CALLABLE = "khabar.core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "khabar.core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Persian first.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian"))]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("KHABAR_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Vazirmatn comes from the npm package `vazirmatn` (SIL OFL 1.1), installed by
# the set-up step and served by Khabar itself, never from a CDN.
FONT_DIR = BASE_DIR / "node_modules" / "vazirmatn"
STATICFILES_DIRS = [("fonts/vazirmatn", FONT_DIR / "fonts" / "webfonts")]
# The newsroom's body editor, Jodit (MIT, npm `jodit`; docs/adr/ on why), served by us too.
STATICFILES_DIRS += [("vendor/jodit", BASE_DIR / "node_modules" / "jodit" / "es2021")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("KHABAR_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Like FileSystemStorage, but a full disk never leaves a half-written file.
    "default": {"BACKEND": "khabar.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The strict CSP sent with every public page (core.middleware); the admin is
# Django's own and gets the same policy apart from inline styles it needs.
KHABAR_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)

# The agency this deployment publishes as.
KHABAR_AGENCY_NAME = env_str("KHABAR_AGENCY_NAME", "خبرگزاری اقتصاد ایران")
# House attribution line shown above each body: «به گزارش <agency>».
KHABAR_HOUSE_ATTRIBUTION = env_str("KHABAR_HOUSE_ATTRIBUTION", f"به گزارش {KHABAR_AGENCY_NAME}")
# Short links are /<prefix><news_id>, e.g. /x3830263.
KHABAR_SHORT_LINK_PREFIX = env_str("KHABAR_SHORT_LINK_PREFIX", "x")
# Public base URL used in short links shown to readers; empty: the request's host.
KHABAR_PUBLIC_BASE_URL = env_str("KHABAR_PUBLIC_BASE_URL", "")
# Let Django serve uploaded media (development and tests; nginx does it in production).
KHABAR_SERVE_MEDIA = env_bool("KHABAR_SERVE_MEDIA", False)
# Periodic jobs `khabar worker` runs beside scheduled publishing at the worker's interval
# (wire polling; each source keeps its own pace; adding the reads counted in Redis to the
# articles, for «most read»): each in a thread of its own, and with REDIS_URL through the
# job queue that all workers share (khabar.core.jobqueue).
# "none" turns them off (then poll with `khabar ingest_poll --interval 60`).
KHABAR_WORKER_JOBS = [
    job
    for job in env_list(
        "KHABAR_WORKER_JOBS", ["khabar.ingest.wire.wire_poll_due", "khabar.site.cache.views_flush"]
    )
    if job != "none"
]
# With REDIS_URL the workers share these jobs and publishing through a job queue on Redis
# (khabar.core.jobqueue): a worker that stops answering for this many seconds (killed, its
# machine gone) has its running job run again by another worker.
KHABAR_WORKER_LEASE_SECONDS = env_int("KHABAR_WORKER_LEASE_SECONDS", 30)
KHABAR_PAGE_SIZE = env_int("KHABAR_PAGE_SIZE", 20)
# Newsroom (docs/newsroom.md): how long a private draft-preview link works.
KHABAR_PREVIEW_LINK_HOURS = env_int("KHABAR_PREVIEW_LINK_HOURS", 48)
# Largest image upload accepted by the newsroom, in megabytes.
KHABAR_IMAGE_MAX_MB = env_int("KHABAR_IMAGE_MAX_MB", 8)

# Search (docs/search.md): the backend class; empty picks the one for the database in use.
KHABAR_SEARCH_BACKEND = env_str(
    "KHABAR_SEARCH_BACKEND",
    "khabar.search.backends.postgres.PostgresBackend"
    if DATABASES["default"]["ENGINE"].endswith("postgresql")
    else "khabar.search.backends.sqlite_fts5.SQLiteFTS5Backend",
)

# Wire ingest (docs/ingest.md): per-request timeout (s), retries of transient failures
# (connection errors, timeouts, 5xx) with backoff doubling from 0.5 s, response cap (MB).
KHABAR_INGEST_TIMEOUT = env_int("KHABAR_INGEST_TIMEOUT", 10)
KHABAR_INGEST_RETRIES = env_int("KHABAR_INGEST_RETRIES", 2)
KHABAR_INGEST_BACKOFF = 0.5
KHABAR_INGEST_MAX_BYTES = env_int("KHABAR_INGEST_MAX_MB", 5) * 1024 * 1024

# Syndication: feeds, sitemaps, page metadata and the public API (docs/syndication.md).
# Publisher logo in JSON-LD; empty: the logo Khabar ships (static/syndication/logo.png).
KHABAR_PUBLISHER_LOGO_URL = env_str("KHABAR_PUBLISHER_LOGO_URL", "")
KHABAR_FEED_ITEMS = env_int("KHABAR_FEED_ITEMS", 50)
# News IDs per article sitemap file (sitemaps.org allows at most 50,000 URLs a file).
KHABAR_SITEMAP_PAGE_SIZE = min(env_int("KHABAR_SITEMAP_PAGE_SIZE", 50_000), 50_000)
# Requests per client (IP address, or X-Api-Key when sent) to /api/v1/: N/second|minute|hour|day.
KHABAR_API_RATE = env_str("KHABAR_API_RATE", "120/minute")
# Proxies in front of Khabar that append to X-Forwarded-For (0: trust only REMOTE_ADDR).
KHABAR_NUM_PROXIES = env_int("KHABAR_NUM_PROXIES", 0)
# Origins allowed to call /api/ from a browser ("*" for any); empty: none.
KHABAR_API_CORS_ORIGINS = env_list("KHABAR_API_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = KHABAR_API_CORS_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else KHABAR_API_CORS_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["khabar.syndication.api.throttling.ClientRateThrottle"],
    "NUM_PROXIES": KHABAR_NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "khabar.syndication.api.pagination.ArticleCursorPagination",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khabar public API",
    "DESCRIPTION": "",  # set in Persian by khabar.syndication.api (translated strings)
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "khabar.syndication.api.schema.persian_info",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KHABAR_LOG_LEVEL", "INFO")},
    # axes logs every login at INFO; lock-outs and repeated failures stay (WARNING).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
