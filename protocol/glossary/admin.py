from django.contrib import admin

from . import services
from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Portal admins (staff) keep the glossary; nobody else reaches the admin."""

    list_display = ("zh", "en", "updated_at")
    search_fields = ("zh", "en")

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change) -> None:
        services.term_save(term=obj)

    def delete_model(self, request, obj) -> None:
        services.terms_delete(terms=[obj])

    def delete_queryset(self, request, queryset) -> None:
        services.terms_delete(terms=list(queryset))
