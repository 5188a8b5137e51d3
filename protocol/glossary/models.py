from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """One pair of IP terms that mean the same in Chinese and English: a search for either also finds the other.

    A term may appear in several pairs (专利/patent, 专利/patents): all the terms a chain of pairs connects are
    searched together.
    """

    zh = models.CharField(_("Chinese"), max_length=100)
    en = models.CharField(_("English"), max_length=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["en", "zh"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [models.UniqueConstraint(fields=["zh", "en"], name="glossary_one_pair")]

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"
