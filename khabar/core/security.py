"""Login throttling (django-axes) wired to Khabar's settings.

The newsroom is Django's admin; its login goes through `authenticate()`, where
`LoginThrottleBackend` refuses a client that failed too often, and axes'
signal handlers count the failures (in the database, so every worker process
and both SQLite and PostgreSQL see the same counts).
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting only KHABAR_NUM_PROXIES proxies in front.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the
    client is the entry that many places from the right; anything further left
    was written by the client and is ignored. With no proxies configured, the
    connection's own address is used and the header is never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.KHABAR_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-min(proxies, len(hops))]


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse logins from a locked-out client; lets calls without a request through.

    Every login a person makes over HTTP passes a request. Code that checks a
    password without one (Django's test client, a shell) is not an attacker's
    path and is not throttled.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The Persian page a locked-out client gets (HTTP 429), instead of axes' English text."""
    from django.contrib import admin
    from django.shortcuts import render

    minutes = max(1, round(settings.KHABAR_LOGIN_COOLOFF_MINUTES))
    # The newsroom's own header and title, as on its login page.
    context = {**admin.site.each_context(request), "cooloff_minutes": minutes, "is_popup": False}
    response = render(request, settings.KHABAR_LOGIN_LOCKED_TEMPLATE, context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class RefuseNulInNewsroomQueryMiddleware:
    """Answer 400 to a newsroom (admin) address whose query string holds a NUL character.

    The admin's changelist search (`?q=`) and filters hand their values to the
    database; PostgreSQL refuses NUL in text and the request would end in a 500.
    No real search or filter contains one. The reader site and the API treat NUL
    in their own parsers.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith("/admin/") and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            from django.http import HttpResponseBadRequest
            from django.utils.translation import gettext as _

            return HttpResponseBadRequest(
                _("The address holds a character that cannot be searched for (NUL)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
