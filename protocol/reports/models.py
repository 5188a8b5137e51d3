"""The annual implementation report: one row per generation of a year's report, and the coordinators' highlights.

A generation is never changed once ready: its files, their SHA-256 and the data they were built from (canonical
JSON and its SHA-256) stay as made. Both parties approve one generation through protocol.signoff, naming its
`sha256`; it is then locked, and the year's record is its latest locked generation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.activities.models import Activity
from protocol.areas import Area
from protocol.parties.models import Party


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report", "Queued")
    GENERATING = "generating", pgettext_lazy("report", "Generating")
    READY = "ready", pgettext_lazy("report", "Ready")
    FAILED = "failed", pgettext_lazy("report", "Failed")


class Edition(models.TextChoices):
    PDF_ZH = "pdf-zh", _("PDF, Chinese")
    PDF_EN = "pdf-en", _("PDF, English")
    XLSX = "xlsx", _("XLSX, both languages")


def _upload_to(report: "AnnualReport", filename: str) -> str:
    return f"reports/{report.year}/v{report.version}/{filename}"


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    # The build's last sign of life (claimed, a step done): a build silent for long was interrupted.
    progressed_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    # What the files were built from, as canonical JSON (protocol.signoff.content), and its SHA-256.
    data = models.TextField(_("data"), blank=True)
    data_sha256 = models.CharField(_("SHA-256 of the data"), max_length=64, blank=True)
    pdf_zh = models.FileField(_("PDF, Chinese"), upload_to=_upload_to, blank=True)
    pdf_zh_sha256 = models.CharField(max_length=64, blank=True)
    pdf_en = models.FileField(_("PDF, English"), upload_to=_upload_to, blank=True)
    pdf_en_sha256 = models.CharField(max_length=64, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=_upload_to, blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    # What both parties approve: the SHA-256 naming the data and every file together.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="report_one_version_number")]
        indexes = [
            models.Index(fields=["year", "locked_at"], name="report_locked", condition=Q(locked_at__isnull=False))
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.year, self.version])

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_under_way(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.GENERATING)

    def file_of(self, edition: str):
        return {Edition.PDF_ZH: self.pdf_zh, Edition.PDF_EN: self.pdf_en, Edition.XLSX: self.xlsx}[edition]


class Highlight(models.Model):
    """A coordinator's highlight of a year in one area: a confirmed activity picked, or a short text (or both)."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(_("area of cooperation"), max_length=20, choices=Area.choices)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text_zh = models.CharField(_("highlight in Chinese"), max_length=500, blank=True)
    text_en = models.CharField(_("highlight in English"), max_length=500, blank=True)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["year", "area", "created_at", "pk"]
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        indexes = [models.Index(fields=["year", "area"], name="highlight_of_year")]

    def __str__(self) -> str:
        return self.text_en or self.text_zh or str(self.activity)
