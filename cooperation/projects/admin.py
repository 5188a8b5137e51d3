"""The portal admins' view of project support: for looking things up. Scores, decisions and confirmations are
what the parties did; they change through the portal's pages only."""

from django.contrib import admin

from .models import Application, Call, Contribution, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organising_party", "project_type", "status", "starts_on", "published_at")
    list_filter = ("organising_party", "project_type", "status")
    search_fields = ("title", "title_other")
    readonly_fields = ("published_at", "created_by", "created_at")
    raw_id_fields = ("contact", "documents")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "places", "opens_at", "closes_at")
    search_fields = ("title",)
    raw_id_fields = ("project", "reviewers", "created_by")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("applicant", "call", "status", "submitted_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("call", "applicant", "team", "attachments", "decided_by")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("project", "participant", "kind", "on", "status")
    list_filter = ("status", "kind")
    raw_id_fields = ("project", "participant", "evidence", "activity", "confirmed_by", "created_by")

    def has_change_permission(self, request, obj=None) -> bool:
        return False
