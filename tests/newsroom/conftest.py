import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from khabar.news import roles
from tests.factories import CategoryFactory, UserFactory

# Text as the seed page delivered it: presentation forms, lost half-spaces, a glued word.
SEED_TITLE = "روسیه: از تمام اقدامات کره شمالی حمایت میکنیم"
SEED_BODY = (
    "<p>ﺑﻪ ﮔﺰارش ﺧﺒﺮﮔﺰاری اﻗﺘﺼﺎداﯾﺮان، مسکو از سیاستهای پیونگیانگ حمایت میکند.</p>"
    "<p>گفتوگو و تبادلنظر ادامه دارد.</p>"
)


def ensure_roles() -> None:
    """The role groups come from a data migration; a transactional test's flush removes
    them, so tests that may run after one put them back the same way."""
    migration = importlib.import_module("khabar.news.migrations.0003_newsroom_roles")
    migration.assign_roles(Group, Permission)


def staff(username: str, role: str, *categories):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for category in categories:
        category.editors.add(user)
    return user


@pytest.fixture
def desk(db):
    """A category with its own editor, another category, and one person per role."""
    ensure_roles()
    economy, politics = CategoryFactory(name="اقتصاد"), CategoryFactory(name="سیاست")
    return {
        "economy": economy,
        "politics": politics,
        "reporter": staff("reporter", roles.REPORTER),
        "other_reporter": staff("reporter2", roles.REPORTER),
        "editor": staff("editor", roles.EDITOR, economy),
        "politics_editor": staff("editor2", roles.EDITOR, politics),
        "chief": staff("chief", roles.CHIEF_EDITOR),
    }


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(article, **changes) -> dict:
    """The article change form as the browser would post it."""
    data = {
        "kind": article.kind,
        "category": article.category_id,
        "overline": article.overline,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "house_attribution": article.house_attribution,
        "base_version": article.version,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    if article.reporter_id:
        data["reporter"] = article.reporter_id
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
