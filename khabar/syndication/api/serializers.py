"""What the public API shows of an article, a category and a tag."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khabar.news.models import Article, Category, Tag
from khabar.syndication import links


class CategorySerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text=_("The category's identifier in URLs."))
    name = serializers.CharField(help_text=_("The category's name."))
    url = serializers.SerializerMethodField(help_text=_("The category page on the site."))
    api_url = serializers.SerializerMethodField(help_text=_("This category in the API."))

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "url", "api_url"]
        extra_kwargs = {"description": {"help_text": _("What the category covers.")}}

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Category) -> str:
        return links.absolute(self.context["request"], obj.get_absolute_url())

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, obj: Category) -> str:
        from django.urls import reverse

        return links.absolute(
            self.context["request"],
            reverse("syndication:api:category-detail", kwargs={"slug": obj.slug}),
        )


class TagSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text=_("The tag's identifier in URLs."))
    name = serializers.CharField(help_text=_("The tag's name."))
    url = serializers.SerializerMethodField(help_text=_("The tag page on the site."))

    class Meta:
        model = Tag
        fields = ["slug", "name", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Tag) -> str:
        return links.absolute(self.context["request"], obj.get_absolute_url())


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField(help_text=_("The image file."))
    width = serializers.IntegerField(allow_null=True, help_text=_("Width in pixels."))
    height = serializers.IntegerField(allow_null=True, help_text=_("Height in pixels."))
    caption = serializers.CharField(help_text=_("Caption."))
    credit = serializers.CharField(help_text=_("Who made the image."))
    alt = serializers.CharField(help_text=_("Text alternative for readers who cannot see it."))


class SourceChainSerializer(serializers.Serializer):
    house_attribution = serializers.CharField(
        help_text=_("The agency's attribution line, e.g. «به گزارش ...».")
    )
    via = serializers.CharField(
        allow_null=True, help_text=_("The agency Khabar had the story from, if any.")
    )
    original = serializers.CharField(
        allow_null=True, help_text=_("The agency that first reported the story, if any.")
    )


class ArticleSerializer(serializers.ModelSerializer):
    news_id = serializers.IntegerField(
        help_text=_("The public news ID (کد خبر): stable for ever."), min_value=0
    )
    kind = serializers.ChoiceField(
        choices=Article.Kind.choices, help_text=_("Text, photo or video.")
    )
    overline = serializers.CharField(help_text=_("The overline (روتیتر); may be empty."))
    title = serializers.CharField(help_text=_("The headline."))
    lead = serializers.CharField(help_text=_("The lead paragraph (لید); may be empty."))
    url = serializers.SerializerMethodField(help_text=_("The canonical page of the article."))
    short_url = serializers.SerializerMethodField(help_text=_("The short link of the article."))
    ninjs_url = serializers.SerializerMethodField(help_text=_("The article in IPTC ninjs."))
    published_at = serializers.DateTimeField(
        help_text=_("Publication time, ISO 8601 with the Tehran offset (+03:30).")
    )
    modified_at = serializers.SerializerMethodField(
        help_text=_("Last change, ISO 8601 with the Tehran offset (+03:30).")
    )
    category = CategorySerializer(help_text=_("The category (شاخه)."))
    tags = TagSerializer(many=True, help_text=_("The tags."))
    image = serializers.SerializerMethodField(help_text=_("The lead image, if any."))
    reporter = serializers.SerializerMethodField(help_text=_("The reporter's name, if shown."))
    source = serializers.SerializerMethodField(help_text=_("Who reported the story first."))

    class Meta:
        model = Article
        fields = [
            "news_id",
            "kind",
            "overline",
            "title",
            "lead",
            "url",
            "short_url",
            "ninjs_url",
            "published_at",
            "modified_at",
            "category",
            "tags",
            "image",
            "reporter",
            "source",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Article) -> str:
        return links.article_url(self.context["request"], obj)

    @extend_schema_field(serializers.URLField())
    def get_short_url(self, obj: Article) -> str:
        return links.article_short_url(self.context["request"], obj)

    @extend_schema_field(serializers.URLField())
    def get_ninjs_url(self, obj: Article) -> str:
        from django.urls import reverse

        return links.absolute(
            self.context["request"],
            reverse("syndication:api:article-ninjs", kwargs={"news_id": obj.news_id}),
        )

    @extend_schema_field(serializers.DateTimeField())
    def get_modified_at(self, obj: Article) -> str:
        return links.w3c(links.article_modified(obj))

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, obj: Article) -> dict | None:
        image = obj.lead_image
        if image is None or not image.file:
            return None
        return {
            "url": links.image_url(self.context["request"], image),
            "width": image.width,
            "height": image.height,
            "caption": image.caption,
            "credit": image.credit,
            "alt": image.alt,
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reporter(self, obj: Article) -> str | None:
        if obj.reporter_id:
            return obj.reporter.get_full_name() or None
        return None

    @extend_schema_field(SourceChainSerializer())
    def get_source(self, obj: Article) -> dict:
        return {
            "house_attribution": obj.house_attribution,
            "via": obj.via_source.name if obj.via_source_id else None,
            "original": obj.original_source.name if obj.original_source_id else None,
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["published_at"] = links.w3c(instance.published_at)
        return data


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text=_("The body as sanitized HTML."))

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in Persian."))
