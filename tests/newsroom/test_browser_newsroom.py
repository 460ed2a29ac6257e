"""The newsroom in a real browser (Debian's chromium through Playwright).

A reporter pastes the seed page's text, defects and all, into the article form and
sends it for review; an editor reviews the Persian text fixes, reverts one, schedules
the article a few seconds ahead, and a reader's browser sees it appear on the site
while nobody touches the admin: the worker (run here as a thread, as `khabar worker`
runs beside the web server) publishes it. Screenshots go to test-artifacts/newsroom/.
"""

from __future__ import annotations

import shutil
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from khabar.news import roles
from khabar.news.management.commands.worker import run as run_worker
from khabar.news.models import Article
from khabar.newsroom.jalali import format_jalali_input
from tests.factories import CategoryFactory, UserFactory
from tests.newsroom.conftest import ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO_ROOT = Path(__file__).resolve().parents[2]
SHOTS = REPO_ROOT / "test-artifacts" / "newsroom"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
ZWNJ = "\u200c"

TITLE = "روسیه: از تمام اقدامات کره شمالی برای مقابله با غرب حمایت میکنیم"
PARAGRAPHS = [
    "ﺑﻪ ﮔﺰارش ﺧﺒﺮﮔﺰاری اﻗﺘﺼﺎداﯾﺮان",
    "به گزارش خبرگزاری مهر به نقل از تاس، سرگئی لاوروف در دیدار با وزیر خارجه کره شمالی "
    "تأکید کرد که مسکو از اقدامات پیونگیانگ برای مقابله با سیاستهای تهاجمی غرب حمایت میکند.",
    "دو طرف توافق کردند که گفتوگو و تبادلنظر بین وزرای خارجه در همه سطوح ادامه داشته باشد.",
]


@pytest.fixture
def newsroom_people():
    ensure_roles()
    category = CategoryFactory(name="بین‌الملل", slug="world")
    reporter = UserFactory(username="reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name=roles.REPORTER))
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    category.editors.add(editor)
    return category


@pytest.fixture
def worker():
    stop = threading.Event()
    thread = threading.Thread(target=run_worker, kwargs={"interval": 1.0, "stop": stop})
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _paste_html(page, selector: str, html: str, text: str) -> None:
    """A real paste event, as when text is copied from another agency's page."""
    page.click(selector)
    page.evaluate(
        """([selector, html, text]) => {
            const target = document.querySelector(selector);
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', text);
            target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, html, text],
    )


@pytest.fixture
def photo(tmp_path):
    from PIL import Image as PILImage

    path = tmp_path / "lavrov.jpg"
    PILImage.new("RGB", (1200, 800), (40, 90, 160)).save(path, format="JPEG")
    return path


def test_reporter_to_editor_to_scheduled_publication(newsroom_people, worker, photo, live_server):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    csp_errors: list[str] = []
    published_seen_at = None

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)

        def new_page():
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
            page = context.new_page()
            page.on(
                "console",
                lambda m: (
                    csp_errors.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )
            return page

        # --- The reporter writes and submits.
        page = new_page()
        _login(page, base, "reporter")
        page.goto(f"{base}/admin/news/article/add/")
        page.select_option("#id_category", label="بین‌الملل")
        page.fill("#id_title", TITLE)
        page.wait_for_selector(".jodit-wysiwyg")
        html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        _paste_html(page, ".jodit-wysiwyg", html, "\n\n".join(PARAGRAPHS))
        assert "پیونگیانگ" in page.inner_text(".jodit-wysiwyg")
        # An inline image, uploaded from the editor; it asks for the alt text first.
        page.once("dialog", lambda dialog: dialog.accept("لاوروف در دیدار با همتای کره‌ای"))
        page.click(".jodit-toolbar-button_image button")
        page.set_input_files(".jodit-popup input[type=file]", str(photo))
        page.wait_for_selector(".jodit-wysiwyg img")
        assert page.get_attribute(".jodit-wysiwyg img", "alt") == "لاوروف در دیدار با همتای کره‌ای"
        page.screenshot(path=str(SHOTS / "01-reporter-writes.png"))
        page.click("button[name=_do][value=submit]")
        page.wait_for_selector(".messagelist")
        assert "برای بررسی فرستاده شد" in page.inner_text(".messagelist")
        page.context.close()

        # --- The editor reviews the Persian text fixes and reverts one.
        page = new_page()
        _login(page, base, "editor")
        assert "مقابله با غرب" in page.inner_text(".newsroom-desk")  # waiting on the desk
        page.screenshot(path=str(SHOTS / "00-editor-desk.png"))
        page.goto(f"{base}/admin/news/article/?status__exact=in_review")
        page.screenshot(path=str(SHOTS / "02-editor-list.png"))
        page.click("#result_list a:has-text('روسیه')")
        page.wait_for_selector("#text-review")
        review = page.inner_text("#text-review")
        assert "میکنیم" in review and "سیاستهای" in review
        page.screenshot(path=str(SHOTS / "03-text-review.png"), full_page=True)
        row = page.locator("#text-review tr", has_text="پیونگیانگ").first
        row.locator("button.review-toggle").click()
        page.wait_for_selector("#text-review tr.is-reverted")
        assert "دوباره" in page.inner_text(".messagelist")

        # --- Two tabs on the same article: the second, stale save is refused, text kept.
        change_url = page.url.split("#")[0]
        other = page.context.new_page()
        other.goto(change_url)
        page.fill("#id_lead", "لید نوشتهٔ برگه نخست")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist")
        other.fill("#id_lead", "لید نوشتهٔ برگه دوم")
        other.click("input[name=_continue]")
        other.wait_for_selector(".newsroom-panel--conflict")
        assert "پس از باز کردن شما" in other.inner_text(".errorlist.nonfield")
        assert other.input_value("#id_lead") == "لید نوشتهٔ برگه دوم"
        assert "لید نوشتهٔ برگه نخست" in other.inner_text(".newsroom-panel--conflict")
        other.screenshot(path=str(SHOTS / "06-stale-save-refused.png"))
        other.click("input[name=_continue]")  # having seen the changes, keep mine
        other.wait_for_selector(".messagelist .success")
        other.goto(change_url.replace("/change/", "/revisions/"))
        other.screenshot(path=str(SHOTS / "07-revisions-diff.png"), full_page=True)
        other.goto(change_url.replace("/change/", "/history/"))
        other.screenshot(path=str(SHOTS / "08-audit-log.png"))
        other.close()

        # --- Schedule a few seconds ahead (the field takes Jalali date-time, Tehran time).
        page.click(".object-tools a:has-text('زمان‌بندی')")
        page.click("#id_publish_at")
        assert page.is_visible(".jalali-picker")  # the calendar opens, no inline script needed
        page.screenshot(path=str(SHOTS / "04-schedule.png"))
        at = timezone.now() + timedelta(seconds=20)
        page.fill("#id_publish_at", format_jalali_input(at) + at.strftime(":%S"))
        page.keyboard.press("Escape")
        page.click("input[type=submit]")
        page.wait_for_selector(".messagelist")
        assert "زمان‌بندی شد" in page.inner_text(".messagelist")
        page.context.close()

        # --- A reader waits on the home page; nobody touches the admin any more.
        reader = new_page()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            reader.goto(f"{base}/")
            if "مقابله با غرب" in reader.inner_text("main"):
                published_seen_at = timezone.now()
                break
            reader.wait_for_timeout(2000)
        assert published_seen_at is not None, "the scheduled article never reached the home page"
        reader.click("main a:has-text('مقابله با غرب')")
        body = reader.inner_text(".article-body")
        inline_alt = reader.get_attribute(".article-body img", "alt")
        reader.screenshot(path=str(SHOTS / "05-reader-sees-it.png"))
        browser.close()

    assert f"می{ZWNJ}کنیم" in TITLE.replace("میکنیم", f"می{ZWNJ}کنیم")
    assert f"سیاست{ZWNJ}های" in body and "به گزارش خبرگزاری اقتصاد ایران" in body
    assert "پیونگیانگ" in body  # the editor's revert held
    assert inline_alt == "لاوروف در دیدار با همتای کره‌ای"  # the inline image reached readers
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.title.endswith(f"می{ZWNJ}کنیم")
    assert published_seen_at - article.published_at < timedelta(seconds=60)
    assert article.lead == "لید نوشتهٔ برگه دوم"
    assert csp_errors == []
