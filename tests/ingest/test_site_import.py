"""`khabar import_site`: migrating an existing site from text, saved HTML and ninjs files."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from khabar.ingest.models import SiteImport, SiteImportItem
from khabar.ingest.siteimport import legacy_path, parse_html_page, site_files, site_import
from khabar.news.models import Article, Image, LegacyAlias

pytestmark = pytest.mark.django_db

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "site"


@pytest.fixture
def site(tmp_path) -> Path:
    """A private copy of the fixture site, so tests may edit and break files."""
    return Path(shutil.copytree(SITE, tmp_path / "site"))


def run(*args: object) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_site", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_directories_are_walked_in_a_stable_order_without_saved_assets(site):
    names = [p.relative_to(site).as_posix() for p in site_files([site])]
    assert names == [
        "broken/truncated-6234999.html",
        "pages/mehr-6234512.html",
        "pages/tasnim-3219876.html",
        "text/econews-3830263.txt",
        "wire/items.json",
    ]


def test_whole_site_imports_with_counts_progress_and_named_failure(site):
    out, err, exc = run(site)
    assert "created 5, updated 0, skipped 0, failed 1" in out
    assert "[2/5]" in out and "[5/5]" in out
    assert "[1/5]" in err and "truncated-6234999.html، سطر 10" in err
    assert exc is not None and "truncated-6234999.html" in str(exc)
    # The broken page wrote nothing: no article, no category, no import record.
    assert not Article.objects.filter(news_id=6234999).exists()
    assert not SiteImport.objects.filter(path__endswith="truncated-6234999.html").exists()
    assert Article.objects.count() == 5
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PUBLISHED}


def test_agency_html_page_keeps_every_part_normalized(site):
    out, _err, exc = run(site / "pages" / "mehr-6234512.html")
    assert exc is None
    article = Article.objects.get(news_id=6234512)
    # Presentation forms of «مجلس» folded, missing ZWNJ and Arabic letters fixed.
    assert article.title == "مجلس کلیات لایحه بودجه ۱۴۰۴ را تصویب کرد"
    assert article.overline == "با ۱۷۵ رای موافق"
    assert article.lead.endswith("از هفته آینده بررسی می\u200cشود.")
    assert "موافقت کردند" in article.body and "كردند" not in article.body
    assert "رئیس کمیسیون" in article.body
    # Inline markup of the old page survives, sanitized: bold and the link, no handler.
    assert "<strong>برنامه و بودجه</strong>" in article.body
    assert 'href="https://www.mehrnews.com/news/6230001"' in article.body
    assert "onclick" not in article.body and "lead-in" not in article.body
    assert "googletag" not in article.body and "صحن علنی مجلس شورای" not in article.lead
    assert "قرار می\u200cگیرد" in article.body
    assert article.category.name == "مجلس"
    assert sorted(article.tags.values_list("name", flat=True)) == [
        "بودجه ۱۴۰۴",
        "مجلس شورای اسلامی",
    ]
    # «۱۴۰۳/۰۸/۱۱ - ۱۰:۲۴» in Persian digits, Tehran time.
    assert article.published_at.isoformat() == "2024-11-01T06:54:00+00:00"
    # The image saved beside the page became the lead image, captioned.
    assert article.lead_image is not None
    assert article.lead_image.caption == "صحن علنی مجلس شورای اسلامی در جلسه امروز"
    assert "created news 6234512 /news/6234512/مجلس-کلیات" in out  # readable, not %D9…


def test_meta_tags_win_and_a_remote_image_is_only_reported(site):
    out, _err, exc = run(site / "pages" / "tasnim-3219876.html")
    assert exc is None
    article = Article.objects.get(news_id=3219876)
    assert article.title == "افزایش ۱۲ درصدی صادرات غیرنفتی در هفت ماه نخست امسال"
    assert article.overline == "رئیس سازمان توسعه تجارت:"
    assert article.category.name == "اقتصادی"
    assert sorted(article.tags.values_list("name", flat=True)) == ["تجارت خارجی", "صادرات"]
    assert article.published_at.isoformat() == "2024-11-02T05:45:00+00:00"
    assert article.body.count("<p>") == 2  # the story only, not the date or ID lines
    assert article.lead_image is None and Image.objects.count() == 0
    assert "newsmedia.tasnimnews.com" in out and "بارگیری نشد" in out


def test_original_url_and_short_link_answer_301_to_the_article(site, client):
    run(site / "pages")
    article = Article.objects.get(news_id=6234512)
    assert LegacyAlias.objects.filter(article=article).count() == 2
    for old in ("/news/6234512/مجلس-کلیات", "/x35Kq7"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(article.get_absolute_url())
    tasnim = Article.objects.get(news_id=3219876)
    response = client.get("/3219876")
    assert response.status_code == 301
    assert response["Location"].endswith(tasnim.get_absolute_url())


def test_rerun_skips_unchanged_files_and_updates_changed_ones(site):
    run(site)
    ids = dict(Article.objects.values_list("news_id", "pk"))
    out, _err, _exc = run(site)
    assert "created 0, updated 0, skipped 5, failed 1" in out
    page = site / "pages" / "tasnim-3219876.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("۳۲ میلیارد دلار", "۳۳ میلیارد دلار"),
        encoding="utf-8",
    )
    out, _err, _exc = run(site)
    assert "created 0, updated 1, skipped 4, failed 1" in out
    assert dict(Article.objects.values_list("news_id", "pk")) == ids
    assert "۳۳ میلیارد دلار" in Article.objects.get(news_id=3219876).body
    # Re-importing an unchanged page keeps its single lead image.
    out, _err, _exc = run("--force", site / "pages")
    assert "created 0, updated 2" in out
    assert Image.objects.count() == 1


def test_interrupted_import_resumes_where_it_stopped(site):
    # The first run stopped after two files (simulated by importing only those).
    report = site_import(paths=[site / "pages"])
    assert (report.created, report.failed) == (2, 0)
    out, _err, _exc = run(site)
    assert "created 3, updated 0, skipped 2, failed 1" in out
    assert Article.objects.count() == 5


def test_fixed_broken_file_imports_on_the_next_run(site):
    broken = site / "broken" / "truncated-6234999.html"
    run(broken)
    assert not Article.objects.filter(news_id=6234999).exists()
    broken.write_text(
        broken.read_text(encoding="utf-8").rstrip()
        + 'text"><p>متن کامل خبر پس از ذخیرهٔ دوباره.</p></div></div></body></html>',
        encoding="utf-8",
    )
    out, _err, exc = run(broken)
    assert exc is None and "created 1" in out
    article = Article.objects.get(news_id=6234999)
    assert article.category.name == "اقتصاد"
    assert article.original_date_unknown is True


def test_ninjs_items_are_keyed_on_their_guid(site):
    items = site / "wire" / "items.json"
    run(items)
    assert SiteImportItem.objects.count() == 2
    rain = SiteImportItem.objects.get(key="ninjs:urn:irna:85123456").article
    assert rain.title == "بارش باران در ۱۸ استان کشور"
    assert "بارش باران پیش بینی می\u200cشود" in rain.body
    assert rain.category.name == "جامعه"
    assert rain.original_source.name == "ایرنا"
    assert LegacyAlias.objects.get(path="/news/85123456/").article == rain
    volleyball = SiteImportItem.objects.get(key="ninjs:urn:irna:85123470").article
    assert volleyball.title.startswith("تیم ملی والیبال")
    # Changing a headline updates the same article, not a new one.
    items.write_text(
        items.read_text(encoding="utf-8").replace("در ۱۸ استان کشور", "در ۲۰ استان کشور", 1),
        encoding="utf-8",
    )
    out, _err, _exc = run(items)
    assert "created 0, updated 2" in out
    rain.refresh_from_db()
    assert rain.title == "بارش باران در ۲۰ استان کشور"
    assert Article.objects.count() == 2


def test_ninjs_item_without_an_id_fails_the_file_by_number(site):
    items = site / "wire" / "items.json"
    items.write_text(
        items.read_text(encoding="utf-8")
        .replace('"guid": "urn:irna:85123470",', "", 1)
        .replace('"uri": "https://www.irna.ir/news/85123470/",', "", 1),
        encoding="utf-8",
    )
    _out, err, exc = run(items)
    assert exc is not None and "items.json: خبر 2" in err
    assert Article.objects.count() == 0  # the good first item waits with its file


def test_page_without_news_id_is_matched_again_by_its_old_address(site):
    page = site / "noid.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://old.example.ir/a/42"></head>'
        '<body><div class="breadcrumb"><a href="/s">فرهنگی</a></div><h1>خبر بی‌شناسه</h1>'
        "<article><p>متن نخست.</p></article></body></html>",
        encoding="utf-8",
    )
    run(page)
    first = Article.objects.get()
    page.write_text(page.read_text(encoding="utf-8").replace("نخست", "دوم"), encoding="utf-8")
    out, _err, _exc = run(page)
    assert "created 0, updated 1" in out
    assert Article.objects.get().pk == first.pk


def test_text_directory_goes_through_the_seed_importer(site):
    out, _err, exc = run("--format", "text", site / "text")
    assert exc is None and "created 1" in out
    article = Article.objects.get(news_id=3830263)
    assert article.via_source.name == "خبرگزاری مهر"
    assert LegacyAlias.objects.get(path="/5x3830263").article == article


def test_page_without_category_fails_unless_a_default_is_given(site):
    page = site / "nocat.html"
    page.write_text(
        "<html><body><h1>خبر بی‌دسته</h1><p>کد خبر: ۷۷۷</p>"
        "<article><p>متن خبر بی‌دسته.</p></article></body></html>",
        encoding="utf-8",
    )
    _out, err, exc = run(page)
    assert exc is not None and "nocat.html" in err and "--category" in err
    assert not Article.objects.filter(news_id=777).exists()
    out, _err, exc = run("--category", "عمومی", page)
    assert exc is None and "created 1" in out
    assert Article.objects.get(news_id=777).category.name == "عمومی"


def test_wrong_format_and_missing_path_are_refused_clearly(site):
    _out, err, exc = run("--format", "ninjs", site / "pages" / "tasnim-3219876.html")
    assert exc is not None and "tasnim-3219876.html" in err and "ninjs" in err
    assert Article.objects.count() == 0
    with pytest.raises(CommandError, match="پیدا نشد"):
        call_command("import_site", str(site / "nowhere"))


def test_legacy_path_reads_short_links_as_sites_print_them():
    assert legacy_path("tn.ai/3219876") == "/3219876"
    assert legacy_path("https://www.irna.ir/news/85123456/?ref=rss") == "/news/85123456/?ref=rss"
    assert legacy_path("https://example.ir/") == ""


def test_page_saved_in_windows_1256_without_charset_is_read_as_persian():
    html = "<html><body><h1>خبر قديمي</h1><p>کد خبر: 12</p><article><p>متن</p></article>"
    page = parse_html_page(html.encode("cp1256"), name="old.html")
    assert (page.title, page.news_id, page.paragraphs) == ("خبر قديمي", 12, ["متن"])


def test_parser_prefers_the_article_body_over_page_chrome():
    page = parse_html_page(
        (SITE / "pages" / "tasnim-3219876.html").read_bytes(), name="tasnim.html"
    )
    assert page.paragraphs[0].startswith("به گزارش خبرگزاری تسنیم")
    assert page.short_link == "https://tn.ai/3219876"
    assert page.news_id == 3219876


def test_imported_files_are_listed_read_only_in_the_newsroom(tmp_path, admin_client):
    from django.urls import reverse

    page = tmp_path / "seed.txt"
    page.write_text(
        (SITE / "text" / "econews-3830263.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    call_command("import_site", str(page), stdout=StringIO())
    listing = admin_client.get(reverse("admin:ingest_siteimport_changelist"))
    assert listing.status_code == 200 and "seed.txt" in listing.content.decode()
    assert admin_client.get(reverse("admin:ingest_siteimport_add")).status_code == 403
