"""The newsroom's article search finds a published story however the word is typed."""

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.newsroom.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _titles(client, q: str) -> list[str]:
    response = client.get(reverse("admin:news_article_changelist"), {"q": q})
    assert response.status_code == 200
    return [a.title for a in response.context["cl"].result_list]


@pytest.mark.parametrize("typed", ["میکنیم", "می کنیم", "مي‌كنيم"])
def test_admin_search_uses_the_search_backend_for_spelling_variants(desk, typed):
    live = make_article(title="روسیه از اقدامات کره شمالی حمایت می‌کنیم", category=desk["economy"])
    make_article(title="خبری دیگر درباره بودجه", category=desk["economy"])
    assert _titles(login(desk["chief"]), typed) == [live.title]


def test_admin_search_still_finds_drafts_by_their_title(desk):
    draft = make_article(title="پیش‌نویس درباره بودجه", published=False, category=desk["economy"])
    assert _titles(login(desk["chief"]), "بودجه") == [draft.title]
