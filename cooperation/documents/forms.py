import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol import search
from protocol.forms import TextLimitsMixin
from protocol.once.forms import ONCE_FIELD, OnceFormMixin
from protocol.uploads.forms import KeepsUploadMixin

from .models import Document, Tag
from .services import OTHER_KIND, REASON_REQUIRED, DocumentFields

LIST_SEPARATORS = re.compile(r"[,，;；、\n]+")
IPC_CLASS = re.compile(r"^[A-H]\d{2}[A-Z](\d{1,4}/\d{1,6})?$")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(value or "") if item.strip()]


class DocumentForm(TextLimitsMixin, OnceFormMixin, forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas, e.g. artificial intelligence, 专利导航")
    )
    patent_numbers = forms.CharField(
        label=_("Patent publication numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line or separated by commas, e.g. CN 101234567 A"),
    )
    ipc_classes = forms.CharField(
        label=_("IPC classes"), required=False, help_text=_("Separated by commas, e.g. G06F 16/33, H04L")
    )

    class Meta:
        model = Document
        fields = ["title", "title_other", "summary", "doc_type", "area", "language", "confidentiality"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "confidentiality": _(
                "Shared: both parties download it. On request: the other party sees the description and asks "
                "to download. Internal: your party only."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("tags", ", ".join(tag.name for tag in self.instance.tags.all()))
            self.initial.setdefault("patent_numbers", "\n".join(self.instance.patent_number_list))
            self.initial.setdefault("ipc_classes", ", ".join(self.instance.ipc_class_list))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            "title",
            "title_other",
            "summary",
            Div(
                Div("doc_type", css_class="col-md-4"),
                Div("area", css_class="col-md-4"),
                Div("language", css_class="col-md-4"),
                css_class="row",
            ),
            "confidentiality",
            "tags",
            Div(Div("patent_numbers", css_class="col-md-6"), Div("ipc_classes", css_class="col-md-6"), css_class="row"),
        )

    def clean_tags(self) -> list[str]:
        tags = [tag.casefold() for tag in split_list(self.cleaned_data["tags"])]
        limit = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                _("A tag can be at most %(limit)d characters long: %(tag)s"),
                params={"limit": limit, "tag": too_long[0]},
            )
        return tags

    def clean_patent_numbers(self) -> list[str]:
        numbers = []
        for raw in split_list(self.cleaned_data["patent_numbers"]):
            number = search.normalise_patent_number(raw)
            if number is None:
                raise forms.ValidationError(
                    _("“%(value)s” is not a patent publication number (e.g. CN 101234567 A)."), params={"value": raw}
                )
            numbers.append(number)
        return numbers

    def clean_ipc_classes(self) -> list[str]:
        classes = []
        for raw in split_list(self.cleaned_data["ipc_classes"]):
            code = re.sub(r"\s+", "", raw).upper()
            if not IPC_CLASS.match(code):
                raise forms.ValidationError(
                    _("“%(value)s” is not an IPC class (e.g. G06F 16/33 or H04L)."), params={"value": raw}
                )
            classes.append(code)
        return classes

    def to_fields(self) -> DocumentFields:
        data = self.cleaned_data
        return DocumentFields(
            title=data["title"],
            title_other=data["title_other"],
            summary=data["summary"],
            doc_type=data["doc_type"],
            area=data["area"],
            language=data["language"],
            confidentiality=data["confidentiality"],
            tags=data["tags"],
            patent_numbers=data["patent_numbers"],
            ipc_classes=data["ipc_classes"],
        )


class UploadForm(TextLimitsMixin, KeepsUploadMixin, OnceFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        max_length=10_000,
        error_messages={"required": _("Choose the file to upload.")},
    )
    change_note = forms.CharField(label=_("What changed"), max_length=500, required=False)
    other_kind = forms.BooleanField(label=_("Yes, the new version is of another file type."), required=False)

    def __init__(self, *args, first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first:
            del self.fields["change_note"]
            del self.fields[OTHER_KIND]
            # The first version is part of the document's create form, whose token it is.
            del self.fields[ONCE_FIELD]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(*[name for name in ("file", "change_note") if name in self.fields])

    def ask_other_kind(self) -> None:
        """The box is offered once the service found the file of another type (or it was ticked already)."""
        if OTHER_KIND in self.fields and (self.has_error(OTHER_KIND) or self.data.get(self.add_prefix(OTHER_KIND))):
            self.helper.layout.append(OTHER_KIND)


class ReasonForm(TextLimitsMixin, OnceFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionForm(TextLimitsMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


class LinkedDocumentsField(forms.ModelMultipleChoiceField):
    """Library documents a form links (activities, meetings, agenda items). Its queryset is what the user
    may see; the widget lists only the ticked ones and the library picker (htmx) adds more."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.title

    def offer_ticked(self, form: forms.BaseForm, name: str) -> None:
        if form.is_bound:
            chosen = form.data.getlist(form.add_prefix(name))
        else:
            chosen = [getattr(document, "pk", document) for document in form.initial.get(name) or []]
        pks = [pk for pk in chosen if str(pk).isdigit()]
        # Through the queryset even when the documents are in hand: a link the user may not see is not offered.
        ticked = self.queryset.filter(pk__in=pks) if pks else []
        self.widget.choices = [(document.pk, document.title) for document in ticked]
