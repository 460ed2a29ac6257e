"""The seed article in a real browser: Debian's chromium, driven by Playwright (sync API).

Opens the page at a phone and a desktop width, presses A+ (with JavaScript),
checks the body text grows and stays grown after a reload, that nothing
overflows sideways, that Vazirmatn really loaded and that the strict CSP
blocked nothing; saves screenshots to test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from khabar.news import services
from khabar.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "narrow": {"width": 320, "height": 640},  # the smallest phones still in use
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1366, "height": 900},
}

BODY_FONT_SIZE = "parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
VAZIRMATN_LOADED = """async () => {
  await document.fonts.ready;
  const faces = Array.from(document.fonts).filter(f => f.family.replace(/["']/g, '') === 'Vazirmatn');
  return {
    check: document.fonts.check('400 16px Vazirmatn', 'خبر'),
    loaded: faces.filter(f => f.status === 'loaded').map(f => f.weight),
    family: getComputedStyle(document.querySelector('.article-body p')).fontFamily,
  };
}"""


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(
            "Debian's chromium is not installed (no `chromium` on PATH). "
            "Install it with `apt-get install chromium`; the browser tests never download a browser."
        )
    return path


@pytest.fixture
def browser(chromium_path: str, seed_site: Article, live_server):
    # The data comes first: Playwright's sync API runs an event loop in this thread, and
    # Django refuses database calls while one runs (SynchronousOnlyOperation).
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def media_served(settings):
    """Uploads of this test; /media/ serves the test's MEDIA_ROOT (read per request)."""
    created: list[Path] = []
    yield created
    for path in created:
        path.unlink(missing_ok=True)


def _small_image(color: tuple[int, int, int], index: int) -> ContentFile:
    """A 640×360 picture per article: enough for phone and desktop, quick to make renditions of."""
    image = PILImage.new("RGB", (640, 360), color)
    draw = ImageDraw.Draw(image)
    for n in range(4):
        r = 40 + 30 * ((index + n) % 5)
        x, y = (97 * (index + 1) * (n + 1)) % 640, (53 * (index + 2) * (n + 1)) % 360
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=tuple(min(255, c + 70) for c in color), width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"browser-{index}.jpg")


@pytest.fixture
def seed_site(seed_page_text: str, media_served: list[Path]) -> Article:
    """The demo content (the seed article with its image, plus articles in several categories),
    so the screenshots show the site as a reader of the demo would see it."""
    from khabar.ingest.demo import seed_demo
    from khabar.news.models import Image

    seed_demo(log=lambda _line: None, make_image=_small_image)
    for image in Image.objects.all():
        media_served.append(Path(image.file.path))
        for files in image.renditions.values():
            media_served.extend(Path(default_storage.path(name)) for name in files.values())
    article = Article.objects.select_related("category", "lead_image").get(news_id=3830263)
    assert article.lead_image is not None
    # A story that tries to break the layout: long URL, long unbroken word, long Latin name.
    long = services.article_create(
        title="گزارش‌ناپذیرترین‌های‌فهرست‌نشده‌ی‌بی‌پایان‌و‌بی‌فاصله‌ی‌آزمایشی در Llanfairpwllgwyngyll",
        category=article.category,
        body=(
            "<p>نشانی کامل گزارش: https://www.example.org/reports/2026/11/26/"
            "a-very-long-path-without-any-spaces-that-must-wrap-on-a-phone-screen?"
            "utm_source=khabar&amp;utm_medium=article&amp;utm_campaign=overflow-test</p>"
            "<p>" + "بی‌فاصله" * 30 + "</p>"
            "<table><tr><td>ستون یک</td><td>ستون دو</td><td>ستون سه</td><td>ستون چهار</td>"
            "<td>ستون پنج</td><td>ستون شش</td><td>ستون هفت</td><td>ستون هشت</td></tr></table>"
        ),
    )
    services.article_publish(article_id=long.pk)
    long.refresh_from_db()
    # The newsroom's hand on the home page: picks and a breaking-news banner.
    picks = (
        Article.objects.published().exclude(pk__in=[article.pk, long.pk]).order_by("news_id")[:3]
    )
    for position, pick in enumerate(picks):
        services.featured_article_save(article=pick, position=position)
    services.breaking_news_save(
        headline="فوری: بانک مرکزی نرخ سود بانکی را تغییر نداد",
        article=picks[0],
        expires_at=timezone.now() + timedelta(hours=1),
    )
    article.long_url = long.get_absolute_url()
    return article


def _open(page, url: str) -> list[str]:
    """Go to `url`, collect console errors (CSP violations show up there)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return errors


def _full_screenshot(page, path: Path) -> None:
    """Scroll through the page first, so lazy images below the fold are in the picture."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y);
            await new Promise(r => setTimeout(r, 30));
          }
          scrollTo(0, 0);
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_seed_article_in_chromium(live_server, seed_site: Article, browser, device: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[device], locale="fa-IR")
    page = context.new_page()
    errors = _open(page, f"{live_server.url}/5x3830263")  # the seed's legacy short link

    assert page.url.startswith(f"{live_server.url}/news/3830263/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text().startswith("روسیه: از تمام اقدامات")

    fonts = page.evaluate(VAZIRMATN_LOADED)
    assert fonts["check"], fonts
    assert "400" in fonts["loaded"], fonts
    assert fonts["family"].startswith(("Vazirmatn", '"Vazirmatn"')), fonts
    assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    # The lead image arrived, as WebP; a phone gets the small rendition, not the original.
    image = page.evaluate(
        "(() => { const i = document.querySelector('.lead-image img');"
        " return {src: i.currentSrc, ok: i.complete && i.naturalWidth > 0}; })()"
    )
    assert image["ok"], image
    assert image["src"].endswith(".webp"), image
    if device == "phone":
        assert image["src"].endswith(seed_site.lead_image.renditions["480"]["webp"]), image
    _full_screenshot(page, SCREENSHOTS / f"article-{device}.png")

    # With JavaScript the copy button shows up next to the short link.
    assert page.locator(".copy-btn").is_visible()

    before = page.evaluate(BODY_FONT_SIZE)
    page.evaluate("window.__sameDocument = true")
    page.locator(".settings-panel > summary").click()
    page.locator(".font-btn--larger").click()
    after = page.evaluate(BODY_FONT_SIZE)
    assert after > before, (before, after)
    assert page.evaluate("window.__sameDocument === true"), (
        "A+ reloaded the page instead of acting in place"
    )
    assert "font-step-1" in page.evaluate("document.documentElement.className")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / f"article-{device}-larger.png"), full_page=False)

    page.reload(wait_until="networkidle")
    assert page.evaluate(BODY_FONT_SIZE) == after, "the larger size did not survive a reload"

    # A− twice goes below the default; A resets.
    page.locator(".settings-panel > summary").click()
    page.locator(".font-btn--smaller").click()
    page.locator(".font-btn--smaller").click()
    assert page.evaluate(BODY_FONT_SIZE) < before
    page.locator(".font-btn--reset").click()
    assert page.evaluate(BODY_FONT_SIZE) == before

    # Printed, the article page drops the navigation and the controls but keeps the text.
    page.emulate_media(media="print")
    for chrome in (".site-nav", ".settings-panel", ".article-toolbar", ".site-footer"):
        assert not page.locator(chrome).is_visible(), chrome
    assert page.locator(".article-body").is_visible()
    assert page.locator(".news-details .short-link").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"article-{device}-as-printed.png"), full_page=True)
    page.emulate_media(media="screen")

    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


@pytest.mark.parametrize("device", ["narrow", "phone", "desktop"])
def test_other_pages_fit_the_screen(live_server, seed_site: Article, browser, device: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "article": seed_site.get_absolute_url(),
        "long-words": seed_site.long_url,
        "home": "/",
        "category": seed_site.category.get_absolute_url(),
        "print": f"/news/{seed_site.news_id}/print",
        "404": "/no-such-page",
    }
    context = browser.new_context(viewport=VIEWPORTS[device], locale="fa-IR")
    page = context.new_page()
    for name, path in pages.items():
        errors = _open(page, f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.lang") == "fa"
        assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways"
        if (
            name not in ("article", "long-words") or device == "narrow"
        ):  # the article test shoots the others
            _full_screenshot(page, SCREENSHOTS / f"{name}-{device}.png")
        assert not [e for e in errors if "Content Security Policy" in e], (name, errors)
    context.close()
