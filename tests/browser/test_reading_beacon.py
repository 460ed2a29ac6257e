"""A reading is counted in a real browser, also when the page came from the page cache:
site.js posts the page's beacon (Debian's chromium, Playwright's sync API)."""

from __future__ import annotations

import shutil

import pytest
from django.utils.encoding import iri_to_uri

from khabar.site.cache import views_flush
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def test_each_reading_in_a_browser_counts_once(live_server, settings) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium).")
    sync_api = pytest.importorskip("playwright.sync_api")
    settings.KHABAR_PAGE_CACHE = True
    article = make_article(title="خبری که خوانده می‌شود")
    url = live_server.url + iri_to_uri(article.get_absolute_url())
    states, blocked = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(2):  # two readers, each with a browser of their own (no shared cache)
            context = browser.new_context()
            page = context.new_page()
            page.on(
                "console",
                lambda msg: blocked.append(msg.text) if "Content Security" in msg.text else None,
            )
            with page.expect_response(lambda r: "/seen/" in r.url) as beacon:
                response = page.goto(url)
                states.append((response.status, response.headers.get("x-khabar-cache")))
            assert beacon.value.status == 204
            context.close()
        browser.close()
    assert states == [(200, "miss"), (200, "hit")]  # the second reading came from the cache
    assert blocked == []  # the strict CSP allows the beacon
    views_flush()  # the worker's job (with Redis the reads wait there until it runs)
    article.refresh_from_db()
    assert article.view_count == 2
