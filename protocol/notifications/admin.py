from django.contrib import admin

from .models import Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "recipient", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("recipient__username", "recipient__full_name", "last_error")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name != "status"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "recipient__full_name")
    readonly_fields = [f.name for f in Notification._meta.fields]
