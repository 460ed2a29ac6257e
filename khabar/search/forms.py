"""The reader's search form: every field optional, every bad value explained, nothing lost."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from khabar.news.models import Category
from khabar.persian import parse_jalali_date
from khabar.search.backends.base import Order


class JalaliDateField(forms.CharField):
    """A Jalali date typed as ۱۴۰۵/۰۹/۰۵ (Persian or Latin digits) → a Gregorian date."""

    def to_python(self, value: str | None) -> date | None:  # type: ignore[override]
        text = (value or "").strip()
        if not text:
            return None
        try:
            return parse_jalali_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Write the date like 1405/09/05 (year/month/day, Jalali)."), code="invalid"
            ) from None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    tag = forms.CharField(required=False, widget=forms.HiddenInput)
    date_from = JalaliDateField(label=_("From"), required=False)
    date_to = JalaliDateField(label=_("To"), required=False)
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=[(Order.RELEVANCE, _("Most relevant")), (Order.NEWEST, _("Newest"))],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. oil exports"), "dir": "auto"}
        )
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update(
                {"placeholder": "۱۴۰۵/۰۱/۰۱", "inputmode": "numeric", "dir": "ltr"}
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def value(self, name: str):
        """The cleaned value, or None where the reader's value was not valid."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name)
