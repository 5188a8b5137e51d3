"""Text limits (protocol.forms.TextLimitsMixin): stated, counted in the browser, refused with a message on the
server, and never cut by the browser's maxlength."""

import re

import pytest
from django.urls import reverse

from cooperation.documents.models import Document
from protocol.activities.models import Activity
from protocol.forms import TEXT_LIMIT
from tests.once import as_draft, once


@pytest.mark.parametrize(
    ("persona", "path", "title_limit"),
    [
        ("cas_official", reverse("activities:create"), 200),
        ("cas_docadmin", reverse("documents:create"), 300),
        ("cas_official", reverse("meetings:create"), 200),
    ],
)
def test_no_form_cuts_text_in_the_browser_and_every_text_field_states_its_limit(
    client, personas, persona, path, title_limit
):
    client.force_login(personas[persona])
    page = client.get(path).text
    assert "maxlength" not in page
    fields = re.findall(r"<(?:input|textarea)\b[^>]*>", page)
    text_fields = [tag for tag in fields if re.search(r'type="text"|<textarea', tag)]
    assert text_fields and all("data-limit=" in tag for tag in text_fields)
    assert f'data-limit="{title_limit}"' in page and f"At most {title_limit} characters." in page
    assert "At most 20,000 characters." in page
    assert "js/counter.js" in page


def test_a_pasted_400_character_title_is_refused_with_a_message_not_cut(client, cas_official, activity_post):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), as_draft(activity_post, {"title": "长" * 400}))
    assert response.status_code == 200 and not Activity.objects.exists()
    assert response.context["form"].errors["title"] == ["The title can be at most 200 characters long (it has 400)."]
    # What was typed is shown again whole, for the person to shorten.
    assert "长" * 400 in response.text


def test_a_2_mb_description_is_refused_with_its_limit(client, cas_official, activity_post):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), as_draft(activity_post, {"description": "x" * 2_000_000}))
    assert response.status_code == 200 and not Activity.objects.exists()
    assert response.context["form"].errors["description"] == [
        f"This can be at most {TEXT_LIMIT} characters long; it has 2000000."
    ]


def test_a_description_at_the_limit_is_accepted(client, cas_official, activity_post):
    client.force_login(cas_official)
    response = client.post(reverse("activities:create"), as_draft(activity_post, {"description": "x" * TEXT_LIMIT}))
    assert response.status_code == 302
    assert len(Activity.objects.get().description) == TEXT_LIMIT


def test_a_document_title_beyond_its_limit_is_refused(client, cas_docadmin):
    client.force_login(cas_docadmin)
    response = client.post(reverse("documents:create"), once(title="t" * 301, doc_type="policy"))
    assert response.status_code == 200 and not Document.objects.exists()
    assert response.context["form"].errors["title"] == ["This can be at most 300 characters long; it has 301."]
