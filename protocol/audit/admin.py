"""The trail in the Django admin: read only, for everyone, superusers included (no add, change or delete
permission is ever granted)."""

from django.contrib import admin

from .models import Entry

# auditlog registers its own admin for the log-entry model (ours): it allows the deletes that cascade.
if admin.site.is_registered(Entry):
    admin.site.unregister(Entry)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "actor", "action", "content_type", "object_repr", "remote_addr")
    list_filter = ("action",)
    list_select_related = ("actor", "content_type")
    search_fields = ("object_repr", "actor__username", "actor__full_name")
    # The changelist would count the whole trail on every page.
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Entry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
