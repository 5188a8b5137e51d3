from django.contrib import admin

from .models import AgendaItem, Attendance, CalendarFeed, Meeting, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name", "description")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("answered_at",)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "title", "presenter", "planned_minutes", "documents")
    raw_id_fields = ("documents",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "series", "kind", "starts_at", "organising_party", "internal", "status")
    list_filter = ("status", "kind", "organising_party", "internal", "series")
    search_fields = ("title", "title_other", "location")
    date_hierarchy = "starts_at"
    raw_id_fields = ("chair", "minute_taker", "created_by", "materials")
    readonly_fields = ("sequence", "created_at", "updated_at")
    inlines = [AttendanceInline, AgendaItemInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Deleting a row revokes a leaked address; its owner gets a new one on their calendar page."""

    list_display = ("user", "created_at")
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user",)
    readonly_fields = ("token", "created_at")
