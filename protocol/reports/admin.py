from django.contrib import admin

from .models import AnnualReport, Highlight


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["year", "version", "status", "progress", "requested_by", "generated_at", "locked_at"]
    list_filter = ["status", "year"]
    # A generation is a record both parties sign: read here, never edited.
    readonly_fields = [field.name for field in AnnualReport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    list_display = ["year", "area", "party", "by", "created_at"]
    list_filter = ["year", "area"]
    raw_id_fields = ["activity"]
