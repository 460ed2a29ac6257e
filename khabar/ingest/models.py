from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from khabar.news.models import Article, Source


class TextImport(models.Model):
    """The raw page an article was imported from (`khabar import_text`), kept as it came."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="text_import"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    raw_text = models.TextField(_("raw text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("first imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("text import")
        verbose_name_plural = _("text imports")

    def __str__(self) -> str:
        return self.file_name


class WireSource(models.Model):
    """How we watch one agency (a `news.Source`): its feeds, rules and health."""

    source = models.OneToOneField(
        Source, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="wire"
    )
    enabled = models.BooleanField(_("polling enabled"), default=True)
    poll_minutes = models.PositiveIntegerField(
        _("polling interval (minutes)"), default=5, validators=[MinValueValidator(1)]
    )
    is_internal = models.BooleanField(
        _("internal network address allowed"),
        default=False,
        help_text=_(
            "Only for a feed server inside our own network: allows private and loopback addresses."
        ),
    )
    fetch_pages = models.BooleanField(
        _("fetch each story's page"),
        default=True,
        help_text=_("Extract the full text from the story's page instead of the feed summary."),
    )
    title_selector = models.CharField(_("title CSS selector"), max_length=200, blank=True)
    lead_selector = models.CharField(_("lead CSS selector"), max_length=200, blank=True)
    body_selector = models.CharField(
        _("body CSS selector"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use automatic article extraction."),
    )
    # Health, written only by services.wire_source_poll.
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(
        _("consecutive failures"), default=0, editable=False
    )
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["source__name"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self) -> str:
        return self.source.name

    @property
    def content_rule(self) -> dict[str, str]:
        return {
            "title": self.title_selector,
            "lead": self.lead_selector,
            "body": self.body_selector,
        }


class Feed(models.Model):
    """One feed address of a wire source, with its conditional-GET state."""

    class Kind(models.TextChoices):
        RSS = "rss", _("RSS/Atom")
        NINJS = "ninjs", _("ninjs JSON")

    wire_source = models.ForeignKey(
        WireSource, verbose_name=_("wire source"), on_delete=models.CASCADE, related_name="feeds"
    )
    url = models.URLField(_("address"), max_length=1000)
    kind = models.CharField(_("format"), max_length=10, choices=Kind.choices, default=Kind.RSS)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True, editable=False
    )
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        constraints = [
            models.UniqueConstraint(fields=["wire_source", "url"], name="ingest_feed_unique_url")
        ]

    def __str__(self) -> str:
        return self.url


class Cluster(models.Model):
    """Stories about one event from different agencies: the desk sees one story."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last version at"), auto_now=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    size = models.PositiveIntegerField(_("versions"), default=0)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("story cluster")
        verbose_name_plural = _("story clusters")

    def __str__(self) -> str:
        return self.title or str(self.pk)


class WireItemQuerySet(models.QuerySet["WireItem"]):
    def failed(self) -> WireItemQuerySet:
        return self.exclude(error="")


class WireItem(models.Model):
    """One story as an agency sent it: normalized text beside the raw payload."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        FAILED = "failed", _("Failed")
        REPUBLISHED = "republished", _("Republished")
        IGNORED = "ignored", _("Ignored")

    wire_source = models.ForeignKey(
        WireSource, verbose_name=_("wire source"), on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField(_("GUID"), max_length=500)
    url = models.URLField(_("canonical address"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("extracted text"), blank=True)
    category_hint = models.CharField(_("agency's category"), max_length=200, blank=True)
    original_agency = models.CharField(
        _("original agency"),
        max_length=200,
        blank=True,
        help_text=_("Who wrote it first, when the agency says it is quoting someone."),
    )
    raw = models.TextField(_("raw feed entry"), blank=True)
    raw_page = models.TextField(_("raw page"), blank=True)
    published_at = models.DateTimeField(_("published by the agency"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("page fetch attempts"), default=0)
    signature = models.BinaryField(_("MinHash signature"), null=True, editable=False)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("story cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    article = models.OneToOneField(
        Article,
        verbose_name=_("republished as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_item",
    )

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")
        constraints = [
            models.UniqueConstraint(fields=["wire_source", "guid"], name="ingest_item_unique_guid"),
            models.UniqueConstraint(
                fields=["wire_source", "url"],
                condition=~models.Q(url=""),
                name="ingest_item_unique_url",
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "fetched_at"], name="ingest_item_cluster"),
        ]

    def __str__(self) -> str:
        return self.title or self.guid


class WireItemBucket(models.Model):
    """An item's LSH band keys (clustering.bucket_keys): the shared near-duplicate index."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="buckets")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("LSH bucket")
        verbose_name_plural = _("LSH buckets")

    def __str__(self) -> str:
        return f"{self.item_id}:{self.key}"


class SiteImport(models.Model):
    """One file brought in by `khabar import_site`: a re-run skips it while its SHA-256 holds."""

    path = models.CharField(_("file"), max_length=1000, unique=True)
    format = models.CharField(_("format"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    items = models.PositiveIntegerField(_("articles"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    imported_at = models.DateTimeField(_("first imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("site import")
        verbose_name_plural = _("site imports")

    def __str__(self) -> str:
        return self.path


class SiteImportItem(models.Model):
    """Which article an outside item became (`ninjs:<guid>`), so a re-import updates it."""

    key = models.CharField(_("key"), max_length=600, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="site_imports"
    )

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")

    def __str__(self) -> str:
        return self.key
