from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from protocol.audit.admin_actions import AuditedActions

from . import services
from .models import Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AuditedActions, admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "recipient",
        "status",
        "channel",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "channel", "kind")
    search_fields = ("recipient__username", "recipient__full_name", "last_error")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_failed"]

    @admin.display(description=_("last error"))
    def short_error(self, message: OutboxMessage) -> str:
        return message.last_error[:80]

    @admin.action(description=_("Retry the selected failed messages"))
    def retry_failed(self, request, queryset):
        count = services.outbox_messages_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_add_permission(self, request) -> bool:
        return False  # rows come from services, in their transaction


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "recipient__full_name")
    readonly_fields = [f.name for f in Notification._meta.fields]
