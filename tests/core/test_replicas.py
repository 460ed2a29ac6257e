"""Read replicas for real: a private PostgreSQL primary, a streaming replica made with
`pg_basebackup -R`, and Khabar under granian reading from it (docs/scaling.md).

Which database answered is told by what it holds: replay on the replica is paused,
so a change made on the primary is visible only where the request read the primary.
"""

from __future__ import annotations

import re
import time
import urllib.parse

import pytest
import requests
from bs4 import BeautifulSoup

from tests.core.pgcluster import (
    AppServer,
    khabar,
    khabar_env,
    primary_and_replica,
    skip_reason,
    wait_for_replay,
)

pytestmark = [
    pytest.mark.own_servers,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

PASSWORD = "replica-test-password-7"

# Runs inside `khabar shell`: a published article written on the primary only.
PUBLISH = """
from khabar.news import services
from khabar.news.models import Category
article = services.article_create(title="{title}", body="<p>متن خبر تازه</p>",
                                  category=Category.objects.order_by("pk").first())
article = services.article_publish(article_id=article.pk)
print(article.news_id, article.get_absolute_url())
"""


SET_PASSWORD = f"""
from django.contrib.auth import get_user_model
editor = get_user_model().objects.get(username="desk")
editor.set_password("{PASSWORD}")
editor.save()
"""


# How long an app process leaves out a replica it found down (short, for the tests).
RETRY_SECONDS = 2


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Primary + replica with the demo content replayed, and the app reading from both."""
    work = tmp_path_factory.mktemp("replicas")
    with primary_and_replica() as (primary, replica):
        env = khabar_env(
            DATABASE_URL=primary.url("khabar"),
            DATABASE_REPLICA_URLS=replica.url("khabar"),
            KHABAR_DEMO_PASSWORD=PASSWORD,
            KHABAR_VAR_DIR=str(work / "var"),
            KHABAR_PAGE_CACHE="off",  # every answer below is rendered from a database
            KHABAR_REPLICA_RETRY_SECONDS=str(RETRY_SECONDS),
        )
        khabar("migrate", "--noinput", env=env)
        khabar("news_seed_demo", env=env)
        khabar("shell", "-c", SET_PASSWORD, env=env)
        wait_for_replay(primary, replica)
        server = AppServer(env, work / "server.log")
        try:
            server.wait_ready()
            yield {"primary": primary, "replica": replica, "env": env, "server": server}
        finally:
            server.stop()


def publish_on_primary(site, title: str, *, publish: bool = True) -> tuple[int, str]:
    """An article written on the primary only (published, or a draft)."""
    script = PUBLISH.format(title=title)
    if not publish:
        script = script.replace("article = services.article_publish(article_id=article.pk)", "")
    out = khabar("shell", "-c", script, env=site["env"])
    news_id, path = out.split()[-2:]
    return int(news_id), path


def editor_session(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=30)
    token = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})
    answer = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "username": "desk",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token["value"],
        },
        timeout=30,
    )
    assert answer.status_code == 200 and "/admin/logout/" in answer.text, answer.text[:500]
    return session


def unpin(session: requests.Session) -> None:
    for cookie in list(session.cookies):
        if cookie.name == "khabar_primary":
            session.cookies.clear(cookie.domain, cookie.path, cookie.name)


def title_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("h1").get_text(" ", strip=True)


def test_reader_pages_are_read_from_the_replica(site):
    base, primary, replica = site["server"].base, site["primary"], site["replica"]
    assert replica.sql("SELECT pg_is_in_recovery()") == "t"  # a real standby
    news_id, path = publish_on_primary(site, "خبر اول پیش از توقف بازپخش")
    wait_for_replay(primary, replica)
    assert requests.get(base + path, timeout=30).status_code == 200

    search = base + "/search?q=" + urllib.parse.quote("پایگاه اصلی")
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        news_id, path = publish_on_primary(site, "خبر دوم فقط در پایگاه اصلی")
        assert primary.sql(f"SELECT status FROM news_article WHERE news_id = {news_id}", "khabar")  # noqa: S608
        # The replica does not have it yet: a reader, whose reads go there, gets a 404.
        assert requests.get(base + path, timeout=30).status_code == 404
        assert requests.get(f"{base}/api/v1/articles/{news_id}", timeout=30).status_code == 404
        assert f"/news/{news_id}/" not in requests.get(search, timeout=30).text
        # The newsroom reads the primary: the editor finds it in the list.
        editor = editor_session(base)
        listing = editor.get(f"{base}/admin/news/article/?q={news_id}", timeout=30)
        assert listing.status_code == 200 and "خبر دوم فقط در پایگاه اصلی" in listing.text
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    wait_for_replay(primary, replica)
    page = requests.get(base + path, timeout=30)
    assert page.status_code == 200 and "خبر دوم فقط در پایگاه اصلی" in page.text
    assert f"/news/{news_id}/" in requests.get(search, timeout=30).text


def test_an_editor_reads_their_own_change_at_once(site):
    """Read-your-writes: after publishing, the editor's browser reads from the primary."""
    base, primary, replica = site["server"].base, site["primary"], site["replica"]
    news_id, path = publish_on_primary(site, "خبری که دبیر منتشر می‌کند", publish=False)
    wait_for_replay(primary, replica)
    pk = primary.sql(f"SELECT id FROM news_article WHERE news_id = {news_id}", "khabar")  # noqa: S608
    editor = editor_session(base)
    unpin(editor)  # as when the pin set by the login has run out
    assert editor.get(base + path, timeout=30).status_code == 404  # a draft

    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        done = editor.post(
            f"{base}/admin/news/article/{pk}/do/publish/",
            data={"csrfmiddlewaretoken": editor.cookies["csrftoken"]},
            timeout=30,
        )
        assert done.status_code == 200 and done.url.endswith(f"/admin/news/article/{pk}/change/")
        assert "khabar_primary" in editor.cookies  # pinned to the primary for a while
        assert primary.sql(f"SELECT status FROM news_article WHERE id = {pk}", "khabar") == (  # noqa: S608
            "published"
        )
        # The editor sees the article on the public site right away ...
        mine = editor.get(base + path, timeout=30)
        assert mine.status_code == 200 and title_of(mine.text) == "خبری که دبیر منتشر می‌کند"
        # ... while a reader is still served from the paused replica, where it is a draft.
        assert requests.get(base + path, timeout=30).status_code == 404
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    wait_for_replay(primary, replica)
    assert requests.get(base + path, timeout=30).status_code == 200


def test_losing_the_replica_falls_back_to_the_primary(site):
    base, replica = site["server"].base, site["replica"]
    news_id, path = publish_on_primary(site, "خبر پس از از دست رفتن رونوشت")
    replica.stop("immediate")  # a crash: connections drop, the port closes
    try:
        pages = [
            "/",
            path,
            f"/api/v1/articles/{news_id}",
            "/rss/",
            "/search?q=" + urllib.parse.quote("خبر"),
        ]
        for _round in range(3):  # the first finds it gone; the next ones skip it
            for page in pages:
                answer = requests.get(base + page, timeout=30)
                assert answer.status_code == 200, (page, answer.status_code, answer.text[:300])
        assert "خبر پس از از دست رفتن رونوشت" in requests.get(base + path, timeout=30).text
        log = site["server"].log.read_text()
        assert re.search(r"replica replica1 is not answering", log), log[-2000:]
        assert "Traceback" not in log
    finally:
        replica.start()
    # Back: the site keeps answering while the replica rejoins.
    assert requests.get(base + path, timeout=30).status_code == 200


def test_with_the_primary_down_readers_are_still_served_by_the_replica(site):
    base, primary, replica = site["server"].base, site["primary"], site["replica"]
    if not replica.is_running():
        replica.start()
    news_id, path = publish_on_primary(site, "خبری که رونوشت نگه می‌دارد")
    wait_for_replay(primary, replica)
    # A process that left the replica out in the previous test (it was stopped there)
    # reads the primary until its retry time has passed; only then is the replica all
    # that serves readers.
    time.sleep(RETRY_SECONDS + 0.5)
    primary.stop("immediate")
    try:
        for page in ("/", path, f"/api/v1/articles/{news_id}", "/rss/"):
            answer = requests.get(base + page, timeout=30)
            assert answer.status_code == 200, (page, answer.status_code, answer.text[:300])
        # A browser that must read the primary (an editor who just wrote) gets the 503 page.
        pinned = requests.get(base + path, cookies={"khabar_primary": "1"}, timeout=30)
        assert pinned.status_code == 503 and "Retry-After" in pinned.headers
    finally:
        primary.start()
    assert requests.get(base + path, cookies={"khabar_primary": "1"}, timeout=30).status_code == 200
