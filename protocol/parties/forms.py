from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UserCreationForm

from .models import Language, User


class _StaffChoices:
    """Staff shown with their party, and grouped by party in the list, so the other party's people are easy to find."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.party.code})"

    def party_groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for person in self.queryset:
            groups.setdefault(person.party.name, []).append((person.pk, self.label_from_instance(person)))
        return list(groups.items())


class StaffMultipleChoiceField(_StaffChoices, forms.ModelMultipleChoiceField):
    def grouped_choices(self):
        return self.party_groups()


class StaffChoiceField(_StaffChoices, forms.ModelChoiceField):
    def grouped_choices(self):
        return [("", self.empty_label), *self.party_groups()]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class LoginForm(AuthenticationForm):
    pass


class PortalUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "party", "preferred_language")


class PortalUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
