"""The portal admins' view of training, for looking things up: seats, enrolments and attendance change through
the portal's pages (the services keep the waitlists and the countersigned attendance right), not here."""

from django.contrib import admin

from .models import Certificate, Course, Enrolment, Seats, TrainingSession, Verification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SeatsInline(admin.TabularInline):
    model = Seats
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(ReadOnly):
    list_display = ("title", "organising_party", "internal", "created_at")
    list_filter = ("organising_party", "internal")
    search_fields = ("title", "title_other")


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnly):
    list_display = ("course", "starts_at", "status", "needs_approval", "attendance_locked_at")
    list_filter = ("status", "needs_approval", "course__organising_party")
    date_hierarchy = "starts_at"
    list_select_related = ("course",)
    show_full_result_count = False
    inlines = [SeatsInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnly):
    list_display = ("user", "session", "party", "status", "seat_of", "attendance", "queued_at")
    list_filter = ("status", "party", "attendance")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "session__course", "party", "seat_of")
    show_full_result_count = False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ("enrolment", "issued_at", "revoked_at")
    search_fields = ("code",)


@admin.register(Verification)
class VerificationAdmin(ReadOnly):
    """The log of look-ups on the public verification page: who checked which code, when."""

    list_display = ("code", "certificate", "at", "address")
    search_fields = ("code", "address")
    date_hierarchy = "at"
