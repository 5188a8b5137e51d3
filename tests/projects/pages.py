"""What the project pages' tests read of a response: its text, its messages, its form's errors."""

import lxml.html
from django.utils import timezone

from tests.pages import messages_of

# The one alert of a form page whose fields are marked (templates/_form_errors.html).
ALERT = "Please correct the fields marked below; nothing has been saved yet."
LOCAL = "%Y-%m-%dT%H:%M"


def last_message(response) -> str:
    # The redirects are not followed: earlier responses' messages wait in the session before this one's.
    return messages_of(response)[-1]


def text_of(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def errors(response) -> dict[str, list[str]]:
    """The form's errors by field ("__all__" for the form-wide ones), from a page shown again (200)."""
    assert response.status_code == 200
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def local(moment) -> str:
    """As the datetime-local input sends it: the portal's time (Beijing), no zone."""
    return timezone.localtime(moment).strftime(LOCAL)
