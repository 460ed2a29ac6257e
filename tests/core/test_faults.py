"""Faults (issue 8, part 4), each against real parts started by the test itself:
PostgreSQL down, Redis down. (The worker killed mid-job and the disk filling up
during an upload have their own files: tests/news/test_worker_killed.py and
tests/newsroom/test_upload_disk_full.py.)
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import urllib.parse

import pytest
import requests
from bs4 import BeautifulSoup

from tests.core.pgcluster import (
    AppServer,
    free_port,
    khabar,
    khabar_env,
    primary_and_replica,
    skip_reason,
)

pytestmark = pytest.mark.own_servers

PASSWORD = "faults-test-password-7"
SET_PASSWORD = f"""
from django.contrib.auth import get_user_model
desk = get_user_model().objects.get(username="desk")
desk.set_password("{PASSWORD}")
desk.save()
"""
FIRST_ARTICLE = """
from khabar.news.models import Article
a = Article.objects.filter(status="published").order_by("-published_at")
print(" ".join(x.get_absolute_url() for x in a[:3]), a[0].pk, a[0].news_id)
"""


def get(url: str) -> requests.Response:
    return requests.get(url, timeout=30, allow_redirects=False)


def login(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=30)
    token = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})
    answer = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": "desk", "password": PASSWORD, "csrfmiddlewaretoken": token["value"]},
        timeout=30,
    )
    assert "/admin/logout/" in answer.text, answer.text[:300]
    return session


def demo_site(env: dict[str, str]) -> tuple[list[str], int, int]:
    """Migrate, load the demo content; (three article paths, an article's pk, its news ID)."""
    khabar("migrate", "--noinput", env=env)
    khabar("news_seed_demo", env=env)
    khabar("shell", "-c", SET_PASSWORD, env=env)
    *paths, pk, news_id = khabar("shell", "-c", FIRST_ARTICLE, env=env).splitlines()[-1].split()
    return paths[:3], int(pk), int(news_id)


# --- PostgreSQL down -----------------------------------------------------------


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_database_down_cached_pages_served_others_get_a_persian_503_then_it_recovers(
    tmp_path,
):
    with primary_and_replica(replica=False) as (primary, _none):
        env = khabar_env(
            DATABASE_URL=primary.url("khabar"),
            KHABAR_VAR_DIR=str(tmp_path / "var"),
            KHABAR_PAGE_CACHE="on",  # local memory: one worker process holds the pages
        )
        (cached, other, _third), _pk, _news_id = demo_site(env)
        server = AppServer(env, tmp_path / "server.log")
        try:
            server.wait_ready()
            base = server.base
            for path in ("/", cached):
                get(base + path)
                assert get(base + path).headers.get("X-Khabar-Cache") == "hit"

            primary.stop("immediate")  # the database crashes

            for path in ("/", cached):  # already in the page cache: still served
                page = get(base + path)
                assert page.status_code == 200 and page.headers["X-Khabar-Cache"] == "hit"
            pages = [
                other,  # an article not yet cached
                "/search?q=" + urllib.parse.quote("اقتصاد"),
                "/api/v1/articles",
            ]
            for path in pages:
                down = get(base + path)
                assert down.status_code == 503, (path, down.status_code, down.text[:300])
                assert down.headers["Retry-After"].isdigit()
                assert "no-store" in down.headers.get("Cache-Control", "")
                assert 'lang="fa"' in down.text and "در دسترس نیست" in down.text
                assert "Traceback" not in down.text and "psycopg" not in down.text
            editor = requests.Session()
            editor.cookies.set("sessionid", "an-editor-session")  # the newsroom, logged in
            assert editor.get(f"{base}/admin/", timeout=30).status_code == 503

            primary.start()  # the database comes back; nothing is restarted

            page = get(base + other)
            assert page.status_code == 200, page.text[:300]
            assert get(base + pages[1]).status_code == 200
            assert login(base).get(f"{base}/admin/news/article/", timeout=30).status_code == 200
            assert server.proc.poll() is None  # the same app process all along
        finally:
            server.stop()


# --- Redis down ----------------------------------------------------------------


class RedisServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        import redis

        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_redis_down_the_site_keeps_serving_from_the_database(tmp_path):
    redis_server = RedisServer(free_port())
    redis_server.start()
    env = khabar_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'khabar.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0",
        KHABAR_VAR_DIR=str(tmp_path / "var"),
        KHABAR_PAGE_CACHE="auto",  # on: Redis is set
        KHABAR_SEARCH_BACKEND="",
    )
    (article, other, _third), pk, news_id = demo_site(env)
    server = AppServer(env, tmp_path / "server.log")
    try:
        server.wait_ready()
        base = server.base
        pages = [
            "/",
            article,
            other,
            "/search?q=" + urllib.parse.quote("اقتصاد"),
            "/rss/",
            "/sitemap.xml",
            "/api/v1/articles",
            f"/api/v1/articles/{news_id}",
        ]
        for path in pages:
            assert get(base + path).status_code == 200, path
        assert get(base + article).headers["X-Khabar-Cache"] == "hit"  # Redis holds pages

        redis_server.kill()  # Redis dies

        desk = login(base)  # sessions live in the database: the newsroom still works
        for _round in range(3):
            for path in pages:
                page = get(base + path)
                assert page.status_code == 200, (path, page.status_code, page.text[:300])
                assert page.headers.get("X-Khabar-Cache", "miss") != "hit"
            # The API's rate limit counts nothing while Redis is down: never a 500 or 429.
            change = desk.get(f"{base}/admin/news/article/{pk}/change/", timeout=30)
            assert change.status_code == 200
            presence = desk.get(f"{base}/admin/news/article/{pk}/presence/", timeout=30)
            assert presence.status_code == 200 and presence.json() == {"others": []}
        log = server.log.read_text()
        assert "Traceback" not in log, log[-3000:]

        redis_server.start()  # Redis is back on the same port: pages are cached again
        deadline = time.monotonic() + 60
        while get(base + article).headers.get("X-Khabar-Cache") != "hit":
            assert time.monotonic() < deadline, "the page cache did not come back"
            time.sleep(0.5)
    finally:
        server.stop()
        redis_server.kill()
