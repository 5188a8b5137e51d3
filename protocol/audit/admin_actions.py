"""Admin actions enter the audit trail: a ModelAdmin with actions mixes this in (kept apart from admin.py, which
registers the trail's own admin when the admin site loads it)."""

import functools

from . import services


class AuditedActions:
    """A ModelAdmin mixin: each of its actions writes an audit entry (who, which action, which rows) before it
    runs. Every admin with actions uses it (tests/audit/test_admin.py checks)."""

    def get_action(self, action):
        found = super().get_action(action)
        if found is None:
            return None
        func, name, description = found

        @functools.wraps(func)
        def audited(modeladmin, request, queryset):
            services.admin_action_record(
                request=request, model=queryset.model, name=name, ids=queryset.values_list("pk", flat=True)
            )
            return func(modeladmin, request, queryset)

        return audited, name, description
