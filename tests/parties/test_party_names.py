"""Parties are named in the reader's language (中科院 / CAS, 国知局 / CNIPA) wherever they appear; the code stays
the identifier logic uses."""

import pytest
from django.urls import reverse
from django.utils import translation

from protocol.notifications.models import Notification
from protocol.parties.models import Language, Party


@pytest.mark.parametrize(
    ("language", "cas", "sipo"),
    [
        ("zh-hans", ("中国科学院", "中科院"), ("国家知识产权局", "国知局")),
        (
            "en",
            ("Chinese Academy of Sciences", "CAS"),
            ("China National Intellectual Property Administration (CNIPA)", "CNIPA"),
        ),
    ],
)
def test_the_migrated_parties_have_a_name_and_a_short_name_in_each_language(db, language, cas, sipo):
    with translation.override(language):
        assert [(p.name, p.short_name) for p in Party.objects.filter(code__in=["CAS", "SIPO"])] == [cas, sipo]


def test_the_protocol_page_says_cnipa_was_sipo(client, cas_official):
    client.force_login(cas_official)
    page = client.get(reverse("about")).text
    assert "CNIPA" in page and "State Intellectual Property Office (SIPO)" in page


def test_a_party_without_a_short_name_shows_its_code(db):
    assert Party(code="NEW", name_zh="新", name_en="New").short_name == "NEW"


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [(Language.CHINESE, "中科院", "(CAS)"), (Language.ENGLISH, "Li Ming (CAS)", "中科院")],
)
def test_an_activity_page_names_people_with_their_party_in_the_readers_language(
    client, cas_official, sipo_official, cas_logged, language, expected, not_expected
):
    sipo_official.preferred_language = language
    sipo_official.save()
    client.force_login(sipo_official)
    page = client.get(cas_logged.get_absolute_url()).text
    assert expected in page and not_expected not in page


def test_the_document_shared_notice_names_the_party_in_the_recipients_language(personas, make_document, mailoutbox):
    reader = personas["sipo_docadmin"]
    reader.preferred_language = Language.CHINESE
    reader.save()
    make_document(title="新的共享文献")

    notification = Notification.objects.get(recipient=reader, kind="document.shared")
    with translation.override("zh-hans"):
        assert "中科院" in notification.message and "CAS" not in notification.message
    with translation.override("en"):
        assert notification.message.startswith("CAS ")
    assert "中科院" in mailoutbox[0].subject


def test_portal_admins_edit_the_names_but_not_the_code(admin_client, db):
    party = Party.objects.get(code="CAS")
    page = admin_client.get(reverse("admin:parties_party_change", args=[party.pk])).text
    assert 'name="short_name_zh"' in page and 'name="short_name_en"' in page and 'name="code"' not in page
