"""Read Persian sentences out of translation catalogues inside downloaded wheels.

Catalogues: gettext .po (preferred) or .mo, and flat JSON message files (kolibri). Only
``msgstr`` text is used. Nothing is fetched here: wheels come from ``pip download`` (see
RESULTS.md for the commands).
"""

from __future__ import annotations

import gettext
import io
import json
import pathlib
import re
import zipfile

_CATALOGUE = re.compile(r"(?:^|/)(?:fa|fa_IR)/LC_MESSAGES/[^/]+\.(po|mo|json)$")
_PLACEHOLDER = re.compile(r"%\(?[a-zA-Z_]*\)?[sdif]|\{[^}]*\}|<[^>]*>|&[a-z]+;|%%|\\n|\[\[|\]\]|`")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Letters (not punctuation: ، ؛ ؟ are in the Arabic block too) and letters that join on.
_L = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_JOINING = "بپتثجچحخسشصضطظعغفقکگلمنهیئ"
_MARKS = "\u064b-\u0652\u0670"
# Bound second elements of compounds: never a word of their own (a fixed list).
_BOUND = (
    "بندی|رسانی|سازی|کننده|کنندگان|دهنده|دهندگان|شونده|پذیر|پذیری|ناپذیر|گذاری|مندی|مندان"
    "|شناسی|گرایی"
)
# the ones also wrong glued to a joining letter (not مند, پذیر: دانشمند, دلپذیر)
_GLUED_BOUND = "بندی|رسانی|سازی|کننده|کنندگان|دهنده|دهندگان|شونده|گذاری|شناسی|گرایی"
# Objective defects: a catalogue sentence with one of these is not "correctly written".
_DEFECTS = re.compile(
    r"[\u064a\u0643\u0649\u0660-\u0669\u0640\ufb50-\ufdff\ufe70-\ufeff\u200b\u200d]"
    rf"|(?:(?<!\S)|(?<=\s[(«])|(?<=^[(«]))(?:می|نمی|ها|های|هایی|ترین)(?![{_L}\u200c])"
    rf"|ه\s(?:ای|ام|ات|اش|ایم|اید|اند|ایی)(?![{_L}])|ی\sای(?![{_L}])"
    r"|\u200c(?=[\s\u200c]|$)|(?:^|\s)\u200c|  "
    # defects the issue names, written as a fixed list independent of the engine: a می/نمی
    # glued to one of the 20 commonest verbs, a space before a bound element, Latin digits
    # inside Persian prose
    r"|(?:^|\s)ن?می(?:کن|شو|شد|تو|خواه|باش|ده|گیر|رس|دان|بین|گذار|آی|رو|گرد|بای|یاب|گوی|گو|دهد)"
    rf"|\s(?:ی|{_BOUND})(?![{_L}])"
    r"|[\u0600-\u06ff][\s(]*[0-9]|[0-9][\s)]*[\u0600-\u06ff]"
    # added in run 4, same principle (fixed rules, no engine): a ZWNJ not between two
    # letters; a space before ، ؛ ؟ ! or a sentence-final . : and none after ، ؛ ؟; the
    # bound elements above and the plural/superlative endings glued to a joining letter
    rf"|(?<![{_L}{_MARKS}])\u200c|\u200c(?![{_L}])"
    rf"|[{_L}]\s+(?:[،؛؟!]|[.:](?=\s|$))|[،؛؟](?=[{_L}])"
    rf"|[{_JOINING}](?:{_GLUED_BOUND})(?![{_L}])"
)
# A plural ها/های/هایی (+ pronoun) or ترین glued to a joining letter, but for the words
# that are written solid by every standard (fixed list).
_GLUED_TAIL = re.compile(
    rf"(?<![{_L}\u200c])([{_L}]*[{_JOINING}])(ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|ترین)"
    rf"(?![{_L}\u200c])"
)
_ASCII_DIGIT = re.compile("[0-9]")
_SOLID = frozenset(("تن", "آن", "این", "ب", "ن", "انت", "اشت", "اژد", "بیش", "کم", "به", "مه"))
_SPLIT = re.compile(r"(?<=[.!؟?])\s+|\n+")


def _latin_digits(text: str) -> bool:
    """Latin digits in a sentence without a Latin letter: digits in Persian prose."""
    return _ASCII_DIGIT.search(text) is not None and _LATIN.search(text) is None


def _glued_tail(text: str) -> bool:
    return any(m.group(1) not in _SOLID for m in _GLUED_TAIL.finditer(text))


def _po_strings(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] | None = None
    fuzzy = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgstr"):
            value = line.split(" ", 1)[1] if " " in line else '""'
            current = [value]
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            if current is not None:
                if not fuzzy:
                    out.append("".join(_unquote(v) for v in current))
                current = None
                fuzzy = False
            if line.startswith("msgid"):
                fuzzy = fuzzy and True
    if current is not None and not fuzzy:
        out.append("".join(_unquote(v) for v in current))
    return out


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace('\\"', '"').replace("\\t", " ")


def _mo_strings(data: bytes) -> list[str]:
    catalog = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
    return [v for k, v in catalog.items() if k and isinstance(v, str)]


def _json_strings(data: bytes) -> list[str]:
    obj = json.loads(data.decode("utf-8"))
    return [v for v in obj.values() if isinstance(v, str)] if isinstance(obj, dict) else []


def wheel_strings(wheel: pathlib.Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """All Persian msgstr strings of a wheel (a .po wins over the .mo beside it)."""
    strings: list[str] = []
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if _CATALOGUE.search(n)]
        names = [n for n in names if not any(x in n for x in exclude)]
        pos = {n[:-3] for n in names if n.endswith(".po")}
        for name in sorted(names):
            data = zf.read(name)
            if name.endswith(".po"):
                strings += _po_strings(data.decode("utf-8", "replace"))
            elif name.endswith(".mo") and name[:-3] not in pos:
                strings += _mo_strings(data)
            elif name.endswith(".json") and "messages" in name:
                strings += _json_strings(data)
    return strings


def sentences(strings: list[str]) -> list[str]:
    """Persian sentences: split, cleaned of markup, deduplicated, defect-free, 12–300 chars."""
    seen: set[str] = set()
    out: list[str] = []
    for s in strings:
        if _PLACEHOLDER.search(s):
            continue
        for part in _SPLIT.split(s):
            part = part.strip()
            if not 12 <= len(part) <= 300 or part in seen:
                continue
            arabic = len(_ARABIC.findall(part))
            if arabic < 8 or arabic < 2 * len(_LATIN.findall(part)):
                continue
            if _DEFECTS.search(part) or _glued_tail(part) or _latin_digits(part):
                continue
            seen.add(part)
            out.append(part)
    return out
