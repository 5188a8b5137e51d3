from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from protocol.audit.admin_actions import AuditedActions
from protocol.audit.middleware import client_address
from protocol.mfa import services as mfa_services

from . import services
from .forms import PortalUserChangeForm, PortalUserCreationForm
from .models import Party, Protocol, User


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "short_name_zh", "name_en", "short_name_en")
    search_fields = ("code", "name_zh", "name_en", "short_name_zh", "short_name_en")

    def get_readonly_fields(self, request, obj=None):
        # The code is what logic, URLs and filters use: names change, the code stays.
        return ("code",) if obj else ()


# django-otp's own admins show a device's secret and change it unrecorded; a lost device is reset from the user
# (the action below), never edited.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(User)
class PortalUserAdmin(AuditedActions, UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ("username", "full_name", "party", "email", "is_active", "is_staff")
    list_filter = ("party", "groups", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    ordering = ("party__code", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "party", "department", "preferred_language")}),
        (
            _("Roles"),
            {"fields": ("groups",), "description": _("Roles are groups: official, document_admin, coordinator.")},
        ),
        (_("Portal administration"), {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")}),
        (_("Two-factor sign-in"), {"fields": ("two_factor",)}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    actions = ["reset_two_factor"]
    readonly_fields = ("two_factor",)

    @admin.display(description=_("Authenticator app"))
    def two_factor(self, obj):
        device = TOTPDevice.objects.filter(user=obj, confirmed=True).first() if obj and obj.pk else None
        if device is None:
            return _("Not set up: the next sign-in sets it up, if the account's roles ask for it.")
        left = mfa_services.recovery_codes_left(user=obj)
        return ngettext("Set up; %(count)d recovery code left.", "Set up; %(count)d recovery codes left.", left) % {
            "count": left
        }

    @admin.action(
        description=_("Reset two-factor sign-in (lost phone): set up again at the next sign-in"), permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            mfa_services.mfa_reset(user=user, by=request.user, address=client_address(request))
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d account; it sets up a new app at its next sign-in.",
                "Two-factor sign-in reset for %(count)d accounts; each sets up a new app at its next sign-in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        # The searchable name goes with the name, written before the row is saved.
        services.user_index_name(user=obj)
        super().save_model(request, obj, form, change)

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "party", "preferred_language", "password1", "password2"),
            },
        ),
    )


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "title_en", "updated_at")

    def has_add_permission(self, request):
        # One protocol text: edit the row the migration created.
        return not Protocol.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
