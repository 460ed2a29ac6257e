import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

log = logging.getLogger("khabar.db")


class ContentSecurityPolicyMiddleware:
    """Send the strict Content-Security-Policy (settings.KHABAR_CSP) with every page.

    Public pages use no inline script or style. Django's admin needs inline
    styles in a few widgets, so it gets `style-src 'self' 'unsafe-inline'`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = settings.KHABAR_CSP
            if request.path.startswith("/admin/"):
                policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            response["Content-Security-Policy"] = policy
        return response


# Errors that mean "the database did not answer" (down, restarting, out of connections).
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The Persian 503 page: no context processors (they would query the database again)."""
    response = HttpResponse(
        loader.get_template("503.html").render(),
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(settings.KHABAR_DB_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def note_database_error(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """got_request_exception receiver: remember that a request failed for want of a database
    (also when the error came from a middleware, which Django turns into a 500 itself)."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        request._khabar_database_down = True  # type: ignore[attr-defined]


class DatabaseUnavailableMiddleware:
    """PostgreSQL down: a Persian 503 page with Retry-After instead of a 500 and a traceback.

    Pages a cache in front of the database still holds keep being served (they never
    reach the database). Nothing needs restarting when the database comes back: Django
    drops the broken connection at the end of the request and the next one reconnects.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_khabar_database_down", False):
            return database_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            log.error("database unavailable: %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None
