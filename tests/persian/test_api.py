"""Smoke tests of the public API of khabar.persian (details in the other test modules)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from khabar.persian import (
    apply_fixes,
    fixes,
    fold_for_search,
    format_jalali,
    normalize,
    parse_jalali_date,
    slugify,
    text_direction,
    to_latin_digits,
    to_persian_digits,
)

ZWNJ = "\u200c"


def test_persian_package_imports_no_django() -> None:
    code = "import sys, khabar.persian; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ﺑﻪ ﮔﺰارش", "به گزارش"),
        ("كتاب يك", "کتاب یک"),
        ("میکنیم", f"می{ZWNJ}کنیم"),
    ],
)
def test_normalize_basics(raw: str, clean: str) -> None:
    assert normalize(raw) == clean
    assert normalize(clean) == clean


def test_fixes_replay() -> None:
    raw = "ﺑﻪ ﮔﺰارش اﻗﺘﺼﺎداﯾﺮان سیاستهای ما"
    assert apply_fixes(raw, fixes(raw)) == normalize(raw)


def test_digits() -> None:
    assert to_persian_digits("12 ٣٤") == "۱۲ ۳۴"
    assert to_latin_digits("۱۲ ٣٤") == "12 34"


def test_jalali() -> None:
    moment = dt.datetime(2026, 11, 26, 11, 2, tzinfo=dt.UTC)
    assert format_jalali(moment) == "۵ آذر ۱۴۰۵ - ۱۴:۳۲"
    assert format_jalali(moment, with_time=False) == "۵ آذر ۱۴۰۵"
    assert parse_jalali_date("۱۴۰۵-۰۹-۰۵") == dt.date(2026, 11, 26)


def test_slug_and_direction() -> None:
    assert slugify("گفت‌وگوی ۲ وزیر") == "گفت-وگوی-2-وزیر"
    assert text_direction("  سلام") == "rtl"
    assert fold_for_search("می‌کنیم") == fold_for_search("میکنیم")
