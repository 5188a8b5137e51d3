from django.contrib import admin

from .models import StagedUpload


@admin.register(StagedUpload)
class StagedUploadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "original_name", "size"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "user", "file", "original_name", "size", "created_at"]
