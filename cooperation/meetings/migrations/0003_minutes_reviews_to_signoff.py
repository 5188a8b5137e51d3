"""Minutes reviews become sign-off records of protocol.signoff: the same party, coordinator, decision,
comment and time, naming the revision by its hash and number on the minutes as target."""

from django.db import migrations


def _minutes_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="meetings", model="minutes")[0]


def copy_reviews(apps, schema_editor):
    MinutesReview = apps.get_model("meetings", "MinutesReview")
    SignOff = apps.get_model("signoff", "SignOff")
    reviews = MinutesReview.objects.select_related("revision").order_by("pk")
    if not reviews.exists():
        return
    minutes_type = _minutes_type(apps)
    SignOff.objects.bulk_create(
        SignOff(
            content_type=minutes_type,
            object_id=review.revision.minutes_id,
            sha256=review.revision.sha256,
            version=str(review.revision.number),
            party_id=review.party_id,
            by_id=review.coordinator_id,
            decision=review.decision,
            comment=review.comment,
            at=review.at,
        )
        for review in reviews.iterator()
    )


def copy_back(apps, schema_editor):
    MinutesReview = apps.get_model("meetings", "MinutesReview")
    MinutesRevision = apps.get_model("meetings", "MinutesRevision")
    SignOff = apps.get_model("signoff", "SignOff")
    decisions = SignOff.objects.filter(content_type=_minutes_type(apps)).order_by("pk")
    revisions = {
        (revision.minutes_id, str(revision.number)): revision
        for revision in MinutesRevision.objects.filter(minutes_id__in=decisions.values("object_id"))
    }
    for decision in decisions.iterator():
        review = MinutesReview.objects.create(
            revision=revisions[(decision.object_id, decision.version)],
            party_id=decision.party_id,
            coordinator_id=decision.by_id,
            decision=decision.decision,
            comment=decision.comment,
        )
        # `at` is auto_now_add on the old model: set it after the insert.
        MinutesReview.objects.filter(pk=review.pk).update(at=decision.at)
    decisions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0002_minutes_and_action_items"),
        ("signoff", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_reviews, copy_back)]
