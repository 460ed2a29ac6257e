"""The newsroom on Django's admin. Every change goes through khabar.news.services;
the admin never writes an article's status itself."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khabar.news import services
from khabar.news.errors import NewsError
from khabar.news.models import Article, Category, Image, LegacyAlias, Source, Tag

admin.site.site_header = gettext_lazy("Khabar newsroom")
admin.site.site_title = gettext_lazy("Khabar newsroom")
admin.site.index_title = gettext_lazy("Desk")


class LegacyAliasInline(admin.TabularInline):
    model = LegacyAlias
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("news_id", "title", "category", "status", "published_at")
    list_filter = ("status", "category", "kind")
    search_fields = ("title", "lead", "=news_id")
    readonly_fields = ("news_id", "status", "published_at", "original_date_unknown", "view_count")
    autocomplete_fields = ("tags",)
    raw_id_fields = ("lead_image",)
    inlines = [LegacyAliasInline]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    fieldsets = (
        (None, {"fields": ("news_id", "status", "published_at", "kind", "category")}),
        (gettext_lazy("Text"), {"fields": ("overline", "title", "lead", "body")}),
        (gettext_lazy("Image and tags"), {"fields": ("lead_image", "tags")}),
        (
            gettext_lazy("Source chain"),
            {"fields": ("house_attribution", "via_source", "original_source", "reporter")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        data = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            article = services.article_update(article=obj, **data)
        else:
            if data.get("reporter") is None:
                data["reporter"] = request.user
            article = services.article_create(**data)
        obj.__dict__.update({k: v for k, v in article.__dict__.items() if not k.startswith("_")})

    def _run(self, request: HttpRequest, queryset: QuerySet[Article], service) -> int:
        """Apply one service to each selected article; errors are shown, not raised."""
        count = 0
        for article in queryset:
            try:
                service(article_id=article.pk)
                count += 1
            except NewsError as exc:
                # Translators: a news ID, then why the action was refused.
                self.message_user(
                    request,
                    _("%(news_id)s: %(error)s") % {"news_id": article.news_id, "error": exc},
                    messages.ERROR,
                )
        return count

    @admin.action(description=gettext_lazy("Send selected drafts for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._run(request, queryset, services.article_submit)
        # Translators: how many articles were sent for review.
        msg = ngettext(
            "%(count)d article sent for review.", "%(count)d articles sent for review.", count
        )
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Publish selected articles now"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._run(request, queryset, services.article_publish)
        # Translators: how many articles were published.
        msg = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Unpublish selected articles"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._run(request, queryset, services.article_unpublish)
        # Translators: how many articles were unpublished.
        msg = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", count)
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "show_on_home")
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "homepage")
    search_fields = ("name",)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "credit", "width", "height")
    search_fields = ("caption", "credit")
