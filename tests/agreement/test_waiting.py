"""What of the agreement waits for a reader: the amendment their party has not approved yet (coordinators)."""

import pytest

from protocol.agreement import services
from protocol.agreement.waiting import waiting_for

pytestmark = pytest.mark.usefixtures("english")


def test_an_amendment_waits_for_each_partys_coordinators_until_their_party_approved(
    proposed, cas_coordinator, sipo_coordinator, sipo_coordinator_2, sipo_official
):
    for person in (cas_coordinator, sipo_coordinator):
        [item] = waiting_for(person)
        assert (item.title, item.url) == ("Liaison meetings twice a year", proposed.get_absolute_url())
        assert item.since == proposed.current_version.proposed_at
    assert waiting_for(sipo_official) == []
    services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator)
    assert waiting_for(sipo_coordinator_2) == [] and len(waiting_for(cas_coordinator)) == 1


def test_a_draft_waits_for_nobody(draft, cas_coordinator, sipo_coordinator):
    assert waiting_for(cas_coordinator) == waiting_for(sipo_coordinator) == []
