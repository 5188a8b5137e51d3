"""The one party rule under every selector: own party all, other party the shared, no party nothing."""

import pytest
from django.db.models import Q
from django.http import Http404

from cooperation.documents.selectors import documents_visible_to
from protocol.activities.models import Activity
from protocol.activities.selectors import activities_visible_to, activity_detail
from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role, party_scoped, visible_or_404


@pytest.mark.parametrize(
    ("persona", "party", "coordinator", "official"),
    [
        ("cas_official", True, False, True),
        ("sipo_coordinator", True, True, False),
        ("outsider", False, False, False),
    ],
)
def test_the_predicates_ask_for_a_party_first(personas, persona, party, coordinator, official):
    user = personas[persona]
    assert has_party(user) is party
    assert holds_role(user, Role.COORDINATOR) is coordinator
    assert holds_role(user, Role.OFFICIAL) is official


def test_a_role_without_a_party_counts_for_nothing(portal_admin):
    portal_admin.role_names = frozenset({Role.COORDINATOR})
    assert not holds_role(portal_admin, Role.COORDINATOR)


def test_own_party_sees_all_the_other_party_only_the_shared(cas_official, sipo_official, cas_draft, cas_logged):
    shared = Q(status="logged")
    assert set(party_scoped(Activity.objects.all(), cas_official, shared=shared)) == {cas_draft, cas_logged}
    assert set(party_scoped(Activity.objects.all(), sipo_official, shared=shared)) == {cas_logged}


def test_an_account_of_no_party_sees_nothing_even_what_both_parties_see(
    outsider, portal_admin, cas_logged, cas_confirmed, cas_shared
):
    for user in (outsider, portal_admin):
        assert not activities_visible_to(user).exists()
        assert not documents_visible_to(user).exists()


def test_what_one_may_not_see_is_a_404(sipo_official, cas_official, cas_draft):
    assert visible_or_404(activity_detail, cas_official, cas_draft.pk) == cas_draft
    with pytest.raises(Http404):
        visible_or_404(activity_detail, sipo_official, cas_draft.pk)
    # The selector's arguments are passed on as given, by keyword too.
    assert visible_or_404(activity_detail, cas_official, pk=cas_draft.pk) == cas_draft
    with pytest.raises(Http404):
        visible_or_404(activity_detail, sipo_official, pk=cas_draft.pk)
