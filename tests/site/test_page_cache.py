"""The page cache is always fresh: every change shows on every page that shows the article.

Each test warms the pages (the second read must come from the cache), makes one kind of
change the way the newsroom does (services, with their on-commit hooks run), and reads
the pages again: a stale page here is a defect a reader would see. Runs on local memory
(SQLite pass) and on Redis (PostgreSQL + Redis pass).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import unquote_to_bytes

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from khabar.core import pagecache
from khabar.news import services
from khabar.news.models import Article
from khabar.site.cache import views_flush
from tests.factories import CategoryFactory, TagFactory, UserFactory, make_article
from tests.site.helpers import page_text, soup_of

pytestmark = pytest.mark.django_db

STATE = pagecache.STATUS_HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings) -> None:
    settings.KHABAR_PAGE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Callable[[], object]:
    """Run a change's on-commit hooks (the invalidation) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news(committed):
    """Two categories, a tag, the article under test and a neighbour."""
    economy = CategoryFactory(name="اقتصاد", slug="economy")
    sport = CategoryFactory(name="ورزش", slug="sport")
    budget = TagFactory(name="بودجه", slug="budget")
    with committed():
        neighbour = make_article(title="خبر همسایه در اقتصاد", category=economy, minutes_ago=30)
        article = make_article(
            title="لایحه بودجه به مجلس رسید",
            body="<p>متن نخست دربارهٔ لایحه.</p>",
            category=economy,
            tags=[budget],
        )
    return {"article": article, "neighbour": neighbour, "economy": economy, "sport": sport}


def pages_showing(article: Article) -> list[str]:
    """Every address whose page or feed shows `article` (category and tag of the fixture)."""
    return [
        article.get_absolute_url(),
        f"/news/{article.news_id}/print",
        "/",
        "/category/economy",
        "/tag/budget",
        "/search?q=لایحه",
        "/rss/",
        "/atom/",
        "/rss/category/economy",
        "/rss/tag/budget",
        "/sitemap-news.xml",
    ]


def warm(client, urls: list[str]) -> None:
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        again = client.get(url)
        assert again[STATE] == "hit", url
        assert again.content == first.content, url


def text_of(client, url: str) -> str:
    response = client.get(url, follow=True)  # a new title moves the article's slug
    return page_text(response.content) if response.status_code == 200 else ""


# --- headers ---------------------------------------------------------------------------------


def test_a_warm_page_is_a_hit_with_validators_and_surrogate_keys(client, news) -> None:
    article = news["article"]
    first = client.get(article.get_absolute_url())
    assert first[STATE] == "miss"
    second = client.get(article.get_absolute_url())
    assert second[STATE] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=1"
    keys = second["Surrogate-Key"].split()
    assert {
        f"article-{article.news_id}",
        "category-economy",
        "tag-budget",
        "site",
        "latest",
    } <= set(keys)
    assert f"article-{news['neighbour'].news_id}" in keys  # shown in the sidebar
    # The security headers of the full stack come back with the cached copy.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"


def test_conditional_get_answers_304_from_the_cache_and_200_after_a_change(
    client, news, committed
) -> None:
    article = news["article"]
    etag = client.get(article.get_absolute_url())["ETag"]
    not_modified = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    with committed():
        services.article_update(article=article, title="لایحه بودجه در مجلس تصویب شد")
    changed = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "تصویب شد" in page_text(changed.content)


def test_head_is_answered_from_the_cache(client, news) -> None:
    url = news["article"].get_absolute_url()
    client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head[STATE] == "hit"


# --- every change, every page ------------------------------------------------------------------


def test_an_edit_shows_on_every_page_that_shows_the_article(client, news, committed) -> None:
    article = news["article"]
    urls = pages_showing(article)
    warm(client, urls)
    with committed():
        services.article_update(
            article=article, title="لایحه بودجه در مجلس تصویب شد", body="<p>متن تازه.</p>"
        )
    for url in urls:
        if url.startswith("/search"):
            continue  # the new title has other words; searched below
        assert "تصویب شد" in client.get(url, follow=True).content.decode(), url
    assert "متن تازه" in text_of(client, article.get_absolute_url())
    assert "تصویب شد" in text_of(client, "/search?q=لایحه")


def test_a_correction_shows_on_the_article_and_its_print_view(client, news, committed) -> None:
    article = news["article"]
    urls = [article.get_absolute_url(), f"/news/{article.news_id}/print"]
    warm(client, urls)
    with committed():
        services.article_update(
            article=article,
            body="<p>متن اصلاح‌شده.</p>",
            correction_note="رقم بودجه اصلاح شد.",
            user=UserFactory(is_superuser=True),
        )
    for url in urls:
        assert "رقم بودجه اصلاح شد" in text_of(client, url), url


@pytest.mark.parametrize("withdraw", ["unpublish", "take_down"])
def test_a_withdrawn_article_leaves_every_page_at_once(client, news, committed, withdraw) -> None:
    article = news["article"]
    urls = pages_showing(article)
    warm(client, urls)
    with committed():
        if withdraw == "unpublish":
            services.article_unpublish(article_id=article.pk)
        else:
            services.article_take_down(article_id=article.pk, reason="درخواست منبع")
    expected = 404 if withdraw == "unpublish" else 410
    assert client.get(article.get_absolute_url()).status_code == expected
    assert client.get(f"/news/{article.news_id}/print").status_code == expected
    for url in urls[2:]:
        body = client.get(url).content.decode()
        assert article.title not in body and f"/news/{article.news_id}/" not in body, url


def test_a_new_article_shows_on_home_its_category_tag_feeds_and_sidebars(
    client, news, committed
) -> None:
    article = news["article"]
    urls = [*pages_showing(article), news["neighbour"].get_absolute_url()]
    urls.remove(f"/news/{article.news_id}/print")  # shows no other article
    warm(client, urls)
    budget = article.tags.get()
    with committed():
        fresh = make_article(
            title="لایحه تازه برای یارانه‌ها",
            category=news["economy"],
            tags=[budget],
            minutes_ago=1,
        )
    for url in urls:
        assert fresh.title in text_of(client, url), url


def test_a_scheduled_article_appears_when_it_goes_live(client, news, committed) -> None:
    economy = news["economy"]
    with committed():
        draft = services.article_create(title="لایحه زمان‌بندی‌شده", category=economy)
        services.article_schedule(
            article_id=draft.pk, publish_at=timezone.now() + timedelta(minutes=10)
        )
    urls = ["/", "/category/economy", "/rss/", "/search?q=لایحه"]
    warm(client, urls)
    for url in urls:
        assert "زمان‌بندی‌شده" not in client.get(url).content.decode(), url
    with time_machine.travel(timezone.now() + timedelta(minutes=11)), committed():
        assert services.article_publish_due() == [draft.news_id]
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        for url in urls:
            assert "زمان‌بندی‌شده" in client.get(url).content.decode(), url


def test_moving_an_article_updates_the_old_and_the_new_category(client, news, committed) -> None:
    article = news["article"]
    urls = ["/category/economy", "/category/sport"]
    warm(client, urls)
    with committed():
        services.article_update(article=article, category=news["sport"])
    assert article.title not in client.get("/category/economy").content.decode()
    assert article.title in client.get("/category/sport").content.decode()


def test_home_curation_and_the_breaking_banner_show_at_once(client, news, committed) -> None:
    article, neighbour = news["article"], news["neighbour"]
    warm(client, ["/", article.get_absolute_url()])
    with committed():
        services.featured_article_save(article=neighbour, is_top=True)
    top = soup_of(client.get("/")).select_one(".top-story")
    assert top is not None and neighbour.title in top.get_text()
    with committed():
        services.breaking_news_save(
            headline="فوری: مجلس جلسهٔ فوق‌العاده تشکیل داد",
            expires_at=timezone.now() + timedelta(minutes=5),
        )
    for url in ["/", article.get_absolute_url(), "/category/economy"]:
        assert "جلسهٔ فوق‌العاده" in text_of(client, url), url


def test_a_page_does_not_outlive_the_banner_it_shows(client, news, committed) -> None:
    url = news["article"].get_absolute_url()
    with committed():
        services.breaking_news_save(
            headline="فوری: خبر کوتاه‌مدت", expires_at=timezone.now() + timedelta(seconds=90)
        )
    warm(client, [url])
    assert "خبر کوتاه‌مدت" in text_of(client, url)
    with time_machine.travel(timezone.now() + timedelta(seconds=120)):
        assert "خبر کوتاه‌مدت" not in text_of(client, url)


# --- who gets cached pages --------------------------------------------------------------------


def test_logged_in_readers_are_never_served_or_stored(client, news) -> None:
    url = news["article"].get_absolute_url()
    client.force_login(UserFactory())
    response = client.get(url)
    assert response[STATE] == "bypass"
    assert "Surrogate-Key" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(url)[STATE] == "miss"  # the editor's copy was not kept


def test_each_font_size_is_its_own_page(client, news) -> None:
    url = news["article"].get_absolute_url()
    client.get(url)
    client.cookies["khabar_font"] = "2"
    bigger = client.get(url)
    assert bigger[STATE] == "miss"
    assert "font-step-2" in soup_of(bigger).html["class"]
    assert client.get(url)[STATE] == "hit"
    del client.cookies["khabar_font"]
    plain = client.get(url)
    assert plain[STATE] == "hit" and "font-step-0" in soup_of(plain).html["class"]


def test_a_response_that_sets_a_cookie_is_never_stored(settings) -> None:
    def view(request):
        response = pagecache.tag_response(HttpResponse("hello"), ["site"])
        response.set_cookie("hello", "1")
        return response

    middleware = pagecache.PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/cookie"))
        assert response[STATE] == "bypass" and "no-store" in response["Cache-Control"]


def test_not_found_is_not_stored_and_gone_is(client, news, committed) -> None:
    assert client.get("/news/99999999/x").status_code == 404
    assert pagecache.STATUS_HEADER not in client.get("/news/99999999/x")
    article = news["article"]
    with committed():
        services.article_take_down(article_id=article.pk, reason="حکم دادگاه")
    client.get(article.get_absolute_url())
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410 and gone[STATE] == "hit"


# --- freshness without races, and without a cache ------------------------------------------------


def test_a_render_that_read_before_a_change_is_never_served_after_it() -> None:
    """The change commits (and bumps) while a page is being rendered from the old data."""
    calls = []

    def view(request):
        calls.append(1)
        if len(calls) == 1:
            pagecache.bump(["article-1"])  # the newsroom's commit, mid-render
        return pagecache.tag_response(HttpResponse(f"render {len(calls)}"), ["article-1"])

    middleware = pagecache.PageCacheMiddleware(view)
    pagecache.bump(["article-1"])
    assert middleware(RequestFactory().get("/race")).content == b"render 1"
    second = middleware(RequestFactory().get("/race"))
    assert second.content == b"render 2" and second[STATE] == "miss"
    third = middleware(RequestFactory().get("/race"))
    assert third.content == b"render 2" and third[STATE] == "hit"


def test_a_broken_cache_means_rendering_not_errors(client, news, settings, committed) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        },
    }
    settings.KHABAR_PAGE_CACHE_ALIAS = "broken"
    settings.KHABAR_PAGE_CACHE_PAUSE = 0
    article = news["article"]
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200 and response[STATE] == "miss"
    with committed():  # the invalidation fails quietly; the save does not
        services.article_update(article=article, title="لایحه بودجه بازگشت")
    assert "بازگشت" in text_of(client, article.get_absolute_url())


def test_pages_are_stored_and_served_when_redis_lost_its_scripts(client, news) -> None:
    """After a Redis restart (or SCRIPT FLUSH) the scripts are loaded again, by the lookup and
    by the store alike; here the server is left alone and this process forgets their hashes."""
    backend = pagecache._backend()
    if not isinstance(backend, pagecache._RedisDirect):
        pytest.skip("Redis only: the page cache's scripts")
    url = news["article"].get_absolute_url()
    backend.put_script.sha = backend.script.sha = "0" * 40  # known to no Redis
    first = client.get(url)
    assert first[STATE] == "miss"
    assert backend.put_script.sha != "0" * 40 and backend.script.sha != "0" * 40
    backend.put_script.sha = "0" * 40
    client.get("/")  # stored through the script loaded again
    again = client.get(url)
    assert again[STATE] == "hit" and again.content == first.content
    assert client.get("/")[STATE] == "hit"


# --- reads counted though the page is cached --------------------------------------------------------


@contextmanager
def reading(client, url: str) -> Iterator[None]:
    """What a browser does: fetch the page (maybe from a cache) and send its beacon."""
    page = client.get(url)
    yield
    beacon = soup_of(page).select_one("[data-seen-url]")["data-seen-url"]
    assert client.post(beacon).status_code == 204


def test_cached_reads_are_counted_and_most_read_follows(client, news) -> None:
    article, neighbour = news["article"], news["neighbour"]
    views_flush()  # remember the (empty) most-read list
    home = client.get("/")
    assert soup_of(home).select_one(".most-read") is None
    for _ in range(3):
        with reading(client, neighbour.get_absolute_url()):
            pass
    with reading(client, article.get_absolute_url()):
        pass
    assert client.get(neighbour.get_absolute_url())[STATE] == "hit"
    views_flush()  # the worker's job
    neighbour.refresh_from_db()
    article.refresh_from_db()
    assert (neighbour.view_count, article.view_count) == (3, 1)
    ranks = soup_of(client.get("/")).select(".most-read li")
    assert [neighbour.title in r.get_text() for r in ranks][:2] == [True, False]


# --- the WSGI fast path (khabar.wsgi wraps Django with it) ------------------------------------


def _wsgi_get(app, path: str, **extra) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory().generic(extra.pop("method", "GET"), path, **extra).environ
    # As a WSGI server passes it (Django's request rewrote it decoded).
    environ["PATH_INFO"] = unquote_to_bytes(iri_to_uri(path)).decode("iso-8859-1")
    environ["wsgi.input"] = io.BytesIO(b"")
    seen: list = []
    # As the test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = app(environ, lambda status, headers, exc_info=None: seen.append((status, headers)))
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    status, headers = seen[0]
    return status, {k.lower(): v for k, v in headers}, content


def test_the_wsgi_fast_path_answers_hits_before_django(client, news) -> None:
    app = pagecache.wsgi_fast_path(WSGIHandler())
    url = news["article"].get_absolute_url()
    status, headers, first = _wsgi_get(app, url)  # a miss: Django renders and stores
    assert status.startswith("200") and headers[STATE.lower()] == "miss"
    status, headers, again = _wsgi_get(app, url)
    assert headers[STATE.lower()] == "hit" and again == first
    assert headers["content-security-policy"] and "s-maxage=1" in headers["cache-control"]
    assert _wsgi_get(app, url)[2] == client.get(url).content  # the same page either way
    status, headers, body = _wsgi_get(app, url, HTTP_IF_NONE_MATCH=headers["etag"])
    assert status.startswith("304") and body == b""
    status, headers, body = _wsgi_get(app, url, method="HEAD")
    assert status.startswith("200") and body == b"" and headers["content-length"] == str(len(first))
    status, headers, _ = _wsgi_get(app, url, HTTP_COOKIE="sessionid=abc")
    assert headers[STATE.lower()] == "bypass"
    status, headers, bigger = _wsgi_get(app, url, HTTP_COOKIE="khabar_font=2")
    assert headers[STATE.lower()] == "miss" and b"font-step-2" in bigger


def test_an_operator_can_purge_by_surrogate_key(client, news) -> None:
    url = news["article"].get_absolute_url()
    warm(client, [url, "/category/sport"])
    call_command("cache_purge", f"article-{news['article'].news_id}", stdout=io.StringIO())
    assert client.get(url)[STATE] == "miss"
    assert client.get("/category/sport")[STATE] == "hit"
    call_command("cache_purge", "--all", stdout=io.StringIO())
    assert client.get("/category/sport")[STATE] == "miss"


def test_a_new_or_renamed_category_shows_in_every_navigation(client, news, committed) -> None:
    url = news["article"].get_absolute_url()
    warm(client, [url, "/"])
    with committed():
        CategoryFactory(name="فرهنگ و هنر", slug="culture")
    for page in (url, "/"):
        assert "فرهنگ و هنر" in text_of(client, page), page
    sport = news["sport"]
    with committed():
        sport.name = "ورزش و تندرستی"
        sport.save()
    assert "ورزش و تندرستی" in text_of(client, url)


def test_an_edit_shows_in_the_sidebar_and_related_news_of_other_articles(
    client, news, committed
) -> None:
    # Those parts of an article page are rendered once and shared by other article pages
    # ({% fragment %}): they must follow the articles they show.
    article = news["article"]
    old_title = article.title
    with committed():
        elsewhere = make_article(title="خبر ورزشی", category=news["sport"], minutes_ago=60)
    related_url = news["neighbour"].get_absolute_url()  # same category: related news
    sidebar_url = elsewhere.get_absolute_url()  # nothing related: the latest in the sidebar
    warm(client, [related_url, sidebar_url])
    assert article.title in soup_of(client.get(related_url)).select_one(".related").get_text()
    assert article.title in soup_of(client.get(sidebar_url)).select_one(".sidebar").get_text()
    with committed():
        services.article_update(article=article, title="لایحه بودجه در مجلس تصویب شد")
    related = soup_of(client.get(related_url))
    sidebar = soup_of(client.get(sidebar_url))
    assert "تصویب شد" in related.select_one(".related").get_text()
    assert "تصویب شد" in sidebar.select_one(".sidebar").get_text()
    assert old_title not in str(related) and old_title not in str(sidebar)


def test_the_shared_header_marks_the_category_of_each_page(client, news, committed) -> None:
    with committed():
        in_sport = make_article(title="خبر ورزشی", category=news["sport"])
    for article, category in ((news["article"], "اقتصاد"), (in_sport, "ورزش"), (None, "")):
        page = soup_of(client.get(article.get_absolute_url() if article else "/"))
        current = page.select(".site-nav [aria-current]")
        assert [a.get_text(strip=True) for a in current] == [category or "صفحهٔ نخست"]
