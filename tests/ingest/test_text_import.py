from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from khabar.ingest.models import TextImport
from khabar.ingest.services import text_page_import
from khabar.ingest.textpage import TextPageError, parse_text_page
from khabar.news.models import Article, Category, LegacyAlias
from khabar.persian import normalize

pytestmark = pytest.mark.django_db

SEED_BODY_START = "به گزارش خبرگزاری مهر به نقل از تاس، سرگئی لاوروف"


def test_seed_page_parses_into_its_blocks(seed_page_text):
    page = parse_text_page(seed_page_text, name="seed.txt")
    assert page.news_id == 3830263
    assert page.category == "چهره\u200cها"
    assert page.link == "econews.ir/5x3830263"
    assert page.legacy_path == "/5x3830263"
    assert page.published_at is None  # the seed's تاریخ line is empty
    assert page.title == "روسیه: از تمام اقدامات کره شمالی برای مقابله با غرب حمایت می\u200cکنیم"
    assert page.house_attribution == "به گزارش خبرگزاری اقتصاد ایران"
    assert page.paragraphs[0].startswith(SEED_BODY_START)
    assert len(page.paragraphs) == 11
    assert (page.via_agency, page.original_agency) == ("خبرگزاری مهر", "تاس")


def test_seed_import_keeps_id_alias_raw_text_and_source_chain(seed_page_text):
    result = text_page_import(raw=seed_page_text, file_name="seed.txt")
    article = result.article
    assert result.created
    assert article.news_id == 3830263
    assert article.status == Article.Status.PUBLISHED
    assert article.original_date_unknown is True
    assert article.category.name == "چهره\u200cها"
    assert article.via_source.name == "خبرگزاری مهر"
    assert article.original_source.name == "تاس"
    assert LegacyAlias.objects.get(path="/5x3830263").article == article
    assert TextImport.objects.get(article=article).raw_text == seed_page_text
    # Every body paragraph is on the article, normalized.
    for paragraph in seed_page_text.split("\n\n")[2:]:
        assert normalize(paragraph.strip()) in article.body


def test_reimport_updates_instead_of_duplicating(seed_page_text):
    first = text_page_import(raw=seed_page_text, file_name="seed.txt").article
    edited = seed_page_text.replace("قاطعانه حمایت", "به‌شدت حمایت")
    second = text_page_import(raw=edited, file_name="seed.txt")
    assert not second.created
    assert second.article.pk == first.pk
    assert Article.objects.count() == 1
    assert "به‌شدت حمایت" in second.article.body
    assert second.article.published_at == first.published_at


def test_date_line_is_read_as_tehran_jalali(seed_page_text):
    text = seed_page_text.replace("تاریخ :", "تاریخ : ۱۴۰۳/۰۸/۱۱ - ۱۴:۳۲")
    article = text_page_import(raw=text, file_name="seed.txt").article
    assert article.original_date_unknown is False
    # 1403/08/11 14:32 in Tehran (UTC+3:30) is 2024-11-01 11:02 UTC.
    assert article.published_at.isoformat() == "2024-11-01T11:02:00+00:00"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("سلام دنیا\nاین یک نامه است.", 1, "شاخه"),
        ("شاخه : سیاسی\nتیتر\nمتن", 2, "شناسه"),
        ("شاخه : سیاسی\nشناسه : abc\nتیتر\nمتن", 2, "عدد"),
        ("شاخه : سیاسی\nشناسه : 12\nتاریخ : دیروز\nتیتر\nمتن", 3, "تاریخ"),
        ("شاخه : سیاسی\nشناسه : 12\nتیتر تنها", 3, "متن خبر خالی"),
        ("شاخه : سیاسی\nشاخه : اقتصادی\nشناسه : 12\nتیتر\nمتن", 2, "دو بار"),
    ],
)
def test_bad_pages_get_a_persian_error_with_file_and_line(text, line, words):
    with pytest.raises(TextPageError) as caught:
        text_page_import(raw=text, file_name="bad.txt")
    assert caught.value.line == line
    assert words in str(caught.value) and "bad.txt" in str(caught.value)
    assert Article.objects.count() == 0 and Category.objects.count() == 0


def test_command_imports_good_files_and_names_the_bad_one(tmp_path: Path, seed_page_text):
    good = tmp_path / "good.txt"
    good.write_text(seed_page_text, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("این فایل خبر نیست\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_text", str(good), str(bad), stdout=out, stderr=err)
    assert "created news 3830263" in out.getvalue()
    assert "bad.txt، سطر 1" in err.getvalue()
    assert Article.objects.count() == 1


def test_command_date_option_sets_the_publish_time(tmp_path: Path, seed_page_text):
    good = tmp_path / "good.txt"
    good.write_text(seed_page_text, encoding="utf-8")
    call_command("import_text", str(good), "--date", "۱۴۰۵/۰۹/۰۵ ۱۴:۳۲", stdout=StringIO())
    article = Article.objects.get(news_id=3830263)
    assert article.original_date_unknown is False
    assert article.published_at.isoformat() == "2026-11-26T11:02:00+00:00"


def test_command_rejects_an_unreadable_date(tmp_path: Path, seed_page_text):
    good = tmp_path / "good.txt"
    good.write_text(seed_page_text, encoding="utf-8")
    with pytest.raises(CommandError, match="خوانا نیست"):
        call_command("import_text", str(good), "--date", "فردا", stdout=StringIO())
    assert Article.objects.count() == 0
