"""What every form of the portal shares: the service's rules reported on the same submit as the form's own,
and text limits stated, counted and enforced (never a silent cut)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class ServiceRulesMixin:
    """A form that reports its service's rules together with its own field errors, so one submit shows
    every problem (not "add a participant" only once the dates are right).

    The service stays the authority and checks again when it writes; the form only asks it early. A form
    implements `service_rules(data)`: call the service's check with what was entered (None for a field in
    error) and let its ValidationError out. Mix it in before the Django form class.
    """

    def service_rules(self, data: dict) -> None:
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        try:
            self.service_rules(data)
        except ValidationError as exc:
            merge_service_errors(self, exc)


def merge_service_errors(form, exc: ValidationError, *, elsewhere: dict | None = None) -> None:
    """Put a service's ValidationError on the form: each message beside its field, unless the field already
    says what is wrong (its own message is the more precise), the rest form-wide; never a message twice.

    `elsewhere` maps a name the form does not have to a callable taking the messages (e.g. a formset's).
    """
    errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for name, items in errors.items():
        messages = [message for item in items for message in item.messages]
        if elsewhere and name in elsewhere:
            elsewhere[name](messages)
            continue
        field = name if name in form.fields else None
        if field is not None and form.has_error(field):
            continue
        shown = form.errors.get(field or NON_FIELD_ERRORS, [])
        new = [message for message in messages if message not in shown]
        if new:
            form.add_error(field, new)


# What a free-text field (a description, outcomes, a comment) holds when its form names no other limit.
TEXT_LIMIT = 20_000


class TextLimitsMixin:
    """Every text field of the form states its limit, counts as one types (static/js/counter.js) and is
    refused beyond it with a message, never cut: the browser's `maxlength` would cut a pasted text without a
    word, so it is dropped. A field with no limit of its own gets TEXT_LIMIT; `text_limits` names others.
    Mix it in first, so it sees every field the form's other classes add.
    """

    text_limits: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not field.widget.is_hidden:
                limit_text_field(field, self.text_limits.get(name) or field.max_length or TEXT_LIMIT)


def limit_text_field(field: forms.CharField, limit: int) -> None:
    if field.max_length != limit:
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
    field.error_messages.setdefault(
        "max_length", _("This can be at most %(limit_value)d characters long; it has %(show_value)d.")
    )
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs |= {
        "data-limit": limit,
        "data-counter": _("{count} of {limit} characters"),
        "data-counter-over": _("{over} characters too many: at most {limit}."),
    }
    stated = format_lazy(_("At most {limit} characters."), limit=number_format(limit, force_grouping=True))
    field.help_text = format_lazy("{} {}", field.help_text, stated) if field.help_text else stated
