"""`khabar worker` polls the wire beside scheduled publishing (no separate process)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from khabar.ingest.models import WireItem, WireSource
from khabar.news import services
from khabar.news.models import Article
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def exploding_job() -> None:
    raise RuntimeError("a feed library bug")


def test_worker_runs_the_wire_job_and_stores_the_items(agencies, wire_server, settings):
    settings.KHABAR_WORKER_JOBS = ["khabar.ingest.wire.wire_poll_due"]
    call_command("worker", "--once", stdout=StringIO())
    assert WireItem.objects.count() == 28
    assert all(ws.last_success_at for ws in WireSource.objects.all())


def test_a_failing_job_does_not_stop_publishing(settings):
    settings.KHABAR_WORKER_JOBS = ["tests.ingest.test_worker_polls.exploding_job"]
    article = services.article_create(title="خبر زمان‌بندی‌شده", category=CategoryFactory())
    at = timezone.now() + timedelta(minutes=5)
    services.article_schedule(article_id=article.pk, publish_at=at)
    with time_machine.travel(at + timedelta(seconds=1)):
        call_command("worker", "--once", stdout=StringIO())
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_a_misnamed_job_stops_the_worker_with_a_clear_message(settings):
    settings.KHABAR_WORKER_JOBS = ["khabar.ingest.wire.no_such_job"]
    with pytest.raises(ImproperlyConfigured, match="no_such_job"):
        call_command("worker", "--once", stdout=StringIO())
