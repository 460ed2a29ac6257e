"""The workflow services on their own: locking, text review, revisions, state rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from khabar.news import services
from khabar.news.errors import ArticleConflictError, ArticlePermissionError, ArticleStateError
from khabar.news.models import Article, Revision
from tests.factories import CategoryFactory, make_article

pytestmark = pytest.mark.django_db
ZWNJ = "\u200c"


def test_a_stale_save_is_refused_and_its_text_kept_as_a_revision(desk):
    article = services.article_create(title="تیتر", category=desk["economy"], user=desk["reporter"])
    services.article_update(article=article, lead="لید نخست", expected_version=1)
    stale = Article.objects.get(pk=article.pk)
    with pytest.raises(ArticleConflictError) as refused:
        services.article_update(
            article=stale, lead="لید دوم که دیر رسید", expected_version=1, user=desk["editor"]
        )
    assert refused.value.current_version == 2
    article.refresh_from_db()
    assert article.lead == "لید نخست" and article.version == 2
    kept = article.revisions.get(reason=Revision.Reason.REJECTED)
    assert kept.data["lead"] == "لید دوم که دیر رسید" and kept.author == desk["editor"]
    # That revision can be restored, which is how the late writer gets their text back.
    services.article_restore_revision(revision_id=kept.pk, user=desk["editor"], expected_version=2)
    article.refresh_from_db()
    assert article.lead == "لید دوم که دیر رسید" and article.version == 3


def test_reverting_one_fix_leaves_the_others_and_survives_retyping():
    article = services.article_create(
        title="سیاستهای پیونگیانگ را میکنیم", category=CategoryFactory()
    )
    entry = article.text_review["title"]
    befores = [f[2] for f in entry["fixes"]]
    index = befores.index("پیونگیانگ")
    services.article_revert_fix(article_id=article.pk, field="title", index=index)
    article.refresh_from_db()
    assert "پیونگیانگ" in article.title
    assert f"سیاست{ZWNJ}های" in article.title and f"می{ZWNJ}کنیم" in article.title
    assert article.slug  # the slug follows the title
    # Typing the title anew keeps the editor's "no" for that change in this field.
    services.article_update(article=article, title="پیونگیانگ و سیاستهای تازه")
    article.refresh_from_db()
    assert article.title.startswith("پیونگیانگ") and f"سیاست{ZWNJ}های" in article.title
    # And the fix can be applied again.
    new_index = [f[2] for f in article.text_review["title"]["fixes"]].index("پیونگیانگ")
    services.article_revert_fix(article_id=article.pk, field="title", index=new_index, revert=False)
    article.refresh_from_db()
    assert article.title.startswith(f"پیونگ{ZWNJ}یانگ")


def test_every_save_is_a_revision_and_no_op_saves_are_not():
    article = services.article_create(title="یک", category=CategoryFactory())
    services.article_update(article=article, title="دو")
    services.article_update(article=article, title="دو")  # nothing changed
    assert list(
        article.revisions.order_by("created_at", "pk").values_list("version", flat=True)
    ) == [1, 2]


def test_role_rules_in_the_services(desk):
    article = services.article_create(title="خبر", category=desk["economy"], user=desk["reporter"])
    with pytest.raises(ArticlePermissionError):
        services.article_publish(article_id=article.pk, user=desk["reporter"])
    with pytest.raises(ArticlePermissionError):
        services.article_submit(article_id=article.pk, user=desk["other_reporter"])
    services.article_submit(article_id=article.pk, user=desk["reporter"])
    with pytest.raises(ArticlePermissionError):
        services.article_update(article=article, title="x", user=desk["reporter"])
    with pytest.raises(ArticlePermissionError):
        services.article_schedule(
            article_id=article.pk,
            publish_at=timezone.now() + timedelta(hours=1),
            user=desk["politics_editor"],
        )
    services.article_publish(article_id=article.pk, user=desk["editor"])
    with pytest.raises(ArticlePermissionError):
        services.article_take_down(article_id=article.pk, reason="x", user=desk["editor"])


def test_republishing_keeps_the_first_time_and_takedown_is_final():
    article = make_article(minutes_ago=90)
    first = article.published_at
    services.article_unpublish(article_id=article.pk)
    services.article_publish(article_id=article.pk)
    article.refresh_from_db()
    assert article.published_at == first
    services.article_take_down(article_id=article.pk, reason="درخواست منبع")
    with pytest.raises(ArticleStateError):
        services.article_publish(article_id=article.pk)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_correction_note_needs_a_published_article():
    article = services.article_create(title="پیش‌نویس", category=CategoryFactory())
    with pytest.raises(ArticleStateError):
        services.article_update(article=article, title="x", correction_note="اصلاح")
