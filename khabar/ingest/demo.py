"""Demo content: the seed article plus generated articles, so every page looks real.

Deterministic (a fixed random seed), idempotent (a second run adds nothing),
and made only through the same services the newsroom uses.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from khabar.ingest.services import text_page_import
from khabar.news import services as news
from khabar.news.models import Article, Category

SEED_SAMPLE = Path(__file__).resolve().parent / "samples" / "econews-3830263.txt"

CATEGORIES: dict[str, dict[str, object]] = {
    "سیاسی": {
        "color": (33, 76, 140),
        "titles": [
            "نشست مشترک کمیسیون‌های مجلس درباره بودجه سال آینده برگزار شد",
            "وزیر امور خارجه: گفت‌وگوهای منطقه‌ای ادامه می‌یابد",
            "طرح اصلاح قانون انتخابات به صحن علنی رسید",
            "سخنگوی دولت از برنامه‌های جدید اقتصادی خبر داد",
            "رئیس مجلس: نظارت بر اجرای قوانین تقویت می‌شود",
            "هیئت دولت لایحه ساماندهی بازار مسکن را تصویب کرد",
            "دیدار سفرای کشورهای همسایه با وزیر کشور",
            "نمایندگان خواستار شفافیت بیشتر در قراردادهای دولتی شدند",
        ],
    },
    "اقتصادی": {
        "color": (22, 122, 92),
        "titles": [
            "شاخص کل بورس تهران در معاملات امروز رشد کرد",
            "نرخ تورم نقطه‌به‌نقطه در آبان‌ماه اعلام شد",
            "صادرات غیرنفتی در هفت ماه نخست سال افزایش یافت",
            "بانک مرکزی از سیاست‌های جدید ارزی رونمایی کرد",
            "قیمت طلا و سکه در بازار امروز کاهش یافت",
            "تولید خودرو در کارخانه‌های داخلی به رکورد تازه رسید",
            "طرح حمایت از کسب‌وکارهای کوچک اجرایی می‌شود",
            "پیش‌بینی رشد اقتصادی کشور در گزارش تازه صندوق بین‌المللی پول",
        ],
    },
    "بین‌الملل": {
        "color": (140, 52, 52),
        "titles": [
            "نشست سران کشورهای عضو گروه بیست در پایان کار خود بیانیه داد",
            "سازمان ملل نسبت به بحران انسانی در منطقه هشدار داد",
            "مذاکرات تجاری اروپا و چین وارد دور تازه‌ای شد",
            "انتخابات ریاست‌جمهوری در آمریکای لاتین به دور دوم کشید",
            "توافق تازه درباره کاهش انتشار کربن امضا شد",
            "وزیران خارجه کشورهای آسیای میانه در تاشکند دیدار کردند",
            "اتحادیه اروپا بسته تازه کمک‌های بشردوستانه را تصویب کرد",
        ],
    },
    "ورزشی": {
        "color": (196, 110, 20),
        "titles": [
            "تیم ملی فوتبال در دیدار دوستانه به پیروزی رسید",
            "قهرمانی کشتی‌گیران ایران در رقابت‌های آسیایی",
            "لیگ برتر والیبال با برگزاری پنج دیدار پیگیری شد",
            "سرمربی تیم ملی فهرست بازیکنان اردوی جدید را اعلام کرد",
            "وزنه‌بردار جوان ایرانی رکورد جهان را شکست",
            "برنامه رقابت‌های جام حذفی فوتبال اعلام شد",
            "تیم ملی بسکتبال راهی مرحله نهایی شد",
        ],
    },
    "فرهنگی": {
        "color": (108, 60, 140),
        "titles": [
            "نمایشگاه کتاب تهران با حضور ناشران داخلی و خارجی گشایش یافت",
            "فیلم‌های راه‌یافته به جشنواره فجر معرفی شدند",
            "موزه ملی میزبان نمایشگاه آثار باستانی شد",
            "شب شعر فارسی با حضور شاعران برجسته برگزار شد",
            "ترجمه تازه شاهنامه به زبان اسپانیایی منتشر شد",
            "بزرگداشت حافظ در شیراز برگزار شد",
            "کنسرت ارکستر ملی در تالار وحدت اجرا شد",
        ],
    },
    "علم و فناوری": {
        "color": (20, 110, 150),
        "titles": [
            "پژوهشگران ایرانی داروی جدیدی برای درمان دیابت معرفی کردند",
            "ماهواره سنجشی تازه با موفقیت به مدار رسید",
            "استفاده از هوش مصنوعی در بیمارستان‌های کشور گسترش می‌یابد",
            "پوشش اینترنت پرسرعت در روستاها افزایش یافت",
            "دانشجویان ایرانی در مسابقات جهانی رباتیک مقام اول را کسب کردند",
            "نخستین خودروی برقی ساخت داخل رونمایی شد",
            "شبکه ملی داده‌های پژوهشی راه‌اندازی شد",
        ],
    },
}

TAGS = [
    "بودجه",
    "مجلس",
    "بورس",
    "تورم",
    "صادرات",
    "انرژی",
    "فوتبال",
    "کشتی",
    "کتاب",
    "سینما",
    "هوش مصنوعی",
    "فضا",
    "محیط زیست",
    "دیپلماسی",
    "مسکن",
    "اشتغال",
]

SENTENCES = [
    "به گفته مسئولان، این تصمیم پس از بررسی‌های کارشناسی چندماهه گرفته شده است.",
    "کارشناسان معتقدند اجرای این برنامه می‌تواند در ماه‌های آینده اثرات مثبتی داشته باشد.",
    "در این نشست گزارشی از آخرین وضعیت اجرای طرح‌ها ارائه شد و حاضران درباره راهکارهای پیش رو گفت‌وگو کردند.",
    "پیش از این نیز مقام‌های مسئول بر ضرورت هماهنگی میان دستگاه‌های مختلف تأکید کرده بودند.",
    "بر اساس آمارهای منتشرشده، این رقم نسبت به مدت مشابه سال گذشته افزایش چشمگیری داشته است.",
    "وی افزود: ما همه توان خود را برای تحقق اهداف تعیین‌شده به کار می‌گیریم.",
    "این گزارش می‌افزاید که مرحله بعدی برنامه از ابتدای سال آینده آغاز می‌شود.",
    "منتقدان اما می‌گویند هنوز پرسش‌های زیادی درباره جزئیات اجرای این طرح بی‌پاسخ مانده است.",
    "قرار است نتایج این بررسی‌ها تا پایان ماه جاری به صورت عمومی منتشر شود.",
    "در ادامه این مراسم از تلاش‌های فعالان این حوزه قدردانی شد.",
    "گفتنی است نشست بعدی این کارگروه هفته آینده برگزار خواهد شد.",
    "یکی از حاضران در این جلسه گفت: انتظار داریم تصمیم‌ها هرچه زودتر عملی شوند.",
]

ImageMaker = Callable[[tuple[int, int, int], int], ContentFile]


def make_placeholder_image(color: tuple[int, int, int], index: int) -> ContentFile:
    """A 1200×675 JPEG: a soft gradient with shapes, distinct per article."""
    width, height = 1200, 675
    image = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(60 * y / height)
        draw.line([(0, y), (width, y)], fill=tuple(max(0, c - shade) for c in color))
    rnd = random.Random(index)
    for _ in range(6):
        x, y, r = rnd.randint(0, width), rnd.randint(0, height), rnd.randint(40, 220)
        tint = tuple(min(255, c + rnd.randint(20, 90)) for c in color)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=tint, width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"demo-{index}.jpg")


def seed_demo(
    *, log: Callable[[str], None] = print, make_image: ImageMaker = make_placeholder_image
) -> int:
    """Load the demo content; returns how many articles were created."""
    result = text_page_import(
        raw=SEED_SAMPLE.read_text(encoding="utf-8"), file_name=SEED_SAMPLE.name
    )
    seed = result.article
    if seed.lead_image is None:
        image = news.image_create(
            file=make_image((90, 90, 110), 0),
            caption="سرگئی لاوروف و چوئی سون هوی در دیدار وزیران خارجه روسیه و کره شمالی در مسکو",
            credit="خبرگزاری تاس",
        )
        news.article_update(
            article=seed,
            lead_image=image,
            tags=[news.tag_get_or_create(name=n) for n in ("روسیه", "کره شمالی", "دیپلماسی")],
        )
    log(f"seed article {seed.news_id}: {seed.get_absolute_url()}")
    if (
        Category.objects.filter(name__in=list(CATEGORIES)).count() == len(CATEGORIES)
        and Article.objects.count() > 1
    ):
        log("demo articles already loaded")
        return 0
    rnd = random.Random(1405)
    tags = [news.tag_get_or_create(name=name) for name in TAGS]
    now = timezone.now()
    created = 0
    total = sum(len(spec["titles"]) for spec in CATEGORIES.values())  # type: ignore[arg-type]
    for position, (name, spec) in enumerate(CATEGORIES.items(), start=1):
        category = news.category_get_or_create(name=name)
        category.position = position
        category.save(update_fields=["position", "updated_at"])
        for title in spec["titles"]:  # type: ignore[attr-defined]
            created += 1
            paragraphs = rnd.sample(SENTENCES, k=rnd.randint(4, 7))
            lead = paragraphs[0]
            body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
            image = None
            if created % 4 != 0:  # some articles have no picture, as in real life
                image = news.image_create(
                    file=make_image(spec["color"], created),  # type: ignore[arg-type]
                    caption=f"تصویری از {title}",
                    credit="تحریریه",
                )
            article = news.article_create(
                title=title,
                category=category,
                lead=lead,
                body=body,
                overline=rnd.choice(["", "", "گزارش", "گفت‌وگو", name]),
                lead_image=image,
                tags=rnd.sample(tags, k=rnd.randint(1, 3)),
            )
            when = now - timedelta(minutes=rnd.randint(10, 60 * 24 * 10))
            news.article_publish(article_id=article.pk, published_at=when)
            Article.objects.filter(pk=article.pk).update(view_count=rnd.randint(0, 5000))
            log(f"[{created}/{total}] {article.news_id} {title}")
    return created
