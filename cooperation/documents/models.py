import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.areas import Area
from protocol.language import Titles, titles_for_reader
from protocol.parties.models import Party


class DocumentType(models.TextChoices):
    PATENT = "patent", _("Patent document")
    SEARCH_REPORT = "search_report", _("Patent search or analysis report")
    PAPER = "paper", _("Scientific paper")
    STRATEGIC_REPORT = "strategic_report", _("Strategic analysis report")
    STANDARD = "standard", _("Standard")
    POLICY = "policy", _("Policy or regulation")
    TRAINING = "training", _("Training material")
    MEETING = "meeting", _("Meeting material")
    OTHER = "other", _("Other")


class Confidentiality(models.TextChoices):
    SHARED = "shared", _("Shared with both parties")
    ON_REQUEST = "on_request", _("On request")
    INTERNAL = "internal", _("Internal to the owning party")


class DocumentLanguage(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


# The other party sees these levels in lists and search; only "shared" downloads without a grant.
VISIBLE_TO_OTHER_PARTY = (Confidentiality.SHARED, Confidentiality.ON_REQUEST)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A work in the shared library; its files are its versions."""

    title = models.CharField(_("title"), max_length=300)
    title_other = models.CharField(_("title in the other language"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    area = models.CharField(_("area of cooperation"), max_length=20, choices=Area.choices)
    language = models.CharField(_("language"), max_length=8, choices=DocumentLanguage.choices)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="documents", blank=True)
    # Normalised and space-separated, with a leading and trailing space so " CN101234567A " matches whole codes.
    patent_numbers = models.TextField(_("patent publication numbers"), blank=True)
    ipc_classes = models.TextField(_("IPC classes"), blank=True)
    owner_party = models.ForeignKey(
        Party, verbose_name=_("owning party"), on_delete=models.PROTECT, related_name="documents"
    )
    confidentiality = models.CharField(_("confidentiality"), max_length=12, choices=Confidentiality.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Segmented text (jieba for Chinese) of the metadata and the current version's text; see protocol/search.py.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="document_newest"),
            models.Index(fields=["owner_party", "confidentiality"], name="document_access"),
            # The default list (not archived) counts from these alone, without reading the wide rows.
            models.Index(
                fields=["owner_party", "confidentiality"],
                name="document_listed",
                condition=Q(archived_at__isnull=True),
            ),
            models.Index(fields=["area", "-created_at"], name="document_area_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def titles(self) -> Titles:
        return titles_for_reader(self.title, self.title_other, title_language=self.language)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def patent_number_list(self) -> list[str]:
        return self.patent_numbers.split()

    @property
    def ipc_class_list(self) -> list[str]:
        return self.ipc_classes.split()


def version_upload_to(version: "DocumentVersion", filename: str) -> str:
    # The stored name is ours, never the client's: no traversal, no clashes, no executable names.
    return f"documents/{version.document_id}/{uuid.uuid4().hex}"


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    DONE = "done", _("Done")
    FAILED = "failed", pgettext_lazy("file processing", "Failed")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file kind"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    extraction_status = models.CharField(
        _("text extraction"), max_length=8, choices=ProcessingStatus.choices, default=ProcessingStatus.PENDING
    )
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    thumbnail = models.FileField(_("thumbnail"), upload_to="thumbnails/", max_length=200, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    thumbnail_status = models.CharField(
        _("thumbnail"), max_length=8, choices=ProcessingStatus.choices, default=ProcessingStatus.PENDING
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def get_download_url(self) -> str:
        return reverse("documents:download", args=[self.document_id, self.number])

    @property
    def is_processing(self) -> bool:
        return ProcessingStatus.PENDING in (self.extraction_status, self.thumbnail_status)


class AccessStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("access request", "Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class AccessRequest(models.Model):
    """A request by one member of the other party to download an on-request document."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="access_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=AccessStatus.choices, default=AccessStatus.PENDING)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            # One open question per person and document: asking twice does not queue twice.
            models.UniqueConstraint(
                fields=["document", "requester"],
                condition=Q(status__in=["pending", "granted"]),
                name="one_open_access_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.document_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()


class DownloadEvent(models.Model):
    """A read receipt: who downloaded which version, when."""

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = [models.Index(fields=["version", "-at"], name="download_by_version")]

    def __str__(self) -> str:
        return f"{self.user_id} ↓ {self.version_id}"


class LibraryLink(models.Model):
    """A library document linked from a record of another app (the ledger's activities), which need not know
    the library exists: areas reach these links only through `cooperation.documents.links`."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="links")
    record_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    record_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("library link")
        verbose_name_plural = _("library links")
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id", "document"], name="library_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type_id}:{self.record_id} → {self.document_id}"
