"""Who may do what to which article: the role rules the services enforce.

`user=None` in a service means trusted code (imports, the scheduler): no check.
"""

from __future__ import annotations

from typing import Any

from khabar.news.models import Article, Category

Status = Article.Status


def in_scope(user: Any, category: Category | None) -> bool:
    """Editors act in their own categories; chief editors (all_categories) everywhere."""
    if user.has_perm("news.all_categories"):
        return True
    if category is None:
        return False
    return category.editors.filter(pk=user.pk).exists()


def is_own(user: Any, article: Article) -> bool:
    return article.reporter_id is not None and article.reporter_id == user.pk


def can_edit(user: Any, article: Article) -> bool:
    """Change the content. Published articles change only through a correction."""
    if not user.has_perm("news.change_article"):
        return False
    if article.status == Status.TAKEN_DOWN:
        return False
    if article.status == Status.PUBLISHED:
        return can_correct(user, article)
    if user.has_perm("news.edit_any_article") and in_scope(user, article.category):
        return True
    return is_own(user, article) and article.status == Status.DRAFT


def can_submit(user: Any, article: Article) -> bool:
    if is_own(user, article) and user.has_perm("news.submit_article"):
        return True
    return can_publish(user, article)


def can_publish(user: Any, article: Article) -> bool:
    """Publish, schedule, unschedule, send back and unpublish."""
    return user.has_perm("news.publish_article") and in_scope(user, article.category)


def can_correct(user: Any, article: Article) -> bool:
    return user.has_perm("news.correct_article") and in_scope(user, article.category)


def can_take_down(user: Any, article: Article) -> bool:
    return user.has_perm("news.takedown_article") and in_scope(user, article.category)


def can_curate(user: Any) -> bool:
    return user.has_perm("news.curate_homepage")


def allowed_actions(user: Any, article: Article) -> list[str]:
    """The state actions this person can take on this article now (for buttons)."""
    actions = []
    s = article.status
    if s == Status.DRAFT and can_submit(user, article):
        actions.append("submit")
    if s in (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED) and can_publish(
        user, article
    ):
        actions += ["publish", "schedule"]
    if s == Status.IN_REVIEW and can_publish(user, article):
        actions.append("send_back")
    if s == Status.SCHEDULED and can_publish(user, article):
        actions.append("unschedule")
    if s == Status.PUBLISHED and can_publish(user, article):
        actions.append("unpublish")
    if s == Status.PUBLISHED and can_correct(user, article):
        actions.append("correct")
    if s != Status.TAKEN_DOWN and can_take_down(user, article) and article.pk:
        actions.append("takedown")
    return actions
