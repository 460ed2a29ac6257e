"""The newsroom's article search through Khabar's search backend.

The newsroom admin (khabar/newsroom/admin.py) opts in with one line:

    class ArticleAdmin(SearchBackendAdminMixin, admin.ModelAdmin): ...

Published articles are then found in every spelling (the same analysis as the reader
search) and only through the index, so a word no title has does not scan a million rows;
drafts and other unpublished articles, which are not in the index, are still found by
the admin's own ``search_fields``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from khabar.news.models import Article
from khabar.search.api import article_ids_matching

__all__ = ["SearchBackendAdminMixin", "article_ids_matching"]


# Statuses never in the search index; an IN list lets the status index narrow the scan.
NOT_INDEXED = [s for s in Article.Status.values if s != Article.Status.PUBLISHED]


class SearchBackendAdminMixin:
    search_backend_limit = 1000

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return super().get_search_results(  # type: ignore[misc]
                request, queryset, search_term
            )
        # Public articles come from the index; the admin's own LIKE search reads only
        # the rest (drafts, review, scheduled, withdrawn), a small share of a million.
        found, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset.filter(status__in=NOT_INDEXED), search_term
        )
        ids = article_ids_matching(search_term, limit=self.search_backend_limit)
        if ids:
            extra = queryset.filter(pk__in=ids)
            if found.query.distinct:
                extra = extra.distinct()
            found = found | extra
        return found, may_have_duplicates
