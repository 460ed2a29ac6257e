"""State changes of articles and their parts. The only code that writes them.

Every function here is keyword-only, owns its transaction and sends
`signals.article_changed` after the commit. Text that enters goes through
`khabar.persian.normalize`; body HTML through the allow-list sanitizer.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from redis import exceptions as redis_errors

from khabar.core.redis import client as redis_client
from khabar.core.redis import key as redis_key
from khabar.news import policy, signals, textreview
from khabar.news.errors import ArticleConflictError, ArticlePermissionError, ArticleStateError
from khabar.news.html import clean_body
from khabar.news.models import (
    Article,
    ArticleEvent,
    BreakingNews,
    Category,
    Correction,
    FeaturedArticle,
    Image,
    LegacyAlias,
    Revision,
    Source,
    Tag,
)
from khabar.persian import format_jalali, normalize, slugify

log = logging.getLogger("khabar.news")

Status = Article.Status
Action = ArticleEvent.Action

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
    """Normalized text and sanitized body, without review bookkeeping (kept for callers)."""
    cleaned = dict(fields)
    for name in TEXT_FIELDS:
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = normalize(cleaned[name]).strip()
    if "body" in cleaned and cleaned["body"] is not None:
        cleaned["body"] = clean_body(cleaned["body"])
    return cleaned


def _review_fields(article: Article, fields: dict[str, Any]) -> dict[str, Any]:
    """Run every text field through the Persian review; record what it changed.

    A field whose submitted text equals what is stored is left alone, so reverted
    fixes stay reverted when someone saves the form again.
    """
    cleaned = dict(fields)
    review = dict(article.text_review or {})
    for name in (*TEXT_FIELDS, "body"):
        if name not in cleaned or cleaned[name] is None:
            continue
        if article.pk and cleaned[name] == getattr(article, name):
            continue
        value, entry = textreview.review(
            cleaned[name], html=name == "body", previous=review.get(name)
        )
        cleaned[name] = value
        if entry is None:
            review.pop(name, None)
        else:
            review[name] = entry
    article.text_review = review
    return cleaned


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "pk", None) else None


def _log(article: Article, user: Any, action: str, note: str = "") -> None:
    ArticleEvent.objects.create(
        article=article, news_id=article.news_id, actor=_user(user), action=action, note=note
    )


def _snapshot(article: Article) -> dict[str, Any]:
    return {
        "kind": article.kind,
        "overline": article.overline,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "category": article.category_id,
        "tags": sorted(article.tags.values_list("pk", flat=True)) if article.pk else [],
        "lead_image": article.lead_image_id,
        "reporter": article.reporter_id,
        "house_attribution": article.house_attribution,
        "via_source": article.via_source_id,
        "original_source": article.original_source_id,
    }


def _revision(article: Article, user: Any, reason: str, note: str = "") -> Revision:
    return Revision.objects.create(
        article=article,
        version=article.version,
        author=_user(user),
        reason=reason,
        note=note[:300],
        data=_snapshot(article),
    )


def _deny(message: str) -> ArticlePermissionError:
    return ArticlePermissionError(message)


def _locked(article_id: int) -> Article:
    return Article.objects.select_for_update().select_related("category").get(pk=article_id)


def article_create(
    *,
    title: str,
    category: Category,
    body: str = "",
    news_id: int | None = None,
    tags: Iterable[Tag] = (),
    user: Any = None,
    **fields: Any,
) -> Article:
    """Create a draft. `news_id` is kept when given (imports), else allocated.

    `user` is the person writing it (checked against their role; becomes the
    reporter unless one is given); None means trusted code such as an import.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"article_create() got unexpected fields: {sorted(unknown)}")
    if user is not None and not user.has_perm("news.add_article"):
        raise _deny(_("You are not allowed to write articles."))
    if user is not None and fields.get("reporter") is None:
        fields["reporter"] = user
    fields.setdefault("house_attribution", settings.KHABAR_HOUSE_ATTRIBUTION)
    for attempt in range(5):
        try:
            with transaction.atomic():
                article = Article(
                    news_id=news_id if news_id is not None else next_news_id(),
                    category=category,
                    status=Status.DRAFT,
                )
                data = _review_fields(article, {"title": title, "body": body, **fields})
                for name, value in data.items():
                    setattr(article, name, value)
                article.slug = slugify(article.title)
                article.full_clean()
                article.save()
                article.tags.set(list(tags))
                _revision(article, user, Revision.Reason.CREATE)
                _log(article, user, Action.CREATE)
                _notify(article)
                return article
        except IntegrityError:
            # Two writers took the same next ID; only an explicit ID is a real conflict.
            if news_id is not None or attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _conflict(current: Article, expected_version: int) -> ArticleConflictError:
    last = current.revisions.select_related("author").first()
    who = (
        (last.author.get_full_name() or last.author.get_username()) if last and last.author else ""
    )
    when = format_jalali(last.created_at) if last else ""
    # Translators: optimistic locking; who saved the article last and when (Jalali).
    message = _(
        "Someone else saved this article after you opened it (%(who)s, %(when)s). "
        "Your text has not been saved, and nothing is lost: compare the changes below, "
        "then save again to keep your version."
    ) % {"who": who or "—", "when": when or "—"}
    return ArticleConflictError(
        message, current_version=current.version, expected_version=expected_version
    )


def article_update(
    *,
    article: Article,
    tags: Iterable[Tag] | None = None,
    user: Any = None,
    expected_version: int | None = None,
    correction_note: str = "",
    reason: str = Revision.Reason.EDIT,
    revision_note: str = "",
    **fields: Any,
) -> Article:
    """Change an article's content; its news ID and URL stay.

    Stores a revision. With `expected_version`, a save made from an older version
    is refused with ArticleConflictError, and the refused content is kept as a
    revision of its own (nobody's text is lost). On a published article the change
    is a correction: `correction_note` is shown to readers.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"article_update() got unexpected fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            fresh = _locked(article.pk)
            if expected_version is not None and fresh.version != expected_version:
                raise _conflict(fresh, expected_version)
            if user is not None and not policy.can_edit(user, fresh):
                if fresh.status == Status.PUBLISHED:
                    raise _deny(_("Only a chief editor can correct a published article."))
                raise _deny(_("You are not allowed to edit this article in its current state."))
            if correction_note and fresh.status != Status.PUBLISHED:
                raise ArticleStateError(_("A correction note is only for published articles."))
            before = _snapshot(fresh)
            data = _review_fields(fresh, fields)
            for name, value in data.items():
                setattr(fresh, name, value)
            if "title" in data:
                fresh.slug = slugify(fresh.title)
            fresh.full_clean()
            if tags is not None:
                fresh.tags.set(list(tags))
            after = _snapshot(fresh)
            if after == before and not correction_note:
                fresh.save(update_fields=["text_review"])
                return fresh
            fresh.version = F("version") + 1
            changed = [*data, "slug", "version", "text_review", "updated_at"]
            # Any change readers can see on a live article moves its dateModified
            # (a re-import too), not only a chief editor's correction.
            if fresh.status == Status.PUBLISHED:
                fresh.corrected_at = timezone.now()
                changed.append("corrected_at")
            fresh.save(update_fields=changed)
            fresh.refresh_from_db(fields=["version"])
            if correction_note:
                note = normalize(correction_note).strip()
                Correction.objects.create(article=fresh, note=note, author=_user(user))
                _revision(fresh, user, Revision.Reason.CORRECTION, note)
                _log(fresh, user, Action.CORRECT, note)
            else:
                _revision(fresh, user, reason, revision_note)
                _log(
                    fresh,
                    user,
                    Action.RESTORE if reason == Revision.Reason.RESTORE else Action.EDIT,
                    revision_note,
                )
            _notify(fresh)
    except ArticleConflictError:
        _keep_refused(article.pk, user, fields, tags)
        raise
    article.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return fresh


def _keep_refused(article_id: int, user: Any, fields: dict[str, Any], tags: Any) -> None:
    """Store a refused (stale) save as a revision, so the text can be compared and restored."""
    with transaction.atomic():
        current = Article.objects.get(pk=article_id)
        data = _snapshot(current)
        for name, value in fields.items():
            data[name] = getattr(value, "pk", value)
        if tags is not None:
            data["tags"] = sorted(t.pk for t in tags)
        Revision.objects.create(
            article=current,
            version=current.version,
            author=_user(user),
            reason=Revision.Reason.REJECTED,
            data=data,
        )
        _log(current, user, Action.CONFLICT)


@transaction.atomic
def article_revert_fix(
    *, article_id: int, field: str, index: int, revert: bool = True, user: Any = None
) -> Article:
    """Undo (or apply again) one change the Persian review made to a field."""
    article = _locked(article_id)
    if user is not None and not policy.can_edit(user, article):
        raise _deny(_("You are not allowed to edit this article in its current state."))
    entry = (article.text_review or {}).get(field)
    if entry is None:
        raise ArticleStateError(_("This field has no text fixes to review."))
    try:
        entry = textreview.toggle(entry, index, revert=revert)
    except IndexError:
        raise ArticleStateError(
            _("This text fix no longer exists; the text has changed.")
        ) from None
    value = textreview.value_of(entry).strip()
    if field == "title":
        article.slug = slugify(value)
    setattr(article, field, value)
    article.text_review = {**article.text_review, field: entry}
    article.version = F("version") + 1
    article.save(update_fields=[field, "slug", "text_review", "version", "updated_at"])
    article.refresh_from_db(fields=["version"])
    fix = entry["fixes"][index]
    note = f"{Article._meta.get_field(field).verbose_name}: «{fix[2]}» → «{fix[3]}»"
    _revision(article, user, Revision.Reason.TEXT_REVIEW, note)
    _log(article, user, Action.TEXT_FIX, note)
    _notify(article)
    return article


def _revision_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[Tag]]:
    fields: dict[str, Any] = {}
    for name in ("kind", "overline", "title", "lead", "body", "house_attribution"):
        if name in data:
            fields[name] = data[name]
    models_by_field = {
        "category": Category,
        "lead_image": Image,
        "via_source": Source,
        "original_source": Source,
    }
    for name, model in models_by_field.items():
        pk = data.get(name)
        fields[name] = model.objects.filter(pk=pk).first() if pk else None
    if fields.get("category") is None:
        fields.pop("category")
    if data.get("reporter"):
        from django.contrib.auth import get_user_model

        fields["reporter"] = get_user_model().objects.filter(pk=data["reporter"]).first()
    return fields, list(Tag.objects.filter(pk__in=data.get("tags", [])))


def article_restore_revision(
    *, revision_id: int, user: Any = None, expected_version: int | None = None
) -> Article:
    """Make an earlier revision the current content (as a new revision; history stays)."""
    revision = Revision.objects.select_related("article").get(pk=revision_id)
    fields, tags = _revision_fields(revision.data)
    # Translators: revision note; the version number that was restored.
    note = _("restored from version %(version)s") % {"version": revision.version}
    return article_update(
        article=revision.article,
        tags=tags,
        user=user,
        expected_version=expected_version,
        reason=Revision.Reason.RESTORE,
        revision_note=note,
        **fields,
    )


@transaction.atomic
def article_submit(*, article_id: int, user: Any = None) -> Article:
    """A reporter hands a draft to the editors."""
    article = _locked(article_id)
    if article.status != Status.DRAFT:
        raise ArticleStateError(_("Only a draft can be sent for review."))
    if user is not None and not policy.can_submit(user, article):
        raise _deny(_("Only the article's reporter or an editor can send it for review."))
    article.status = Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    _log(article, user, Action.SUBMIT)
    return article


@transaction.atomic
def article_send_back(*, article_id: int, user: Any = None, note: str = "") -> Article:
    """An editor returns an article in review to its reporter, saying why."""
    article = _locked(article_id)
    if article.status != Status.IN_REVIEW:
        raise ArticleStateError(_("Only an article in review can be sent back."))
    if user is not None and not policy.can_publish(user, article):
        raise _deny(_("Only an editor of this category can send this article back."))
    article.status = Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    _log(article, user, Action.SEND_BACK, normalize(note).strip())
    return article


@transaction.atomic
def article_publish(
    *,
    article_id: int,
    published_at: datetime | None = None,
    date_unknown: bool = False,
    user: Any = None,
) -> Article:
    """Make an article public now (or at the given past time, for imports).

    A reporter cannot publish; an editor only in their categories. An
    unpublished article that comes back keeps its first publication time.
    """
    article = _locked(article_id)
    if article.status == Status.PUBLISHED:
        raise ArticleStateError(_("This article is already published."))
    if article.status == Status.TAKEN_DOWN:
        raise ArticleStateError(_("A taken-down article cannot be published again."))
    if user is not None and not policy.can_publish(user, article):
        raise _deny(_("You are not allowed to publish in this category; an editor must do it."))
    if published_at is None:
        keep = article.status == Status.UNPUBLISHED and article.published_at is not None
        published_at = article.published_at if keep else timezone.now()
    # A time still to come is an embargo: the article waits as scheduled and the
    # worker makes it public then (so feeds, search and caches follow at that moment).
    future = published_at > timezone.now()
    article.status = Status.SCHEDULED if future else Status.PUBLISHED
    article.published_at = published_at
    article.original_date_unknown = date_unknown
    article.full_clean()
    article.save(update_fields=["status", "published_at", "original_date_unknown", "updated_at"])
    _log(article, user, Action.SCHEDULE if future else Action.PUBLISH)
    _notify(article)
    return article


@transaction.atomic
def article_schedule(*, article_id: int, publish_at: datetime, user: Any = None) -> Article:
    """Publish later: the article stays invisible until `publish_at` (embargo)."""
    article = _locked(article_id)
    if article.status not in (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED):
        raise ArticleStateError(
            _("Only an unpublished draft or reviewed article can be scheduled.")
        )
    if user is not None and not policy.can_publish(user, article):
        raise _deny(_("You are not allowed to schedule in this category; an editor must do it."))
    if publish_at <= timezone.now():
        raise ArticleStateError(_("The scheduled time must be in the future."))
    article.status = Status.SCHEDULED
    article.published_at = publish_at
    article.save(update_fields=["status", "published_at", "updated_at"])
    _log(article, user, Action.SCHEDULE, format_jalali(publish_at))
    _notify(article)
    return article


@transaction.atomic
def article_unschedule(*, article_id: int, user: Any = None) -> Article:
    """Take a scheduled article back to review; it will not go out."""
    article = _locked(article_id)
    if article.status != Status.SCHEDULED:
        raise ArticleStateError(_("Only a scheduled article can be unscheduled."))
    if user is not None and not policy.can_publish(user, article):
        raise _deny(_("You are not allowed to change the schedule in this category."))
    article.status = Status.IN_REVIEW
    article.published_at = None
    article.save(update_fields=["status", "published_at", "updated_at"])
    _log(article, user, Action.UNSCHEDULE)
    _notify(article)
    return article


@transaction.atomic
def article_unpublish(*, article_id: int, user: Any = None) -> Article:
    article = _locked(article_id)
    if article.status != Status.PUBLISHED:
        raise ArticleStateError(_("Only a published article can be unpublished."))
    if user is not None and not policy.can_publish(user, article):
        raise _deny(_("You are not allowed to unpublish in this category."))
    article.status = Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    _log(article, user, Action.UNPUBLISH)
    _notify(article)
    return article


@transaction.atomic
def article_take_down(*, article_id: int, reason: str, user: Any = None) -> Article:
    """Remove an article from every page, feed, sitemap and index; its URL answers 410.

    Its news ID stays taken and the record stays for the audit log.
    """
    article = _locked(article_id)
    if article.status == Status.TAKEN_DOWN:
        raise ArticleStateError(_("This article has already been taken down."))
    if user is not None and not policy.can_take_down(user, article):
        raise _deny(_("Only a chief editor can take an article down."))
    reason = normalize(reason or "").strip()
    if not reason:
        raise ArticleStateError(_("Say why the article is taken down."))
    article.status = Status.TAKEN_DOWN
    article.taken_down_at = timezone.now()
    article.save(update_fields=["status", "taken_down_at", "updated_at"])
    FeaturedArticle.objects.filter(article=article).delete()
    BreakingNews.objects.filter(article=article).delete()
    _log(article, user, Action.TAKEDOWN, reason)
    _notify(article)
    return article


def article_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled article whose time has come; returns their news IDs.

    Safe to run from several workers at once: each article is locked and
    re-checked before it changes.
    """
    now = now or timezone.now()
    done = []
    for pk in Article.objects.filter(status=Status.SCHEDULED, published_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=pk)
            if article.status != Status.SCHEDULED or article.published_at > now:
                continue
            article.status = Status.PUBLISHED
            article.save(update_fields=["status", "updated_at"])
            _log(article, None, Action.AUTO_PUBLISH)
            _notify(article)
            done.append(article.news_id)
    return done


def article_log_event(*, article: Article, user: Any, action: str, note: str = "") -> None:
    """Record an action that changes nothing in the article (e.g. a preview link)."""
    _log(article, user, action, note)


@transaction.atomic
def featured_article_save(
    *, article: Article, is_top: bool = False, position: int = 100, user: Any = None
) -> FeaturedArticle:
    """Pin a top story (replacing the old one) or put an article in the featured list."""
    if user is not None and not policy.can_curate(user):
        raise _deny(_("Only a chief editor can curate the home page."))
    if article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise ArticleStateError(_("Only a published or scheduled article can be featured."))
    if is_top:
        FeaturedArticle.objects.filter(is_top=True).exclude(article=article).update(is_top=False)
    item, _created = FeaturedArticle.objects.update_or_create(
        article=article, defaults={"is_top": is_top, "position": position}
    )
    # Translators: audit note; 'top' or the featured list position.
    _log(article, user, Action.CURATE, "top" if is_top else f"featured {position}")
    _notify(article)
    return item


@transaction.atomic
def featured_article_remove(*, featured_id: int, user: Any = None) -> None:
    if user is not None and not policy.can_curate(user):
        raise _deny(_("Only a chief editor can curate the home page."))
    item = FeaturedArticle.objects.select_related("article").filter(pk=featured_id).first()
    if item is not None:
        item.delete()
        _log(item.article, user, Action.CURATE, "removed")
        _notify(item.article)


@transaction.atomic
def breaking_news_save(
    *,
    headline: str,
    expires_at: datetime,
    article: Article | None = None,
    starts_at: datetime | None = None,
    instance: BreakingNews | None = None,
    user: Any = None,
) -> BreakingNews:
    """A breaking-news banner on every page until `expires_at`."""
    if user is not None and not policy.can_curate(user):
        raise _deny(_("Only a chief editor can curate the home page."))
    starts_at = starts_at or timezone.now()
    if expires_at <= starts_at:
        raise ArticleStateError(_("A breaking-news banner must end after it starts."))
    item = instance or BreakingNews()
    item.headline = normalize(headline).strip()
    item.expires_at = expires_at
    item.starts_at = starts_at
    item.article = article
    if item.created_by_id is None:
        item.created_by = _user(user)
    item.full_clean()
    item.save()
    if article is not None:
        _log(article, user, Action.CURATE, f"breaking: {item.headline}")
        _notify(article)
    return item


VIEWS_KEY = "views"  # Redis hash: news ID -> reads not yet in the database
# At most this many different articles wait in the hash between flushes. The beacon is
# public, so a client posting made-up IDs could otherwise grow it without bound; past
# the cap a read of a new ID is counted in the database (a no-op for an unknown ID).
VIEWS_PENDING_MAX = 50_000
_COUNT_READ = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
   or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[2]) then
  return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
return -1
"""


def article_record_view(*, news_id: int) -> None:
    """Count a read for «most read», without touching updated_at.

    With Redis the read goes to a counter there (one HINCRBY, no row lock on a hot
    article); `article_views_flush()` (a `khabar worker` job) adds the counts to the
    database in batches. Without Redis, or once VIEWS_PENDING_MAX different IDs wait
    there, the row is updated at once (an ID that is not a published article changes
    nothing).
    """
    client = redis_client()
    if client is not None:
        try:
            counted = client.eval(_COUNT_READ, 1, redis_key(VIEWS_KEY), news_id, VIEWS_PENDING_MAX)
            if counted != -1:
                return
        except redis_errors.RedisError:
            pass  # Redis is down: count in the database rather than lose the read
    Article.objects.filter(news_id=news_id, status=Status.PUBLISHED).update(
        view_count=F("view_count") + 1
    )


def article_views_flush() -> int:
    """Add the reads counted in Redis to the articles; returns how many articles changed.

    The counters are renamed away atomically before they are read, so reads counted
    meanwhile wait for the next flush; if the database write fails they stay and the
    next flush applies them. A lock keeps two workers from flushing at once.
    """
    client = redis_client()
    if client is None:
        return 0
    pending = redis_key(f"{VIEWS_KEY}:flushing")
    lock = client.lock(redis_key(f"{VIEWS_KEY}:lock"), timeout=300)
    if not lock.acquire(blocking=False):
        return 0  # another worker is flushing
    try:
        if not client.exists(pending):
            try:
                client.rename(redis_key(VIEWS_KEY), pending)
            except redis_errors.ResponseError:  # no reads since the last flush
                return 0
        counts = {int(k): int(v) for k, v in client.hgetall(pending).items()}
        with transaction.atomic():
            for news_id, count in sorted(counts.items()):
                Article.objects.filter(news_id=news_id).update(view_count=F("view_count") + count)
        client.delete(pending)
    finally:
        with contextlib.suppress(redis_errors.LockError):  # expired meanwhile
            lock.release()
    return len(counts)


@transaction.atomic
def legacy_alias_set(*, article: Article, path: str) -> LegacyAlias:
    """Keep an old path of `article` working (it answers 301 to the canonical URL)."""
    path = "/" + path.lstrip("/")
    alias, _created = LegacyAlias.objects.update_or_create(path=path, defaults={"article": article})
    return alias


def image_create(
    *, file: Any, caption: str = "", credit: str = "", alt: str = "", user: Any = None
) -> Image:
    """Store an uploaded image after checking it, and make its renditions once.

    Refuses (ImageRejectedError, in Persian) files that are not images, too large,
    too small, or without alt text (the caption stands in for it when given).
    """
    from django.core.files.storage import default_storage

    from khabar.news.errors import ImageRejectedError
    from khabar.news.images import make_renditions, validate_upload

    if user is not None and not user.has_perm("news.add_image"):
        raise _deny(_("You are not allowed to upload images."))
    validate_upload(file)
    alt = normalize(alt or caption).strip()
    if not alt:
        raise ImageRejectedError(
            _("Describe the image in the alternative text, for readers who cannot see it.")
        )
    written: list[str] = []
    try:
        with transaction.atomic():
            image = Image(
                file=file,
                caption=normalize(caption).strip(),
                credit=normalize(credit).strip(),
                alt=alt,
            )
            image.full_clean()
            image.save()  # the storage never leaves a half-written file (core.storage)
            written.append(image.file.name)
            image.renditions = make_renditions(
                source_name=image.file.name, image_id=image.pk, written=written
            )
            image.save(update_fields=["renditions"])
    except OSError as exc:
        # Disk full (or the media folder not writable): the row is rolled back; remove
        # the files this upload already stored, so nothing of it stays.
        for name in written:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
        log.error("image upload not stored (%s); removed %d files it wrote", exc, len(written))
        raise ImageRejectedError(
            _(
                "The image could not be stored: the server's disk is full or cannot be "
                "written. Nothing of it was kept; tell the technical team and try again later."
            )
        ) from exc
    return image


@transaction.atomic
def image_update(*, image: Image, alt: str, caption: str = "", credit: str = "") -> Image:
    """Change an image's texts (the file and its renditions stay)."""
    from khabar.news.errors import ImageRejectedError

    image.alt = normalize(alt).strip()
    if not image.alt:
        raise ImageRejectedError(
            _("Describe the image in the alternative text, for readers who cannot see it.")
        )
    image.caption = normalize(caption).strip()
    image.credit = normalize(credit).strip()
    image.full_clean()
    image.save(update_fields=["alt", "caption", "credit", "updated_at"])
    return image
