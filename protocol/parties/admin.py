from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

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


@admin.register(User)
class PortalUserAdmin(UserAdmin):
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
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
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
