"""The analysis both sides of the index share (no database)."""

import pytest

from khabar.search.analysis import analyze
from khabar.search.query import parse_query

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("spellings", "terms"),
    [
        (["می‌کنیم", "می کنیم", "میکنیم"], ["میکنیم"]),
        (["سیاست‌ها", "سیاست ها", "سیاستها"], ["سیاست"]),
        (["سیاست‌های", "سیاست های", "سیاستهای", "سیاست"], ["سیاست"]),
        (["كتاب يك", "کتاب یک"], ["کتاب", "یک"]),
        (["ﺑﻪ ﮔﺰارش", "به گزارش"], ["به", "گزارش"]),
        (["۱۴۰۵", "١٤٠٥", "1405"], ["1405"]),
        (["عَلِیّ", "علی"], ["علی"]),
        (["کارها", "کار"], ["کار"]),
    ],
)
def test_every_spelling_gives_the_same_terms(spellings, terms):
    for spelling in spellings:
        assert analyze(spelling) == terms, spelling


@pytest.mark.parametrize(
    ("word", "not_like"),
    [
        ("سیاستمدار", "سیاست"),  # another word, not a form of سیاست
        ("تنها", "تن"),  # ends in «ها» but is no plural
        ("هسته‌ای", "هست"),  # «‌ای» after silent «ه» is not the plural «های»
        ("نهایی", "ن"),
    ],
)
def test_suffix_strip_does_not_flood(word, not_like):
    assert analyze(word) != analyze(not_like)


def test_terms_are_letters_and_digits_only():
    assert analyze('AND OR NOT "x" * ^ : ( ) {a} NEAR/2 \' <-> & | !') == [
        "and",
        "or",
        "not",
        "x",
        "a",
        "near",
        "2",
    ]


def test_query_syntax():
    parsed = parse_query('«نفت خام» صادرات -"بنزین سوپر" -گازوئیل')
    assert [p.alternatives[0] for p in parsed.parts] == [("نفت", "خام"), ("صادرات",)]
    assert ("بنزین", "سوپر") in parsed.excluded and ("گازوییل",) in parsed.excluded  # ئ folds to ی


def test_unbalanced_quote_closes_at_the_end():
    assert parse_query('"نفت خام').parts[0].alternatives[0] == ("نفت", "خام")


def test_only_exclusions_is_empty():
    assert parse_query("-نفت").is_empty
    assert parse_query('  \u200c - " ').is_empty
