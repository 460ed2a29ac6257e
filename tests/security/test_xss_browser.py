"""The worst XSS payloads in a real browser (Debian's chromium through Playwright): no alert,
confirm or prompt dialog opens on the article, print, tag, category and search pages.

A positive control first opens a page that does call alert(), so a browser that never
reports dialogs cannot pass the test by accident.
"""

from __future__ import annotations

import shutil

import pytest

from khabar.news import services
from tests.factories import CategoryFactory, TagFactory, make_article
from tests.security.xss import PAYLOADS
from tests.site.helpers import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WORST = [
    "<script>alert('xss-1')</script>",
    '"><script>alert("xss-2")</script>',
    "</script><script>alert(5)</script>",
    "<img src=x onerror=alert(7)>",
    "<svg onload=alert(26)>",
    '<a href="javascript:alert(16)">پیوند</a>',
    '<iframe srcdoc="<script>alert(36)</script>"></iframe>',
    '<noscript><p title="</noscript><img src=x onerror=alert(43)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(30)>",
    "<details open ontoggle=alert(11)>",
    "\uff1cscript\uff1ealert(49)\uff1c/script\uff1e",
    '" onmouseover="alert(14)',
]
assert set(WORST) <= set(PAYLOADS)


@pytest.fixture
def hostile_pages(django_capture_on_commit_callbacks) -> list[str]:
    category = CategoryFactory(name="شاخه <img src=x onerror=alert(99)>")
    picture = services.image_create(
        file=png_upload("x.png", (640, 360)),
        caption=WORST[3],
        credit=WORST[4][:150],
        alt=WORST[0],
    )
    body = "".join(f"<p>بند: {p}</p>" for p in WORST)
    urls = [category.get_absolute_url()]
    with django_capture_on_commit_callbacks(execute=True):
        for n, payload in enumerate(WORST):
            tag = TagFactory(name=f"برچسب {n} {payload}"[:100])
            article = make_article(
                title=f"تیتر {payload}",
                overline=payload,
                lead=f"لید {payload}",
                body=body,
                category=category,
                tags=[tag],
                lead_image=picture,
            )
            urls += [article.get_absolute_url(), f"/news/{article.news_id}/print"]
            urls.append(tag.get_absolute_url())
    urls += ["/", "/search?q=بند", "/search?q=تیتر"]
    urls += [f"/search?q={p}" for p in WORST]
    urls += ["/settings/font/larger?next=javascript:alert(1)"]
    return urls


def test_no_payload_opens_a_dialog_in_chromium(hostile_pages, live_server) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed (`apt-get install chromium`).")
    sync_api = pytest.importorskip("playwright.sync_api")
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
            # Positive control: a page that does run alert() is noticed.
            page.set_content("<script>alert('control')</script>")
            page.wait_for_timeout(100)
            assert dialogs == ["about:blank: control"], dialogs
            dialogs.clear()
            for url in hostile_pages:
                page.goto(live_server.url + url, wait_until="load")
                # Hover and focus everything, so handlers that wait for a person would fire.
                page.evaluate(
                    """() => document.querySelectorAll('body *').forEach(el => {
                        for (const type of ['mouseover', 'focus', 'toggle', 'click'])
                          if (!['A', 'BUTTON', 'INPUT', 'FORM', 'SELECT'].includes(el.tagName)) el.dispatchEvent(new Event(type));
                    })"""
                )
                page.wait_for_timeout(50)
        finally:
            browser.close()
    assert dialogs == []
