"""The named people every test speaks of. One module, used everywhere."""

import pytest

from protocol.parties.roles import Role

from .factories import ActivityFactory, PartyFactory, UserFactory


@pytest.fixture
def cas(db):
    return PartyFactory(code="CAS")


@pytest.fixture
def sipo(db):
    return PartyFactory(code="SIPO")


@pytest.fixture
def cas_official(cas):
    return UserFactory(username="cas_official", full_name="Li Ming", party=cas, roles=[Role.OFFICIAL])


@pytest.fixture
def sipo_official(sipo):
    return UserFactory(username="sipo_official", full_name="Wang Fang", party=sipo, roles=[Role.OFFICIAL])


@pytest.fixture
def cas_docadmin(cas):
    return UserFactory(username="cas_docadmin", full_name="Zhang Wei", party=cas, roles=[Role.DOCUMENT_ADMIN])


@pytest.fixture
def sipo_docadmin(sipo):
    return UserFactory(username="sipo_docadmin", full_name="Liu Yang", party=sipo, roles=[Role.DOCUMENT_ADMIN])


@pytest.fixture
def cas_coordinator(cas):
    return UserFactory(username="cas_coordinator", full_name="Chen Jing", party=cas, roles=[Role.COORDINATOR])


@pytest.fixture
def sipo_coordinator(sipo):
    return UserFactory(username="sipo_coordinator", full_name="Zhao Lei", party=sipo, roles=[Role.COORDINATOR])


@pytest.fixture
def outsider(db):
    """Signed in, but of no party and with no role: sees nothing."""
    return UserFactory(username="outsider", full_name="Out Sider", party=None)


@pytest.fixture
def portal_admin(db):
    """A technical account of the portal's administrators: the Django admin, no party."""
    return UserFactory(username="portal_admin", full_name="Portal Admin", party=None, is_staff=True, is_superuser=True)


@pytest.fixture
def personas(cas_official, sipo_official, cas_docadmin, sipo_docadmin, cas_coordinator, sipo_coordinator, outsider):
    """All of them, by username, for permission tables."""
    people = [cas_official, sipo_official, cas_docadmin, sipo_docadmin, cas_coordinator, sipo_coordinator, outsider]
    return {person.username: person for person in people}


@pytest.fixture
def cas_draft(cas_official, sipo_official):
    return ActivityFactory(author=cas_official, status="draft", participants=[cas_official, sipo_official])


@pytest.fixture
def cas_logged(cas_official, sipo_official):
    return ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])


@pytest.fixture
def cas_confirmed(cas_official, sipo_official):
    return ActivityFactory(author=cas_official, status="confirmed", participants=[cas_official, sipo_official])


# Second holders of a role, for "done by a colleague" and "another coordinator of the same party".
@pytest.fixture
def cas_coordinator_2(cas):
    return UserFactory(username="cas_coordinator_2", full_name="Sun Hui", party=cas, roles=[Role.COORDINATOR])


@pytest.fixture
def sipo_coordinator_2(sipo):
    return UserFactory(username="sipo_coordinator_2", full_name="Qian Yu", party=sipo, roles=[Role.COORDINATOR])


@pytest.fixture
def sipo_official_2(sipo):
    """A second SIPO official: a colleague not invited to the meetings nor named on the records."""
    return UserFactory(username="sipo_official_2", full_name="Zhou Min", party=sipo, roles=[Role.OFFICIAL])


@pytest.fixture
def cas_docadmin_2(cas):
    return UserFactory(username="cas_docadmin_2", full_name="He Ping", party=cas, roles=[Role.DOCUMENT_ADMIN])


@pytest.fixture
def make_activities(cas_official, sipo_official):
    """`make_activities(n, **fields)`: n joint activities of the CAS official's with the SIPO official."""

    def make(count, **kwargs):
        kwargs.setdefault("author", cas_official)
        kwargs.setdefault("participants", [cas_official, sipo_official])
        return ActivityFactory.create_batch(count, **kwargs)

    return make


@pytest.fixture
def activity_post(cas, cas_official, sipo_official):
    """The activity form's fields for a joint training logged by the CAS official with the SIPO official;
    tests add a one-time token with `tests.once.once(...)` and change what they try."""
    return {
        "area": "training",
        "kind": "training_session",
        "title": "专利检索实务培训",
        "start_date": "2026-05-10",
        "end_date": "",
        "lead_party": cas.pk,
        "participants": [cas_official.pk, sipo_official.pk],
        "action": "log",
    }
