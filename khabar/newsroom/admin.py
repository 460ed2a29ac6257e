"""The newsroom on Django's admin. Every change goes through khabar.news.services;
the admin never writes an article's status itself."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from khabar.news import services
from khabar.news.errors import NewsError
from khabar.news.models import Article, Category, Image, LegacyAlias, Source, Tag

admin.site.site_header = _("Khabar newsroom")
admin.site.site_title = _("Khabar newsroom")
admin.site.index_title = _("Desk")


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
        (_("Text"), {"fields": ("overline", "title", "lead", "body")}),
        (_("Image and tags"), {"fields": ("lead_image", "tags")}),
        (_("Source chain"), {"fields": ("house_attribution", "via_source", "original_source", "reporter")}),
    )

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            article = services.article_update(article=obj, **data)
        else:
            data.setdefault("reporter", request.user)
            article = services.article_create(**data)
        obj.__dict__.update({k: v for k, v in article.__dict__.items() if not k.startswith("_")})

    def _run(self, request: HttpRequest, queryset: QuerySet[Article], service, done: str) -> None:
        count = 0
        for article in queryset:
            try:
                service(article_id=article.pk)
                count += 1
            except NewsError as exc:
                self.message_user(request, f"{article.news_id}: {exc}", messages.ERROR)
        if count:
            self.message_user(request, ngettext(done, done, count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Send selected drafts for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_submit, "%(count)d article(s) sent for review.")

    @admin.action(description=_("Publish selected articles now"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_publish, "%(count)d article(s) published.")

    @admin.action(description=_("Unpublish selected articles"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_unpublish, "%(count)d article(s) unpublished.")


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
