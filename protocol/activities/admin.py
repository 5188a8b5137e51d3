from django.contrib import admin

from .models import Activity, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ("status", "by", "at", "comment")
    can_delete = False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "kind", "start_date", "lead_party", "party", "status")
    list_filter = ("area", "kind", "status", "lead_party", "party")
    search_fields = ("title", "title_other", "description")
    date_hierarchy = "start_date"
    autocomplete_fields = ("participants",)
    raw_id_fields = ("author",)
    inlines = [StatusChangeInline]
