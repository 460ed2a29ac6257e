"""The public, read-only REST API: /api/v1/."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from khabar.news.models import Category, Tag
from khabar.syndication import links, selectors
from khabar.syndication.api.pagination import ArticleCursorPagination, NameCursorPagination
from khabar.syndication.api.params import JALALI_PATTERN, MAX_NEWS_ID, article_filters
from khabar.syndication.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    CategorySerializer,
    ErrorSerializer,
    TagSerializer,
)
from khabar.syndication.ninjs import article_to_ninjs

ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not found.")),
    429: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Too many requests: wait Retry-After seconds.")
    ),
}
LIST_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("A parameter is not valid.")),
    **ERRORS,
}
ARTICLES = gettext_lazy("Articles")
TAXONOMY = gettext_lazy("Categories and tags")
NINJS = gettext_lazy("IPTC ninjs")

ARTICLE_FILTERS = [
    OpenApiParameter(
        "category", str, description=gettext_lazy("Only articles of this category (its slug).")
    ),
    OpenApiParameter(
        "tag", str, description=gettext_lazy("Only articles with this tag (its slug).")
    ),
    OpenApiParameter(
        "date_from",
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ]
        },
        description=gettext_lazy(
            "Published at or after: a Gregorian date (2026-11-26, the whole day in Tehran) or an "
            "ISO 8601 time (2026-11-26T14:30:00+03:30; without an offset, Tehran time)."
        ),
    ),
    OpenApiParameter(
        "date_to",
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ]
        },
        description=gettext_lazy(
            "Published before the end of this day, or before this time: same forms as date_from."
        ),
    ),
    OpenApiParameter(
        "jalali_from",
        {"type": "string", "pattern": JALALI_PATTERN},
        description=gettext_lazy(
            "Published on or after this Jalali day, e.g. 1405-09-05; Persian digits and «/» are "
            "accepted too (۱۴۰۵/۰۹/۰۵)."
        ),
    ),
    OpenApiParameter(
        "jalali_to",
        {"type": "string", "pattern": JALALI_PATTERN},
        description=gettext_lazy("Published on or before this Jalali day, e.g. 1405-09-05."),
    ),
]
NEWS_ID = OpenApiParameter(
    "news_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("The news ID (کد خبر)."),
)


def _get_article(news_id: int):
    article = selectors.article_get_public(news_id=news_id) if news_id <= MAX_NEWS_ID else None
    if article is None:
        raise NotFound(_("There is no published article with this news ID."))
    return article


class ArticleList(generics.ListAPIView):
    serializer_class = ArticleSerializer
    pagination_class = ArticleCursorPagination

    def get_queryset(self):
        filters = article_filters(self.request.query_params)
        qs = selectors.article_public_queryset()
        if filters.category:
            qs = qs.filter(category=filters.category)
        if filters.tag:
            qs = qs.filter(tags=filters.tag)
        if filters.since:
            qs = qs.filter(published_at__gte=filters.since)
        if filters.until:
            qs = qs.filter(published_at__lt=filters.until)
        return qs

    @extend_schema(
        tags=[ARTICLES],
        summary=gettext_lazy("Published articles, newest first"),
        description=gettext_lazy(
            "Only published articles whose time has come: never drafts, embargoed or "
            "withdrawn ones. Filter by category, tag and a date range."
        ),
        parameters=ARTICLE_FILTERS,
        responses={200: ArticleSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ArticleDetail(APIView):
    @extend_schema(
        tags=[ARTICLES],
        summary=gettext_lazy("One article with its body"),
        parameters=[NEWS_ID],
        responses={200: ArticleDetailSerializer, **ERRORS},
    )
    def get(self, request: Request, news_id: int) -> Response:
        article = _get_article(news_id)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


class NinjsItemSerializer(serializers.Serializer):
    """Documentation only: the item is validated against the IPTC ninjs 2.1 schema in tests."""

    def to_representation(self, instance):
        return article_to_ninjs(self.context["request"], instance)


NINJS_OBJECT = {
    "type": "object",
    "description": "IPTC ninjs 2.1 (http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json)",
    "required": ["uri"],
    "properties": {"uri": {"type": "string", "format": "uri"}},
}


class ArticleNinjs(APIView):
    @extend_schema(
        tags=[NINJS],
        summary=gettext_lazy("One article in IPTC ninjs 2.1"),
        parameters=[NEWS_ID],
        responses={200: OpenApiResponse(NINJS_OBJECT), **ERRORS},
    )
    def get(self, request: Request, news_id: int) -> Response:
        return Response(article_to_ninjs(request, _get_article(news_id)))


class NinjsFeed(generics.ListAPIView):
    serializer_class = NinjsItemSerializer
    pagination_class = ArticleCursorPagination

    def get_queryset(self):
        return selectors.article_public_queryset()

    @extend_schema(
        tags=[NINJS],
        summary=gettext_lazy("Recent articles in IPTC ninjs 2.1, newest first"),
        responses={
            # drf-spectacular wraps this in the cursor page (next, previous, results).
            200: OpenApiResponse(NINJS_OBJECT),
            **LIST_ERRORS,
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CategoryList(generics.ListAPIView):
    serializer_class = CategorySerializer
    pagination_class = NameCursorPagination
    queryset = Category.objects.all()

    @extend_schema(
        tags=[TAXONOMY],
        summary=gettext_lazy("Categories"),
        responses={200: CategorySerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CategoryDetail(generics.RetrieveAPIView):
    serializer_class = CategorySerializer
    queryset = Category.objects.all()
    lookup_field = "slug"

    @extend_schema(
        tags=[TAXONOMY],
        summary=gettext_lazy("One category"),
        responses={200: CategorySerializer, **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TagList(generics.ListAPIView):
    serializer_class = TagSerializer
    pagination_class = NameCursorPagination
    queryset = Tag.objects.all()

    @extend_schema(
        tags=[TAXONOMY],
        summary=gettext_lazy("Tags"),
        responses={200: TagSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TagDetail(generics.RetrieveAPIView):
    serializer_class = TagSerializer
    queryset = Tag.objects.all()
    lookup_field = "slug"

    @extend_schema(
        tags=[TAXONOMY],
        summary=gettext_lazy("One tag"),
        responses={200: TagSerializer, **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ApiRoot(APIView):
    @extend_schema(
        summary=gettext_lazy("Where everything is"),
        responses={
            200: OpenApiResponse({"type": "object", "additionalProperties": {"type": "string"}}),
            429: ERRORS[429],
        },
    )
    def get(self, request: Request) -> Response:
        names = ["article-list", "ninjs-feed", "category-list", "tag-list", "schema"]
        return Response(
            {n: links.absolute(request, reverse(f"syndication:api:{n}")) for n in names}
        )


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in JSON, like the rest of the API."""
    return JsonResponse({"detail": _("There is nothing at this address.")}, status=404)
