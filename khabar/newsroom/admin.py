"""The newsroom on Django's admin. Every change goes through khabar.news.services,
which check the person's role; the admin never writes an article's status itself."""

from __future__ import annotations

import datetime
import hashlib
import re
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khabar.news import policy, selectors, services, textreview
from khabar.news.errors import ArticleConflictError, NewsError
from khabar.news.models import (
    Article,
    ArticleEvent,
    BreakingNews,
    Category,
    Correction,
    FeaturedArticle,
    Image,
    LegacyAlias,
    Revision,
    Source,
    Tag,
)
from khabar.newsroom import diff, jalali, presence, preview
from khabar.newsroom.forms import ArticleAdminForm, NoteForm, ScheduleForm, TakedownForm
from khabar.persian import format_jalali, to_latin_digits, to_persian_digits
from khabar.search.admin import SearchBackendAdminMixin

admin.site.site_header = gettext_lazy("Khabar newsroom")
admin.site.site_title = gettext_lazy("Khabar newsroom")
admin.site.index_title = gettext_lazy("Desk")
admin.site.index_template = "newsroom/admin_index.html"  # the person's desk on top

RULE_LABELS = {
    "presentation-forms": gettext_lazy("presentation-form letters"),
    "arabic-letters": gettext_lazy("Arabic letters to Persian"),
    "digits": gettext_lazy("digits"),
    "spacing": gettext_lazy("spacing"),
    "kashida": gettext_lazy("kashida"),
    "invisible": gettext_lazy("invisible characters"),
    "zwnj-prefix-mi": gettext_lazy("half-space after «می»"),
    "zwnj-suffix": gettext_lazy("half-space before a suffix"),
    "compound": gettext_lazy("half-space in a compound word"),
    "split-joined": gettext_lazy("words typed together"),
}
FIELD_LABELS = {
    "overline": gettext_lazy("overline"),
    "title": gettext_lazy("title"),
    "lead": gettext_lazy("lead"),
    "body": gettext_lazy("body"),
    "house_attribution": gettext_lazy("house attribution"),
}
ACTION_LABELS = {
    "submit": gettext_lazy("Send for review"),
    "publish": gettext_lazy("Publish now"),
    "schedule": gettext_lazy("Schedule"),
    "send_back": gettext_lazy("Send back to the reporter"),
    "unschedule": gettext_lazy("Cancel the schedule"),
    "unpublish": gettext_lazy("Unpublish"),
    "takedown": gettext_lazy("Take down"),
}
# Actions that take a note, a time or a second thought get their own page.
PAGE_ACTIONS = {"schedule", "send_back", "unschedule", "unpublish", "takedown"}
DESTRUCTIVE = {"unpublish", "takedown"}


IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.IGNORECASE)
UNSAFE_HTML = re.compile(
    r"<\s*(script|style|iframe|object|embed)\b|\son\w+\s*=|javascript:", re.IGNORECASE
)


def _label_rule(rule: str) -> str:
    return "، ".join(str(RULE_LABELS.get(part, part)) for part in rule.split("+"))


def _show_invisible(text: str) -> str:
    """Make a half-space visible in the review list."""
    return (
        text.replace("\u200c", "\u2038").replace(" ", "\u2423")
        if text.strip() == ""
        else (text.replace("\u200c", "\u2038"))
    )


def _raw_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(entry["raw"].encode()).hexdigest()[:12]


# --------------------------------------------------------------------- list filters


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows, so a page of a million-row list costs a bounded query.

    Past the cap the list shows CAP rows' worth of pages; search and filters narrow it.
    """

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if hasattr(qs, "values"):
            return qs.order_by().values("pk")[: self.CAP].count()
        return len(qs)


class ReporterFilter(admin.SimpleListFilter):
    title = gettext_lazy("reporter")
    parameter_name = "reporter"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return [(u.pk, u.get_full_name() or u.get_username()) for u in users[:200]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(reporter_id=self.value())
        return queryset


class JalaliDateFilter(admin.SimpleListFilter):
    """Publication time by Jalali calendar periods (Tehran days and months)."""

    title = gettext_lazy("publication date")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("yesterday", _("Yesterday")),
            ("7d", _("Past 7 days")),
            ("month", _("This month (Jalali)")),
            ("last_month", _("Last month (Jalali)")),
            ("future", _("Scheduled for later")),
            *self._recent_days(),
        ]

    @staticmethod
    def _recent_days(count: int = 7):
        """One choice per day of the past week, named in Jalali («شنبه ۱ آذر»)."""
        from khabar.persian import jalali_weekday_name

        today = timezone.now().astimezone(jalali.TEHRAN).date()
        days = []
        for back in range(2, count + 2):
            day = today - timedelta(days=back)
            label = f"{jalali_weekday_name(day)} {format_jalali(day, with_time=False)}"
            days.append((f"d{day.isoformat()}", label))
        return days

    def queryset(self, request, queryset):
        import jdatetime

        value = self.value()
        if not value:
            return queryset
        now = timezone.now().astimezone(jalali.TEHRAN)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if value == "today":
            return queryset.filter(published_at__gte=midnight, published_at__lte=now)
        if value == "yesterday":
            return queryset.filter(
                published_at__gte=midnight - timedelta(days=1), published_at__lt=midnight
            )
        if value == "7d":
            return queryset.filter(published_at__gte=now - timedelta(days=7), published_at__lte=now)
        if value == "future":
            return queryset.filter(published_at__gt=now)
        if value.startswith("d"):
            try:
                day = datetime.date.fromisoformat(value[1:])
            except ValueError:
                return queryset.none()
            start = datetime.datetime.combine(day, datetime.time(), tzinfo=jalali.TEHRAN)
            return queryset.filter(
                published_at__gte=start, published_at__lt=start + timedelta(days=1)
            )
        today = jdatetime.date.fromgregorian(date=now.date())
        first = jdatetime.date(today.year, today.month, 1)
        if value == "month":
            start, end = first, today + timedelta(days=1)
        elif value == "last_month":
            end = first
            start = jdatetime.date(
                today.year if today.month > 1 else today.year - 1,
                today.month - 1 if today.month > 1 else 12,
                1,
            )
        else:
            return queryset

        def tehran(d):
            return now.replace(
                year=d.togregorian().year,
                month=d.togregorian().month,
                day=d.togregorian().day,
                hour=0,
                minute=0,
                second=0,
                microsecond=0,
            )

        return queryset.filter(published_at__gte=tehran(start), published_at__lt=tehran(end))


class LegacyAliasInline(admin.TabularInline):
    model = LegacyAlias
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class NewsroomChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # Past the cap the exact total is not known; say so instead of counting.
        self.result_count_capped = self.result_count >= CappedCountPaginator.CAP


# --------------------------------------------------------------------- articles


@admin.register(Article)
class ArticleAdmin(SearchBackendAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "newsroom/article_change_form.html"
    change_list_template = "newsroom/article_change_list.html"
    list_display = (
        "news_id_fa",
        "title",
        "category",
        "reporter",
        "status_badge",
        "published_jalali",
    )
    list_display_links = ("news_id_fa", "title")
    list_filter = ("status", "category", ReporterFilter, JalaliDateFilter, "kind")
    search_fields = ("title", "=news_id")
    search_help_text = gettext_lazy("Search titles, or type a news ID.")
    list_select_related = ("category", "reporter")
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # facet counts would count a million rows per filter
    paginator = CappedCountPaginator
    readonly_fields = ("news_id_fa", "status_badge", "published_jalali", "view_count")
    autocomplete_fields = ("tags",)
    raw_id_fields = ("lead_image",)
    inlines = [LegacyAliasInline]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    ordering = ("-published_at", "-news_id")

    def get_search_results(self, request, queryset, search_term):
        """A number (Latin or Persian digits) is a news ID: one index lookup, no title scan."""
        term = to_latin_digits(search_term.strip())
        if term.isdigit():
            return queryset.filter(news_id=int(term)), False
        return super().get_search_results(request, queryset, search_term)

    def get_changeform_initial_data(self, request):
        from django.conf import settings

        initial = super().get_changeform_initial_data(request)
        initial.setdefault("house_attribution", settings.KHABAR_HOUSE_ATTRIBUTION)
        return initial

    def get_changelist(self, request, **kwargs):
        return NewsroomChangeList

    def get_fieldsets(self, request, obj=None):
        text = ["overline", "title", "lead", "body"]
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            text.append("correction_note")
        head = ["kind", "category", "base_version"]
        if obj is not None:
            head = ["news_id_fa", "status_badge", "published_jalali", *head]
        return (
            (None, {"fields": head}),
            (gettext_lazy("Text"), {"fields": text}),
            (gettext_lazy("Image and tags"), {"fields": ["lead_image", "tags"]}),
            (
                gettext_lazy("Source chain"),
                {"fields": ["house_attribution", "via_source", "original_source", "reporter"]},
            ),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not request.user.has_perm("news.edit_any_article") and "reporter" in form.base_fields:
            form.base_fields["reporter"].disabled = True
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("news.edit_any_article"):
            fields.append("reporter")
        return fields

    # --- display columns

    @admin.display(description=gettext_lazy("news ID"), ordering="news_id")
    def news_id_fa(self, obj: Article) -> str:
        return to_persian_digits(str(obj.news_id)) if obj.news_id else "—"

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj: Article) -> str:
        from django.utils.html import format_html

        return format_html(
            '<span class="status status--{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description=gettext_lazy("publish time"), ordering="published_at")
    def published_jalali(self, obj: Article) -> str:
        return format_jalali(obj.published_at) if obj.published_at else "—"

    # --- who sees and changes what

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.has_perm("news.edit_any_article"):
            qs = qs.filter(reporter=request.user)
        return qs

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or policy.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Articles are taken down, not deleted; only a superuser may delete (test data).
        return request.user.is_superuser

    # --- saving through the services

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if IMG_WITHOUT_ALT.search(form.cleaned_data.get("body") or ""):
            self.message_user(
                request,
                _(
                    "An image in the body has no alternative text; describe it (double-click "
                    "the image in the editor) for readers who cannot see it."
                ),
                messages.WARNING,
            )
        if UNSAFE_HTML.search(form.cleaned_data.get("body") or ""):
            self.message_user(
                request,
                _(
                    "The body had scripts, event handlers, styles or embedded frames; they "
                    "were removed. The text itself was kept."
                ),
                messages.WARNING,
            )
        data = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data and name not in self.get_readonly_fields(request, obj)
        }
        tags = form.cleaned_data.get("tags")
        try:
            if change:
                services.article_update(
                    article=obj,
                    tags=tags,
                    user=request.user,
                    expected_version=form.cleaned_data.get("base_version"),
                    correction_note=form.cleaned_data.get("correction_note") or "",
                    **data,
                )
            else:
                article = services.article_create(user=request.user, tags=tags or [], **data)
                obj.__dict__.update(
                    {k: v for k, v in article.__dict__.items() if not k.startswith("_")}
                )
                obj._state.adding = False
                obj._state.db = article._state.db
        except NewsError as exc:
            request._newsroom_error = exc

    def save_related(self, request, form, formsets, change):
        # Tags went through the service with the article; only the inlines are saved here.
        if getattr(request, "_newsroom_error", None) is not None:
            return
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def log_addition(self, request, obj, message):
        if getattr(request, "_newsroom_error", None) is None:
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if getattr(request, "_newsroom_error", None) is None:
            return super().log_change(request, obj, message)
        return None

    def _after_save(self, request: HttpRequest, obj: Article) -> HttpResponse | None:
        error = getattr(request, "_newsroom_error", None)
        if error is not None:
            self.message_user(request, str(error), messages.ERROR)
            if isinstance(error, ArticleConflictError):
                self.message_user(
                    request,
                    _("Your refused text is kept as a revision; compare and restore it there."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(self._url("revisions", obj.pk))
            if obj.pk:
                return HttpResponseRedirect(self._url("change", obj.pk))
            return HttpResponseRedirect(reverse("admin:news_article_changelist"))
        fix = request.POST.get("_fix")
        if fix:
            self._toggle_fix(request, obj, fix)
            return HttpResponseRedirect(self._url("change", obj.pk) + "#text-review")
        action = request.POST.get("_do")
        if action in ("submit", "publish"):
            self._run_one(request, obj, action)
            return HttpResponseRedirect(self._url("change", obj.pk))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _toggle_fix(self, request: HttpRequest, obj: Article, value: str) -> None:
        try:
            field, index, mode, digest = value.split(":")
            index = int(index)
        except ValueError:
            return
        obj.refresh_from_db()
        entry = (obj.text_review or {}).get(field)
        if entry is None or _raw_hash(entry) != digest:
            self.message_user(
                request,
                _("The text changed before the fix could be reverted; the list below is new."),
                messages.WARNING,
            )
            return
        try:
            services.article_revert_fix(
                article_id=obj.pk,
                field=field,
                index=index,
                revert=mode == "revert",
                user=request.user,
            )
        except NewsError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        fix = entry["fixes"][index]
        # Translators: a text fix was undone or applied again; the text before and after.
        msg = (
            _("Reverted: «%(after)s» is «%(before)s» again.")
            if mode == "revert"
            else _("Applied again: «%(before)s» became «%(after)s».")
        )
        self.message_user(request, msg % {"before": fix[2], "after": fix[3]}, messages.SUCCESS)

    # --- the change page: presence, conflicts, text review, buttons

    def _url(self, name: str, pk: int, *args: Any) -> str:
        return reverse(f"admin:news_article_{name}", args=[pk, *args])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        extra: dict[str, Any] = {
            "media": context["media"]
            + forms.Media(js=["newsroom/newsroom.js"], css={"all": ["newsroom/newsroom.css"]})
        }
        if obj is not None and obj.pk:
            extra["others_here"] = presence.touch(obj.pk, request.user)
            extra["presence_url"] = self._url("presence", obj.pk)
            extra["allowed_actions"] = [
                {
                    "name": a,
                    "label": ACTION_LABELS[a],
                    "url": self._url("do", obj.pk, a),
                    "page": a in PAGE_ACTIONS,
                    "danger": a in DESTRUCTIVE,
                }
                for a in policy.allowed_actions(request.user, obj)
                if a in ACTION_LABELS  # "correct" is the form's correction note, not a button
            ]
            extra["inline_actions"] = [a for a in extra["allowed_actions"] if not a["page"]]
            extra["page_actions"] = [a for a in extra["allowed_actions"] if a["page"]]
            extra["can_edit"] = policy.can_edit(request.user, obj)
            extra["text_review"] = self._review_rows(obj)
            extra["corrections"] = selectors.article_list_corrections(article=obj)
            if getattr(form, "conflict", None):
                extra["conflict_rows"] = self._conflict_rows(obj, form.conflict["from"])
        elif add:
            extra["inline_actions"] = [{"name": "submit", "label": ACTION_LABELS["submit"]}]
            extra["can_edit"] = True
        context.update(extra)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_rows(self, obj: Article) -> list[dict[str, Any]]:
        rows = []
        for field, entry in (obj.text_review or {}).items():
            digest = _raw_hash(entry)
            reverted = set(entry["reverted"])
            for i, (_s, _e, before, after, rule) in enumerate(entry["fixes"]):
                left, right = textreview.context(entry, i)
                mode = "apply" if i in reverted else "revert"
                rows.append(
                    {
                        "field": FIELD_LABELS.get(field, field),
                        "before": _show_invisible(before),
                        "after": _show_invisible(after),
                        "left": left,
                        "right": right,
                        "rule": _label_rule(rule),
                        "reverted": i in reverted,
                        "button": f"{field}:{i}:{mode}:{digest}",
                    }
                )
        return rows

    def _conflict_rows(self, obj: Article, from_version: int | None):
        base = (
            obj.revisions.filter(version=from_version)
            .exclude(reason=Revision.Reason.REJECTED)
            .order_by("-created_at")
            .first()
        )
        current = obj.revisions.exclude(reason=Revision.Reason.REJECTED).first()
        if base is None or current is None:
            return []
        return [row for row in diff.compare(base.data, current.data) if row.changed]

    # --- extra pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/do/<str:action>/", wrap(self.action_view), name="news_article_do"),
            path("<int:pk>/revisions/", wrap(self.revisions_view), name="news_article_revisions"),
            path(
                "<int:pk>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="news_article_restore",
            ),
            path("<int:pk>/preview/", wrap(self.preview_view), name="news_article_preview"),
            path(
                "<int:pk>/preview-link/",
                wrap(self.preview_link_view),
                name="news_article_preview_link",
            ),
            path("<int:pk>/presence/", wrap(self.presence_view), name="news_article_presence"),
            *super().get_urls(),
        ]

    def _get_visible(self, request: HttpRequest, pk: int) -> Article:
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _page(self, request, template: str, article: Article, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "article": article,
                "title": article.title,
                "media": self.media
                + forms.Media(
                    js=["newsroom/jalali-picker.js"], css={"all": ["newsroom/newsroom.css"]}
                ),
                **context,
            },
        )

    def action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        article = self._get_visible(request, pk)
        if action not in ACTION_LABELS:
            raise PermissionDenied
        if action not in policy.allowed_actions(request.user, article):
            # Translators: an action the person's role or the article's state does not allow.
            self.message_user(
                request,
                _("«%(action)s» is not possible for you on this article in its current state.")
                % {"action": ACTION_LABELS[action]},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._url("change", pk))
        form_class = {
            "schedule": ScheduleForm,
            "send_back": NoteForm,
            "takedown": TakedownForm,
        }.get(action)
        form = form_class(request.POST or None) if form_class else None
        if request.method == "POST" and (form is None or form.is_valid()):
            data = form.cleaned_data if form else {}
            try:
                self._run_one(request, article, action, **data)
            except NewsError as exc:
                if form is None:
                    raise
                form.add_error(None, str(exc))
            else:
                return HttpResponseRedirect(self._url("change", pk))
        if form is not None and action == "schedule" and not form.is_bound:
            form.initial["publish_at"] = jalali.format_jalali_input(
                timezone.now() + timedelta(hours=1)
            )
        return self._page(
            request,
            "newsroom/article_action.html",
            article,
            action=action,
            action_label=ACTION_LABELS[action],
            danger=action in DESTRUCTIVE,
            form=form,
        )

    def _run_one(self, request: HttpRequest, article: Article, action: str, **data) -> None:
        """Run one state action, report it to the person; NewsError from the page form goes up."""
        service, kwargs, done = {
            "submit": (services.article_submit, {}, _("Sent for review.")),
            "publish": (services.article_publish, {}, _("Published.")),
            "schedule": (
                services.article_schedule,
                {"publish_at": data.get("publish_at")},
                _("Scheduled for %(when)s."),
            ),
            "send_back": (
                services.article_send_back,
                {"note": data.get("note", "")},
                _("Sent back to the reporter."),
            ),
            "unschedule": (services.article_unschedule, {}, _("The schedule was cancelled.")),
            "unpublish": (services.article_unpublish, {}, _("Unpublished.")),
            "takedown": (
                services.article_take_down,
                {"reason": data.get("note", "")},
                _("Taken down: its address now answers «gone» (410)."),
            ),
        }[action]
        try:
            result = service(article_id=article.pk, user=request.user, **kwargs)
        except NewsError as exc:
            if action in PAGE_ACTIONS:
                raise
            self.message_user(request, str(exc), messages.ERROR)
            return
        when = format_jalali(result.published_at) if result.published_at else ""
        self.message_user(
            request, done % {"when": when} if "%(" in done else done, messages.SUCCESS
        )

    def revisions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._get_visible(request, pk)
        revisions = selectors.article_list_revisions(article=article)
        by_id = {r.pk: r for r in revisions}
        a = by_id.get(_int(request.GET.get("a")))
        b = by_id.get(_int(request.GET.get("b")))
        if a is None and b is None and len(revisions) >= 2:
            a, b = revisions[1], revisions[0]
        rows = diff.compare(a.data, b.data) if a and b else []
        return self._page(
            request,
            "newsroom/article_revisions.html",
            article,
            revisions=revisions,
            a=a,
            b=b,
            rows=rows,
            can_edit=policy.can_edit(request.user, article),
            title=_("Revisions of «%(title)s»") % {"title": article.title},
        )

    def restore_view(self, request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
        article = self._get_visible(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._url("revisions", pk))
        revision = get_object_or_404(Revision, pk=revision_id, article=article)
        try:
            services.article_restore_revision(
                revision_id=revision.pk,
                user=request.user,
                expected_version=_int(request.POST.get("version")),
            )
        except NewsError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._url("revisions", pk))
        # Translators: a revision's version number was made the current text again.
        self.message_user(
            request,
            _("Version %(version)s is the current text again (as a new revision).")
            % {"version": to_persian_digits(str(revision.version))},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", pk))

    def history_view(self, request, object_id, extra_context=None):
        """The audit log of one article: every action, who and when."""
        article = self._get_visible(request, int(object_id))
        return self._page(
            request,
            "newsroom/article_history.html",
            article,
            events=selectors.article_list_events(article=article),
            title=_("Audit log of «%(title)s»") % {"title": article.title},
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._get_visible(request, pk)
        return preview.render_preview(request, article)

    def preview_link_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._get_visible(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._url("change", pk))
        link = preview.private_link(request, article)
        services.article_log_event(
            article=article, user=request.user, action=ArticleEvent.Action.PREVIEW_LINK
        )
        from django.conf import settings

        return self._page(
            request,
            "newsroom/preview_link.html",
            article,
            link=link,
            hours=to_persian_digits(str(settings.KHABAR_PREVIEW_LINK_HOURS)),
            title=_("Private preview link"),
        )

    def presence_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._get_visible(request, pk)
        if request.method == "POST" and request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        return JsonResponse({"others": presence.touch(article.pk, request.user)})

    # --- bulk actions on the list

    def _run(self, request: HttpRequest, queryset: QuerySet[Article], service) -> int:
        """Apply one service to each selected article; errors are shown, not raised."""
        count = 0
        for article in queryset:
            try:
                service(article_id=article.pk, user=request.user)
                count += 1
            except NewsError as exc:
                # Translators: a news ID, then why the action was refused.
                self.message_user(
                    request,
                    _("%(news_id)s: %(error)s")
                    % {"news_id": to_persian_digits(str(article.news_id)), "error": exc},
                    messages.ERROR,
                )
        return count

    @admin.action(description=gettext_lazy("Send selected drafts for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._run(request, queryset, services.article_submit)
        # Translators: how many articles were sent for review.
        msg = ngettext(
            "%(count)d article sent for review.", "%(count)d articles sent for review.", count
        )
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Publish selected articles now"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = self._run(request, queryset, services.article_publish)
        # Translators: how many articles were published.
        msg = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Unpublish selected articles"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]):
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "newsroom/confirm_bulk.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Unpublish these articles?"),
                    "articles": queryset,
                    "action": "unpublish_selected",
                },
            )
        count = self._run(request, queryset, services.article_unpublish)
        # Translators: how many articles were unpublished.
        msg = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", count)
        self.message_user(request, msg % {"count": count}, messages.SUCCESS)
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------- audit log


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    """The audit log, per article (search a news ID) and per person (filter «by»)."""

    list_display = ("when", "news_id_fa", "article", "action", "actor", "note")
    list_filter = ("action", ("actor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("=news_id",)
    list_select_related = ("article", "actor")
    show_full_result_count = False
    paginator = CappedCountPaginator

    @admin.display(description=gettext_lazy("time"), ordering="created_at")
    def when(self, obj: ArticleEvent) -> str:
        return format_jalali(obj.created_at)

    @admin.display(description=gettext_lazy("news ID"), ordering="news_id")
    def news_id_fa(self, obj: ArticleEvent) -> str:
        return to_persian_digits(str(obj.news_id or ""))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("article", "note", "author")
    readonly_fields = ("article", "note", "author", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------- home page curation


class FeaturedArticleForm(forms.ModelForm):
    class Meta:
        model = FeaturedArticle
        fields = ("article", "is_top", "position")

    def _get_validation_exclusions(self):
        # Pinning a new top story replaces the old one (featured_article_save), so the
        # one-top-story constraint is kept by the service (and the database), not
        # refused by the form.
        return {*super()._get_validation_exclusions(), "is_top"}


@admin.register(FeaturedArticle)
class FeaturedArticleAdmin(admin.ModelAdmin):
    form = FeaturedArticleForm
    list_display = ("article", "is_top", "position")
    list_editable = ("position",)
    raw_id_fields = ("article",)
    list_select_related = ("article",)

    def save_model(self, request, obj, form, change):
        item = services.featured_article_save(
            article=form.cleaned_data["article"],
            is_top=form.cleaned_data["is_top"],
            position=form.cleaned_data["position"],
            user=request.user,
        )
        obj.pk = item.pk

    def delete_model(self, request, obj):
        services.featured_article_remove(featured_id=obj.pk, user=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.featured_article_remove(featured_id=item.pk, user=request.user)


class BreakingNewsForm(forms.ModelForm):
    starts_at = jalali.JalaliDateTimeField(label=gettext_lazy("from"), required=False)
    expires_at = jalali.FutureJalaliDateTimeField(label=gettext_lazy("until"))

    class Meta:
        model = BreakingNews
        fields = ("headline", "article", "starts_at", "expires_at")


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    form = BreakingNewsForm
    list_display = ("headline", "article", "starts", "expires")
    raw_id_fields = ("article",)

    @admin.display(description=gettext_lazy("from"))
    def starts(self, obj):
        return format_jalali(obj.starts_at)

    @admin.display(description=gettext_lazy("until"))
    def expires(self, obj):
        return format_jalali(obj.expires_at)

    def save_model(self, request, obj, form, change):
        item = services.breaking_news_save(
            headline=form.cleaned_data["headline"],
            expires_at=form.cleaned_data["expires_at"],
            starts_at=form.cleaned_data.get("starts_at"),
            article=form.cleaned_data.get("article"),
            instance=obj if change else None,
            user=request.user,
        )
        obj.pk = item.pk


# --------------------------------------------------------------------- the rest


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "show_on_home")
    search_fields = ("name",)
    filter_horizontal = ("editors",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "homepage")
    search_fields = ("name",)


class ImageUploadForm(forms.ModelForm):
    """Upload with the checks of services.image_create; alt text is required."""

    alt = forms.CharField(
        label=gettext_lazy("alternative text"),
        max_length=300,
        help_text=gettext_lazy("What the picture shows, for readers who cannot see it."),
    )

    class Meta:
        model = Image
        fields = ("file", "alt", "caption", "credit")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and not self.instance.pk:
            from khabar.news.images import validate_upload

            try:
                validate_upload(upload)
            except NewsError as exc:
                self.add_error("file", str(exc))
        return cleaned


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageUploadForm
    list_display = ("__str__", "credit", "width", "height", "has_renditions")
    search_fields = ("caption", "credit")
    readonly_fields = ("renditions_list", "inline_address")

    def get_fields(self, request, obj=None):
        fields = ["file", "alt", "caption", "credit"]
        return [*fields, "inline_address", "renditions_list"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        return ("file", "inline_address", "renditions_list") if obj else ()

    @admin.display(description=gettext_lazy("renditions"), boolean=True)
    def has_renditions(self, obj: Image) -> bool:
        return bool(obj.renditions)

    def get_urls(self):
        return [
            path(
                "editor-upload/",
                self.admin_site.admin_view(self.editor_upload_view),
                name="news_image_editor_upload",
            ),
            *super().get_urls(),
        ]

    def editor_upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload from the body editor (Jodit's uploader protocol): the same checks as
        the image form, alt text required; answers the 960 px rendition's address."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        upload = request.FILES.get("files[0]")
        if upload is None:
            return JsonResponse(
                {"success": False, "data": {"messages": [_("Choose an image to upload.")]}}
            )
        try:
            image = services.image_create(
                file=upload,
                alt=request.POST.get("alt", ""),
                caption=request.POST.get("caption", ""),
                credit=request.POST.get("credit", ""),
                user=request.user,
            )
        except NewsError as exc:
            return JsonResponse({"success": False, "data": {"messages": [str(exc)]}})
        return JsonResponse(
            {
                "success": True,
                "data": {
                    "files": [self.inline_address(image)],
                    "isImages": [True],
                    "baseurl": "",
                    "alt": image.alt,
                    "messages": [],
                },
            }
        )

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_newsroom_error", None) is None:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if getattr(request, "_newsroom_error", None) is None:
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        error = getattr(request, "_newsroom_error", None)
        if error is not None:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:news_image_add"))
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=gettext_lazy("address for the body editor"))
    def inline_address(self, obj: Image) -> str:
        """What to paste into the editor's image dialog: the 960 px JPEG (or the original)."""
        from django.core.files.storage import default_storage

        files = obj.renditions.get("960") or (
            obj.renditions[max(obj.renditions, key=int)] if obj.renditions else None
        )
        return default_storage.url(files["jpeg"]) if files else obj.file.url

    @admin.display(description=gettext_lazy("renditions"))
    def renditions_list(self, obj: Image) -> str:
        return "، ".join(
            f"{to_persian_digits(w)}px: {'/'.join(files)}" for w, files in obj.renditions.items()
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.image_update(
                image=obj,
                alt=form.cleaned_data["alt"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
            )
            return
        try:
            image = services.image_create(
                file=form.cleaned_data["file"],
                alt=form.cleaned_data["alt"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
                user=request.user,
            )
        except NewsError as exc:  # e.g. the disk is full: nothing was kept
            request._newsroom_error = exc
            return
        obj.pk = image.pk
        obj._state.adding = False
        obj.__dict__.update({k: v for k, v in image.__dict__.items() if not k.startswith("_")})
