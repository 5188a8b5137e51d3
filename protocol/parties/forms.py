from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserChangeForm, UserCreationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from protocol.notifications import mail

from .models import Language, User
from .selectors import parties_all, staff_matching, staff_of_parties

PICKER_FIELD = r"[A-Za-z][\w-]{0,60}"
# A picker's own inputs beside the field's: what was typed and the party picked, e.g. "participants-search".
SEARCH_SUFFIX, PARTY_SUFFIX = "-search", "-party"
# Without JavaScript, the picker's Search button submits the whole form under this name, with the field's
# name as its value: the form comes back with the matches and everything entered, and nothing is saved.
NO_SCRIPT_SEARCH = "picker-search"


def picker_search_of(data, name: str) -> tuple[str, int | None]:
    """What a picker's search asks (the text, the party picked) in a form's or the search's own data."""
    query = (data.get(f"{name}{SEARCH_SUFFIX}") or "").strip()[:100]
    party = data.get(f"{name}{PARTY_SUFFIX}") or ""
    return query, int(party) if party.isdigit() else None


def staff_label(person: User) -> str:
    return person.name_with_party


def party_groups(people) -> list[tuple[str, list[User]]]:
    """People grouped by party (in party order), so the other party's people are easy to find."""
    groups: dict[str, list[User]] = {}
    for person in sorted(people, key=lambda p: p.party.code):
        groups.setdefault(person.party.name, []).append(person)
    return list(groups.items())


class StaffPicker(forms.Widget):
    """Only the chosen people, as ticked radios (or checkboxes), and a search that asks the server for more
    (people_pick): a form stays small however many staff there are. The field's queryset, as for
    any ModelChoiceField, still decides on POST who may be chosen."""

    template_name = "parties/_staff_picker.html"
    allow_multiple_selected = False
    # The queryset's party restriction, passed to the search so it offers only people the field accepts.
    party_id: int | None = None
    # Set from the posted data when the no-JavaScript Search button of this picker was pressed.
    searched: tuple[str, int | None] | None = None

    def format_value(self, value) -> list[str]:
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def use_required_attribute(self, initial):
        # The attributes go on the search input, which may well stay empty.
        return False

    def value_from_datadict(self, data, files, name):
        self.searched = picker_search_of(data, name) if data.get(NO_SCRIPT_SEARCH) == name else None
        if self.allow_multiple_selected:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # Like checkboxes: a form with none ticked posts nothing, which means "nobody".
        return False if self.allow_multiple_selected else super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # ModelChoiceField hands its widget `choices`, whose field is the form's own copy of the field.
        field = self.choices.field
        pks = [pk for pk in context["widget"]["value"] if pk.isdigit()]
        # Through the queryset even for the initial people: someone no longer choosable is not shown.
        chosen = list(field.queryset.filter(pk__in=pks)) if pks and field.queryset is not None else []
        search = {"field": name}
        if self.allow_multiple_selected:
            search["multiple"] = "1"
        if self.party_id is not None:
            search["party"] = self.party_id
        search_attrs = {key: value for key, value in context["widget"]["attrs"].items() if key != "id"}
        query, among = self.searched or ("", None)
        context.update(
            search_name=f"{name}{SEARCH_SUFFIX}",
            party_name=f"{name}{PARTY_SUFFIX}",
            # The party select only where the field takes either party.
            parties=list(parties_all()) if self.party_id is None else [],
            search_value=query,
            among=among,
            no_script_search=NO_SCRIPT_SEARCH,
            matches_html=self._matches(name, query, among, exclude=pks) if self.searched else "",
        )
        context.update(
            field_name=name,
            field_label=field.label or name,
            search_url=f"{reverse('people_pick')}?{urlencode(search)}",
            search_attrs=flatatt(search_attrs),
            placeholder=_("Search by name…"),
            input_type="checkbox" if self.allow_multiple_selected else "radio",
            groups=party_groups(chosen),
            empty_label=None if self.allow_multiple_selected or self.is_required else field.empty_label,
            nobody_chosen=not chosen,
        )
        return context

    def _matches(self, name: str, query: str, among: int | None, *, exclude) -> str:
        """The search's answer rendered into the form itself, for a browser without JavaScript."""
        people = staff_matching(query, party_id=self.party_id, among=among, exclude=exclude)
        context = {
            "groups": party_groups(people),
            "count": len(people),
            "some_chosen": bool(exclude),
            "query": query,
            "field_name": name,
            "input_type": "checkbox" if self.allow_multiple_selected else "radio",
        }
        return mark_safe(render_to_string("parties/_pick_results.html", context))

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine, not the form renderer's: the picker includes the shared search
        # partial from templates/, which the default form renderer does not look in.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class StaffMultiplePicker(StaffPicker):
    allow_multiple_selected = True


class _StaffChoices:
    """A choice of staff through the picker: `only_party` narrows offer and validation together."""

    default_error_messages = {
        "invalid_choice": _("That person cannot be chosen here. Search by name and choose someone from the list."),
        "invalid_pk_value": _("That person cannot be chosen here. Search by name and choose someone from the list."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(queryset=staff_of_parties() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj):
        return staff_label(obj)

    def clean(self, value):
        if self.widget.searched is not None:
            # A search, not a submission: show the form again with the matches, and save nothing.
            raise ValidationError(
                _("Tick the people you want among the matches below, then save."), code="picker_searched"
            )
        return super().clean(value)

    def only_party(self, party_id: int) -> None:
        self.queryset = staff_of_parties(party_id=party_id)
        self.widget.party_id = party_id


class StaffMultipleChoiceField(_StaffChoices, forms.ModelMultipleChoiceField):
    widget = StaffMultiplePicker


class StaffChoiceField(_StaffChoices, forms.ModelChoiceField):
    widget = StaffPicker


class PeoplePickForm(forms.Form):
    """The picker's search: what was typed, which field asks, and the party the field is limited to."""

    field = forms.RegexField(regex=rf"^{PICKER_FIELD}\Z")
    multiple = forms.BooleanField(required=False)
    party = forms.IntegerField(required=False, min_value=1)

    def search(self) -> tuple[str, int | None]:
        """The text typed and the party picked, sent under the picker's names (`q` from older pages)."""
        field = self.cleaned_data["field"]
        query, among = picker_search_of(self.data, field)
        return query or (self.data.get("q") or "").strip()[:100], among

    def chosen_pks(self) -> list[int]:
        """The people already ticked in the picker (posted under the field's name), not to be offered again."""
        return [int(pk) for pk in self.data.getlist(self.cleaned_data["field"]) if pk.isdigit()][:200]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class LoginForm(AuthenticationForm):
    pass


# One reset e-mail per account in this many seconds, however often the form is sent: a stranger typing a
# colleague's address cannot flood their mailbox. The page says the same either way.
PASSWORD_RESET_INTERVAL = 300


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset by e-mail, its mail written in the account's language and sent as the portal's mail
    (sender, subject prefix, headers). Not through the outbox: the link carries a token, which must not
    be stored in the database, nor shown in the inbox or the admin's outbox messages."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context["user"]
        if not cache.add(f"password-reset-sent:{user.pk}", True, timeout=PASSWORD_RESET_INTERVAL):
            return
        # The link starts from SITE_URL, never from the Host header of whoever asked.
        context = context | {"site_url": settings.SITE_URL}
        with translation.override(user.preferred_language):
            subject = mail.subject(render_to_string(subject_template_name, context))
            body = render_to_string(email_template_name, context)
            html = render_to_string(html_email_template_name, context) if html_email_template_name else None
            sender = mail.sender()
        message = EmailMultiAlternatives(
            subject, body, sender, [to_email], headers={"Auto-Submitted": "auto-generated"}
        )
        if html:
            message.attach_alternative(html, "text/html")
        message.send()


class PortalUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "party", "preferred_language")


class PortalUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
