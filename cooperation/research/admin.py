"""The portal admins' view of research projects: for looking things up, not for editing the plan.

The plan, its approvals and the acceptances are what both parties signed: changing them here would make the
stored hashes lie, so the admin shows them read-only and changes go through the portal's pages."""

from django.contrib import admin

from .models import PlanVersion, ResearchProject, StatusReport, TeamMember


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TeamInline(ReadOnlyInline):
    model = TeamMember
    fields = ("user", "party", "role")


class PlanVersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ("number", "sha256", "proposed_by", "proposed_at", "approved_at")


class ReportInline(ReadOnlyInline):
    model = StatusReport
    fields = ("as_of", "status", "author")


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "lead_party", "status", "plan_state", "start_date", "end_date", "internal")
    list_filter = ("status", "plan_state", "lead_party", "internal")
    search_fields = ("title", "title_other", "technology_field")
    date_hierarchy = "start_date"
    list_select_related = ("lead_party",)
    # The unfiltered total is a second COUNT(*) on every changelist page: the filtered count says enough.
    show_full_result_count = False
    inlines = [TeamInline, PlanVersionInline, ReportInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
