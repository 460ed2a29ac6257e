"""The desk: clusters of one event's versions, the queue in the admin, republishing."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.urls import reverse

from khabar.ingest.clustering import pair_scores
from khabar.ingest.models import WireItem
from khabar.ingest.services import WireItemStateError, wire_item_republish, wire_source_poll
from khabar.news.models import Article
from tests.factories import CategoryFactory, UserFactory

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

LABELS = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))


def _label(item: WireItem) -> str:
    key = item.guid.replace("-", "/").replace("urn:tasnim:", "tasnim/")
    key = key.replace("tag:isna.example,2026:", "isna/")
    return LABELS[key]


@pytest.fixture
def polled(agencies):
    for ws in agencies.values():
        wire_source_poll(wire_source_id=ws.pk)
    return agencies


def test_versions_of_one_event_from_different_agencies_form_one_cluster(polled):
    items = list(WireItem.objects.order_by("pk"))
    assert len(items) == len(LABELS)
    precision, recall = pair_scores([i.cluster_id for i in items], [_label(i) for i in items])
    # bench/ingest/RESULTS.md records the exact figures; this guards against regressions.
    assert precision >= 0.9 and recall >= 0.75
    football = {i.cluster_id for i in items if _label(i) == "football"}
    assert len(football) == 1
    assert WireItem.objects.filter(cluster_id=football.pop()).count() == 4
    # Another earthquake the same week is another story.
    kashmar = WireItem.objects.get(guid="irna-108")
    assert not WireItem.objects.filter(cluster=kashmar.cluster).exclude(pk=kashmar.pk).exists()
    sizes = Counter(i.cluster_id for i in items)
    assert all(i.cluster.size == sizes[i.cluster_id] for i in items)


def test_republish_makes_a_draft_with_the_source_chain_and_a_link_back(polled):
    category = CategoryFactory(name="سیاست خارجی")
    item = WireItem.objects.get(guid="mehr-5501")
    article = wire_item_republish(item_id=item.pk)
    assert article.status == Article.Status.DRAFT
    assert article.title == item.title and article.category == category  # the agency's section
    assert article.via_source.name == "خبرگزاری مهر"
    assert article.original_source.name == "تاس"  # «به نقل از تاس» in the story
    assert article.house_attribution  # the house line comes first in the chain
    assert "زاخارووا" in article.body and f'href="{item.url}"' in article.body
    item.refresh_from_db()
    assert item.article == article and item.status == WireItem.Status.REPUBLISHED
    with pytest.raises(WireItemStateError, match=str(article.news_id)):
        wire_item_republish(item_id=item.pk)


def test_another_version_of_a_republished_story_takes_its_category(polled):
    politics = CategoryFactory(name="سیاست خارجی")
    CategoryFactory(name="ورزش", position=1)
    wire_item_republish(item_id=WireItem.objects.get(guid="mehr-5501").pk)
    irna = WireItem.objects.get(guid="irna-101")  # its own section «بین‌الملل» does not exist here
    assert wire_item_republish(item_id=irna.pk).category == politics
    assert (
        wire_item_republish(item_id=WireItem.objects.get(guid="irna-104").pk).category.name
        == "ورزش"
    )


@pytest.fixture
def chief_client(client):
    client.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    return client


def test_desk_queue_filters_and_shows_the_other_versions(polled, chief_client):
    url = reverse("admin:ingest_wireitem_changelist")
    mehr = polled["خبرگزاری مهر"]
    page = chief_client.get(url, {"wire_source__id__exact": mehr.pk}).content.decode()
    assert "مسکو: دیگر به محدودیت‌های برجام پایبند نیستیم" in page
    assert "زاخارووا: روسیه" not in page  # ایسنا's version is filtered out
    several = chief_client.get(url, {"versions": "many"}).content.decode()
    assert "خط ۳ قطار شهری مشهد" not in several and "زاخارووا: روسیه" in several
    item = WireItem.objects.get(guid="mehr-5501")
    cluster = chief_client.get(url, {"cluster__id__exact": item.cluster_id}).content.decode()
    assert "زاخارووا: روسیه" in cluster and "قیمت دلار" not in cluster
    detail = chief_client.get(reverse("admin:ingest_wireitem_change", args=[item.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "ماریا زاخارووا سخنگوی وزارت امور خارجه روسیه" in text  # extracted text
    assert "روسیه: از تمام تعهدات خود در برجام آزاد هستیم" in text  # ایرنا's version
    assert "ایسنا" in text


def test_republish_action_in_the_desk_queue(polled, chief_client):
    CategoryFactory(name="اقتصاد")
    items = WireItem.objects.filter(guid__in=["irna-102", "mehr-5502"])
    response = chief_client.post(
        reverse("admin:ingest_wireitem_changelist"),
        {"action": "republish", "_selected_action": [i.pk for i in items]},
        follow=True,
    )
    assert response.status_code == 200
    made = Article.objects.filter(wire_item__in=items)
    assert made.count() == 2 and {a.category.name for a in made} == {"اقتصاد"}
    again = chief_client.post(
        reverse("admin:ingest_wireitem_changelist"),
        {"action": "republish", "_selected_action": [items[0].pk]},
        follow=True,
    )
    assert Article.objects.count() == 2
    assert str(made.get(wire_item=items[0]).news_id) in again.content.decode()


def test_sources_show_their_health_in_the_admin(polled, chief_client):
    page = chief_client.get(reverse("admin:ingest_wiresource_changelist")).content.decode()
    assert "ایسنا" in page and "icon-yes" in page


def test_an_editor_role_sees_the_desk_and_republishes(polled, client):
    import importlib

    from django.contrib.auth.models import Group, Permission

    from tests.newsroom.conftest import ensure_roles, staff

    ensure_roles()
    importlib.import_module("khabar.ingest.migrations.0003_desk_roles").assign_desk(
        Group, Permission
    )
    sport = CategoryFactory(name="ورزش")
    editor = staff("dabir", "دبیر", sport)
    reporter = staff("khabarnegar", "خبرنگار", sport)
    item = WireItem.objects.get(guid="irna-104")
    client.force_login(reporter)
    url = reverse("admin:ingest_wireitem_changelist")
    assert client.get(url).status_code == 200  # reporters read the queue
    assert client.get(reverse("admin:ingest_wiresource_changelist")).status_code == 403
    client.force_login(editor)
    client.post(url, {"action": "republish", "_selected_action": [item.pk]}, follow=True)
    article = Article.objects.get(wire_item=item)
    assert article.reporter == editor and article.category == sport
    assert client.get(reverse("admin:ingest_wiresource_changelist")).status_code == 200


def test_poll_now_action_reports_in_persian(agencies, chief_client):
    isna = agencies["ایسنا"]
    response = chief_client.post(
        reverse("admin:ingest_wiresource_changelist"),
        {"action": "poll_now", "_selected_action": [isna.pk]},
        follow=True,
    )
    assert "ایسنا: 6 خبر تازه، 0 خبر با خطا." in response.content.decode()
    assert WireItem.objects.filter(wire_source=isna).count() == 6
