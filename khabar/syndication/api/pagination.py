"""Cursor pagination: stable pages however many articles arrive meanwhile."""

from __future__ import annotations

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.pagination import CursorPagination


class ArticleCursorPagination(CursorPagination):
    ordering = ("-published_at", "-news_id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_description = _("The pagination cursor: the `next` or `previous` link of a page.")
    page_size_query_description = _("Items per page (at most 100).")
    invalid_cursor_message = _("The pagination cursor is not valid.")

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

    def get_page_size(self, request) -> int:
        """A page size that is not a whole number from 1 to the maximum is refused, not ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            # Translators: an API error; maximum is a number.
            raise ParseError(
                gettext_now("page_size must be a whole number from 1 to %(maximum)d.")
                % {"maximum": self.max_page_size}
            )
        return size


class NameCursorPagination(ArticleCursorPagination):
    ordering = ("name", "id")
    page_size = 100
    max_page_size = 500
    page_size_query_description = _("Items per page (at most 500).")
