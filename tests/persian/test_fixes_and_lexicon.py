"""fixes()/apply_fixes() edge cases and the lexicon-driven word analysis."""

from __future__ import annotations

import pytest

from khabar.persian import Fix, apply_fixes, fixes, normalize, zwnj
from khabar.persian.lexicon import get_lexicon

Z = "\u200c"


def test_fix_is_a_frozen_dataclass() -> None:
    fix = fixes("كتاب")[0]
    assert fix == Fix(0, 1, "ك", "ک", "arabic-letters")
    with pytest.raises(AttributeError):
        fix.start = 3  # type: ignore[misc]


def test_fixes_touching_one_earlier_change_are_merged() -> None:
    text = "ﮐﻨﻢ\u200cيك\u200cﺑﻪ\u200c"
    found = fixes(text)
    assert found[0] == Fix(
        0, 9, "ﮐﻨﻢ\u200cيك\u200cﺑﻪ", "کنم\u200cیک\u200cبه", "presentation-forms+arabic-letters"
    )
    assert apply_fixes(text, found) == normalize(text)


def test_an_editor_can_apply_a_subset() -> None:
    text = "كتاب ها و میکنیم"
    found = fixes(text)
    assert [f.rule for f in found] == ["arabic-letters", "zwnj-suffix", "zwnj-prefix-mi"]
    assert apply_fixes(text, found[:1]) == "کتاب ها و میکنیم"
    assert apply_fixes(text, []) == text


def test_apply_fixes_rejects_fixes_of_another_text() -> None:
    fix = fixes("كتاب")[0]
    with pytest.raises(ValueError, match="does not match"):
        apply_fixes("کتاب", [fix])
    with pytest.raises(ValueError, match="does not match"):
        apply_fixes("كك", [Fix(0, 2, "كك", "کک", "x"), Fix(1, 2, "ك", "ک", "x")])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("میتوان", f"می{Z}توان"),  # the lexicon's own ZWNJ spelling
        ("قشنگترین", f"قشنگ{Z}ترین"),  # comparative after an adjective
        ("کوتاهسازی", f"کوتاه{Z}سازی"),  # a productive compound tail
        ("دنبالکننده", f"دنبال{Z}کننده"),
        ("گفتوگوهای", f"گفت{Z}وگوهای"),  # the stem needs its ZWNJ; none after «و»
        ("دنبالکنندههای", f"دنبال{Z}کننده{Z}های"),  # suffix on a glued compound
        ("الفتوافقنامه", f"الف{Z}توافق{Z}نامه"),  # the parts of a repair are repaired too
        ("میرفتهاند", f"می{Z}رفته{Z}اند"),  # perfect form after می
        ("فعال سازی‌ها", f"فعال{Z}سازی{Z}ها"),  # spaced bound part that carries a suffix
        ("کتابِ\u200cها", f"کتابِ{Z}ها"),  # a mark before the ZWNJ
        # stems the lexicon lacks, marked by a suffix that cannot end a solid word there
        ("اپلیکیشنهای", f"اپلیکیشن{Z}های"),
        ("گذرواژهات", f"گذرواژه{Z}ات"),
        ("زیرصفحهها", f"زیرصفحه{Z}ها"),
        ("کاربریای", f"کاربری{Z}ای"),
    ],
)
def test_word_analyses(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


@pytest.mark.parametrize(
    "word",
    [
        "کاربردرمان",  # کاربر درمان or کاربرد رمان: ambiguous, left for an editor
        "سردترین",  # after «د» nothing needs inserting
        "میزام",  # می + something that is no verb
        "میخواهام",
        "ویندهای",  # unknown ویند + های: nothing to insert after «د»
        "ثثها",  # too short to be a stem we do not know
        "کلاستر",  # unknown, but کلاس is no adjective: no comparative
    ],
)
def test_words_left_alone(word: str) -> None:
    assert normalize(word) == word


def test_repair_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zwnj, "_CACHE", {})
    monkeypatch.setattr(zwnj, "_CACHE_MAX", 2)
    for word in ("میکنیم", "کتابها", "فیلتر", "میکنیم"):
        zwnj.repair_word(word)
    assert len(zwnj._CACHE) <= 2
    assert zwnj.repair_word("میکنیم") == (f"می{Z}کنیم", "zwnj-prefix-mi")


def test_lexicon_is_shared_and_canonical() -> None:
    lex = get_lexicon()
    assert lex is get_lexicon()
    assert lex.frequency("ایران") > 0
    assert lex.frequency("نهواژه‌ای‌که‌نیست") == 0
    # no lexicon spelling carries an invisible ZWNJ (after a non-joining letter)
    assert not any(
        w[i - 1] in "اآدذرزژو" for w in lex.zwnj_words for i, c in enumerate(w) if c == Z
    )


def test_long_neutral_runs_do_not_decide_digits() -> None:
    # no strong character within reach: the number stays as typed
    text = "خبر" + " ." * 150 + " 12"
    assert normalize(text).endswith(" 12")


def test_stem_analysis_stops_at_its_depth() -> None:
    lex = get_lexicon()
    assert zwnj._stem("دنبالکننده", lex, 1) == f"دنبال{Z}کننده"
    assert zwnj._stem("دنبالکننده", lex, 0) is None
