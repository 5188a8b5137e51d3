"""The models whose every write goes into the audit trail, by label: registered once, at start-up
(apps.AuditConfig.ready), so that `protocol/` names the areas' models without importing them.

Left out on purpose: what machines write in bulk and is no one's decision (the outbox and notifications, the
one-time form tokens, staged uploads, cached counts, downloads — logged as events where they matter), and
the audit trail itself. A model added to an area that matters is added here (tests/audit/test_tracked.py
lists the models left out, so that a new one is a decision)."""

# Never diffed, on any model: copies made for search, and the time of the last save (the entry has its own).
# File fields are left out wherever they are (their blobs are not in the database; the rows' hashes are kept).
EXCLUDED_EVERYWHERE = ("search_text", "search_vector", "updated_at")

# label -> the fields of that model left out of its diffs (beyond EXCLUDED_EVERYWHERE and file fields).
TRACKED: dict[str, tuple[str, ...]] = {
    # people, roles and permissions (roles are groups)
    "parties.Party": (),
    "parties.User": ("last_login", "name_search"),
    "parties.Protocol": (),
    "auth.Group": (),
    # the agreement
    "agreement.Agreement": (),
    "agreement.AgreementArea": (),
    "agreement.KeyDate": (),
    "agreement.Amendment": (),
    # an approved text is immutable: its SHA-256 names it in the entry
    "agreement.AmendmentVersion": ("content",),
    "agreement.Liaison": (),
    "glossary.Term": (),
    "signoff.SignOff": (),
    # the ledger and the annual report
    "activities.Activity": (),
    "activities.StatusChange": (),
    "reports.AnnualReport": ("data", "progress"),
    "reports.Highlight": (),
    # documents
    "documents.Document": (),
    "documents.DocumentVersion": ("extracted_text", "extraction_status", "thumbnail_status", "page_count"),
    "documents.AccessRequest": (),
    "documents.LibraryLink": (),
    # meetings
    "meetings.Series": (),
    "meetings.Meeting": ("sequence",),
    "meetings.Attendance": (),
    "meetings.AgendaItem": (),
    "meetings.Minutes": (),
    "meetings.MinutesRevision": ("text",),
    "meetings.ActionItem": (),
    "meetings.CalendarFeed": (),
    # research
    "research.ResearchProject": (),
    "research.TeamMember": (),
    "research.Milestone": (),
    "research.Deliverable": (),
    "research.PlanVersion": ("content",),
    "research.StatusReport": (),
    # training
    "training.Course": (),
    "training.TrainingSession": ("sequence",),
    "training.Seats": (),
    "training.Enrolment": (),
    "training.Certificate": (),
    "training.Feedback": (),
    # project support
    "projects.Project": (),
    "projects.Indicator": (),
    "projects.IndicatorValue": (),
    "projects.Call": (),
    "projects.Criterion": (),
    "projects.Application": (),
    "projects.Review": (),
    "projects.Score": (),
    "projects.Participant": (),
    "projects.Contribution": (),
    # the REST API's personal access tokens: made and revoked (each use is noted, not audited)
    "api.Token": ("last_used_at",),
    # what each user receives
    "notifications.NotificationPreference": (),
    "notifications.AreaSubscription": (),
    # the beat schedule portal admins edit (beat itself writes the run times and counts)
    "django_celery_beat.PeriodicTask": ("last_run_at", "total_run_count", "date_changed"),
    "django_celery_beat.CrontabSchedule": (),
    "django_celery_beat.IntervalSchedule": (),
}

# Masked, not left out: that a secret changed is recorded, never the secret (nor half of it, which is what
# auditlog's default mask keeps).
MASKED: dict[str, tuple[str, ...]] = {
    "parties.User": ("password",),
    "meetings.CalendarFeed": ("token",),
    "api.Token": ("digest",),
}
MASK_CALLABLE = "protocol.audit.tracked.hidden"


def hidden(value: str) -> str:
    return "******" if value else ""


def register_all() -> None:
    """Hand every model of TRACKED to auditlog, with its exclusions, masks and plain many-to-many fields (a
    many-to-many through a model of its own is tracked as that model)."""
    from auditlog.registry import auditlog
    from django.apps import apps
    from django.db import models

    for label, excluded in TRACKED.items():
        model = apps.get_model(label)
        left_out = {*EXCLUDED_EVERYWHERE, *excluded}
        masked = list(MASKED.get(label, ()))
        auditlog.register(
            model,
            # The model's own columns: auditlog would otherwise also diff its reverse relations (as "….None").
            include_fields=[
                field.name
                for field in model._meta.concrete_fields
                if field.name not in left_out and not isinstance(field, models.FileField)
            ],
            m2m_fields={
                field.name for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created
            },
            mask_fields=masked,
            mask_callable=MASK_CALLABLE if masked else None,
        )
