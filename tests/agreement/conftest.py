from datetime import date

import pytest

from protocol.agreement import services
from protocol.agreement.models import Agreement, DateKind, KeyDate
from protocol.agreement.services import AmendmentFields, LiaisonFields
from protocol.areas import Area


@pytest.fixture
def agreement(cas, sipo):
    """The agreement the migration made, with its dates: signed 2024-04-23, in force until 2027-04-22, a review on
    2026-12-01 and a decision on renewal on 2027-01-15."""
    # The row the migration made; remade when a transactional test before this one emptied every table.
    record = Agreement.objects.first() or Agreement.objects.create()
    record.signed_on = record.term_start = date(2024, 4, 23)
    record.term_end = date(2027, 4, 22)
    record.signed_at_zh, record.signed_at_en = "北京", "Beijing"
    record.save()
    KeyDate.objects.create(agreement=record, kind=DateKind.REVIEW, on=date(2026, 12, 1), note_en="Annual review")
    KeyDate.objects.create(agreement=record, kind=DateKind.RENEWAL, on=date(2027, 1, 15))
    return record


def amendment_fields(**changes) -> AmendmentFields:
    values = {
        "title_zh": "联络会议每年两次",
        "title_en": "Liaison meetings twice a year",
        "text_zh": "双方联络人每年至少会晤两次。",
        "text_en": "The liaisons of both parties meet at least twice a year.",
        "area": Area.COMMUNICATION,
        "effective_on": date(2026, 6, 1),
    }
    return AmendmentFields(**(values | changes))


@pytest.fixture
def draft(agreement, cas_coordinator, sipo_coordinator):
    """A draft amendment of CAS's: CAS alone sees it."""
    return services.amendment_create(by=cas_coordinator, fields=amendment_fields())


@pytest.fixture
def proposed(draft, cas_coordinator):
    """Version 1 of CAS's amendment, waiting for both parties' approval."""
    return services.amendment_propose(amendment=draft, by=cas_coordinator)


@pytest.fixture
def in_force(proposed, cas_coordinator, sipo_coordinator):
    for coordinator in (cas_coordinator, sipo_coordinator):
        amendment = services.amendment_approve(amendment=proposed, version=1, by=coordinator)
    return amendment


def liaison_fields(party, **changes) -> LiaisonFields:
    values = {
        "party": party,
        "area": Area.DOCUMENTS,
        "user": None,
        "full_name": "王晓燕",
        "unit": "文献情报中心",
        "role": "主任",
        "email": "wangxy@example.org",
        "phone": "010-8262 6611",
    }
    return LiaisonFields(**(values | changes))


@pytest.fixture
def cas_liaison(cas, cas_coordinator):
    return services.liaison_create(by=cas_coordinator, fields=liaison_fields(cas))
