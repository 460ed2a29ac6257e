"""The search index's own rows: one per article that is public now.

The text index itself lives beside this table and depends on the backend: an FTS5
virtual table ``search_fts`` on SQLite (rowid = ``docid``), a ``vector`` tsvector
column with a GIN index on PostgreSQL. Both are created by migration 0001 for the
database it runs on; Django's ORM never reads them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from khabar.news.models import Article, Category


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Publish time in seconds × 10⁶ + a tie-breaker: ordering by docid is ordering by
    # recency, which lets FTS5 walk its doclists newest first.
    docid = models.BigIntegerField(_("document number"), unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField(_("publish time"), db_index=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["category", "-published_at"], name="search_doc_cat_pub"),
        ]

    def __str__(self) -> str:
        return f"search document {self.article_id}"
