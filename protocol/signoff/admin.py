from django.contrib import admin

from .models import SignOff


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    """Read-only: the sign-off record is evidence of what each party approved."""

    list_display = ("at", "party", "by", "decision", "content_type", "object_id", "version")
    list_filter = ("decision", "party", "content_type")
    search_fields = ("by__username", "by__full_name", "sha256")
    readonly_fields = [f.name for f in SignOff._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
