"""The router's rules, request by request (tests/core/test_replicas.py runs a real replica)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from khabar.core import db_router, pagecache
from khabar.news.models import Article

# Not inside the test-case transaction: a read inside any transaction goes to the primary.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def one_replica(settings, monkeypatch):
    settings.KHABAR_DB_REPLICAS = ["replica-test"]
    settings.KHABAR_DB_PRIMARY_PIN_SECONDS = 15
    settings.KHABAR_REPLICA_PAGE_CACHE_SECONDS = 5
    # Its health is what test_replicas.py checks for real; here it answers.
    monkeypatch.setattr(db_router, "replica_is_up", lambda alias: True)


def serve(request, ttl="unset"):
    """Run the middleware around a view that notes where its reads would go."""
    seen = {}

    def view(req):
        seen["article"] = router.db_for_read(Article)
        seen["session"] = router.db_for_read(Session)
        with transaction.atomic():
            seen["in_transaction"] = router.db_for_read(Article)
        seen["write"] = router.db_for_write(Article)
        response = HttpResponse("ok")
        if ttl != "unset":
            pagecache.tag_response(response, ["site"], ttl=ttl)
        return response

    response = db_router.ReplicaRoutingMiddleware(view)(request)
    return seen, response


def test_a_readers_page_reads_the_replica_but_not_sessions_or_transactions(one_replica):
    seen, response = serve(RequestFactory().get("/news/1000/x"))
    assert seen == {
        "article": "replica-test",
        "session": "default",
        "in_transaction": "default",
        "write": "default",
    }
    assert "khabar_primary" not in response.cookies


@pytest.mark.parametrize("path", ["/admin/news/article/", "/preview/abc/"])
def test_the_newsroom_reads_the_primary(one_replica, path):
    seen, _response = serve(RequestFactory().get(path))
    assert seen["article"] == "default"


def test_a_write_pins_the_browser_to_the_primary_for_a_while(one_replica):
    saving = RequestFactory().post("/admin/news/article/1/change/")
    saving.user = User(username="desk")
    seen, response = serve(saving)
    assert seen["article"] == "default"
    pin = response.cookies["khabar_primary"]
    assert pin["max-age"] == 15 and pin["httponly"] and pin["samesite"] == "Lax"
    pinned = RequestFactory().get("/news/1000/x")
    pinned.COOKIES["khabar_primary"] = "1"
    seen, _response = serve(pinned)
    assert seen["article"] == "default"


def test_a_readers_post_does_not_pin(one_replica):
    # Every article page sends its read-count beacon as a POST.
    beacon = RequestFactory().post("/seen/1000")
    beacon.user = AnonymousUser()
    _seen, response = serve(beacon)
    assert "khabar_primary" not in response.cookies


def test_without_replicas_nothing_changes(settings):
    settings.KHABAR_DB_REPLICAS = []
    saving = RequestFactory().post("/admin/")
    saving.user = User(username="desk")
    seen, response = serve(saving)
    assert seen["article"] == "default" and not response.cookies
    assert router.db_for_read(Article) == "default"  # outside any request


def test_a_page_read_from_a_replica_is_cached_only_briefly(one_replica):
    assert db_router.PAGE_TTL_ATTR == pagecache._TTL_ATTR  # the page cache reads this one
    for ttl, kept in ((None, 5), (2, 2), (lambda: 3600, 5)):
        _seen, response = serve(RequestFactory().get("/"), ttl=ttl)
        cap = getattr(response, pagecache._TTL_ATTR)
        assert cap() == kept


def test_replicas_are_never_migrated(one_replica):
    assert db_router.ReplicaRouter().allow_migrate("replica-test", "news") is False
    assert db_router.ReplicaRouter().allow_migrate("default", "news") is None


def test_a_replica_that_is_the_primary_itself_is_not_used(one_replica, settings, monkeypatch):
    # As in test runs, where every replica is a TEST MIRROR of the primary's database.
    same = dict(settings.DATABASES["default"])
    monkeypatch.setitem(settings.DATABASES, "replica-test", same)
    seen, _response = serve(RequestFactory().get("/news/1000/x"))
    assert seen["article"] == "default"
