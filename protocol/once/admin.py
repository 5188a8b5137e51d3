from django.contrib import admin

from .models import SubmittedForm


@admin.register(SubmittedForm)
class SubmittedFormAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "content_type", "object_id"]
    list_filter = ["content_type"]
    list_select_related = ["user", "content_type"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "user", "content_type", "object_id", "created_at"]
