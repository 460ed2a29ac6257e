"""Property tests: normalize never raises, is idempotent, leaves non-Persian text alone, and
fixes() always replays to normalize()."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.persian import (
    apply_fixes,
    fixes,
    fold_for_search,
    normalize,
    slugify,
    text_direction,
)

Z = "\u200c"
EXAMPLES = int(os.environ.get("KHABAR_HYPOTHESIS_EXAMPLES", "150"))
quick = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise every rule: words with and without their ZWNJ, affixes, Arabic
# letters, presentation forms, digits, punctuation, joiners, URLs, Latin.
WORDS = [
    "می",
    "نمی",
    "کنیم",
    "میکنیم",
    f"می{Z}کنیم",
    "ها",
    "های",
    "هایی",
    "ای",
    "اند",
    "ی",
    "ترین",
    "کتاب",
    "کتابها",
    "چهره",
    "هسته",
    "هستهایش",
    "شده",
    "شدهاند",
    "گفتوگو",
    "توافقنامه",
    "اقتصادایران",
    "فیلتر",
    "خانهای",
    "سازی",
    "فعال",
    "روزرسانی",
    "به",
    "که",
    "تأکید",
    "كتاب",
    "يك",
    "ﺑﻪ",
    "ﮔﺰارش",
    "ﻣﯽ",
    "\ufb90ﻨﻢ",
    "ﻻ",
    "1403",
    "۱۴۰۳",
    "٣",
    "3.5",
    "econews.ir/5x3830263",
    "a@b.co",
    "Python",
    "«",
    "»",
    "،",
    "؟",
    ".",
    ":",
    "!",
    "ـ",
    Z,
    "\u200d",
    "\ufeff",
    "\u200f",
    "ّ",
    "ٔ",
    "﷼",
]
SEPARATORS = ["", " ", "  ", "\n", Z, "\t"]

persianish = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(w + s for w, s in parts))

any_text = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(["\ud800", "\udfff", "\x00", "\x7f", "\u200f", "\u202e", Z, "\u200d"]),
    ),
    max_size=60,
)

NON_ARABIC = st.characters(
    exclude_characters=None,
    codec=None,
).filter(
    lambda c: (
        not ("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefc")
    )
)


@quick
@given(st.one_of(any_text, persianish))
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once


@quick
@given(st.one_of(any_text, persianish))
def test_fixes_replay_to_normalize(text: str) -> None:
    found = fixes(text)
    assert apply_fixes(text, found) == normalize(text)
    for fix in found:
        assert text[fix.start : fix.end] == fix.before
        assert fix.before != fix.after
        assert fix.rule


@quick
@given(st.text(alphabet=NON_ARABIC, max_size=80))
def test_text_without_arabic_script_is_unchanged(text: str) -> None:
    assert normalize(text) == text
    assert fixes(text) == []


urls = st.builds(
    lambda host, path, n: f"https://{host}.ir/{path}/{n}?id={n}",
    st.from_regex(r"[a-z]{2,10}", fullmatch=True),
    st.from_regex(r"[a-z0-9_-]{1,12}", fullmatch=True),
    st.integers(min_value=0, max_value=10**9),
)


@quick
@given(urls, st.sampled_from(["خبر", "به گزارش", "لینک:", ""]))
def test_urls_inside_persian_survive(url: str, words: str) -> None:
    text = f"{words} {url} را ببینید"
    assert url in normalize(text)


@quick
@given(st.one_of(any_text, persianish))
def test_other_helpers_never_raise(text: str) -> None:
    folded = fold_for_search(text)
    assert not set(folded) & set("\u200c\u200d\u0640۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يكىأإآة")
    assert folded == folded.strip()
    slug = slugify(text)
    assert slug
    assert slug == slug.strip("-")
    assert text_direction(text) in {"rtl", "ltr", "auto"}


def test_huge_and_pathological_inputs_return() -> None:
    # each of these once took quadratic time in a regex or a word analysis
    for text in (
        "ب" * 20_000,
        "\u0651\u200c" * 20_000,
        "ﻣ" * 20_000,
        "." * 20_000 + "1",
        "س " * 20_000,
        "1س" * 20_000,
        "سـ" * 20_000,
    ):
        once = normalize(text)
        assert normalize(once) == once
        assert apply_fixes(text, fixes(text)) == once
