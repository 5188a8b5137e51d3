import datetime

import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all

from .models import Action, Entry
from .tracked import TRACKED

# Not an action of its own: a change to a user's roles (groups), permissions or administrator flags.
ROLES = "roles"
ROLE_FIELDS = ("groups", "user_permissions", "is_staff", "is_superuser", "is_active")
# The objects events are about, beyond the tracked models.
EVENT_TARGETS = ("training.Certificate",)


def action_choices():
    return [*Action.choices, (ROLES, _("roles and permissions changed"))]


def object_type_choices():
    """Every kind of object the trail speaks of, by its name in the reader's language."""
    models = [apps.get_model(label) for label in (*TRACKED, *EVENT_TARGETS)]
    return sorted(((m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in models), key=lambda c: str(c[1]))


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the portal's zone: a date means a Beijing day, and a range on the
    timestamp itself keeps the index usable."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class EntryFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("User"), method="filter_user")
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), field_name="actor__party", queryset=parties_all(), empty_label=_("Both parties")
    )
    action = django_filters.ChoiceFilter(
        label=_("What was done"), choices=action_choices, empty_label=_("Anything"), method="filter_action"
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), choices=object_type_choices, empty_label=_("Any type"), method="filter_object_type"
    )
    object = django_filters.CharFilter(label=_("Object"), method="filter_object")
    since = django_filters.DateFilter(label=_("From"), method="filter_since")
    until = django_filters.DateFilter(label=_("Until"), method="filter_until")

    class Meta:
        model = Entry
        fields = ["user", "party", "action", "object_type", "object", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["user"].widget = forms.TextInput(attrs={"placeholder": _("Username or name")})
        fields["object"].widget = forms.TextInput(attrs={"placeholder": _("Id or name")})
        for name in ("since", "until"):
            fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def filter_user(self, rows, name, value):
        """The actor by username or name; a failed sign-in (no actor) by the username that was tried."""
        value = value.strip()
        return rows.filter(
            Q(actor__username=value)
            | Q(actor__full_name__icontains=value)
            | Q(action=Action.SIGN_IN_FAILED, object_repr=value)
        )

    def filter_action(self, rows, name, value):
        if value == ROLES:
            user_type = ContentType.objects.get_for_model(apps.get_model("parties.User"))
            changed = Q()
            for field in ROLE_FIELDS:
                changed |= Q(changes__has_key=field)
            return rows.filter(changed, content_type=user_type, action=Action.UPDATE)
        return rows.filter(action=value)

    def filter_object_type(self, rows, name, value):
        return rows.filter(content_type=ContentType.objects.get_for_model(apps.get_model(value)))

    def filter_object(self, rows, name, value):
        """An id names the object itself (with its type, one object); anything else its name when recorded."""
        value = value.strip()
        if value.isdigit():
            return rows.filter(object_id=int(value))
        return rows.filter(object_repr__icontains=value)

    def filter_since(self, rows, name, value):
        return rows.filter(timestamp__gte=_start_of(value))

    def filter_until(self, rows, name, value):
        return rows.filter(timestamp__lt=_start_of(value + datetime.timedelta(days=1)))
