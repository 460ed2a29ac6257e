"""Cursor pagination: stable pages however many articles arrive meanwhile."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class ArticleCursorPagination(CursorPagination):
    ordering = ("-published_at", "-news_id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_description = _("The pagination cursor: the `next` or `previous` link of a page.")
    page_size_query_description = _("Items per page (at most 100).")
    invalid_cursor_message = _("The pagination cursor is not valid.")


class NameCursorPagination(ArticleCursorPagination):
    ordering = ("name", "id")
    page_size = 100
    max_page_size = 500
    page_size_query_description = _("Items per page (at most 500).")
