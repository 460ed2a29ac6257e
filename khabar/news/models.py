"""Articles and what hangs off them: categories, tags, sources, images, aliases."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khabar.core.models import TimestampedModel
from khabar.core.urlcache import article_path_formatter, reverse_cached


class Category(TimestampedModel):
    """A شاخه/سرویس: the primary section an article belongs to."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    show_on_home = models.BooleanField(_("show a block on the home page"), default=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="desk_categories",
        help_text=_("Editors who review, publish and unpublish in this category."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_cached("site:category-detail", kwargs={"slug": self.slug})


class Tag(TimestampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_cached("site:tag-detail", kwargs={"slug": self.slug})


class Source(TimestampedModel):
    """A news agency whose stories we carry or cite (مهر, تاس, ...)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    homepage = models.URLField(_("homepage"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class Image(TimestampedModel):
    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    alt = models.CharField(_("alternative text"), max_length=300, blank=True)
    # Made once at upload (services.image_create): {"480": {"webp": name, "jpeg": name}, ...}
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.caption or self.file.name

    def srcset(self, fmt: str = "webp") -> str:
        """`srcset` of the renditions in `fmt` ("webp" or the fallback "jpeg")."""
        from django.core.files.storage import default_storage

        parts = []
        for width, files in sorted(self.renditions.items(), key=lambda kv: int(kv[0])):
            if fmt in files:
                parts.append(f"{default_storage.url(files[fmt])} {width}w")
        return ", ".join(parts)

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def srcset_fallback(self) -> str:
        return self.srcset("jpeg")


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | None = None) -> ArticleQuerySet:
        """Public now (or at `now`): published and its time has come (no embargo leaks)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def in_category(self, category: Category) -> ArticleQuerySet:
        return self.filter(category=category)

    def with_tag(self, tag: Tag) -> ArticleQuerySet:
        return self.filter(tags=tag)

    def for_listing(self) -> ArticleQuerySet:
        return self.select_related("category", "lead_image").order_by("-published_at", "-news_id")


class Article(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        TAKEN_DOWN = "taken_down", _("Taken down")

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")

    news_id = models.PositiveBigIntegerField(
        _("news ID"), unique=True, help_text=_("The public number (کد خبر); never changes.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    overline = models.CharField(_("overline"), max_length=250, blank=True)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitized HTML."))
    lead_image = models.ForeignKey(
        Image,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    # Source chain: who we say reported it, whom they had it from, who wrote it first.
    house_attribution = models.CharField(_("house attribution"), max_length=250, blank=True)
    via_source = models.ForeignKey(
        Source,
        verbose_name=_("via agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_source = models.ForeignKey(
        Source,
        verbose_name=_("original agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Indexed by news_article_pub_order (published_at DESC, news_id DESC) below.
    published_at = models.DateTimeField(_("publish time"), null=True, blank=True)
    original_date_unknown = models.BooleanField(
        _("original date unknown"),
        default=False,
        help_text=_("Imported without a date; the publish time is when it was imported."),
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # Optimistic locking: every content save increments it; a save made from
    # an older version is refused (services.article_update(expected_version=...)).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    corrected_at = models.DateTimeField(_("last correction"), null=True, blank=True, editable=False)
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True, editable=False)
    # Persian text review: per field, the text as typed, the fixes normalize()
    # made to it and the ones an editor reverted (see services.article_revert_fix).
    text_review = models.JSONField(_("text review"), default=dict, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-news_id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="news_article_status_pub"),
            models.Index(
                fields=["category", "status", "-published_at"], name="news_article_cat_pub"
            ),
            # The newsroom list and the reader listings order by (-published_at, -news_id):
            # these let a page of a million-row table come from the index, not a sort.
            models.Index(fields=["-published_at", "-news_id"], name="news_article_pub_order"),
            models.Index(
                fields=["category", "-published_at", "-news_id"], name="news_article_cat_order"
            ),
            models.Index(
                fields=["reporter", "-published_at", "-news_id"], name="news_article_rep_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "scheduled"]) | Q(published_at__isnull=False),
                name="news_article_public_has_time",
            ),
        ]
        permissions = [
            ("submit_article", _("Can send own drafts for review")),
            ("edit_any_article", _("Can edit other people's articles")),
            ("publish_article", _("Can publish, schedule, send back and unpublish articles")),
            ("correct_article", _("Can correct published articles")),
            ("takedown_article", _("Can take articles down")),
            ("all_categories", _("Can act in every category")),
            ("curate_homepage", _("Can curate the home page")),
        ]

    def __str__(self) -> str:
        return f"{self.news_id}: {self.title}"

    def get_absolute_url(self) -> str:
        # = reverse("site:article-detail", …), without its cost
        return article_path_formatter()(self.news_id, self.slug)

    @property
    def tag_list(self) -> list[Tag]:
        """``list(self.tags.all())``, without a new related manager when the tags were
        prefetched: an article page reads them six times (page, metadata, JSON-LD, related
        news, cache keys)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("tags")
        if prefetched is not None and prefetched._result_cache is not None:
            return list(prefetched._result_cache)
        return list(self.tags.all())

    @property
    def short_path(self) -> str:
        return f"/{settings.KHABAR_SHORT_LINK_PREFIX}{self.news_id}"

    @property
    def modified_at(self):
        """What JSON-LD calls dateModified: the last public correction, else publication."""
        return self.corrected_at or self.published_at

    @property
    def is_gone(self) -> bool:
        """Taken down: its URLs answer 410 Gone."""
        return self.status == self.Status.TAKEN_DOWN


class LegacyAlias(TimestampedModel):
    """An old URL path of an article (e.g. an imported short link) that must keep working."""

    path = models.CharField(_("path"), max_length=500, unique=True, help_text=_("Starts with /."))
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        verbose_name = _("legacy URL")
        verbose_name_plural = _("legacy URLs")

    def __str__(self) -> str:
        return self.path


class Revision(models.Model):
    """A snapshot of an article's content, stored on every save."""

    class Reason(models.TextChoices):
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        RESTORE = "restore", _("Restored")
        CORRECTION = "correction", _("Correction")
        TEXT_REVIEW = "text_review", _("Text fix reverted or reapplied")
        REJECTED = "rejected", _("Refused save (stale), kept")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    data = models.JSONField(_("content"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"], name="news_revision_article")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class Correction(models.Model):
    """A public correction note on a published article (shown on its page)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("correction note"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return self.note[:80]


class ArticleEvent(models.Model):
    """The audit log: one row per action on an article, by whom and when."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        EDIT = "edit", _("edited")
        SUBMIT = "submit", _("sent for review")
        SEND_BACK = "send_back", _("sent back to the reporter")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNSCHEDULE = "unschedule", _("unscheduled")
        AUTO_PUBLISH = "auto_publish", _("published on schedule")
        UNPUBLISH = "unpublish", _("unpublished")
        CORRECT = "correct", _("corrected")
        TAKEDOWN = "takedown", _("taken down")
        RESTORE = "restore", _("revision restored")
        TEXT_FIX = "text_fix", _("text fix reverted or reapplied")
        CONFLICT = "conflict", _("stale save refused")
        PREVIEW_LINK = "preview_link", _("private preview link made")
        CURATE = "curate", _("home page changed")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    news_id = models.PositiveBigIntegerField(_("news ID"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["article", "-created_at"], name="news_event_article"),
            models.Index(fields=["actor", "-created_at"], name="news_event_actor"),
            models.Index(fields=["-created_at"], name="news_event_time"),
        ]

    def __str__(self) -> str:
        return f"{self.news_id} {self.action}"


class FeaturedArticle(models.Model):
    """Home-page curation: the pinned top story and the ordered featured list."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="featured"
    )
    is_top = models.BooleanField(_("top story"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["-is_top", "position", "pk"]
        verbose_name = _("featured article")
        verbose_name_plural = _("home page: featured articles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_top"], condition=Q(is_top=True), name="news_one_top_story"
            )
        ]

    def __str__(self) -> str:
        return str(self.article)


class BreakingNews(models.Model):
    """A breaking-news banner shown on every page until it expires."""

    headline = models.CharField(_("headline"), max_length=250)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("breaking news")
        verbose_name_plural = _("home page: breaking news")
        indexes = [models.Index(fields=["expires_at"], name="news_breaking_expiry")]

    def __str__(self) -> str:
        return self.headline
