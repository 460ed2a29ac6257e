import pytest
from django.urls import reverse

from khabar.news.models import Article
from khabar.persian import to_persian_digits
from tests.factories import CategoryFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="chief", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_adding_an_article_in_the_admin_goes_through_the_services(editor_client):
    category = CategoryFactory()
    response = editor_client.post(
        reverse("admin:news_article_add"),
        {
            "kind": "text",
            "category": category.pk,
            "title": "سیاستهای تازه دولت",
            "body": "<p>متن <script>alert(1)</script>خبر</p>",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.title == "سیاست\u200cهای تازه دولت"
    assert "script" not in article.body
    assert article.status == Article.Status.DRAFT
    assert article.news_id >= 1000
    assert article.reporter.username == "chief"


def test_admin_cannot_set_status_directly(editor_client):
    article = make_article(published=False)
    editor_client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        {
            "kind": "text",
            "category": article.category.pk,
            "title": article.title,
            "body": article.body,
            "status": "published",
            "base_version": article.version,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publish_action_publishes_and_reports_refusals_in_persian(editor_client):
    draft = make_article(published=False)
    live = make_article(title="منتشرشده")
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    live_time = live.published_at
    live.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert live.published_at == live_time
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(f"{to_persian_digits(str(live.news_id))}:") for m in messages)
    assert len(messages) == 2
