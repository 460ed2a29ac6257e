"""The 503 page for a database that does not answer, wherever the error comes from.

tests/core/test_faults.py stops a real PostgreSQL under a running server; here the
error is raised by a stand-in middleware, to cover errors outside views too (Django
turns those into a 500 before any middleware sees them).
"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client


class FailingMiddleware:
    """Stands in for a middleware whose database query fails (e.g. a session save)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/robots.txt":
            raise OperationalError("connection to server at 127.0.0.1 refused")
        if request.path == "/favicon.ico":
            raise ValueError("a bug, not the database")
        return self.get_response(request)


@pytest.fixture
def failing(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    return Client(raise_request_exception=False)


def test_an_error_outside_the_view_is_a_persian_503_too(failing):
    response = failing.get("/robots.txt")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "موقتاً در دسترس نیست" in page and "Traceback" not in page


def test_other_errors_stay_500(failing):
    response = failing.get("/favicon.ico")
    assert response.status_code == 500 and "Retry-After" not in response
