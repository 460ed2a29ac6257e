"""A rebuild keeps search answering from the old index until the new one is complete, and
loses no change made while it runs (docs/search.md, «Rebuilding the index»)."""

from __future__ import annotations

import pytest
from django.db import connection

from khabar.news import services
from khabar.news.models import Article
from khabar.search import api
from khabar.search.backends.sql import REBUILD_CHANGES
from khabar.search.models import SearchDocument
from tests.factories import CategoryFactory


def _indexed() -> set[int]:
    return set(SearchDocument.objects.values_list("article_id", flat=True))


def _public() -> set[int]:
    return set(Article.objects.published().values_list("pk", flat=True))


def _schema() -> dict[str, tuple]:
    """The live documents table's constraints and indexes, by name (what migrations see)."""
    with connection.cursor() as cur:
        found = connection.introspection.get_constraints(cur, "search_document")
    return {
        name: (tuple(c["columns"]), c["primary_key"], c["unique"], c["index"], c.get("type"))
        for name, c in found.items()
        if not name.startswith("sqlite_autoindex")  # SQLite's own, named after the table
    }


def _leftovers() -> list[str]:
    names = connection.introspection.table_names()
    return [n for n in names if n.endswith(("_new", "_old")) or n == REBUILD_CHANGES]


def test_search_answers_from_the_old_index_while_it_rebuilds(publish, find):
    for n in range(6):
        publish(f"گزارش بازار {n}", "<p>بورس تهران</p>")
    before = find("بورس", per_page=50)
    assert len(before) == 6
    schema = _schema()
    checked = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total:
            # Half of the articles are in the new index: searches still read the old one.
            assert sorted(find("بورس", per_page=50)) == sorted(before)
            assert find("گزارش بازار 0") != []
            checked.append(done)

    assert api.rebuild(workers=1, batch_size=2, progress=progress) == 6
    assert checked  # the searches above ran mid-rebuild
    assert sorted(find("بورس", per_page=50)) == sorted(before)
    assert _indexed() == _public()
    assert _schema() == schema  # the new table took the old one's names
    assert _leftovers() == []


def test_changes_during_a_rebuild_are_in_the_new_index(
    publish, find, django_capture_on_commit_callbacks
):
    # The articles changed mid-rebuild come first (lowest ids): the rebuild has already
    # read them when they change.
    with django_capture_on_commit_callbacks(execute=True):
        late = services.article_create(
            title="مذاکرات هسته‌ای", body="<p>متن</p>", category=CategoryFactory()
        )
    leaving = publish("سیل در گلستان", "<p>متن</p>")
    edited = publish("نرخ تورم", "<p>متن</p>")
    deleted = publish("زلزله در کرمان", "<p>متن</p>")
    for n in range(4):
        publish(f"خبر ورزشی {n}", "<p>فوتبال</p>")
    changed = []

    def progress(done: int, total: int) -> None:
        if done >= 4 and not changed:
            with django_capture_on_commit_callbacks(execute=True):
                services.article_publish(article_id=late.pk)
                services.article_unpublish(article_id=leaving.pk)
                services.article_update(article=edited, title="نرخ بیکاری")
            Article.objects.get(pk=deleted.pk).delete()
            changed.append(done)

    api.rebuild(workers=1, batch_size=2, progress=progress)
    assert changed and changed[0] < 7  # they changed while the rebuild ran
    assert find("هسته‌ای") == ["مذاکرات هسته‌ای"]  # published during it
    assert find("گلستان") == []  # unpublished during it
    assert find("بیکاری") == ["نرخ بیکاری"] and find("تورم") == []  # edited during it
    assert find("زلزله") == []  # deleted during it
    assert _indexed() == _public()
    assert _leftovers() == []
    # The index keeps following the newsroom after the rebuild.
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article_id=leaving.pk)
    assert find("گلستان") == ["سیل در گلستان"]


def test_a_failed_rebuild_leaves_the_old_index(publish, find):
    for n in range(4):
        publish(f"گزارش شماره {n}", "<p>بازار سرمایه</p>")

    def progress(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt  # the operator's Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        api.rebuild(workers=1, batch_size=2, progress=progress)
    assert len(find("سرمایه")) == 4
    assert _leftovers() == []
    assert api.rebuild(workers=1, batch_size=2) == 4
    assert len(find("سرمایه")) == 4


def test_rebuild_of_an_empty_index(publish, find):
    publish("صادرات پسته", "<p>متن</p>")
    api.get_backend().clear()
    assert find("پسته") == []
    assert api.rebuild(workers=1) == 1
    assert find("پسته") == ["صادرات پسته"]


def test_postgres_rebuild_keeps_other_roles_rights(publish, find):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL table rights")
    publish("صادرات پسته", "<p>متن</p>")
    with connection.cursor() as cur:
        cur.execute("CREATE ROLE khabar_test_reader NOLOGIN")  # rolled back with the test
        cur.execute("GRANT SELECT ON search_document TO khabar_test_reader")
        api.rebuild(workers=1)
        cur.execute("SELECT has_table_privilege('khabar_test_reader', 'search_document', 'SELECT')")
        assert cur.fetchone()[0] is True
    assert find("پسته") == ["صادرات پسته"]
