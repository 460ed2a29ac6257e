"""Digits, Jalali dates, slugs, text direction and search folding."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from khabar.persian import (
    fold_for_search,
    format_jalali,
    jalali_month_name,
    jalali_weekday_name,
    parse_jalali_date,
    slugify,
    text_direction,
    to_latin_digits,
    to_persian_digits,
)

Z = "\u200c"


@pytest.mark.parametrize(
    ("raw", "persian", "latin"),
    [
        ("2024/05/01", "۲۰۲۴/۰۵/۰۱", "2024/05/01"),
        ("٣٤ و 56", "۳۴ و ۵۶", "34 و 56"),
        ("۱۴۰۵", "۱۴۰۵", "1405"),
        ("no digits", "no digits", "no digits"),
    ],
)
def test_digit_sets(raw: str, persian: str, latin: str) -> None:
    assert to_persian_digits(raw) == persian
    assert to_latin_digits(raw) == latin


TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.mark.parametrize(
    ("moment", "with_time", "expected"),
    [
        (dt.datetime(2026, 11, 26, 11, 2, tzinfo=dt.UTC), True, "۵ آذر ۱۴۰۵ - ۱۴:۳۲"),
        (dt.datetime(2026, 11, 26, 11, 2, tzinfo=dt.UTC), False, "۵ آذر ۱۴۰۵"),
        # 22:00 UTC on 20 March is already Nowruz (1 Farvardin) in Tehran
        (dt.datetime(2025, 3, 20, 22, 0, tzinfo=dt.UTC), True, "۱ فروردین ۱۴۰۴ - ۰۱:۳۰"),
        (dt.datetime(2026, 11, 26, 14, 32, tzinfo=TEHRAN), True, "۵ آذر ۱۴۰۵ - ۱۴:۳۲"),
        (dt.datetime(2026, 11, 26, 9, 5), True, "۵ آذر ۱۴۰۵ - ۰۹:۰۵"),  # noqa: DTZ001  naive = Tehran
        (dt.date(2026, 3, 20), True, "۲۹ اسفند ۱۴۰۴"),
    ],
)
def test_format_jalali(moment: dt.datetime, with_time: bool, expected: str) -> None:
    assert format_jalali(moment, with_time=with_time) == expected


def test_weekday_and_month_names() -> None:
    assert jalali_weekday_name(dt.date(2026, 11, 26)) == "پنج‌شنبه".replace("‌", Z)
    assert jalali_weekday_name(dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)) == "شنبه"
    assert jalali_month_name(1) == "فروردین"
    assert jalali_month_name(12) == "اسفند"
    with pytest.raises(ValueError, match="month must be 1-12"):
        jalali_month_name(13)


@pytest.mark.parametrize(
    "text",
    ["1405/09/05", "۱۴۰۵-۰۹-۰۵", "١٤٠٥/٩/٥", " 1405.9.5 ", "1405 / 09 / 05"],
)
def test_parse_jalali_date_accepts_any_digit_set_and_separator(text: str) -> None:
    assert parse_jalali_date(text) == dt.date(2026, 11, 26)


@pytest.mark.parametrize("text", ["", "1405/13/01", "1405/12/31", "05/09/1405", "فردا", "1405-9"])
def test_parse_jalali_date_rejects_bad_input_in_both_languages(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_jalali_date(text)
    message = str(err.value)
    assert "Jalali date" in message
    assert "تاریخ" in message


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("گفت‌وگوی ۲ وزیر", "گفت-وگوی-2-وزیر"),
        (
            "روسیه: از تمام اقدامات کره شمالی حمایت میکنیم",
            "روسیه-از-تمام-اقدامات-کره-شمالی-حمایت-می-کنیم",
        ),
        ("ﺑﻪ ﮔﺰارش «تاس»!", "به-گزارش-تاس"),
        ("Apple  iPhone 16 عرضه شد", "apple-iphone-16-عرضه-شد"),
        ("--- ؟؟ ---", "news"),
        ("", "news"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_cuts_at_a_word_boundary() -> None:
    title = "خبر " * 40
    slug = slugify(title, max_length=20)
    assert len(slug) <= 20
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"خبر"}
    assert slugify("کلمه‌ای‌بسیار‌بلند" * 10, max_length=8) == "کلمه-ای"
    assert len(slugify("ا" * 100, max_length=10)) == 10


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("سلام world", "rtl"),
        ("Hello سلام", "ltr"),
        ("  123 «»", "auto"),
        ("", "auto"),
        ("\u200f۱۲ خبر", "rtl"),
    ],
)
def test_text_direction(text: str, direction: str) -> None:
    assert text_direction(text) == direction


@pytest.mark.parametrize(
    "variants",
    [
        ("می‌کنیم", "میکنیم", "می کنیم", "مي‌كنيم"),
        ("هسته‌ای", "هستهای", "هسته ای", "هسته‌اى"),
        ("چهره‌ها", "چهرهها", "چهره ها"),
        ("تأکید", "تاکید", "تـأکـید"),
        ("رئیس", "رییس"),
        ("مسأله", "مساله"),
        ("۱۴۰۵", "1405", "١٤٠٥"),
        ("اقتصاد ایران", "اقتصادایران", "ﺍﻗﺘﺼﺎﺩ ﺍﻳﺮﺍﻥ"),
        ("مؤسسه", "موسسه"),
        ("کِتاب", "کتاب"),
        ("iPhone", "IPHONE"),
    ],
)
def test_fold_for_search_makes_variants_meet(variants: tuple[str, ...]) -> None:
    folded = {fold_for_search(v) for v in variants}
    assert len(folded) == 1, folded


def test_fold_for_search_output() -> None:
    assert fold_for_search("  کتاب‌های   «آبی» ۲  ") == "کتابهای «ابی» 2"
    assert fold_for_search("") == ""
