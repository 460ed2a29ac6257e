"""Word-level repair: restore lost or spaced ZWNJ, split words glued by a missing space.

Rules are lexicon-driven and conservative: a word the lexicon knows is never changed
(unless the lexicon itself prefers a ZWNJ spelling of it), and an unknown word is changed
only when it splits into a known stem plus known affixes. So «فیلتر» stays «فیلتر».
Every repair only inserts ZWNJ or spaces: the letters are never touched.
"""

from __future__ import annotations

from ._chars import NON_JOINING, ZWNJ
from .lexicon import Lexicon, get_lexicon

# Plural suffix (+ pronoun): always written apart, with a ZWNJ after a joining letter.
_PLURAL_TAILS = (
    "هاست",  # the plural + a contracted «است» (کتاب‌هاست), not «کتابه‌است»
    "هایشان",
    "هایتان",
    "هایمان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "های",
    "ها",
)
# After a silent final «ه» (نامه, شده): verb/pronoun endings and ezafe/indefinite ی/ای.
_HEH_TAILS: dict[str, tuple[str, ...]] = {
    "ایشان": ("ای", "شان"),
    "ایمان": ("ای", "مان"),
    "ایتان": ("ای", "تان"),
    "ایش": ("ای", "اش"),
    "ایم": ("ایم",),
    "اید": ("اید",),
    "اند": ("اند",),
    "ایی": ("ایی",),
    "ای": ("ای",),
    "ام": ("ام",),
    "ات": ("ات",),
    "اش": ("اش",),
    "است": ("است",),
    # the plural possessives, after a silent ه always apart (خانه‌تان, نامه‌شان)
    "تان": ("تان",),
    "شان": ("شان",),
    "مان": ("مان",),
    "ی": ("ی",),
}
# (a word the lexicon lists that ends in one of these is taken as written: رهمان)
_HEH_PRONOUNS = frozenset(("تان", "شان", "مان"))
_COMPARATIVE_TAILS = ("ترین", "تر")
_MI_PREFIXES = ("نمی", "می")
# Verbal prefixes written solid with the verb (برگرداند, درنیافت, بازنگردانده).
_PREVERBS = ("باز", "فرو", "فرا", "بر", "در", "ور", "وا")
# the words a spaced می/نمی prefix ends (می کنیم, برمی گردد)
MI_PREFIXES = frozenset((*_MI_PREFIXES, *(p + m for p in _PREVERBS for m in _MI_PREFIXES)))
# Second elements written apart when they follow a known word glued (مرتبسازی → مرتب‌سازی):
# the lexicon's most frequent compound tails of 3+ letters (see Lexicon.compound_tails).
_TAIL_MIN_COUNT = 30
_TAIL_MIN_LEN = 3
# Glued compounds of two known words: head and rest lengths (تلگرام must not become تل‌گرام).
_COMPOUND_MIN_HEAD = 3
_COMPOUND_MIN_REST = 4
# Bound second elements that never stand alone, so a space before them is a lost ZWNJ.
BOUND_TAILS = frozenset(
    (
        "سازی",
        "کننده",
        "کنندگان",
        "دهنده",
        "دهندگان",
        "شونده",
        "پذیر",
        "پذیری",
        "ناپذیر",
        "بندی",
        "گذاری",
        "رسانی",
        "مندی",
        "مندان",
        "واره",
        "گرایی",
        "شناسی",
    )
)

# Spaced suffix words joined to the word before them.
# (not «هاست» on its own: after a space it is the loanword "host", نام هاست)
PLURAL_WORDS = frozenset(_PLURAL_TAILS) - {"هاست"}
# For a stem the lexicon lacks, «…هاست» is too often a word of its own (لوکالهاست: localhost).
_UNKNOWN_STEM_PLURAL_TAILS = tuple(t for t in _PLURAL_TAILS if t != "هاست")
HEH_WORDS = frozenset(("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ایی", "ی"))
# Short function words ending in «ه» that are followed by «ای …» as separate words.
_HEH_FUNCTION_WORDS = frozenset(("که", "چه", "نه", "به", "ته", "گه", "وه", "آه", "اه", "ده"))

# Splitting a glued word needs two frequent, long halves: short or rare halves are far more
# often a compound written solid (گذرواژه, رمزعبور, زیردسته) than a lost space.
_SPLIT_MIN_FREQ = 200_000
_SPLIT_MIN_LEN = 4

# Solid spellings that are standard and must not be "repaired" although the affix rules
# would analyse them (آن+ها).
_KEEP = frozenset(
    (
        *("آنها", "اینها", "آنان", "اینان", "آنجا", "اینجا", "آنچه", "آنکه", "اینکه"),
        # comparatives and superlatives of بیش/کم/به/مه/که, written solid by every standard
        *("بیشتر", "بیشترین", "کمتر", "کمترین", "بهتر", "بهترین", "مهتر", "مهترین"),
        *("کهتر", "کهترین"),
    )
)
# Agent suffixes written solid after a word that does not end in «ه» (نشانگر, ستمگر): the
# solid spelling is kept when the lexicon lists it, even if it lists a ZWNJ one too.
_SOLID_TAILS = frozenset(("گر", "گری", "گرها", "گران"))


def _glue(left: str, right: str) -> str:
    """Join two pieces, with a ZWNJ only where the left piece would otherwise join on."""
    if left[-1] in NON_JOINING:
        return left + right
    return left + ZWNJ + right


def _silent_heh(stem: str) -> bool:
    """Ends in a vowel «ه» (نامه, شده), not a consonant one (راه, کوه, گروه, توجه)."""
    return (
        len(stem) > 1
        and stem[-1] == "ه"
        and stem[-2] not in "اوآ"
        and (stem not in _HEH_FUNCTION_WORDS)
        and stem not in get_lexicon().consonant_heh
    )


def _rule_for_form(form: str) -> str:
    if form.startswith(("می" + ZWNJ, "نمی" + ZWNJ)):
        return "zwnj-prefix-mi"
    last = form.rsplit(ZWNJ, 1)[-1]
    if last in PLURAL_WORDS or last in HEH_WORDS or last in _COMPARATIVE_TAILS:
        return "zwnj-suffix"
    return "compound"


def _lexicon_form(word: str, lex: Lexicon) -> str | None:
    """The lexicon's ZWNJ spelling of a solid word, when it prefers that spelling."""
    form = lex.zwnj_forms.get(word)
    if form is None:
        return None
    if word in lex.tagged:
        head, _, tail = form.rpartition(ZWNJ)
        if tail in _SOLID_TAILS and head[-1] != "ه":
            return None
        if lex.frequency(form) <= lex.frequency(word):
            return None
    return form


def _mi_verb(word: str, lex: Lexicon) -> str | None:
    for prefix in _MI_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            if rest in lex.verb_forms:
                return prefix + ZWNJ + rest
            # a perfect form: می + participle + ‌ام/‌اند …
            for tail in ("ام", "ای", "ایم", "اید", "اند", "است"):
                if rest.endswith(tail):
                    part = rest[: -len(tail)]
                    if part in lex.past_participles:
                        return prefix + ZWNJ + part + ZWNJ + tail
    # after a verbal prefix written solid with it: برمیگردد → برمی‌گردد
    for preverb in _PREVERBS:
        if word.startswith(preverb) and word[len(preverb) : len(preverb) + 1] in ("م", "ن"):
            rest = word[len(preverb) :]
            if rest.startswith(_MI_PREFIXES):
                verb = _mi_verb(rest, lex)
                if verb is not None:
                    return preverb + verb
    return None


def _is_verb(word: str, lex: Lexicon) -> bool:
    """A plain verb form (کرد, ندارد, بروند): never split it."""
    if word in lex.verb_forms:
        return True
    return word[:1] in ("ن", "ب") and word[1:] in lex.verb_forms


def _prefixed_verb(word: str, lex: Lexicon) -> bool:
    """A verb form or participle after a verbal prefix, negated or not (برنگردانده)."""
    for prefix in _PREVERBS:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            rest = word[len(prefix) :]
            if rest[:1] == "ن" and len(rest) > 3:
                rest = rest[1:]
            if rest in lex.verb_forms or rest in lex.past_participles:
                return True
    return False


def _stem(stem: str, lex: Lexicon, depth: int) -> str | None:
    """The spelling of a stem that may carry further affixes, or None if not a word we know."""
    if len(stem) < 2:
        return None
    form = _lexicon_form(stem, lex)
    if form is not None:
        return form
    if stem in lex.freq or _is_verb(stem, lex):
        return stem
    if depth > 0:
        return _suffixed(stem, lex, depth - 1)
    return None


def _score(raw: str, lex: Lexicon) -> tuple[bool, int, int]:
    return (raw in lex.tagged, lex.frequency(raw), len(raw))


def _suffixed(word: str, lex: Lexicon, depth: int = 2, compounds: bool = True) -> str | None:
    """Analyse ``word`` as known stem + suffixes; the best-attested stem wins.

    هستهایش → هسته‌ای‌اش (not هست‌هایش); کتابهایش → کتاب‌هایش (not کتابه‌ای‌اش).
    """
    best: tuple[tuple[bool, int, int], str] | None = None

    def consider(raw: str, build: str | None) -> None:
        nonlocal best
        if build is not None:
            candidate = (_score(raw, lex), build)
            if best is None or candidate[0] > best[0]:
                best = candidate

    plural_raw = ""
    for tail in _PLURAL_TAILS:
        if word.endswith(tail):
            raw = word[: -len(tail)]
            stem = _stem(raw, lex, depth)
            consider(raw, _glue(stem, tail) if stem else None)
            if stem:
                plural_raw = raw
            break
    for tail, pieces in _HEH_TAILS.items():
        if word.endswith(tail) and not (tail in _HEH_PRONOUNS and word in lex.freq):
            raw = word[: -len(tail)]
            if _silent_heh(raw):
                stem = _stem(raw, lex, depth)
                if stem and plural_raw in lex.tagged and raw in lex.tagged:
                    # خانهای: خان‌های or خانه‌ای? Only context can tell; leave it alone.
                    return None
                if plural_raw[-1:] == "ی" and raw not in lex.tagged:
                    break  # ورودی‌های, not ورودیه‌ای of a word the source does not tag
                consider(raw, ZWNJ.join((stem, *pieces)) if stem else None)
                break
    if not compounds:
        return best[1] if best is not None else None
    for tail in _COMPARATIVE_TAILS:
        if word.endswith(tail):
            raw = word[: -len(tail)]
            if raw in lex.adjectives:
                consider(raw, _glue(raw, tail))
            break
    loose = False
    for size in range(len(word) - 3, _TAIL_MIN_LEN - 1, -1):
        tail = word[-size:]
        if lex.compound_tails.get(tail, 0) >= _TAIL_MIN_COUNT:
            raw = word[:-size]
            # (a bound part, which never stands alone, or a participle, also after a head
            # the lexicon lacks or lists untagged: سفارشیسازی, فرمتبندی, پشتیبانیشده)
            # (the longest such tail only: پشتیبانی‌نشده, not پشتیبانین‌شده)
            if raw[-1] in NON_JOINING:
                continue
            if raw in lex.tagged:
                consider(raw, _glue(_lexicon_form(raw, lex) or raw, tail))
            elif tail in _LOOSE_HEAD_TAILS and not loose and not _is_verb(raw, lex):
                loose = True
                consider(raw, _glue(raw, tail))
    if best is None:
        # two known words glued where the join is visible (نامکاربری → نام‌کاربری): a writer
        # would not glue them on purpose, and a lexicalised solid word would be in the lexicon
        written = 0  # the best head of a reading as written: two parts meeting after a
        # letter that does not join (ساختار|دهی), where no ZWNJ is needed
        for i in range(_COMPOUND_MIN_HEAD, len(word) - 1):
            head, rest = word[:i], word[i:]
            if (
                head[-1] in NON_JOINING
                and head in lex.tagged
                and (rest in lex.tagged or lex.compound_tails.get(rest, 0) >= 5)
            ):
                written = max(written, lex.frequency(head))
        for i in range(_COMPOUND_MIN_HEAD, len(word) - _COMPOUND_MIN_REST + 1):
            head, rest = word[:i], word[i:]
            if head[-1] in NON_JOINING or head not in lex.tagged:
                continue
            if (
                rest in lex.tagged
                or (rest[-1] == "ی" and len(rest) > _COMPOUND_MIN_REST and rest[:-1] in lex.tagged)
                or lex.compound_tails.get(rest, 0) >= 5
            ):
                consider(head, head + ZWNJ + rest)
        if best is not None and written >= best[0][1]:
            return None
    if best is None:
        best = _unknown_stem(word)
    return best[1] if best is not None else None


_LOOSE_HEAD_TAILS = BOUND_TAILS | {"شده", "نشده"}
_UNKNOWN_STEM_MIN = 4
_UNKNOWN_PLURAL_STEM_MIN = 3


def _unknown_stem(word: str) -> tuple[tuple[bool, int, int], str] | None:
    """Last resort for a word no lexicon entry explains: an inflection suffix that cannot end
    a solid word after this letter (Xها after a joining letter, Xهای after a silent ه,
    Xیای) marks a stem the lexicon lacks (اپلیکیشنهای, گذرواژهات, کاربریای)."""
    for tail in _UNKNOWN_STEM_PLURAL_TAILS:
        if word.endswith(tail):
            raw = word[: -len(tail)]
            if raw and raw[-1] in NON_JOINING:
                return None  # ویندهای = ویند + های, correct as written (not وینده + ای)
            # (a short loanword's plural, لاگهای, rather than «لاگه‌ای» of a word no one knows)
            if len(raw) >= _UNKNOWN_PLURAL_STEM_MIN:
                return (False, 0, 0), raw + ZWNJ + tail
            break
    for tail, pieces in _HEH_TAILS.items():
        if word.endswith(tail):
            raw = word[: -len(tail)]
            if len(raw) >= _UNKNOWN_STEM_MIN and _silent_heh(raw):
                return (False, 0, 0), ZWNJ.join((raw, *pieces))
    if word.endswith("یای") and len(word) - 2 >= _UNKNOWN_STEM_MIN:
        return (False, 0, 0), word[:-2] + ZWNJ + "ای"
    return None


# Loan combining forms that end in a letter which does not join: written solid with what
# follows (نانوثانیه, ایزوباند, میکروفون), never a word glued by a lost space.
_COMBINING_FORMS = frozenset(
    (
        *("نانو", "میکرو", "ماکرو", "ایزو", "هیدرو", "الکترو", "ترمو", "بیو", "ژئو"),
        *("نئو", "فتو", "فوتو", "رادیو", "ویدیو", "ویدئو", "مگا", "گیگا", "ترا", "اولترا"),
        *("مولتی", "پلی", "مونو", "استریو", "آنتی", "اتو", "کیلو", "سانتی", "میلی"),
    )
)


def _split(word: str, lex: Lexicon) -> str | None:
    """Split a word glued after a non-joining letter (invisible on screen) into two known words."""
    found = None
    for i in range(_SPLIT_MIN_LEN, len(word) - _SPLIT_MIN_LEN + 1):
        if word[i - 1] not in NON_JOINING:
            continue
        left, right = word[:i], word[i:]
        if right in BOUND_TAILS or left in _COMBINING_FORMS:
            # a compound written correctly (واریزکننده, نانوثانیه), not two words
            continue
        if (
            left in lex.tagged
            and right in lex.tagged
            and lex.frequency(left) >= _SPLIT_MIN_FREQ
            and lex.frequency(right) >= _SPLIT_MIN_FREQ
        ):
            if found is not None:
                return None  # ambiguous: leave it to an editor
            found = left + " " + right
    return found


# Suffixes written solid after a consonant: a known word plus one of these needs nothing.
_SOLID_SUFFIXES = ("ی", "یی", "ان", "م", "ت", "ش", "مان", "تان", "شان", "یم", "ید", "ند")


def _plain_inflection(word: str, lex: Lexicon) -> bool:
    """هشداری = هشدار + ی: a tagged word plus a solid suffix is correct as it is."""
    for tail in _SOLID_SUFFIXES:
        if word.endswith(tail):
            stem = word[: -len(tail)]
            if stem in lex.tagged and not _silent_heh(stem) and len(stem) > 2:
                return True
    return False


# Longer "words" are not Persian words (the analyses are quadratic in length): left alone.
_MAX_WORD = 40

_CACHE: dict[str, tuple[str, str] | None] = {}
_CACHE_MAX = 100_000


def repair_word(word: str) -> tuple[str, str] | None:
    """Repair one word written without ZWNJ; return ``(new, rule)`` or None to keep it.

    ``new`` is always ``word`` with ZWNJs or spaces inserted. Results are memoised (words
    follow Zipf's law, so most lookups are hits).
    """
    try:
        return _CACHE[word]
    except KeyError:
        pass
    result = _repair_word(word, get_lexicon())
    if result is not None:
        closed = " ".join(_close(half, len(word)) for half in result[0].split(" "))
        # an analysis can also confirm the word as written (کارها = کار + ها after «ر»)
        result = (closed, result[1]) if closed != word else None
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[word] = result
    return result


def _close(form: str, size: int) -> str:
    """Repair the ZWNJ-separated parts of a repaired word, as a second normalize() would.

    Only parts shorter than the word (``size``) are looked at, so this always ends.
    """
    parts = form.split(ZWNJ)
    changed = False
    for i, part in enumerate(parts):
        if 2 < len(part) < size:
            repaired = repair_word(part)
            if repaired is not None and repaired[1] != "split-joined":
                parts[i] = repaired[0]
                changed = True
    return ZWNJ.join(parts) if changed else form


def _repair_word(word: str, lex: Lexicon) -> tuple[str, str] | None:
    if word in _KEEP or not 3 <= len(word) <= _MAX_WORD:
        return None
    form = _lexicon_form(word, lex)
    if form is not None:
        return form, _rule_for_form(form)
    if word in lex.tagged or _is_verb(word, lex):
        return None
    verb = _mi_verb(word, lex)
    if verb is None and _prefixed_verb(word, lex):
        return None
    if verb is not None:
        return verb, "zwnj-prefix-mi"
    if _plain_inflection(word, lex):
        return None
    if word in lex.freq:
        # Untagged entries of the source list include joined spellings such as «کتابها»;
        # only inflection (not compounding, not splitting) applies to them.
        inflected = _suffixed(word, lex, 1, compounds=False)
        if inflected is not None:
            return inflected, _rule_for_form(inflected)
        return None
    suffixed = _suffixed(word, lex)
    if suffixed is not None:
        return suffixed, _rule_for_form(suffixed)
    split = _split(word, lex)
    if split is not None:
        return split, "split-joined"
    return None


# Context that marks «…ه‌ای» as the indefinite (هیچ پوشه‌ای, مجموعه‌ای از) rather than a
# plural «…‌های», which needs a noun or adjective after it (ezafe).
INDEFINITE_BEFORE = frozenset(("هیچ", "هر", "یک", "چه", "چنین", "چنان"))
_INDEFINITE_AFTER = frozenset(
    (
        *("از", "برای", "که", "با", "به", "در", "را", "و", "یا", "تا", "هم", "نیز"),
        *("است", "بود", "نیست", "هست", "باشد", "می", "نمی"),
    )
)
_HEH_READINGS: dict[str, tuple[str, str] | None] = {}
_HEH_READING_MIN = 50


def heh_reading(word: str) -> tuple[str, str] | None:
    """The «…ه‌ای» and «…‌های» spellings of a word like پوشهای (پوشه‌ای or پوش‌های), which
    repair_word leaves alone; None if the word is not such a case."""
    try:
        return _HEH_READINGS[word]
    except KeyError:
        pass
    lex = get_lexicon()
    result = None
    if word.endswith("های") and ZWNJ not in word:
        raw, plural_raw = word[:-2], word[:-3]
        if (
            len(plural_raw) > 1
            and _silent_heh(raw)
            and raw in lex.tagged
            and plural_raw in lex.tagged
            # (a word in ه the source hardly saw is no reading: کارهای is never کاره‌ای)
            and lex.frequency(raw) >= _HEH_READING_MIN
        ):
            # (after a letter that does not join, the plural is right as written: محدودهای)
            result = (
                (_lexicon_form(raw, lex) or raw) + ZWNJ + "ای",
                _glue(_lexicon_form(plural_raw, lex) or plural_raw, "های"),
            )
        elif (
            len(raw) >= _UNKNOWN_STEM_MIN + 1
            and plural_raw[-1] in NON_JOINING
            and _silent_heh(raw)
            and raw not in lex.freq
            and plural_raw not in lex.freq
        ):
            # a stem the lexicon lacks (گذرواژهای): only the context can tell
            result = (raw + ZWNJ + "ای", word)
    if len(_HEH_READINGS) >= _CACHE_MAX:
        _HEH_READINGS.clear()
    _HEH_READINGS[word] = result
    return result


def indefinite_context(before: str | None, after: str | None) -> bool:
    """Words around an ambiguous «…های» that only the indefinite «ه‌ای» reading allows.

    ``after`` is None at the end of a sentence, "" when something else follows."""
    if before in INDEFINITE_BEFORE or after is None or after in _INDEFINITE_AFTER:
        return True
    return bool(after) and _is_verb(after, get_lexicon())


def plural_context(after: str | None) -> bool:
    """A noun or adjective after an ambiguous «…های»: the plural with ezafe (نقش‌های موجود,
    نقش‌های کاربران)."""
    lex = get_lexicon()
    if not after or after in _INDEFINITE_AFTER:
        return False
    # (a plural in ‌ان of a tagged noun counts too: the source leaves کاربران untagged)
    return after in lex.tagged or (after.endswith("ان") and after[:-2] in lex.tagged)


_PRONOUN_WORDS = frozenset(("ات", "اش"))
_NAMEH_MIN = 100_000
_PLURAL_PRONOUNS = frozenset(("تان", "شان", "مان"))
# A participle that takes a plural is used as an adjective or a noun
# (ویرایش‌شده‌ها, ذخیره‌نشده‌های), a compound with the word before it, not the verb (حذف شده است).
# (not ای: شده‌ای is also «you have become»; not داده, which is also the noun "data")
_PARTICIPLE_NOUN_TAILS = frozenset(("ها", "های", "هایی"))
_NOUN_PARTICIPLES = frozenset(("شده", "نشده"))
# words a participle follows without forming a compound with them
_NOT_PARTICIPLE_HEADS = frozenset(
    (*_INDEFINITE_AFTER, *INDEFINITE_BEFORE, "این", "آن", "همه", "تمام", "اگر", "چون", "هنوز")
)


def _adjective_participle(left: str, right: str, lex: Lexicon) -> bool:
    parts = right.split(ZWNJ)
    if len(parts) != 2 or parts[1] not in _PARTICIPLE_NOUN_TAILS or ZWNJ in left:
        return False
    if parts[0] not in _NOUN_PARTICIPLES:
        return False
    return (
        len(left) > 2
        and left in lex.tagged
        and left not in _NOT_PARTICIPLE_HEADS
        and not _is_verb(left, lex)
    )


def _and_compound(last: str, first: str, lex: Lexicon) -> bool:
    """کسب وکارهای: the lexicon's «کسب‌وکار» with a plural (not «سیب وپرتقال», a space lost
    after the conjunction, which the lexicon does not list as a compound)."""
    for tail in _PLURAL_TAILS:
        if first.endswith(tail) and last + ZWNJ + first[: -len(tail)] in lex.zwnj_words:
            return True
    return False


def join_rule(left: str, right: str) -> str | None:
    """Rule name if the space between ``left`` and ``right`` stands for a lost ZWNJ, else None."""
    lex = get_lexicon()
    last = left.rsplit(ZWNJ, 1)[-1]
    if len(last) < 2 and ZWNJ not in left:
        return None
    if right in PLURAL_WORDS:
        return "zwnj-suffix"
    if last in MI_PREFIXES and last == left:
        first = right.split(ZWNJ, 1)[0]
        if first in lex.verb_forms or first in lex.past_participles:
            return "zwnj-prefix-mi"
        return None
    if right in HEH_WORDS:
        if _silent_heh(last) and len(last) > 2:
            return "zwnj-suffix"
        # a lone ezafe ی after a long vowel belongs to the word (نقشه‌ها ی نوع → نقشه‌های)
        if right == "ی" and last[-1] in "اوآ" and len(last) > 1:
            return "zwnj-suffix"
        # the indefinite ای after a word ending in ی (کاربری ای → کاربری‌ای)
        if right == "ای" and last[-1] == "ی" and len(last) > 2:
            return "zwnj-suffix"
        # the pronouns ات/اش never stand alone: after a noun ending in a joining letter
        # they are its possessive, written apart (حساب ات → حساب‌ات)
        if right in _PRONOUN_WORDS and last[-1] not in NON_JOINING and len(last) > 2:
            return "zwnj-suffix" if last in lex.tagged and not _is_verb(last, lex) else None
        return None
    if right == "ترین" and last in lex.adjectives and last + right not in _KEEP:
        return "zwnj-suffix"
    # تان never stands alone; شان (dignity) and مان (stay) do, but not after a vowel
    if (
        right in _PLURAL_PRONOUNS
        and len(last) > 2
        and last[-1] not in NON_JOINING
        and (right == "تان" or last[-1] == "ی" or _silent_heh(last))
        and last in lex.freq
        and not _is_verb(last, lex)
    ):
        return "zwnj-suffix"
    first = right.split(ZWNJ, 1)[0]
    if first != right and _adjective_participle(left, right, lex):
        return "compound"
    if first in BOUND_TAILS and (last in lex.freq or ZWNJ in left):
        return "compound"
    # Only when the second part is no word of its own (به روزرسانی): a spaced pair of two
    # words (ثبت نام, حذف شده) is correct Persian as often as not.
    if last + ZWNJ + first in lex.zwnj_words and first not in lex.freq:
        return "compound"
    # «نامه» after a noun makes a compound written as one word (آیین‌نامه, واژه‌نامه): a
    # space there is a lost ZWNJ where the lexicon knows the compound well (not پاسخ نامه,
    # "the reply to the letter", which it lists without a count)
    if first == "نامه" and lex.frequency(last + ZWNJ + first) >= _NAMEH_MIN:
        return "compound"
    # a compound in «و» (کسب‌وکار, گفت‌وگو) whose second half, inflected, is no word
    if first[:1] == "و" and first not in lex.freq and _and_compound(last, first, lex):
        return "compound"
    # or the first part is no word of its own (وب گاه)
    if last + ZWNJ + first in lex.bound_pairs:
        return "compound"
    return None
