"""Template filters of the newsroom admin: Jalali dates and Persian digits."""

from django import template

from khabar.persian import format_jalali, to_persian_digits

register = template.Library()


@register.filter
def jalali_admin(value):
    return format_jalali(value) if value else "—"


@register.filter
def fa(value):
    return to_persian_digits(str(value)) if value is not None else ""


@register.inclusion_tag("newsroom/includes/desk.html")
def newsroom_desk(user):
    """The desk on the admin's front page: what waits for this person now."""
    from django.db.models import Q
    from django.utils import timezone

    from khabar.news.models import Article

    articles = Article.objects.select_related("category", "reporter")
    if not user.has_perm("news.view_article"):
        return {"show": False}
    scope = Q() if user.has_perm("news.all_categories") else Q(category__editors=user)
    can_review = user.has_perm("news.publish_article")
    return {
        "show": True,
        "my_drafts": list(
            articles.filter(reporter=user, status=Article.Status.DRAFT).order_by("-updated_at")[:8]
        ),
        "to_review": list(
            articles.filter(scope, status=Article.Status.IN_REVIEW).order_by("updated_at")[:8]
        )
        if can_review
        else [],
        "scheduled": list(
            articles.filter(
                scope, status=Article.Status.SCHEDULED, published_at__gt=timezone.now()
            ).order_by("published_at")[:8]
        )
        if can_review
        else [],
        "can_review": can_review,
    }
