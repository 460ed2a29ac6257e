from django.db import models
from django.utils.translation import gettext_lazy as _

from khabar.news.models import Article


class TextImport(models.Model):
    """The raw page an article was imported from (`khabar import_text`), kept as it came."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="text_import"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    raw_text = models.TextField(_("raw text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("first imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("text import")
        verbose_name_plural = _("text imports")

    def __str__(self) -> str:
        return self.file_name
