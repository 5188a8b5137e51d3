"""`make run`'s demo record of the agreement: dates, liaisons and an amendment in every state, made once."""

from protocol.agreement.demo import seed_agreement
from protocol.agreement.models import Agreement, Amendment, AmendmentStatus, Liaison


def test_the_demo_fills_the_agreements_record_once(personas):
    assert seed_agreement(personas=personas) > 0
    agreement = Agreement.objects.get()
    assert agreement.term_end and agreement.signed_on and agreement.dates.count() == 2
    statuses = sorted(Amendment.objects.values_list("status", flat=True))
    assert statuses == sorted([AmendmentStatus.IN_FORCE, AmendmentStatus.IN_REVIEW, AmendmentStatus.DRAFT])
    assert Liaison.objects.filter(party__code="CAS").exists() and Liaison.objects.filter(party__code="SIPO").exists()
    counts = (Amendment.objects.count(), Liaison.objects.count())
    assert seed_agreement(personas=personas) == 0
    assert (Amendment.objects.count(), Liaison.objects.count()) == counts
