"""State changes of articles and their parts. The only code that writes them.

Every function here is keyword-only, owns its transaction and sends
`signals.article_changed` after the commit. Text that enters goes through
`khabar.persian.normalize`; body HTML through the allow-list sanitizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khabar.news import signals
from khabar.news.errors import ArticleStateError
from khabar.news.html import clean_body
from khabar.news.models import Article, Category, Image, LegacyAlias, Source, Tag
from khabar.persian import normalize, slugify

FIRST_NEWS_ID = 1000
TEXT_FIELDS = ("overline", "title", "lead", "house_attribution")
EDITABLE_FIELDS = (
    "kind",
    "overline",
    "title",
    "lead",
    "body",
    "lead_image",
    "category",
    "reporter",
    "house_attribution",
    "via_source",
    "original_source",
)


def _notify(article: Article) -> None:
    transaction.on_commit(
        partial(
            signals.article_changed.send,
            sender=Article,
            article_id=article.pk,
            news_id=article.news_id,
        )
    )


def _unique_slug(model: type[Category] | type[Tag] | type[Source], name: str) -> str:
    base = slugify(name) or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def category_get_or_create(*, name: str) -> Category:
    name = normalize(name).strip()
    category = Category.objects.filter(name=name).first()
    if category is None:
        category = Category(name=name, slug=_unique_slug(Category, name))
        category.full_clean()
        category.save()
    return category


def tag_get_or_create(*, name: str) -> Tag:
    name = normalize(name).strip()
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        tag = Tag(name=name, slug=_unique_slug(Tag, name))
        tag.full_clean()
        tag.save()
    return tag


def source_get_or_create(*, name: str, homepage: str = "") -> Source:
    name = normalize(name).strip()
    source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source(name=name, slug=_unique_slug(Source, name), homepage=homepage)
        source.full_clean()
        source.save()
    return source


def next_news_id() -> int:
    """The next public news ID: one after the largest, so imported IDs are kept."""
    largest = Article.objects.aggregate(m=Max("news_id"))["m"]
    return FIRST_NEWS_ID if largest is None else largest + 1


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in TEXT_FIELDS:
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = normalize(cleaned[name]).strip()
    if "body" in cleaned and cleaned["body"] is not None:
        cleaned["body"] = clean_body(cleaned["body"])
    return cleaned


def article_create(
    *,
    title: str,
    category: Category,
    body: str = "",
    news_id: int | None = None,
    tags: Iterable[Tag] = (),
    **fields: Any,
) -> Article:
    """Create a draft. `news_id` is kept when given (imports), else allocated."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"article_create() got unexpected fields: {sorted(unknown)}")
    data = _clean_fields({"title": title, "body": body, **fields})
    data.setdefault("house_attribution", settings.KHABAR_HOUSE_ATTRIBUTION)
    for attempt in range(5):
        try:
            with transaction.atomic():
                article = Article(
                    news_id=news_id if news_id is not None else next_news_id(),
                    category=category,
                    status=Article.Status.DRAFT,
                    **{k: v for k, v in data.items() if k != "category"},
                )
                article.slug = slugify(article.title)
                article.full_clean()
                article.save()
                article.tags.set(list(tags))
                _notify(article)
                return article
        except IntegrityError:
            # Two writers took the same next ID; only an explicit ID is a real conflict.
            if news_id is not None or attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def article_update(
    *, article: Article, tags: Iterable[Tag] | None = None, **fields: Any
) -> Article:
    """Change an article's content; its news ID and URL stay."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"article_update() got unexpected fields: {sorted(unknown)}")
    data = _clean_fields(fields)
    for name, value in data.items():
        setattr(article, name, value)
    changed = list(data)
    if "title" in data:
        article.slug = slugify(article.title)
        changed.append("slug")
    article.full_clean()
    article.save(update_fields=[*changed, "updated_at"])
    if tags is not None:
        article.tags.set(list(tags))
    _notify(article)
    return article


@transaction.atomic
def article_submit(*, article_id: int) -> Article:
    """A reporter hands a draft to the editors."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.status != Article.Status.DRAFT:
        raise ArticleStateError(_("Only a draft can be sent for review."))
    article.status = Article.Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def article_publish(
    *, article_id: int, published_at: datetime | None = None, date_unknown: bool = False
) -> Article:
    """Make an article public now (or at the given past time, for imports)."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.status == Article.Status.PUBLISHED:
        raise ArticleStateError(_("This article is already published."))
    article.status = Article.Status.PUBLISHED
    article.published_at = published_at or timezone.now()
    article.original_date_unknown = date_unknown
    article.full_clean()
    article.save(update_fields=["status", "published_at", "original_date_unknown", "updated_at"])
    _notify(article)
    return article


@transaction.atomic
def article_schedule(*, article_id: int, publish_at: datetime) -> Article:
    """Publish later: the article stays invisible until `publish_at`."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.status not in (
        Article.Status.DRAFT,
        Article.Status.IN_REVIEW,
        Article.Status.SCHEDULED,
    ):
        raise ArticleStateError(
            _("Only an unpublished draft or reviewed article can be scheduled.")
        )
    if publish_at <= timezone.now():
        raise ArticleStateError(_("The scheduled time must be in the future."))
    article.status = Article.Status.SCHEDULED
    article.published_at = publish_at
    article.save(update_fields=["status", "published_at", "updated_at"])
    _notify(article)
    return article


@transaction.atomic
def article_unpublish(*, article_id: int) -> Article:
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.status != Article.Status.PUBLISHED:
        raise ArticleStateError(_("Only a published article can be unpublished."))
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    _notify(article)
    return article


def article_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled article whose time has come; returns their news IDs."""
    now = now or timezone.now()
    done = []
    for pk in Article.objects.filter(
        status=Article.Status.SCHEDULED, published_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=pk)
            if article.status != Article.Status.SCHEDULED:
                continue
            article.status = Article.Status.PUBLISHED
            article.save(update_fields=["status", "updated_at"])
            _notify(article)
            done.append(article.news_id)
    return done


def article_record_view(*, article_id: int) -> None:
    """Count a read for «most read», without touching updated_at."""
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)


@transaction.atomic
def legacy_alias_set(*, article: Article, path: str) -> LegacyAlias:
    """Keep an old path of `article` working (it answers 301 to the canonical URL)."""
    path = "/" + path.lstrip("/")
    alias, _created = LegacyAlias.objects.update_or_create(path=path, defaults={"article": article})
    return alias


@transaction.atomic
def image_create(*, file: Any, caption: str = "", credit: str = "", alt: str = "") -> Image:
    image = Image(
        file=file,
        caption=normalize(caption).strip(),
        credit=normalize(credit).strip(),
        alt=normalize(alt or caption).strip(),
    )
    image.full_clean()
    image.save()
    return image
