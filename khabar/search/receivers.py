"""Keep the index in step with the newsroom: every change of an article, after commit."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.dispatch import receiver

from khabar.news.signals import article_changed
from khabar.search import api

logger = logging.getLogger(__name__)


@receiver(article_changed, dispatch_uid="khabar.search.index_article")
def index_changed_article(sender, *, article_id: int, **kwargs) -> None:
    """Publish, edit, unpublish, take-down, scheduled go-live: the index follows.

    The article is already saved when this runs; if the index cannot be written now the
    change is logged and `khabar search_reindex` brings the index back in line.
    """
    try:
        api.index_article(article_id=article_id)
    except DatabaseError:
        logger.exception("search: could not index article %s", article_id)
