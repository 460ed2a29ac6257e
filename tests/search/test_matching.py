"""Every spelling finds every spelling, in every backend (one test per variant class)."""

import pytest

ZWNJ = "\u200c"

# (class, how the article was written, how the reader types it)
VARIANTS = [
    ("zwnj-vs-joined", f"ما از این طرح حمایت می{ZWNJ}کنیم", "میکنیم"),
    ("joined-vs-zwnj", "ما از این طرح حمایت میکنیم", f"می{ZWNJ}کنیم"),
    ("space-vs-zwnj", "ما از این طرح حمایت می کنیم", f"می{ZWNJ}کنیم"),
    ("zwnj-vs-space", f"ما از این طرح حمایت می{ZWNJ}کنیم", "می کنیم"),
    ("arabic-yeh-kaf", "كشور يكپارچه", "کشور یکپارچه"),
    ("persian-vs-arabic-letters", "کشور یکپارچه", "كشور يكپارچه"),
    ("presentation-forms", "ﺑﻪ ﮔﺰارش ﺧﺒﺮﮔﺰاری", "به گزارش خبرگزاری"),
    ("persian-digits", "رشد ۱۴۰۵ درصدی", "1405"),
    ("arabic-indic-digits", "رشد ١٤٠٥ درصدی", "۱۴۰۵"),
    ("latin-digits", "رشد 1405 درصدی", "١٤٠٥"),
    ("diacritics", "مُدیرِ عامِلِ شرکت", "مدیر عامل"),
    ("diacritics-in-query", "مدیر عامل شرکت", "مُدیرِ عامِل"),
    ("plural-suffix", f"سیاست{ZWNJ}های اقتصادی", "سیاست"),
    ("plural-joined", "سیاستهای اقتصادی", "سیاست"),
    ("plural-in-query", "سیاست اقتصادی دولت", f"سیاست{ZWNJ}ها"),
    ("hamza-alef", "تأکید کرد", "تاکید"),
    ("alef-madda", "آمریکا و اروپا", "امریکا"),
    ("teh-marbuta-heh", "المنامة", "المنامه"),
    ("kashida", "بـــرنامه", "برنامه"),
    ("latin-case", "شرکت Apple", "apple"),
]


@pytest.mark.parametrize(
    ("written", "typed"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS]
)
def test_variant_is_found(publish, find, written, typed):
    publish("خبر یک", f"<p>{written}</p>")
    publish("خبر دو", "<p>متن دیگری بی‌ربط درباره ورزش.</p>")
    assert find(typed) == ["خبر یک"]


@pytest.mark.parametrize(
    ("written", "typed"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS]
)
def test_variant_is_found_in_titles(publish, find, written, typed):
    article = publish(written, "<p>متن</p>")
    publish("خبر دیگر", "<p>متن دیگری بی‌ربط درباره ورزش.</p>")
    assert find(typed) == [article.title]


def test_plural_strip_does_not_flood(publish, find):
    publish("سیاستمدار کهنه‌کار", "<p>او تنها ماند.</p>")
    publish("سیاست‌های تازه", "<p>متن</p>")
    assert find("سیاست") == ["سیاست‌های تازه"]
    assert find("تن") == []
