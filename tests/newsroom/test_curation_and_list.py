"""Home-page curation, the article list's filters and its bounded counting, the worker process."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khabar.news import selectors, services
from khabar.news.models import BreakingNews, FeaturedArticle
from khabar.newsroom.jalali import TEHRAN, format_jalali_input
from khabar.persian import format_jalali
from tests.factories import make_article
from tests.newsroom.conftest import login

pytestmark = pytest.mark.django_db


def test_chief_editor_pins_a_top_story_and_orders_the_featured_list(desk):
    top, second, first = (
        make_article(title=t, category=desk["economy"])
        for t in ("تیتر سنجاق شده صفحه نخست", "گزیده دوم دبیر", "گزیده نخست دبیر")
    )
    chief = login(desk["chief"])
    add = reverse("admin:news_featuredarticle_add")
    assert chief.post(add, {"article": top.pk, "is_top": "on", "position": 1}).status_code == 302
    chief.post(add, {"article": second.pk, "position": 20})
    chief.post(add, {"article": first.pk, "position": 10})
    assert selectors.home_top_story() == top
    assert selectors.home_featured() == [first, second]
    home = Client().get("/").content.decode()
    assert home.index(top.title) < home.index(first.title)
    # Pinning another top story replaces the old one; there is only ever one.
    item = FeaturedArticle.objects.get(article=second)
    change = reverse("admin:news_featuredarticle_change", args=[item.pk])
    response = chief.post(change, {"article": second.pk, "is_top": "on", "position": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert selectors.home_top_story() == second
    assert FeaturedArticle.objects.filter(is_top=True).count() == 1
    # A taken-down article leaves the home page.
    services.article_take_down(article_id=second.pk, reason="خطا", user=desk["chief"])
    assert selectors.home_top_story() is None


def test_editors_cannot_curate_the_home_page(desk):
    article = make_article(category=desk["economy"])
    editor = login(desk["editor"])
    response = editor.post(
        reverse("admin:news_featuredarticle_add"), {"article": article.pk, "position": 1}
    )
    assert response.status_code == 403
    assert not FeaturedArticle.objects.exists()


def test_breaking_news_banner_expires_and_refuses_a_past_end(desk):
    article = make_article(category=desk["economy"])
    chief = login(desk["chief"])
    add = reverse("admin:news_breakingnews_add")
    past = format_jalali_input(timezone.now() - timedelta(minutes=1))
    response = chief.post(add, {"headline": "زلزله", "expires_at": past})
    assert response.status_code == 200 and "گذشته" in response.content.decode()
    assert not BreakingNews.objects.exists()
    until = timezone.now() + timedelta(hours=2)
    response = chief.post(
        add,
        {
            "headline": "زلزله در شمال",
            "article": article.pk,
            "expires_at": format_jalali_input(until),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    banner = selectors.breaking_news_current()
    assert banner.headline == "زلزله در شمال" and banner.article == article
    assert "زلزله در شمال" in Client().get("/").content.decode()  # the banner on the site
    services.article_unpublish(article_id=article.pk)
    assert selectors.breaking_news_current() is None  # never points at a hidden article


def test_list_filters_by_status_category_reporter_and_jalali_period(desk):
    mine = services.article_create(
        title="پیش‌نویس من", category=desk["economy"], user=desk["reporter"]
    )
    today = make_article(title="خبر امروز", category=desk["economy"], minutes_ago=1)
    old = make_article(title="خبر کهنه", category=desk["politics"], minutes_ago=60 * 24 * 40)
    chief = login(desk["chief"])
    url = reverse("admin:news_article_changelist")

    def titles(**params):
        response = chief.get(url, params)
        assert response.status_code == 200
        return {a.title for a in response.context["cl"].result_list}

    assert titles(status__exact="draft") == {mine.title}
    assert titles(category__id__exact=desk["politics"].pk) == {old.title}
    assert titles(reporter=desk["reporter"].pk) == {mine.title}
    assert today.title in titles(published="today")
    three_days = make_article(title="خبر سه روز پیش", category=desk["economy"], minutes_ago=60 * 72)
    day = (three_days.published_at.astimezone(TEHRAN)).date()
    assert titles(published=f"d{day.isoformat()}") == {three_days.title}
    choices = chief.get(url).content.decode()
    assert format_jalali(day, with_time=False) in choices  # offered by its Jalali name
    assert old.title not in titles(published="7d")
    assert titles(q=str(old.news_id)) == {old.title}
    persian_id = str(old.news_id).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert titles(q=persian_id) == {old.title}


def test_list_never_counts_the_whole_table(desk):
    for n in range(3):
        make_article(title=f"خبر {n}", category=desk["economy"])
    chief = login(desk["chief"])
    with CaptureQueriesContext(connection) as ctx:
        response = chief.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts, "the list shows a count"
    assert all("LIMIT" in sql.upper() for sql in counts), counts


@pytest.mark.django_db(transaction=True)
def test_worker_process_publishes_and_stops_on_sigterm():
    """`khabar worker` as its own process against a file database: published within seconds."""
    if connection.vendor != "sqlite":
        db_url = os.environ.get("DATABASE_URL", "")
        name = connection.settings_dict["NAME"]
        env_db = db_url.rsplit("/", 1)[0] + "/" + name
    else:
        pytest.skip("the in-memory SQLite test database cannot be shared with another process")
    article = make_article(published=False)
    services.article_schedule(
        article_id=article.pk, publish_at=timezone.now() + timedelta(seconds=2)
    )
    env = {**os.environ, "DATABASE_URL": env_db, "DJANGO_SETTINGS_MODULE": "khabar.settings.test"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from khabar.cli import main; main()",
            *("worker", "--interval", "0.5", "--max-runtime", "20"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = timezone.now() + timedelta(seconds=15)
        while timezone.now() < deadline:
            article.refresh_from_db()
            if article.status == "published":
                break
            time.sleep(0.3)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert article.status == "published", out
    assert proc.returncode == 0, out


def test_the_front_page_shows_each_person_their_desk(desk):
    draft = services.article_create(
        title="پیش‌نویس خبرنگار", category=desk["economy"], user=desk["reporter"]
    )
    waiting = services.article_create(
        title="در انتظار دبیر اقتصاد", category=desk["economy"], user=desk["reporter"]
    )
    services.article_submit(article_id=waiting.pk, user=desk["reporter"])
    elsewhere = services.article_create(
        title="در انتظار دبیر سیاست", category=desk["politics"], user=desk["reporter"]
    )
    services.article_submit(article_id=elsewhere.pk, user=desk["reporter"])
    reporter_page = login(desk["reporter"]).get(reverse("admin:index")).content.decode()
    assert draft.title in reporter_page and waiting.title not in reporter_page
    editor_page = login(desk["editor"]).get(reverse("admin:index")).content.decode()
    assert waiting.title in editor_page and elsewhere.title not in editor_page


@pytest.mark.parametrize(
    "name",
    [
        "news_article_changelist",
        "news_article_add",
        "news_image_add",
        "news_featuredarticle_add",
        "news_breakingnews_add",
        "news_articleevent_changelist",
        "news_correction_changelist",
        "news_category_changelist",
    ],
)
def test_every_newsroom_page_opens_for_a_chief_editor_in_persian(desk, name):
    response = login(desk["chief"]).get(reverse(f"admin:{name}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page and 'lang="fa"' in page


def test_reporters_cannot_reach_curation_or_the_audit_log(desk):
    reporter = login(desk["reporter"])
    for name in (
        "news_featuredarticle_add",
        "news_breakingnews_add",
        "news_articleevent_changelist",
    ):
        assert reporter.get(reverse(f"admin:{name}")).status_code == 403


def test_list_counts_and_page_numbers_are_in_persian_digits(
    desk, monkeypatch, django_capture_on_commit_callbacks
):
    from khabar.newsroom.admin import ArticleAdmin

    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)
    # Published articles are searched through the index, filled after each commit.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_article(title=f"خبر فهرست {n}", category=desk["economy"], minutes_ago=n + 1)
    chief = login(desk["chief"])
    page = chief.get(reverse("admin:news_article_changelist")).content.decode()
    paginator = page.split('class="paginator"', 1)[1].split("</p>", 1)[0]
    assert "۳ خبر" in paginator and "3" not in paginator.replace("?p=", "")
    assert '<a href="?p=2">۲</a>' in paginator
    searched = chief.get(reverse("admin:news_article_changelist"), {"q": "فهرست"}).content.decode()
    assert "۳ نتیجه" in searched
