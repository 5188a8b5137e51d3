from django.contrib import admin

from .models import AccessRequest, Document, DocumentVersion, DownloadEvent, Tag


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ("number", "original_name", "size", "sha256", "uploaded_by", "uploaded_at", "extraction_status")
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_type", "area", "owner_party", "confidentiality", "created_at", "archived_at")
    list_filter = ("doc_type", "area", "owner_party", "confidentiality", "language")
    search_fields = ("title", "title_other", "patent_numbers")
    raw_id_fields = ("created_by", "current_version")
    inlines = [VersionInline]
    exclude = ("search_text", "search_vector")


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ("document", "requester", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("document", "requester", "decided_by")


@admin.register(DownloadEvent)
class DownloadEventAdmin(admin.ModelAdmin):
    list_display = ("version", "user", "party", "at")
    list_filter = ("party",)
    raw_id_fields = ("version", "user")


admin.site.register(Tag)
