"""Forms of the newsroom admin: the article form with its version (optimistic
locking) and correction note, and the small forms of the state actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khabar.news.models import Article
from khabar.newsroom.jalali import FutureJalaliDateTimeField

BODY_HELP = _(
    "Paragraphs, sub-headings, lists, quotes and links. Anything else (scripts, styles, "
    "event handlers) is removed on save."
)


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_note = forms.CharField(
        label=_("Public correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown to readers under the article. Leave empty for an update that is not a "
            "correction of a mistake."
        ),
    )

    class Meta:
        model = Article
        fields = (
            "kind",
            "category",
            "overline",
            "title",
            "lead",
            "body",
            "lead_image",
            "tags",
            "house_attribution",
            "via_source",
            "original_source",
            "reporter",
        )
        widgets = {
            "body": forms.Textarea(
                attrs={"class": "rich-text", "dir": "rtl", "data-rich-text": "body", "rows": 18}
            ),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"body": BODY_HELP}

    class Media:
        css = {"all": ("vendor/jodit/jodit.min.css", "newsroom/newsroom.css")}
        js = ("vendor/jodit/jodit.min.js", "newsroom/editor.js")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "correction_note" in self.fields and (
            not self.instance.pk or self.instance.status != Article.Status.PUBLISHED
        ):
            del self.fields["correction_note"]
        self.conflict = None  # set by clean() when the stored version moved on
        if "body" in self.fields:
            from django.urls import reverse

            self.fields["body"].widget.attrs["data-upload-url"] = reverse(
                "admin:news_image_editor_upload"
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            sent = cleaned.get("base_version")
            current = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if sent is None or current is None or sent != current:
                self.conflict = {"from": sent, "to": current}
                # The next save, after seeing the changes, is made from the current version.
                data = self.data.copy()
                data["base_version"] = current
                self.data = data
                raise forms.ValidationError(
                    _(
                        "Someone else saved this article after you opened it. Your text is "
                        "kept in the form below and has not been saved: look at what changed, "
                        "then save again to keep your version."
                    ),
                    code="stale",
                )
        return cleaned


class ScheduleForm(forms.Form):
    publish_at = FutureJalaliDateTimeField(
        label=_("Publish at"),
        help_text=_("Jalali date and time, Tehran time, e.g. ۱۴۰۵/۰۹/۰۶ ۱۴:۳۰."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TakedownForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it taken down?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log; readers see only that the page is gone."),
    )
