from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from protocol.language import is_chinese as _is_chinese
from protocol.language import name_with_party

from .roles import Role


class Party(models.Model):
    """One of the two parties to the protocol (CAS, SIPO)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=40, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=40, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if _is_chinese() else self.name_en

    @property
    def short_name(self) -> str:
        """What a page shows beside a person or a record, e.g. 中科院 / CAS; the code if none is set."""
        return (self.short_name_zh if _is_chinese() else self.short_name_en) or self.code

    @property
    def description(self) -> str:
        return self.description_zh if _is_chinese() else self.description_en


class Language(models.TextChoices):
    CHINESE = "zh-hans", "简体中文"
    ENGLISH = "en", "English"


class PortalUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("party")


class User(AbstractUser):
    """A member of staff of one party; roles are the groups they belong to."""

    # One name field: Chinese names do not split into first/last the Western way.
    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=150)
    # The name, its pinyin and initials (protocol.parties.names), written with the name by the services.
    name_search = models.CharField(_("name as searched"), max_length=1000, blank=True, editable=False)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="staff",
        # Only portal admins' technical accounts may have no party; they see no records.
        null=True,
        blank=True,
    )
    # Where in the party the person works (an institute, a department): calls for participation may be open
    # to some departments only.
    department = models.CharField(_("department"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.CHINESE
    )

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["party__code", "full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def name_with_party(self) -> str:
        return name_with_party(self.full_name, self.party)

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.role_names

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(Role.COORDINATOR)


class Protocol(models.Model):
    """The text of the protocol shown on /about/; a single row kept by portal admins."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_zh = models.TextField(_("summary (Chinese)"))
    summary_en = models.TextField(_("summary (English)"))
    principles_zh = models.TextField(_("principles (Chinese)"), help_text=_("One principle per line."))
    principles_en = models.TextField(_("principles (English)"), help_text=_("One principle per line."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("protocol text")
        verbose_name_plural = _("protocol text")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_zh if _is_chinese() else self.title_en

    @property
    def summary(self) -> str:
        return self.summary_zh if _is_chinese() else self.summary_en

    @property
    def principles(self) -> list[str]:
        text = self.principles_zh if _is_chinese() else self.principles_en
        return [line.strip() for line in text.splitlines() if line.strip()]
