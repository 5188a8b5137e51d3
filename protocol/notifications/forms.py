from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area

from . import selectors
from .kinds import configurable_kinds
from .models import AreaMode, Channel

LEDGER_GROUP = _("Joint activities (every area)")
KIND_PREFIX = "kind-"
AREA_PREFIX = "area-"


class InboxFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False, choices=[("", _("All areas")), *Area.choices])
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Read and unread")), ("unread", _("Unread only")), ("read", _("Read only"))],
    )

    # The inbox's tabs (links, not a select): kept as a hidden field so that filtering stays on the tab.
    tab = forms.ChoiceField(
        required=False,
        choices=[("", _("All")), ("todo", _("To do")), ("info", _("For your information"))],
        widget=forms.HiddenInput,
    )

    def filters(self) -> dict:
        """Keyword arguments for `selectors.notifications_for`; an unknown value filters nothing,
        and leaves the other filter working."""
        self.is_valid()  # cleaned_data keeps the fields that are valid
        state = self.cleaned_data.get("state")
        return {
            "area": self.cleaned_data.get("area") or None,
            "unread": {"unread": True, "read": False}.get(state),
            "todo": {"todo": True, "info": False}.get(self.cleaned_data.get("tab")),
        }

    def tabs(self) -> list[dict]:
        """The inbox's tabs as links that keep the other filters: label, query string, whether shown now."""
        self.is_valid()
        kept = {name: self.cleaned_data.get(name) for name in ("area", "state") if self.cleaned_data.get(name)}
        current = self.cleaned_data.get("tab") or ""
        return [
            {"label": label, "query": urlencode(kept | ({"tab": value} if value else {})), "active": value == current}
            for value, label in self.fields["tab"].choices
        ]


class MarkAllReadForm(forms.Form):
    # The newest unread notification when the count was shown: nothing newer is marked unseen.
    up_to = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class NotificationPreferencesForm(forms.Form):
    """One choice of channel per kind, grouped by cooperation area, and follow/mute per area."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = selectors.chosen_channels(user)
        modes = selectors.area_modes(user)
        self.kinds = configurable_kinds()
        for kind in self.kinds:
            default = kind.default_for(user.role_names)
            field = forms.ChoiceField(
                label=kind.label or kind.key,
                choices=Channel.choices,
                initial=chosen.get(kind.key, default),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            field.default_channel = default
            self.fields[KIND_PREFIX + kind.key] = field
        for area in Area:
            self.fields[AREA_PREFIX + area.value] = forms.ChoiceField(
                label=area.label,
                choices=AreaMode.choices,
                initial=modes.get(area.value, AreaMode.DEFAULT),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def kind_groups(self) -> list[tuple[str, list]]:
        """(group name, bound fields) in the order of the areas; the ledger's kinds first."""
        order = ["", *Area.values]
        names = {"": LEDGER_GROUP, **dict(Area.choices)}
        groups: dict[str, list] = {key: [] for key in order}
        for kind in self.kinds:
            groups[kind.area].append(self[KIND_PREFIX + kind.key])
        return [(names[key], groups[key]) for key in order if groups[key]]

    def area_fields(self) -> list:
        return [self[AREA_PREFIX + area] for area in Area.values]

    def channels(self) -> dict[str, str]:
        return {
            name.removeprefix(KIND_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(KIND_PREFIX)
        }

    def areas(self) -> dict[str, str]:
        return {
            name.removeprefix(AREA_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(AREA_PREFIX)
        }
