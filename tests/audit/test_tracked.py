"""Every model of the portal is either tracked by the audit trail or left out on purpose, by name: a model
added without a decision fails here."""

from auditlog.registry import auditlog
from django.apps import apps

from protocol.audit.tracked import TRACKED

# Written by machines in bulk, or the trail's own, or recorded as events where it matters (downloads,
# certificate look-ups): protocol/audit/tracked.py says why.
LEFT_OUT = {
    "audit.Entry",
    "notifications.OutboxMessage",
    "notifications.Digest",
    "notifications.Notification",
    "notifications.Installation",
    "documents.Tag",
    "documents.DownloadEvent",
    "training.Verification",
    "once.SubmittedForm",
    "uploads.StagedUpload",
}


def test_every_model_of_the_portal_is_tracked_or_left_out_by_name():
    ours = {m._meta.label for m in apps.get_models() if m.__module__.startswith(("protocol.", "cooperation."))}
    assert ours - set(TRACKED) - LEFT_OUT == set()
    assert LEFT_OUT & set(TRACKED) == set()


def test_every_listed_model_is_registered_with_auditlog_without_its_big_fields():
    for label in TRACKED:
        assert auditlog.contains(apps.get_model(label)), label
    version = auditlog.get_model_fields(apps.get_model("documents.DocumentVersion"))["include_fields"]
    assert "file" not in version and "thumbnail" not in version and "extracted_text" not in version
    document = auditlog.get_model_fields(apps.get_model("documents.Document"))["include_fields"]
    assert "title" in document and "search_vector" not in document and "search_text" not in document
