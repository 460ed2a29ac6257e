"""The wire desk in the newsroom admin: sources with their health, and the queue of
incoming items with their cluster's other versions and the republish action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# Not `from services import wire_…`: that would load the wire stack (feedparser, lxml, urllib3)
# into every web worker when the admin is discovered; it loads on the first wire action.
from khabar.ingest import services
from khabar.ingest.models import Cluster, Feed, SiteImport, WireItem, WireSource
from khabar.news.errors import NewsError


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 1
    fields = ("url", "kind", "last_status", "last_error")
    readonly_fields = ("last_status", "last_error")


@admin.register(WireSource)
class WireSourceAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "enabled",
        "poll_minutes",
        "healthy",
        "last_success_at",
        "consecutive_failures",
        "last_error_short",
        "next_poll_at",
    )
    list_filter = ("enabled", "is_internal")
    search_fields = ("source__name",)
    autocomplete_fields = ("source",)
    inlines = [FeedInline]
    actions = ["poll_now"]
    readonly_fields = (
        "last_polled_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "consecutive_failures",
        "next_poll_at",
    )
    fieldsets = (
        (None, {"fields": ("source", "enabled", "poll_minutes", "fetch_pages", "is_internal")}),
        (
            _("Content rule (CSS selectors)"),
            {"fields": ("title_selector", "lead_selector", "body_selector")},
        ),
        (_("Health"), {"fields": readonly_fields}),
    )

    @admin.display(boolean=True, description=_("healthy"))
    def healthy(self, obj: WireSource) -> bool | None:
        if obj.last_polled_at is None:
            return None
        return obj.consecutive_failures == 0

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: WireSource) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Poll the selected sources now"))
    def poll_now(self, request, queryset) -> None:
        for wire_source in queryset:
            report = services.wire_source_poll(wire_source_id=wire_source.pk)
            level = messages.WARNING if report.errors else messages.SUCCESS
            self.message_user(
                request,
                gettext("%(source)s: %(new)d new items, %(failed)d with errors.")
                % {"source": report.source, "new": report.new, "failed": report.failed},
                level,
            )


class ClusterFilter(admin.SimpleListFilter):
    """Only the stories that several agencies sent, or one cluster (linked from a row)."""

    title = _("story cluster")
    parameter_name = "versions"

    def lookups(self, request, model_admin):
        return [("many", _("Sent by several agencies")), ("one", _("Only one version"))]

    def queryset(self, request, queryset):
        if self.value() == "many":
            return queryset.filter(cluster__size__gt=1)
        if self.value() == "one":
            return queryset.filter(cluster__size__lte=1)
        return queryset


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "agency",
        "fetched_at",
        "published_at",
        "status",
        "versions",
        "article_link",
    )
    list_filter = ("wire_source", "status", "fetched_at", ClusterFilter)
    search_fields = ("title", "guid", "url")
    list_select_related = ("wire_source__source", "cluster", "article")
    date_hierarchy = "fetched_at"
    actions = ["republish"]
    list_per_page = 50
    fields = (
        "agency",
        "title",
        "lead",
        "body_text",
        "url_link",
        "published_at",
        "fetched_at",
        "status",
        "error",
        "category_hint",
        "original_agency",
        "other_versions",
        "article_link",
        "guid",
        "raw",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # items are as the agency sent them; the article is where we edit

    @admin.display(description=_("agency"), ordering="wire_source__source__name")
    def agency(self, obj: WireItem) -> str:
        return obj.wire_source.source.name

    @admin.display(description=_("extracted text"))
    def body_text(self, obj: WireItem) -> str:
        return format_html_join(
            "", '<p dir="auto">{}</p>', ((p,) for p in obj.body.split("\n\n") if p)
        )

    @admin.display(description=_("original address"))
    def url_link(self, obj: WireItem) -> str:
        if not obj.url:
            return ""
        return format_html(
            '<a href="{}" rel="noopener noreferrer"><bdi>{}</bdi></a>', obj.url, obj.url
        )

    @admin.display(description=_("versions"), ordering="cluster__size")
    def versions(self, obj: WireItem) -> str:
        if obj.cluster_id is None:
            return "1"
        url = reverse("admin:ingest_wireitem_changelist") + f"?cluster__id__exact={obj.cluster_id}"
        return format_html('<a href="{}">{}</a>', url, obj.cluster.size)

    @admin.display(description=_("other versions"))
    def other_versions(self, obj: WireItem) -> str:
        if obj.cluster_id is None:
            return "—"
        others = (
            WireItem.objects.filter(cluster_id=obj.cluster_id)
            .exclude(pk=obj.pk)
            .select_related("wire_source__source")
            .order_by("fetched_at")[:20]
        )
        return (
            format_html_join(
                "",
                '<p><a href="{}">{}</a> — {}</p>',
                (
                    (
                        reverse("admin:ingest_wireitem_change", args=[o.pk]),
                        o.title or o.guid,
                        o.wire_source.source.name,
                    )
                    for o in others
                ),
            )
            or "—"
        )

    @admin.display(description=_("republished as"))
    def article_link(self, obj: WireItem) -> str:
        if obj.article_id is None:
            return ""
        url = reverse("admin:news_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.news_id)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        return lookup == "cluster__id__exact" or super().lookup_allowed(lookup, value, request)

    @admin.action(description=_("Republish as draft articles"), permissions=["republish"])
    def republish(self, request, queryset) -> None:
        done, refused = 0, []
        for item in queryset.select_related("wire_source__source"):
            try:
                services.wire_item_republish(item_id=item.pk, user=request.user)
            except (services.WireItemStateError, NewsError) as exc:
                refused.append(f"{item.title or item.guid}: {exc}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d draft article made; find it in the article list.",
                    "%(count)d draft articles made; find them in the article list.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    def has_republish_permission(self, request) -> bool:
        return request.user.has_perm("news.add_article")


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("title", "size", "agencies", "updated_at")
    search_fields = ("title",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_agencies=Count("items__wire_source", distinct=True))
        )

    @admin.display(description=_("agencies"), ordering="n_agencies")
    def agencies(self, obj: Cluster) -> int:
        return obj.n_agencies

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SiteImport)
class SiteImportAdmin(admin.ModelAdmin):
    """What `khabar import_site` brought in, file by file (read-only: the command writes it)."""

    list_display = ("path", "format", "items", "updated_at")
    list_filter = ("format",)
    search_fields = ("path", "notes")
    readonly_fields = ("path", "format", "sha256", "items", "notes", "imported_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
