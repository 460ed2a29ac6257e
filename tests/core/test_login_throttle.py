"""Login throttling of the newsroom (django-axes): guessing passwords stops after a few tries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor():
    return UserFactory(username="editor", password="right-pass-1234", is_staff=True)


def attempt(client: Client, password: str, username: str = "editor", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


def test_after_the_limit_even_the_right_password_is_refused_with_a_persian_page(
    settings, editor
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the form again, with Django's error
    response = attempt(client, "wrong")  # the third failure locks
    assert response.status_code == 429
    response = attempt(client, "right-pass-1234")
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.KHABAR_LOGIN_COOLOFF_MINUTES * 60)
    text = response.content.decode()
    assert "تلاش‌های ناموفق" in text
    assert "۱۵ دقیقه" in text  # the cool-off, in Persian digits
    assert "Account locked" not in text
    assert "تحریریهٔ خبر" in text  # the newsroom's own header, as on its login page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(settings, editor) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert attempt(client, "right-pass-1234").status_code == 302
    client.logout()
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert attempt(client, "right-pass-1234").status_code == 302


def test_lockout_is_per_account_and_address_so_colleagues_keep_working(settings, editor) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="desk", password="desk-pass-1234", is_staff=True)
    client = Client()
    for _ in range(2):
        attempt(client, "wrong")
    assert attempt(client, "right-pass-1234").status_code == 429
    # Another account from the same newsroom address still logs in,
    assert attempt(Client(), "desk-pass-1234", username="desk").status_code == 302
    # and so does the same account from another address.
    other = attempt(Client(REMOTE_ADDR="10.1.2.3"), "right-pass-1234")
    assert other.status_code == 302


def test_the_cool_off_ends(settings, editor, time_machine) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        attempt(client, "wrong")
    assert attempt(client, "right-pass-1234").status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    time_machine.move_to(later, tick=True)
    assert attempt(client, "right-pass-1234").status_code == 302


def test_forwarded_for_is_ignored_without_proxies(settings, editor) -> None:
    """A client cannot dodge the lock by inventing X-Forwarded-For addresses."""
    settings.AXES_FAILURE_LIMIT = 2
    settings.KHABAR_NUM_PROXIES = 0
    for n in range(2):
        attempt(Client(), "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = attempt(Client(), "right-pass-1234", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_one_proxy_the_client_address_counts_not_the_proxy(settings, editor) -> None:
    """Behind nginx (KHABAR_NUM_PROXIES=1) every request comes from the proxy's address:
    the lock follows the client address nginx appended, and a spoofed left part is ignored."""
    settings.AXES_FAILURE_LIMIT = 2
    settings.KHABAR_NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(2):
        attempt(Client(**proxy), "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    locked = attempt(Client(**proxy), "right-pass-1234", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    other = attempt(Client(**proxy), "right-pass-1234", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302


def test_logins_without_a_request_are_not_throttled(settings, editor) -> None:
    """Code paths with no HTTP request (the test client's login(), a shell) are not an
    attacker's way in; they authenticate as usual."""
    settings.AXES_FAILURE_LIMIT = 1
    attempt(Client(), "wrong")
    assert Client().login(username="editor", password="right-pass-1234")
