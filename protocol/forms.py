"""What every form of the portal shares: the service's rules reported on the same submit as the form's own."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
