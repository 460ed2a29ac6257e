"""Shared page parts (latest list, navigation) are read once per change and stay fresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from khabar.news import selectors, services
from tests.factories import CategoryFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.KHABAR_PAGE_CACHE = True
    caches[settings.KHABAR_PAGE_CACHE_ALIAS].clear()


def test_the_latest_list_is_read_once_then_follows_every_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        old = make_article(title="خبر قدیمی", category=category, minutes_ago=30)
    first = selectors.article_list_latest(limit=5)
    assert [a.title for a in first] == ["خبر قدیمی"]
    with django_assert_num_queries(0):  # every other page: no query
        assert selectors.article_list_latest(limit=5, exclude=(old.pk,)) == []
        assert selectors.article_list_latest(limit=5) == first
    with django_capture_on_commit_callbacks(execute=True):
        new = make_article(title="خبر تازه", category=category, minutes_ago=1)
    assert [a.pk for a in selectors.article_list_latest(limit=5)] == [new.pk, old.pk]
    with django_capture_on_commit_callbacks(execute=True):  # an edited title shows at once
        services.article_update(article=old, title="خبر قدیمی، اصلاح‌شده")
    assert [a.title for a in selectors.article_list_latest(limit=5)][1] == "خبر قدیمی، اصلاح‌شده"
    with django_capture_on_commit_callbacks(execute=True):  # unpublished: gone from the list
        services.article_unpublish(article_id=new.pk)
    assert [a.pk for a in selectors.article_list_latest(limit=5)] == [old.pk]


def test_the_navigation_is_read_once_then_follows_a_renamed_category(
    django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    category = CategoryFactory(name="اقتصاد")
    assert [c.name for c in selectors.category_list_nav()] == ["اقتصاد"]
    with django_assert_num_queries(0):
        selectors.category_list_nav()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "اقتصاد و بازار"
        category.save()
    assert [c.name for c in selectors.category_list_nav()] == ["اقتصاد و بازار"]


def test_without_the_page_cache_every_call_reads_the_database(
    settings, django_assert_num_queries
) -> None:
    settings.KHABAR_PAGE_CACHE = False
    make_article(title="خبر", category=CategoryFactory())
    selectors.article_list_latest(limit=5)
    with django_assert_num_queries(1):
        selectors.article_list_latest(limit=5)


def test_the_banner_is_read_once_and_ends_on_time(
    django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    assert selectors.breaking_news_current() is None
    with django_capture_on_commit_callbacks(execute=True):
        services.breaking_news_save(
            headline="زلزله در کرمان", expires_at=timezone.now() + timedelta(minutes=5)
        )
    assert selectors.breaking_news_current().headline == "زلزله در کرمان"
    with django_assert_num_queries(0):
        assert selectors.breaking_news_current().headline == "زلزله در کرمان"
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert selectors.breaking_news_current() is None


def test_a_category_is_counted_once_per_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    category = CategoryFactory(slug="economy")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_article(title=f"خبر {n}", category=category, minutes_ago=n + 1)
    assert selectors.article_page_for_category(category=category).paginator.count == 3
    with django_assert_num_queries(1):  # the page's rows; not the count
        page = selectors.article_page_for_category(category=category)
        assert len(page.object_list) == 3
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="خبر تازه", category=category)
    assert selectors.article_page_for_category(category=category).paginator.count == 4


def test_home_category_blocks_are_read_once_per_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    economy = CategoryFactory(name="اقتصاد", show_on_home=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = make_article(title="خبر اقتصادی", category=economy, minutes_ago=10)
    blocks = selectors.home_category_blocks(per_category=4)
    assert [[a.title for a in b.articles] for b in blocks] == [["خبر اقتصادی"]]
    with django_assert_num_queries(0):
        assert selectors.home_category_blocks(per_category=4, exclude=(first.pk,)) == []
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="خبر اقتصادی تازه", category=economy)
    blocks = selectors.home_category_blocks(per_category=4)
    assert [a.title for a in blocks[0].articles] == ["خبر اقتصادی تازه", "خبر اقتصادی"]


def test_a_request_reads_the_fragments_it_usually_needs_in_one_round_trip(monkeypatch) -> None:
    from khabar.core import fragments, pagecache

    backend = pagecache._backend()
    trips: list[list[str]] = []
    lookup, lookup_many = backend.lookup, backend.lookup_many
    inside: list[bool] = []  # local memory's lookup_many asks lookup() for each key

    def one(key):
        if not inside:
            trips.append([key])
        return lookup(key)

    def many(keys):
        trips.append(keys)
        inside.append(True)
        try:
            return lookup_many(keys)
        finally:
            inside.pop()

    monkeypatch.setattr(backend, "lookup", one)
    monkeypatch.setattr(backend, "lookup_many", many)
    computed = []

    def page(version: int) -> list[str]:
        """A request showing three fragments, as a view and its template ask for them."""
        trips.clear()
        fragments._request_started()
        try:
            return [
                fragments.cached(
                    name,
                    lambda name=name: computed.append(name) or f"{name}{version}",
                    keys=lambda _: [pagecache.SITE],
                )
                for name in ("latest", "header", "sidebar")
            ]
        finally:
            fragments._request_finished()

    assert page(1) == ["latest1", "header1", "sidebar1"] and len(trips) == 3
    computed.clear()
    assert page(2) == ["latest1", "header1", "sidebar1"]  # kept, and read in one round trip
    assert computed == [] and len(trips) == 1 and len(trips[0]) == 3
    pagecache.bump([pagecache.SITE])
    assert page(3) == ["latest3", "header3", "sidebar3"]  # read ahead, stale: not used
    assert computed == ["latest", "header", "sidebar"] and len(trips) == 1
