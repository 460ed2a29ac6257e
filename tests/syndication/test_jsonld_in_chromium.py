"""JSON-LD under the strict CSP, in a real browser (Debian's chromium through Playwright).

`script-src 'self'` forbids inline scripts. A <script type="application/ld+json">
is a data block that browsers never run, so the policy does not apply to it:
Chromium must report no violation for the page metadata, while the same
page with an inline executable script does get one (so the check can fail).
"""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.template import engines
from django.test import RequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGE_URL = "https://news.example/news/1/"
LISTEN = """() => { window.__violations = [];
  document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective)); }"""


def _meta(article) -> str:
    request = RequestFactory().get("/", HTTP_HOST="news.example", secure=True)
    template = engines["jinja2"].from_string("{{ article_meta(article) }}")
    return template.render({"article": article}, request=request)


def _run(html: str) -> tuple[list[str], list[str], object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium).")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.add_init_script(f"({LISTEN})()")
        # Playwright tries the routes added last first: the page itself comes last.
        page.route("https://news.example/**", lambda route: route.fulfill(status=204, body=""))
        page.route(
            PAGE_URL,
            lambda route: route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": settings.KHABAR_CSP},
                body=html,
            ),
        )
        page.goto(PAGE_URL)
        violations = page.evaluate("window.__violations")
        data = page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
        )
        browser.close()
    return violations, console, data


def _page(head: str, extra: str = "") -> str:
    return f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">{head}</head><body><p>متن</p>{extra}</body></html>'


@pytest.fixture(autouse=True)
def _host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "news.example"]


def test_json_ld_is_read_and_not_blocked(public_article):
    head = _meta(public_article)
    violations, console, data = _run(_page(head))
    assert violations == []
    assert not [m for m in console if "Content Security Policy" in m]
    assert data["@type"] == "NewsArticle" and data["headline"] == public_article.title


def test_an_inline_script_on_the_same_page_is_blocked(public_article):
    head = _meta(public_article)
    violations, console, _ = _run(_page(head, "<script>document.title = 'ran'</script>"))
    assert "script-src-elem" in violations or "script-src" in violations
    assert any("Content Security Policy" in m for m in console)
