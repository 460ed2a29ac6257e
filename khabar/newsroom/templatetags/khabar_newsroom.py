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


@register.inclusion_tag("newsroom/includes/pagination.html")
def newsroom_pagination(cl):
    """Django's admin pagination, with Persian digits (the links keep Latin ones)."""
    from django.contrib.admin.templatetags.admin_list import pagination
    from django.contrib.admin.views.main import PAGE_VAR

    context = pagination(cl)
    pages = []
    for number in context["page_range"]:
        if number == cl.paginator.ELLIPSIS:
            pages.append({"ellipsis": True})
        else:
            pages.append(
                {
                    "label": to_persian_digits(str(number)),
                    "current": number == cl.page_num,
                    "url": cl.get_query_string({PAGE_VAR: number}),
                }
            )
    return {**context, "pages": pages, "count": to_persian_digits(str(cl.result_count))}


@register.inclusion_tag("newsroom/includes/search_form.html")
def newsroom_search_form(cl):
    """Django's admin search form, with the result count in Persian digits."""
    from django.contrib.admin.templatetags.admin_list import search_form

    context = search_form(cl)
    return {**context, "count": to_persian_digits(str(cl.result_count))}
