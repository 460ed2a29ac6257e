"""The newsroom's article search through Khabar's search backend.

The newsroom admin (khabar/newsroom/admin.py) opts in with one line:

    class ArticleAdmin(SearchBackendAdminMixin, admin.ModelAdmin): ...

Published articles are then found in every spelling (the same analysis as the reader
search); drafts and other unpublished articles, which are not in the index, are still
found by the admin's own ``search_fields``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from khabar.search.api import article_ids_matching

__all__ = ["SearchBackendAdminMixin", "article_ids_matching"]


class SearchBackendAdminMixin:
    search_backend_limit = 1000

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        found, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, queryset, search_term
        )
        if not search_term.strip():
            return found, may_have_duplicates
        ids = article_ids_matching(search_term, limit=self.search_backend_limit)
        if ids:
            extra = queryset.filter(pk__in=ids)
            if found.query.distinct:
                extra = extra.distinct()
            found = found | extra
        return found, may_have_duplicates
