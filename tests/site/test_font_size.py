"""The font-size control (اندازه فونت) without JavaScript: links that set a cookie and come back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from khabar.news.models import Article
from khabar.site.preferences import FONT_COOKIE
from tests.site.helpers import soup_of

pytestmark = pytest.mark.django_db


def html_class(response) -> str:
    return " ".join(soup_of(response).find("html")["class"])


def test_the_three_buttons_are_plain_links_back_to_the_page(client, seed_article: Article) -> None:
    url = seed_article.get_absolute_url()
    soup = soup_of(client.get(url))
    panel = soup.select_one("details.settings-panel")
    assert panel.find("summary").get_text(strip=True).startswith("تنظیمات")
    assert "اندازه فونت" in panel.get_text()
    links = {a["data-font-action"]: a for a in panel.select("a[data-font-action]")}
    assert [links[k].find("span").get_text() for k in ("smaller", "reset", "larger")] == [
        "A−",
        "A",
        "A+",
    ]
    assert client.get(links["larger"]["href"])["Location"] == url


def test_larger_sets_the_cookie_and_the_page_comes_back_bigger(
    client, seed_article: Article
) -> None:
    url = seed_article.get_absolute_url()
    assert html_class(client.get(url)) == "font-step-0"

    response = client.get(reverse("site:font-size", kwargs={"action": "larger"}), {"next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    cookie = response.cookies[FONT_COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "private" in response["Cache-Control"]  # one reader's answer, never a shared cache's

    assert html_class(client.get(url)) == "font-step-1"
    client.get(reverse("site:font-size", kwargs={"action": "larger"}), {"next": url})
    assert html_class(client.get(url)) == "font-step-2"
    client.get(reverse("site:font-size", kwargs={"action": "reset"}), {"next": url})
    assert html_class(client.get(url)) == "font-step-0"


def test_steps_stop_at_the_ends(client) -> None:
    for _ in range(10):
        client.get(reverse("site:font-size", kwargs={"action": "smaller"}))
    assert client.cookies[FONT_COOKIE].value == "-2"
    for _ in range(10):
        client.get(reverse("site:font-size", kwargs={"action": "larger"}))
    assert client.cookies[FONT_COOKIE].value == "3"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/path", "http://evil.example", "javascript:alert(1)"],
)
def test_next_refuses_to_leave_the_site(client, target: str) -> None:
    response = client.get(reverse("site:font-size", kwargs={"action": "larger"}), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_action_and_a_forged_cookie(client, seed_article: Article) -> None:
    assert client.get(reverse("site:font-size", kwargs={"action": "huge"})).status_code == 404
    client.cookies[FONT_COOKIE] = '99"><script>'
    assert html_class(client.get(seed_article.get_absolute_url())) == "font-step-0"
