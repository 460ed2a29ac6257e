"""Strings of Django's own admin that its Persian catalogue leaves untranslated.

Khabar's catalogue (LOCALE_PATHS, which Django reads first) fills them; naming
them here keeps `makemessages` from dropping them as unused.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN_GAPS = [
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", 1),
]
