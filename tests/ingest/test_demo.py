from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from khabar.news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_loads_seed_and_categories_once_and_prints_a_working_login(client):
    out = StringIO()
    call_command("news_seed_demo", stdout=out)
    articles = Article.objects.published().count()
    assert articles >= 40
    assert Category.objects.count() >= 7
    assert Article.objects.filter(news_id=3830263, lead_image__isnull=False).exists()
    line = next(x for x in out.getvalue().splitlines() if "password:" in x)
    password = line.rsplit("password:", 1)[1].strip()
    assert client.login(username="editor", password=password)
    assert get_user_model().objects.get(username="editor").is_staff

    call_command("news_seed_demo", stdout=StringIO())
    assert Article.objects.count() == articles
