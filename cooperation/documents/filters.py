import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import Document, DocumentLanguage, DocumentType, Tag


def includes_archived(params) -> bool:
    """`?archived=` as the list's checkbox sends it (and as a script would): archived documents listed too."""
    return params.get("archived") in ("on", "true", "1")


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing")
    doc_type = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentType.choices, empty_label=_("All types"))
    area = django_filters.ChoiceFilter(label=_("Area"), choices=Area.choices, empty_label=_("All areas"))
    owner_party = django_filters.ModelChoiceFilter(
        label=_("Owning party"), queryset=parties_all(), empty_label=_("Both parties")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=DocumentLanguage.choices, empty_label=_("Any language")
    )
    year = YearFilter(field_name="created_at", label=_("Year added"))
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")
    ipc = django_filters.CharFilter(label=_("IPC class"), method="filter_ipc")
    archived = django_filters.BooleanFilter(
        label=_("Include archived"), method="filter_nothing", widget=forms.CheckboxInput
    )

    class Meta:
        model = Document
        fields = ["q", "doc_type", "area", "owner_party", "language", "year", "tag", "ipc", "archived"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Words, patent numbers… 中文 or English")}
        )
        # Wider than the others (`_filters.html` reads it): the search box first, then the two main filters.
        self.form.fields["q"].column = "col-lg-6"
        for name in ("doc_type", "area"):
            self.form.fields[name].column = "col-sm-6 col-lg-3"

    def filter_nothing(self, queryset, name, value):
        # Search and archive scope are applied by the selector before filtering.
        return queryset

    def filter_tag(self, queryset, name, value):
        tagged = Tag.objects.filter(documents=OuterRef("pk"), name=value.strip().casefold())
        return queryset.filter(Exists(tagged))

    def filter_ipc(self, queryset, name, value):
        code = re.sub(r"\s+", "", value).upper()
        # Stored with a leading space per code: " G06F" matches G06F and G06F16/33, not XG06F.
        return queryset.filter(ipc_classes__contains=f" {code}") if code else queryset
