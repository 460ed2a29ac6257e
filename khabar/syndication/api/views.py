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
from khabar.syndication.api.params import (
    JALALI_PATTERN,
    MAX_NEWS_ID,
    SEARCH_MAX_PAGE,
    SEARCH_MAX_PAGE_SIZE,
    SEARCH_ORDERS,
    article_filters,
    search_params,
    tehran_day,
)
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


class SearchHitSerializer(ArticleSerializer):
    snippet_html = serializers.CharField(
        help_text=gettext_lazy("A passage with the words found, in HTML with <mark>.")
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "snippet_html"]


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("How many articles match."))
    count_exact = serializers.BooleanField(
        help_text=gettext_lazy("False when the count is an estimate (very common words).")
    )
    page = serializers.IntegerField(help_text=gettext_lazy("This page's number."))
    num_pages = serializers.IntegerField(help_text=gettext_lazy("How many pages there are."))
    next = serializers.URLField(allow_null=True, help_text=gettext_lazy("The next page."))
    previous = serializers.URLField(allow_null=True, help_text=gettext_lazy("The previous page."))
    results = SearchHitSerializer(many=True)


class Search(APIView):
    """Full-text search through khabar.search: every spelling of a Persian word is found."""

    @extend_schema(
        tags=[ARTICLES],
        summary=gettext_lazy("Search the published articles"),
        description=gettext_lazy(
            "Finds a word however it was typed: with or without the half-space, Arabic or "
            "Persian letters, Persian or Latin digits. Words in quotation marks are found "
            "together; a minus before a word leaves out articles that have it. Pages are "
            "numbered, ordered by relevance or newest first."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 500, "pattern": r"\S"},
                required=True,
                description=gettext_lazy("What to search for."),
            ),
            *ARTICLE_FILTERS,
            OpenApiParameter(
                "order",
                {"type": "string", "enum": list(SEARCH_ORDERS), "default": "relevance"},
                description=gettext_lazy("relevance (the default) or newest."),
            ),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PAGE, "default": 1},
                description=gettext_lazy("The page number."),
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PAGE_SIZE, "default": 20},
                description=gettext_lazy("Results per page (at most 50)."),
            ),
        ],
        responses={200: SearchPageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        from khabar.search import api as search_api

        params = search_params(request.query_params)
        found = search_api.search(
            query=params.query,
            category=params.filters.category,
            tag=params.filters.tag,
            date_from=tehran_day(params.filters.since, end=False),
            date_to=tehran_day(params.filters.until, end=True),
            page=params.page,
            per_page=params.page_size,
            order=params.order,
        )
        # The same rows and relations as the article list (tags, reporter, sources).
        ids = [hit.article.pk for hit in found.hits]
        full = selectors.article_public_queryset().in_bulk(ids)
        hits = []
        for hit in found.hits:
            article = full.get(hit.article.pk)
            if article is not None:
                article.snippet_html = str(hit.snippet_html)
                hits.append(article)
        return Response(
            {
                "count": found.total,
                "count_exact": found.total_exact,
                "page": found.page,
                "num_pages": found.num_pages,
                "next": self._page_link(request, found.page + 1) if found.has_next else None,
                "previous": self._page_link(request, found.page - 1)
                if found.has_previous
                else None,
                "results": SearchHitSerializer(hits, many=True, context={"request": request}).data,
            }
        )

    @staticmethod
    def _page_link(request: Request, number: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(number)
        return links.absolute(request, f"{request.path}?{query.urlencode()}")


class ApiRoot(APIView):
    @extend_schema(
        summary=gettext_lazy("Where everything is"),
        responses={
            200: OpenApiResponse({"type": "object", "additionalProperties": {"type": "string"}}),
            429: ERRORS[429],
        },
    )
    def get(self, request: Request) -> Response:
        names = ["article-list", "search", "ninjs-feed", "category-list", "tag-list", "schema"]
        return Response(
            {n: links.absolute(request, reverse(f"syndication:api:{n}")) for n in names}
        )


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in JSON, like the rest of the API."""
    return JsonResponse({"detail": _("There is nothing at this address.")}, status=404)
