"""The editorial workflow driven through the admin, role by role, refusals included."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from khabar.news import roles, selectors
from khabar.news.models import Article, ArticleEvent, Correction, Revision
from khabar.newsroom.jalali import format_jalali_input
from tests.factories import make_article
from tests.newsroom.conftest import SEED_BODY, SEED_TITLE, form_data, login

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def do_url(article, action):
    return reverse("admin:news_article_do", args=[article.pk, action])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def write_draft(desk, **extra):
    client = login(desk["reporter"])
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "kind": "text",
            "category": desk["economy"].pk,
            "title": SEED_TITLE,
            "body": SEED_BODY,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            **extra,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return client, Article.objects.get(title__startswith="روسیه")


def test_roles_are_groups_made_by_the_migration():
    perms = {
        name: set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in (roles.REPORTER, roles.EDITOR, roles.CHIEF_EDITOR, roles.ADMIN)
    }
    assert "submit_article" in perms[roles.REPORTER]
    assert "publish_article" not in perms[roles.REPORTER]
    assert {"publish_article", "edit_any_article"} <= perms[roles.EDITOR]
    assert "correct_article" not in perms[roles.EDITOR]
    assert {"correct_article", "takedown_article", "curate_homepage", "all_categories"} <= perms[
        roles.CHIEF_EDITOR
    ]
    assert {"delete_article", "change_user"} <= perms[roles.ADMIN]


def test_reporter_writes_a_draft_text_is_normalized_and_the_fixes_listed(desk):
    client, article = write_draft(desk)
    assert article.reporter == desk["reporter"]
    assert article.status == Article.Status.DRAFT
    assert article.title.endswith(f"می{ZWNJ}کنیم")
    assert "به گزارش خبرگزاری اقتصاد ایران" in article.body
    assert f"سیاست{ZWNJ}های" in article.body
    page = client.get(change_url(article)).content.decode()
    assert 'id="text-review"' in page
    assert "میکنیم" in page  # the before side of the fix
    assert set(article.text_review) == {"title", "body"}
    assert article.revisions.count() == 1
    assert article.events.filter(action=ArticleEvent.Action.CREATE, actor=desk["reporter"]).exists()


def test_editor_reverts_one_fix_and_keeps_the_others(desk):
    _client, article = write_draft(desk)
    entry = article.text_review["body"]
    index = next(i for i, f in enumerate(entry["fixes"]) if f[2] == "میکند")
    editor = login(desk["editor"])
    digest = __import__("khabar.newsroom.admin", fromlist=["_raw_hash"])._raw_hash(entry)
    response = editor.post(
        change_url(article), form_data(article, _fix=f"body:{index}:revert:{digest}")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "میکند" in article.body  # this one is as the reporter typed it
    assert f"سیاست{ZWNJ}های" in article.body  # the others stay fixed
    assert index in article.text_review["body"]["reverted"]
    # Saving the form again does not bring the reverted fix back.
    editor.post(change_url(article), form_data(article, lead="لید تازه"))
    article.refresh_from_db()
    assert "میکند" in article.body and article.lead == "لید تازه"


def test_reporter_submits_but_cannot_publish_or_edit_after(desk):
    client, article = write_draft(desk)
    response = client.post(change_url(article), form_data(article, _do="submit"), follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert "برای بررسی فرستاده شد" in " ".join(messages_of(response))
    # Publishing is refused with a Persian message and changes nothing.
    response = client.get(do_url(article, "publish"), follow=True)
    assert any("ممکن نیست" in m for m in messages_of(response))
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert any("دبیر" in m for m in messages_of(response)), messages_of(response)
    # Once in review the text is the editors'; the reporter may only look.
    assert client.post(change_url(article), form_data(article, title="x")).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW and article.title.startswith("روسیه")


def test_reporters_see_only_their_own_articles(desk):
    _client, article = write_draft(desk)
    other = login(desk["other_reporter"])
    assert other.get(change_url(article)).status_code == 302  # "does not exist", back to list
    listing = other.get(reverse("admin:news_article_changelist")).content.decode()
    assert "روسیه" not in listing


def test_editor_acts_only_in_own_categories(desk):
    client, article = write_draft(desk)
    client.post(change_url(article), form_data(article, _do="submit"))
    outsider = login(desk["politics_editor"])
    outsider.post(do_url(article, "publish"))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    editor = login(desk["editor"])
    response = editor.post(do_url(article, "publish"), follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "منتشر شد" in " ".join(messages_of(response))
    assert selectors.article_get_published(news_id=article.news_id) is not None


def test_send_back_returns_the_draft_with_a_note(desk):
    client, article = write_draft(desk)
    client.post(change_url(article), form_data(article, _do="submit"))
    editor = login(desk["editor"])
    assert "بازگرداندن" in editor.get(do_url(article, "send_back")).content.decode()
    editor.post(do_url(article, "send_back"), {"note": "منبع را اضافه کنید"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    event = article.events.get(action=ArticleEvent.Action.SEND_BACK)
    assert event.note == "منبع را اضافه کنید" and event.actor == desk["editor"]


def test_schedule_in_the_past_is_refused_and_the_worker_publishes_on_time(desk, client):
    _c, article = write_draft(desk)
    editor = login(desk["editor"])
    past = format_jalali_input(timezone.now() - timedelta(minutes=5))
    response = editor.post(do_url(article, "schedule"), {"publish_at": past})
    assert response.status_code == 200
    assert "گذشته" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    response = editor.post(do_url(article, "schedule"), {"publish_at": "۱۴۰۵/۱۳/۴۰ ۲۵:۰۰"})
    assert "۱۴۰۵/۰۹/۰۶" in response.content.decode()  # the example of the right format

    at = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    editor.post(do_url(article, "schedule"), {"publish_at": format_jalali_input(at)})
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED and article.published_at == at
    # Embargo: nothing public before its time, whether or not the worker runs.
    call_command("worker", "--once")
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        call_command("worker", "--once")
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert client.get(article.get_absolute_url()).status_code == 200
    assert article.events.filter(action=ArticleEvent.Action.AUTO_PUBLISH).exists()


def test_publish_due_command_for_cron(desk):
    article = make_article(published=False, category=desk["economy"])
    from khabar.news import services

    at = timezone.now() + timedelta(minutes=1)
    services.article_schedule(article_id=article.pk, publish_at=at)
    with time_machine.travel(at + timedelta(seconds=30)):
        call_command("publish_due")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_stale_save_is_refused_with_the_changes_and_nobodys_text_lost(desk):
    _c, article = write_draft(desk)
    first, second = login(desk["editor"]), login(desk["chief"])
    opened = form_data(article)  # both opened the same version
    r1 = first.post(change_url(article), {**opened, "lead": "لید دبیر اول"})
    assert r1.status_code == 302
    r2 = second.post(change_url(article), {**opened, "lead": "لید سردبیر"})
    assert r2.status_code == 200
    page = r2.content.decode()
    assert "پس از باز کردن شما" in page  # the Persian refusal
    assert "لید سردبیر" in page  # the second person's text is still in the form
    assert "لید دبیر اول" in page  # and the diff shows what the first one saved
    article.refresh_from_db()
    assert article.lead == "لید دبیر اول"
    # Having seen the changes, saving again (the form now carries the new version) wins.
    fresh = r2.context["adminform"].form["base_version"].value()
    r3 = second.post(change_url(article), {**opened, "lead": "لید سردبیر", "base_version": fresh})
    assert r3.status_code == 302
    article.refresh_from_db()
    assert article.lead == "لید سردبیر"


def test_revisions_compare_side_by_side_and_restore(desk):
    _c, article = write_draft(desk)
    editor = login(desk["editor"])
    editor.post(change_url(article), form_data(article, title="تیتر دوم"))
    article.refresh_from_db()
    revisions = list(article.revisions.order_by("created_at", "pk"))
    assert [r.version for r in revisions] == [1, 2]
    page = editor.get(
        reverse("admin:news_article_revisions", args=[article.pk]),
        {"a": revisions[0].pk, "b": revisions[1].pk},
    ).content.decode()
    assert '<ins class="diff-ins">دوم</ins>' in page
    assert "diff-del" in page
    editor.post(
        reverse("admin:news_article_restore", args=[article.pk, revisions[0].pk]),
        {"version": article.version},
    )
    article.refresh_from_db()
    assert article.title.startswith("روسیه") and article.version == 3
    assert article.revisions.first().reason == Revision.Reason.RESTORE


def test_audit_log_per_article_and_per_user(desk):
    client, article = write_draft(desk)
    client.post(change_url(article), form_data(article, _do="submit"))
    login(desk["editor"]).post(do_url(article, "publish"))
    chief = login(desk["chief"])
    page = chief.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
    for words in ("ایجاد شد", "برای بررسی فرستاده شد", "منتشر شد"):
        assert words in page
    per_user = chief.get(
        reverse("admin:news_articleevent_changelist"), {"actor__id__exact": desk["editor"].pk}
    )
    assert per_user.status_code == 200
    rows = list(per_user.context["cl"].result_list)
    assert rows and all(e.actor == desk["editor"] for e in rows)


def test_correction_keeps_url_and_id_and_records_a_public_note(desk, client):
    article = make_article(category=desk["economy"], title="نرخ تورم ۴۰ درصد شد")
    url, news_id = article.get_absolute_url(), article.news_id
    # An editor cannot change a published article; a chief editor corrects it.
    editor = login(desk["editor"])
    assert editor.post(change_url(article), form_data(article, title="x")).status_code == 403
    chief = login(desk["chief"])
    # The chief editor opens the published article and finds where to note the correction.
    page = chief.get(change_url(article))
    assert page.status_code == 200 and 'name="correction_note"' in page.content.decode()
    response = chief.post(
        change_url(article),
        form_data(
            article,
            title="نرخ تورم ۳۰ درصد شد",
            correction_note="در نسخه نخست نرخ تورم ۴۰ درصد نوشته شده بود.",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.news_id == news_id and article.status == Article.Status.PUBLISHED
    assert article.corrected_at is not None and article.modified_at == article.corrected_at
    assert [c.note for c in selectors.article_list_corrections(article=article)] == [
        "در نسخه نخست نرخ تورم ۴۰ درصد نوشته شده بود."
    ]
    assert Correction.objects.get().author == desk["chief"]
    # The old URL still leads to the article (the slug changed, the ID did not).
    assert client.get(url, follow=True).redirect_chain[-1][0] == article.get_absolute_url()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "در نسخه نخست نرخ تورم ۴۰ درصد نوشته شده بود." in page


def test_takedown_needs_confirmation_and_removes_the_article_everywhere(desk, client):
    article = make_article(category=desk["economy"])
    editor = login(desk["editor"])
    editor.post(do_url(article, "takedown"), {"note": "حکم دادگاه"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # an editor may not
    chief = login(desk["chief"])
    confirm = chief.get(do_url(article, "takedown")).content.decode()
    assert "۴۱۰" in confirm
    response = chief.post(do_url(article, "takedown"), {"note": ""})
    assert response.status_code == 200  # a reason is required
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    chief.post(do_url(article, "takedown"), {"note": "حکم دادگاه"})
    article.refresh_from_db()
    assert article.status == Article.Status.TAKEN_DOWN
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert selectors.article_is_gone(news_id=article.news_id)
    assert article not in selectors.article_list_latest()
    # The reader site answers 410 Gone on its address and no longer lists it.
    assert client.get(article.get_absolute_url()).status_code == 410
    assert article.title not in client.get("/").content.decode()


def test_unpublish_from_the_list_asks_first(desk):
    article = make_article(category=desk["economy"])
    editor = login(desk["editor"])
    changelist = reverse("admin:news_article_changelist")
    ask = editor.post(
        changelist, {"action": "unpublish_selected", "_selected_action": [article.pk]}
    )
    assert ask.status_code == 200 and "مطمئنم" in ask.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    editor.post(
        changelist,
        {"action": "unpublish_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_draft_preview_and_expiring_private_link(desk, client):
    _c, article = write_draft(desk)
    reporter = login(desk["reporter"])
    page = reporter.get(reverse("admin:news_article_preview", args=[article.pk]))
    assert page.status_code == 200 and article.title in page.content.decode()
    assert page["X-Robots-Tag"].startswith("noindex")
    made = reporter.post(reverse("admin:news_article_preview_link", args=[article.pk]))
    link = made.context["link"]
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200  # anyone with the link, logged in or not
    assert client.get(article.get_absolute_url()).status_code == 404  # but not public
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        expired = client.get(path)
    assert expired.status_code == 410
    assert client.get(path[:-3] + "xyz").status_code == 410


def test_who_else_has_the_article_open(desk):
    _c, article = write_draft(desk)
    login(desk["editor"]).get(change_url(article))
    chief = login(desk["chief"])
    page = chief.get(change_url(article)).content.decode()
    assert "editor" in page.split('id="presence"', 1)[1][:400]
    data = chief.get(reverse("admin:news_article_presence", args=[article.pk])).json()
    assert data["others"] == ["editor"]


def test_scripts_in_the_body_are_removed_with_a_persian_warning(desk):
    client = login(desk["reporter"])
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "kind": "text",
            "category": desk["economy"].pk,
            "title": "خبر با اسکریپت",
            "body": '<p onclick="x()">متن خبر<script>alert(1)</script></p><img src=x onerror="y()">',
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    article = Article.objects.get()
    for bad in ("script", "onclick", "onerror", "alert"):
        assert bad not in article.body
    assert "متن خبر" in article.body
    assert any("حذف شد" in m and "اسکریپت" in m for m in messages_of(response))
