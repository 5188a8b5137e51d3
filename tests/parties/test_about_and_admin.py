from django.urls import reverse

from protocol.parties.models import Protocol


def test_about_shows_the_parties_areas_and_principles(client, cas, sipo):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("about"))
    text = response.text
    assert "Chinese Academy of Sciences" in text and "China National Intellectual Property Administration" in text
    for area in ["Document sharing", "Joint research", "Training", "Communication mechanism", "Project support"]:
        assert area in text
    for principle in ["Friendly consultation", "Resource sharing", "Mutual benefit"]:
        assert principle in text


def test_about_shows_what_the_portal_admin_wrote(client, cas, sipo):
    protocol = Protocol.objects.get()
    protocol.principles_en = "Friendly consultation\nOpenness"
    protocol.save()
    client.cookies["django_language"] = "en"
    assert "<li>Openness</li>" in client.get(reverse("about")).text


def test_a_portal_admin_manages_users_and_roles_in_the_admin(client, portal_admin, cas_official):
    client.force_login(portal_admin)
    assert client.get(reverse("admin:parties_user_changelist")).status_code == 200
    page = client.get(reverse("admin:parties_user_change", args=[cas_official.pk]))
    assert page.status_code == 200 and 'name="groups"' in page.text and 'name="full_name"' in page.text
    assert 'name="first_name"' not in page.text
    assert client.get(reverse("admin:parties_protocol_changelist")).status_code == 200


def test_staff_without_admin_rights_are_kept_out_of_the_admin(client, cas_coordinator):
    client.force_login(cas_coordinator)
    response = client.get(reverse("admin:parties_user_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_help_page_is_for_signed_in_staff(client, sipo_official):
    assert client.get(reverse("help")).status_code == 302

    client.force_login(sipo_official)
    assert client.get(reverse("help")).status_code == 200
