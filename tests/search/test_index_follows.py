"""The index follows every change of an article, after the commit; only public articles are in it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from khabar.news import services
from khabar.news.models import Article
from khabar.search import api
from khabar.search.models import SearchDocument
from tests.factories import CategoryFactory, TagFactory


def _indexed() -> set[int]:
    return set(SearchDocument.objects.values_list("article_id", flat=True))


def test_draft_is_not_indexed_and_publish_is(backend, django_capture_on_commit_callbacks, find):
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.article_create(
            title="پیش‌نویس بودجه", body="<p>متن</p>", category=CategoryFactory()
        )
    assert _indexed() == set() and find("بودجه") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.article_publish(article_id=draft.pk)
        assert _indexed() == set()  # nothing before the commit
    assert len(callbacks) >= 1
    assert _indexed() == {draft.pk}
    assert find("بودجه") == ["پیش‌نویس بودجه"]


def test_edit_replaces_the_old_words(publish, find, django_capture_on_commit_callbacks):
    article = publish("تورم ماهانه", "<p>گزارش بانک مرکزی</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, title="نرخ بیکاری", body="<p>گزارش مرکز آمار</p>")
    assert find("تورم") == []
    assert find("بیکاری") == ["نرخ بیکاری"]
    assert find("آمار") == ["نرخ بیکاری"]


def test_unpublish_and_take_down_leave_the_index(publish, find, django_capture_on_commit_callbacks):
    one = publish("واردات خودرو", "<p>متن</p>")
    two = publish("واردات گندم", "<p>متن</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article_id=one.pk)
    assert find("واردات") == ["واردات گندم"]
    with django_capture_on_commit_callbacks(execute=True):
        services.article_take_down(article_id=two.pk, reason="حکم دادگاه")
    assert find("واردات") == []
    assert _indexed() == set()


def test_scheduled_article_is_indexed_when_it_goes_live(
    backend, django_capture_on_commit_callbacks, find
):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_create(
            title="نتایج کنکور", body="<p>متن</p>", category=CategoryFactory()
        )
    publish_at = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_schedule(article_id=article.pk, publish_at=publish_at)
    assert find("کنکور") == [] and _indexed() == set()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish_due(now=publish_at - timedelta(minutes=1))
    assert _indexed() == set()
    # The publish time has come.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.article_publish_due() == [article.news_id]
    assert find("کنکور") == ["نتایج کنکور"]


def test_tag_change_moves_the_article_between_tag_filters(
    publish, django_capture_on_commit_callbacks
):
    energy, sport = TagFactory(name="انرژی"), TagFactory(name="ورزش")
    article = publish("قیمت بنزین", "<p>متن</p>", tags=[energy])
    assert [h.article.pk for h in api.search(query="بنزین", tag=energy).hits] == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, tags=[sport])
    assert api.search(query="بنزین", tag=energy).hits == []
    assert [h.article.pk for h in api.search(query="بنزین", tag=sport).hits] == [article.pk]


def test_a_tag_name_finds_its_articles(publish, find):
    publish("خبر اول", "<p>متن</p>", tags=[TagFactory(name="هوش مصنوعی")])
    assert find("هوش مصنوعی") == ["خبر اول"]


def test_deleted_article_leaves_the_index(publish, find):
    article = publish("زلزله در کرمان", "<p>متن</p>")
    article.delete()
    assert find("زلزله") == []
    assert _indexed() == set()


def test_rebuild_indexes_exactly_the_public_articles(
    publish, find, django_capture_on_commit_callbacks
):
    live = publish("صادرات پسته", "<p>متن</p>")
    gone = publish("صادرات زعفران", "<p>متن</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article_id=gone.pk)
    api.get_backend().clear()
    assert find("صادرات") == []
    seen = []
    assert api.rebuild(workers=1, progress=lambda done, total: seen.append((done, total))) == 1
    assert seen[-1] == (1, 1)
    assert _indexed() == {live.pk}
    assert find("صادرات") == ["صادرات پسته"]


@pytest.mark.parametrize("workers", [2])
def test_rebuild_with_worker_processes(publish, find, workers):
    for n in range(5):
        publish(f"گزارش شماره {n}", "<p>بازار سرمایه</p>")
    assert api.rebuild(workers=workers, batch_size=2) == 5
    assert len(find("سرمایه")) == 5
