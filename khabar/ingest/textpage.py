"""Parse pages in the seed's text format (no Django, no database).

The format, as a scraper saw an agency's article page:

    تنظیمات / تصویر / مشخصات خبر / اندازه فونت : / چاپ خبر     (page chrome, optional)
    شاخه : <category>
    لینک : <host>/<short path>                                   (optional)
    شناسه : <news ID>
    تاریخ : <Jalali date [time]>                                 (may be empty)
    <title>
    <house attribution line: «به گزارش ...»>                     (optional)
    <body paragraphs>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from khabar.persian import normalize, parse_jalali_date, to_latin_digits

CHROME_LINES = {"تنظیمات", "تصویر", "مشخصات خبر", "اندازه فونت :", "اندازه فونت:", "چاپ خبر"}
LABELS = {
    "شاخه": "category",
    "سرویس": "category",
    "لینک": "link",
    "شناسه": "news_id",
    "کد خبر": "news_id",
    "تاریخ": "date",
}
_LABEL_LINE = re.compile(r"^(?P<label>شاخه|سرویس|لینک|شناسه|کد خبر|تاریخ)\s*:\s*(?P<value>.*)$")
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})")
# «به گزارش خبرگزاری مهر به نقل از تاس، ...»: the via agency and the original one.
_WIRE_CHAIN = re.compile(
    r"^به گزارش (?P<via>(?:خبرگزاری|پایگاه خبری|روزنامه|سایت)\s+[^،,]+?)"
    r"(?:\s+به نقل از\s+(?P<original>[^،,]+?))?\s*[،,]"
)


class TextPageError(ValueError):
    """The file is not in the text-page format; says where and why, in Persian."""

    def __init__(self, name: str, line: int, message: str) -> None:
        self.name, self.line, self.message = name, line, message
        super().__init__(f"{name}، سطر {line}: {message}")


@dataclass(frozen=True)
class TextPage:
    category: str
    news_id: int
    title: str
    house_attribution: str
    paragraphs: list[str]
    link: str = ""
    published_at: datetime | None = None  # naive, Asia/Tehran wall time; None: unknown
    via_agency: str = ""
    original_agency: str = ""

    @property
    def legacy_path(self) -> str:
        """The short link's path (`/5x3830263` from `econews.ir/5x3830263`)."""
        if not self.link:
            return ""
        link = re.sub(r"^[a-z]+://", "", self.link.strip(), flags=re.IGNORECASE)
        _, slash, rest = link.partition("/")
        return "/" + rest if slash and rest else ""


def parse_datetime_text(value: str) -> datetime:
    """A Jalali date with an optional time, in any digits: «۱۴۰۳/۰۸/۱۱ - ۱۴:۳۲»."""
    latin = to_latin_digits(value)
    found = _TIME.search(latin)
    date_part = latin[: found.start()] if found else latin
    date_part = date_part.strip(" -–،,")
    day: date = parse_jalali_date(date_part)
    at = time(int(found["h"]), int(found["m"])) if found else time(0, 0)
    return datetime.combine(day, at)


def parse_text_page(raw: str, *, name: str = "<text>") -> TextPage:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}
    i = 0
    # Header: chrome lines and labelled lines, in any order, until the first other line.
    while i < len(lines):
        line = normalize(lines[i]).strip()
        if not line or line in CHROME_LINES:
            i += 1
            continue
        match = _LABEL_LINE.match(line)
        if not match:
            break
        key = LABELS[match["label"]]
        if key in fields:
            raise TextPageError(name, i + 1, f"برچسب «{match['label']}» دو بار آمده است.")
        fields[key] = match["value"].strip()
        i += 1
    for key, label in (("category", "شاخه"), ("news_id", "شناسه")):
        if not fields.get(key):
            raise TextPageError(
                name,
                i + 1,
                f"سطر «{label} : ...» پیش از تیتر پیدا نشد؛ این فایل در قالب صفحهٔ خبر نیست.",
            )
    id_text = to_latin_digits(fields["news_id"])
    if not id_text.isdigit() or int(id_text) <= 0:
        raise TextPageError(
            name, _line_of(lines, "شناسه"), f"شناسهٔ خبر باید عدد باشد، نه «{fields['news_id']}»."
        )
    published_at = None
    if fields.get("date"):
        try:
            published_at = parse_datetime_text(fields["date"])
        except ValueError:
            raise TextPageError(
                name,
                _line_of(lines, "تاریخ"),
                f"تاریخ «{fields['date']}» خوانا نیست؛ نمونهٔ درست: ۱۴۰۳/۰۸/۱۱ - ۱۴:۳۲",
            ) from None
    # Title, then an optional house attribution line, then the body.
    rest = [(n + 1, normalize(text).strip()) for n, text in enumerate(lines) if n >= i]
    rest = [(n, text) for n, text in rest if text]
    if not rest:
        raise TextPageError(name, len(lines), "تیتر خبر پیدا نشد.")
    title = rest[0][1]
    rest = rest[1:]
    house = ""
    if rest and _is_house_line(rest[0][1]):
        house = rest[0][1]
        rest = rest[1:]
    if not rest:
        raise TextPageError(name, len(lines), "متن خبر خالی است.")
    paragraphs = [text for _, text in rest]
    chain = _WIRE_CHAIN.match(paragraphs[0])
    return TextPage(
        category=fields["category"],
        news_id=int(id_text),
        title=title,
        house_attribution=house,
        paragraphs=paragraphs,
        link=fields.get("link", ""),
        published_at=published_at,
        via_agency=chain["via"].strip() if chain else "",
        original_agency=(chain["original"] or "").strip() if chain else "",
    )


def _is_house_line(text: str) -> bool:
    # «به گزارش خبرگزاری اقتصاد ایران» alone on its line: short, no clause after it.
    return text.startswith("به گزارش") and "،" not in text and len(text) <= 80


def _line_of(lines: list[str], label: str) -> int:
    for n, text in enumerate(lines):
        if normalize(text).strip().startswith(label):
            return n + 1
    return 1
