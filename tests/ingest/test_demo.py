from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from khabar.news import roles
from khabar.news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_loads_seed_and_categories_once_and_prints_working_logins(client):
    out = StringIO()
    call_command("news_seed_demo", stdout=out)
    articles = Article.objects.published().count()
    assert articles >= 40
    assert Category.objects.count() >= 7
    assert Article.objects.filter(news_id=3830263, lead_image__isnull=False).exists()
    line = next(x for x in out.getvalue().splitlines() if x.startswith("Editor login"))
    password = line.rsplit("password:", 1)[1].strip()
    users = get_user_model().objects
    expected = {"editor": roles.CHIEF_EDITOR, "desk": roles.EDITOR, "reporter": roles.REPORTER}
    for username, role in expected.items():
        assert list(users.get(username=username).groups.values_list("name", flat=True)) == [role]
        assert client.login(username=username, password=password)
        assert client.get("/admin/").status_code == 200
        client.logout()
    # The desk editor may act in every category; the reporter only writes.
    desk = users.get(username="desk")
    assert Category.objects.exclude(editors=desk).count() == 0
    assert not users.get(username="reporter").has_perm("news.publish_article")

    call_command("news_seed_demo", stdout=StringIO())
    assert Article.objects.count() == articles
