from django.contrib import admin

from .models import Agreement, AgreementArea, Amendment, AmendmentVersion, KeyDate, Liaison


class AgreementAreaInline(admin.StackedInline):
    model = AgreementArea
    extra = 0


class KeyDateInline(admin.TabularInline):
    model = KeyDate
    extra = 1


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """The portal admins keep the agreement's dates and the text of its areas; amendments are agreed in the portal."""

    list_display = ("__str__", "signed_on", "term_start", "term_end", "updated_at")
    inlines = [AgreementAreaInline, KeyDateInline]

    def has_add_permission(self, request) -> bool:
        return not Agreement.objects.exists()


class AmendmentVersionInline(admin.TabularInline):
    model = AmendmentVersion
    extra = 0
    fields = ("number", "sha256", "proposed_by", "proposed_at", "approved_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    """Read-only: an amendment is proposed and approved by the parties' coordinators, never here."""

    list_display = ("title_en", "party", "area", "status", "effective_on", "updated_at")
    list_filter = ("status", "party", "area")
    inlines = [AmendmentVersionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Amendment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "party", "area", "unit", "role", "email", "phone")
    list_filter = ("party", "area")
    search_fields = ("full_name", "unit", "email")
    raw_id_fields = ("user",)
    list_select_related = ("party",)
