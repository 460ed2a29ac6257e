"""A fast generator of realistic Persian news articles, for every benchmark.

Realistic enough to load a search engine the way a news archive does:

* sentences built from news-agency templates (به گزارش …، وزیر امور خارجه …) and filled
  with real Persian words from Khabar's lexicon, drawn with a Zipf law, so there are
  very common words (in most articles), a long tail of rare ones, and repeated phrases;
* the spellings a newsroom really receives: lost ZWNJs, Arabic yeh and kaf, Persian,
  Arabic-Indic and Latin digits, an occasional diacritic;
* 12 categories, 600 tags (0–4 per article, Zipf), publish times over five years.

Deterministic for a seed. Writes straight into a benchmark database with bulk inserts
(never the test database): ``python bench/datagen.py --database-url URL --articles N``.
About 150–250 words of body per article.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZWNJ = "\u200c"

CATEGORIES = [
    ("سیاسی", "politics"),
    ("اقتصادی", "economy"),
    ("بین‌الملل", "world"),
    ("اجتماعی", "society"),
    ("ورزشی", "sport"),
    ("فرهنگی", "culture"),
    ("علمی", "science"),
    ("بورس", "stock-market"),
    ("انرژی", "energy"),
    ("استان‌ها", "provinces"),
    ("سلامت", "health"),
    ("چهره‌ها", "people"),
]
AGENCIES = [
    "خبرگزاری مهر",
    "ایرنا",
    "خبرگزاری تسنیم",
    "ایسنا",
    "خبرگزاری فارس",
    "رویترز",
    "تاس",
    "آسوشیتدپرس",
]
PEOPLE = [
    "وزیر امور خارجه",
    "رئیس‌جمهور",
    "وزیر اقتصاد",
    "رئیس بانک مرکزی",
    "سخنگوی دولت",
    "وزیر نفت",
    "نماینده مجلس",
    "استاندار تهران",
    "رئیس سازمان برنامه و بودجه",
    "مدیرعامل بورس",
]
PLACES = [
    "تهران",
    "مسکو",
    "پکن",
    "واشنگتن",
    "اصفهان",
    "تبریز",
    "مشهد",
    "شیراز",
    "بغداد",
    "دوحه",
    "آنکارا",
    "ژنو",
]
TOPICS = [
    "سیاست‌های اقتصادی",
    "نرخ تورم",
    "بازار ارز",
    "قیمت نفت",
    "صادرات غیرنفتی",
    "توافق هسته‌ای",
    "بودجه سال آینده",
    "شاخص کل بورس",
    "تیم ملی فوتبال",
    "انتخابات مجلس",
    "تحریم‌های بین‌المللی",
    "مذاکرات دوجانبه",
    "نرخ بیکاری",
    "قیمت مسکن",
    "آلودگی هوا",
    "کم‌آبی",
    "واکسن",
    "گفت‌وگو",
]
VERBS = [
    "اعلام کرد",
    "تأکید کرد",
    "گفت",
    "خبر داد",
    "اظهار داشت",
    "می‌کنیم",
    "می‌شود",
    "کرده‌اند",
    "شده است",
    "خواهد داد",
    "قرار دارد",
    "افزایش یافت",
    "کاهش یافت",
    "تصویب شد",
    "برگزار شد",
]
TEMPLATES = [
    "به گزارش {agency}، {person} در {place} {verb} که {words}.",
    "{person} درباره {topic} {verb}: {words}.",
    "بر اساس این گزارش، {topic} در {num} ماه گذشته {words} {verb}.",
    "{agency} به نقل از {agency2} {verb} که {words} در {place}.",
    "وی همچنین {verb} {topic} {words}.",
    "در این نشست که در {place} برگزار شد، {words} {verb}.",
    "{words} و {words} {verb}.",
    "این در حالی است که {topic} {words} {num} درصد {verb}.",
    "{person} افزود: {words}، {words} {verb}.",
]
TITLES = [
    "{person}: {topic} {words}",
    "{topic} در {place} {verb}",
    "{words} {topic}",
    "واکنش {person} به {topic}",
    "{num} درصد {topic} {verb}",
]


def lexicon_words() -> list[str]:
    """Plain Persian words of Khabar's lexicon (tagged, 2+ letters), most frequent first."""
    data = resources.files("khabar.persian") / "data" / "lexicon.tsv.gz"
    freq: dict[str, int] = {}
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as fh:
        for line in fh:
            word, count, tag = [*line.rstrip("\n").split("\t"), "", ""][:3]
            if tag and len(word) >= 2 and word.isalpha():
                freq[word] = max(freq.get(word, 0), int(count or 0))
    return sorted(freq, key=lambda w: (-freq[w], w))


class Generator:
    def __init__(self, seed: int = 1405, vocabulary: int = 60_000) -> None:
        self.rng = random.Random(seed)
        self.vocab = lexicon_words()[:vocabulary]
        # Zipf: the word of rank r is drawn with weight 1 / (r + 2).
        self.cum = list(itertools.accumulate(1.0 / (r + 2) for r in range(len(self.vocab))))
        self.tag_names = [
            f"{w} {v}" for w, v in zip(self.vocab[100:700], self.vocab[5000:5600], strict=True)
        ]
        self.tag_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.tag_names))))
        self.end = datetime(2026, 11, 20, tzinfo=UTC)
        self.span = timedelta(days=5 * 365).total_seconds()

    def _words(self, n: int) -> str:
        return " ".join(self.rng.choices(self.vocab, cum_weights=self.cum, k=n))

    def _num(self) -> str:
        n = str(self.rng.randint(2, 99))
        r = self.rng.random()
        if r < 0.7:
            return n.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        if r < 0.8:
            return n.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        return n

    def _fill(self, template: str, words: tuple[int, int]) -> str:
        rng = self.rng
        return template.format_map(
            _Lazy(
                agency=lambda: rng.choice(AGENCIES),
                agency2=lambda: rng.choice(AGENCIES),
                person=lambda: rng.choice(PEOPLE),
                place=lambda: rng.choice(PLACES),
                topic=lambda: rng.choice(TOPICS),
                verb=lambda: rng.choice(VERBS),
                num=self._num,
                words=lambda: self._words(rng.randint(*words)),
            )
        )

    def _spelling(self, text: str) -> str:
        """The spellings a newsroom receives: lost ZWNJ, Arabic letters, a diacritic."""
        r = self.rng.random()
        if r < 0.15:
            text = text.replace(ZWNJ, "")
        elif r < 0.20:
            text = text.replace(ZWNJ, " ")
        if self.rng.random() < 0.05:
            text = text.replace("ی", "ي").replace("ک", "ك")
        if self.rng.random() < 0.03:
            text = text.replace("ار", "اَر", 1)
        return text

    def article(self, i: int) -> dict:
        rng = self.rng
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            sentences = [
                self._fill(rng.choice(TEMPLATES), (4, 9)) for _ in range(rng.randint(2, 3))
            ]
            paragraphs.append("<p>" + self._spelling(" ".join(sentences)) + "</p>")
        # Archive order with jitter: publish times spread over five years, mostly increasing.
        fraction = min(1.0, max(0.0, (i + rng.gauss(0, 50)) / self.n_total))
        published = self.end - timedelta(seconds=self.span * (1 - fraction))
        ntags = min(4, int(rng.expovariate(0.8)))
        tags = sorted(
            set(rng.choices(range(len(self.tag_names)), cum_weights=self.tag_cum, k=ntags))
        )
        return {
            "title": self._spelling(self._fill(rng.choice(TITLES), (1, 3)))[:240],
            "overline": self._words(rng.randint(2, 5)) if rng.random() < 0.3 else "",
            "lead": self._spelling(self._fill(rng.choice(TEMPLATES), (6, 12))),
            "body": "\n".join(paragraphs),
            "category": rng.randrange(len(CATEGORIES)),
            "tags": tags,
            "published_at": published,
        }

    n_total = 1


class _Lazy(dict):
    """format_map values computed on each use, so {words} twice gives two different runs."""

    def __init__(self, **fns):
        super().__init__()
        self.fns = fns

    def __missing__(self, key):
        return self.fns[key]()


def write(n: int, *, seed: int = 1405, batch: int = 5000, progress: bool = True) -> int:
    """Add generated, published articles until the database holds ``n``; returns how many were added.

    Needs Django set up on the benchmark database (see ``setup_django``).
    """
    from django.db import transaction

    from khabar.news.models import Article, Category, Tag

    gen = Generator(seed=seed)
    gen.n_total = n
    cats = []
    for name, slug in CATEGORIES:
        cat, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name})
        cats.append(cat.pk)
    if Tag.objects.count() < len(gen.tag_names):
        Tag.objects.bulk_create(
            [Tag(name=name, slug=f"bench-tag-{k}") for k, name in enumerate(gen.tag_names)],
            ignore_conflicts=True,
        )
    tag_ids = dict(Tag.objects.filter(slug__startswith="bench-tag-").values_list("slug", "pk"))
    tag_pk = [tag_ids[f"bench-tag-{k}"] for k in range(len(gen.tag_names))]
    have = Article.objects.count()
    if have >= n:
        return 0
    # Skip the generator ahead so a resumed run writes what a fresh one would have.
    for i in range(have):
        gen.article(i)
    through = Article.tags.through
    started = time.perf_counter()
    for start in range(have, n, batch):
        rows = [gen.article(i) for i in range(start, min(n, start + batch))]
        with transaction.atomic():
            created = Article.objects.bulk_create(
                [
                    Article(
                        news_id=1_000_000 + start + k,
                        title=row["title"],
                        overline=row["overline"],
                        lead=row["lead"],
                        body=row["body"],
                        category_id=cats[row["category"]],
                        status=Article.Status.PUBLISHED,
                        published_at=row["published_at"],
                    )
                    for k, row in enumerate(rows)
                ],
                batch_size=1000,
            )
            through.objects.bulk_create(
                [
                    through(article_id=article.pk, tag_id=tag_pk[t])
                    for article, row in zip(created, rows, strict=True)
                    for t in row["tags"]
                ],
                batch_size=5000,
            )
        if progress:
            done = start + len(rows)
            rate = (done - have) / (time.perf_counter() - started)
            print(f"\rgenerated {done}/{n} articles ({rate:,.0f}/s)", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses badly
        with connection.cursor() as cur:
            cur.execute("ANALYZE news_article")
            cur.execute("ANALYZE news_article_tags")
    return max(0, n - have)


def setup_django(database_url: str) -> None:
    """Point Django at a benchmark database (never the test one) and migrate it."""
    if "test_" in database_url.rsplit("/", 1)[-1]:
        raise SystemExit("refusing to write benchmark data into a test database")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.dev")
    os.environ.pop("KHABAR_SEARCH_BACKEND", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1405)
    args = parser.parse_args()
    setup_django(args.database_url)
    started = time.perf_counter()
    added = write(args.articles, seed=args.seed)
    print(f"added {added} articles in {time.perf_counter() - started:,.1f} s")


if __name__ == "__main__":
    main()
