"""The project form: one page for the description, the dates, the team (a principal investigator per party and
rows of members), the milestones, the deliverables and the linked library documents."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin, merge_service_errors
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField
from protocol.parties.selectors import parties_all

from .models import ResearchProject, TeamRole
from .services import DeliverableRow, Member, MilestoneRow, ProjectFields, project_check

DATE_FORMAT = "%Y-%m-%d"
ROWS_MAX = 30
# The roles of the team's rows; the principal investigators have a field per party of their own.
MEMBER_ROLES = [(role.value, role.label) for role in TeamRole if role != TeamRole.PRINCIPAL_INVESTIGATOR]


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        input_formats=[DATE_FORMAT],
        **kwargs,
    )


def pi_field_name(party) -> str:
    return f"pi_{party.code.lower()}"


class ProjectForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    # Declared, not model fields of the form: the model's "ends after it starts" constraint would otherwise
    # fire as an anonymous form error beside the service's message on "end".
    start_date = _date_field(_("Start"))
    end_date = _date_field(_("End"))
    documents = library.field(
        label=_("Library documents"),
        required=False,
        help_text=_("Search the library below and tick the documents the project works from."),
    )

    class Meta:
        model = ResearchProject
        fields = [
            "title",
            "title_other",
            "topic",
            "technology_field",
            "ipc_classes",
            "objectives",
            "expected_outputs",
            "internal",
        ]
        widgets = {
            "topic": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expected_outputs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title_other": _("The title in English if the title is in Chinese, and the other way round."),
            "technology_field": _("e.g. Quantum computing, new-energy vehicles."),
            "ipc_classes": _("IPC codes separated by spaces, e.g. G06N H04L or G06F16/00."),
            "internal": _(
                "A party's own preparatory project: only your party sees it, and its team is of your party only."
            ),
        }

    def __init__(self, *args, user, plan: "PlanRows", **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.plan = plan
        self.party_id = project.lead_party_id if project.pk else user.party_id
        self.pi_names = []
        for party in parties_all():
            name = pi_field_name(party)
            self.fields[name] = StaffChoiceField(
                label=_("Principal investigator (%(party)s)") % {"party": party.short_name},
                required=False,
                empty_label=_("Not named yet"),
            )
            # The search offers only that party's staff, but the field takes anyone of either party: whether a
            # person may be this party's PI is the service's rule, and its refusal names the person and why.
            self.fields[name].widget.party_id = party.pk
            self.fields[name].party = party
            self.pi_names.append(name)
        if project.pk:
            self.initial.setdefault("start_date", project.start_date)
            self.initial.setdefault("end_date", project.end_date)
            self.initial.setdefault("documents", getattr(project, "visible_documents", []))
            for member in project.team.all():
                if member.role == TeamRole.PRINCIPAL_INVESTIGATOR:
                    self.initial.setdefault(pi_field_name(member.party), member.user)
        self.fields["title"].error_messages["required"] = _("Give the project a title.")
        self.fields["objectives"].error_messages["required"] = _("Say what the project sets out to find.")
        self.fields["start_date"].error_messages["required"] = _("Give the start date.")
        self.fields["end_date"].error_messages["required"] = _("Give the end date.")
        library.prepare(self, "documents", user=user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            "title",
            "title_other",
            Div(Div("start_date", css_class="col-md-6"), Div("end_date", css_class="col-md-6"), css_class="row"),
            "topic",
            Div(
                Div("technology_field", css_class="col-md-6"),
                Div("ipc_classes", css_class="col-md-6"),
                css_class="row",
            ),
            "objectives",
            "expected_outputs",
            "internal",
            HTML('{% include "research/_plan_rows.html" with rows=plan.team lead=form.pi_fields %}'),
            HTML('{% include "research/_plan_rows.html" with rows=plan.milestones %}'),
            HTML('{% include "research/_plan_rows.html" with rows=plan.deliverables %}'),
            Div(
                "documents",
                HTML(f'{{% include "{library.picker_template}" with picker_field="documents" %}}'),
                css_class="linked-documents",
                css_id="project-documents",
            ),
        )

    @property
    def pi_fields(self) -> list:
        """The PI fields, bound, for the team's part of the page."""
        return [self[name] for name in self.pi_names]

    def service_rules(self, data: dict) -> None:
        # The rows are formsets of their own, checked here with the form so that one submit shows every
        # problem; the service's team, milestone and deliverable messages go above their rows.
        team_known = not any(self.has_error(name) for name in self.pi_names)
        try:
            project_check(
                fields=self._fields_of(data, self.plan.rows_for_check(team_known=team_known)),
                party_id=self.party_id,
                project=self.instance if self.instance.pk else None,
            )
        except ValidationError as exc:
            merge_service_errors(self, exc, elsewhere=self.plan.elsewhere())

    def to_fields(self) -> ProjectFields:
        return self._fields_of(self.cleaned_data, self.plan.rows())

    def _fields_of(self, data: dict, rows: "Rows") -> ProjectFields:
        pis = [
            Member(user=data[name], role=TeamRole.PRINCIPAL_INVESTIGATOR, party_id=self.fields[name].party.pk)
            for name in self.pi_names
            if data.get(name)
        ]
        return ProjectFields(
            title=data.get("title") or "",
            title_other=data.get("title_other") or "",
            topic=data.get("topic") or "",
            technology_field=data.get("technology_field") or "",
            ipc_classes=data.get("ipc_classes") or "",
            objectives=data.get("objectives") or "",
            expected_outputs=data.get("expected_outputs") or "",
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            internal=bool(data.get("internal")),
            team=[*pis, *rows.team],
            milestones=rows.milestones,
            deliverables=rows.deliverables,
            documents=list(data.get("documents") or []),
        )


# The rows: team members, milestones, deliverables.


class TeamRowForm(TextLimitsMixin, forms.Form):
    # Its own context: the catalogue's "Person" is the account's personal information (个人信息).
    user = StaffChoiceField(
        label=pgettext_lazy("a team member", "Person"), help_text=_("Staff of either party; search by name.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES, initial=TeamRole.RESEARCHER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].column = "col-md-7"
        self.fields["role"].column = "col-md-3"

    def to_row(self) -> Member:
        return Member(user=self.cleaned_data["user"], role=self.cleaned_data["role"])


class MilestoneRowForm(TextLimitsMixin, forms.Form):
    # The milestone this row edits: kept, so that its history (done, in the ledger, in the baseline) stays.
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = _date_field(_("Due"))
    owner = StaffChoiceField(label=_("Owner"), help_text=_("A member of the team; search by name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the milestone a title (or tick “Remove”).")
        self.fields["due_date"].error_messages["required"] = _("Give the milestone a due date.")
        self.fields["owner"].error_messages["required"] = _("Choose who owns the milestone.")
        self.fields["title"].column = "col-md-8"
        self.fields["due_date"].column = "col-md-4"
        self.fields["owner"].column = "col-md-8"

    def to_row(self) -> MilestoneRow:
        data = self.cleaned_data
        return MilestoneRow(id=data["id"], title=data["title"], due_date=data["due_date"], owner=data["owner"])


class DeliverableRowForm(TextLimitsMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Deliverable"), max_length=200, help_text=_("e.g. Patent landscape report."))
    due_date = _date_field(_("Due"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the deliverable a title (or tick “Remove”).")
        self.fields["due_date"].error_messages["required"] = _("Give the deliverable a due date.")
        self.fields["title"].column = "col-md-6"
        self.fields["due_date"].column = "col-md-3"

    def to_row(self) -> DeliverableRow:
        data = self.cleaned_data
        return DeliverableRow(id=data["id"], title=data["title"], due_date=data["due_date"])


class BasePlanRowsFormSet(forms.BaseFormSet):
    """Rows of the plan; `legend`, `help_text` and `row_name` are what `_plan_rows.html` shows."""

    default_error_messages = {"too_many_forms": _("At most %(num)d rows; remove some first.")}
    legend = help_text = row_name = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].column = "col-md-2 align-self-center"

    def kept_forms(self) -> list[forms.Form]:
        """The rows entered and valid, in order; untouched blank rows and removed ones are left out."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def rows(self) -> list:
        return [form.to_row() for form in self.kept_forms()]

    def add_service_errors(self, messages: list[str]) -> None:
        # A formset has no add_error(); its non-form errors are the list shown above its rows.
        errors = self.non_form_errors()
        errors.extend(message for message in messages if message not in errors)


class TeamFormSet(BasePlanRowsFormSet):
    legend = _("Team")
    help_text = _(
        "The principal investigator of each party runs the project with the other; both are named before the "
        "plan is proposed. Add the other members below."
    )
    row_name = _("Member")


class MilestoneFormSet(BasePlanRowsFormSet):
    legend = _("Milestones")
    help_text = _("Each within the project's dates, owned by a member of the team. Leave a row blank to skip it.")
    row_name = _("Milestone")


class DeliverableFormSet(BasePlanRowsFormSet):
    legend = _("Deliverables")
    help_text = _(
        "What the project delivers to both parties: each is a library document, accepted by the principal "
        "investigator of each party."
    )
    row_name = _("Deliverable")


def _formset(form, base, *, extra: int):
    return forms.formset_factory(
        form, formset=base, extra=extra, max_num=ROWS_MAX, validate_max=True, can_delete=True, can_delete_extra=False
    )


TeamRows = _formset(TeamRowForm, TeamFormSet, extra=3)
MilestoneRows = _formset(MilestoneRowForm, MilestoneFormSet, extra=3)
DeliverableRows = _formset(DeliverableRowForm, DeliverableFormSet, extra=2)


@dataclass
class Rows:
    team: list[Member]
    milestones: list[MilestoneRow]
    deliverables: list[DeliverableRow]


@dataclass
class PlanRows:
    """The page's three formsets, validated and shown together (`_form_errors.html` reads total_error_count)."""

    team: TeamFormSet
    milestones: MilestoneFormSet
    deliverables: DeliverableFormSet

    @property
    def formsets(self) -> list[BasePlanRowsFormSet]:
        return [self.team, self.milestones, self.deliverables]

    def is_valid(self) -> bool:
        # A list, not a generator: every formset is validated, so each shows its errors on the same submit.
        return all([formset.is_valid() for formset in self.formsets])  # noqa: C419

    def total_error_count(self) -> int:
        return sum(formset.total_error_count() for formset in self.formsets)

    def elsewhere(self) -> dict:
        """Where a service's messages about the rows go (protocol.forms.merge_service_errors)."""
        return {
            "team": self.team.add_service_errors,
            "milestones": self.milestones.add_service_errors,
            "deliverables": self.deliverables.add_service_errors,
        }

    def rows(self) -> Rows:
        return Rows(team=self.team.rows(), milestones=self.milestones.rows(), deliverables=self.deliverables.rows())

    def rows_for_check(self, *, team_known: bool) -> Rows:
        """The valid rows, for the service's check on the same submit. While a PI or a team row is in error the
        team is not known, so the milestones are checked without their owners ("the owner must be on the team"
        would be said of someone entered in that very row)."""
        rows = self.rows()
        if not (team_known and self.team.is_valid()):
            rows.milestones = [
                MilestoneRow(id=row.id, title=row.title, due_date=row.due_date, owner=None) for row in rows.milestones
            ]
        return rows


def plan_rows(data=None, *, project: ResearchProject | None = None) -> PlanRows:
    """The formsets of a new project, or of `project` as it stands (each existing row keeps its id)."""
    team = milestones = deliverables = None
    if project is not None:
        team = [
            {"user": member.user, "role": member.role}
            for member in project.team.all()
            if member.role != TeamRole.PRINCIPAL_INVESTIGATOR
        ]
        milestones = [
            {"id": m.pk, "title": m.title, "due_date": m.due_date, "owner": m.owner} for m in project.milestones.all()
        ]
        deliverables = [{"id": d.pk, "title": d.title, "due_date": d.due_date} for d in project.deliverables.all()]
    return PlanRows(
        team=TeamRows(data, initial=team, prefix="team"),
        milestones=MilestoneRows(data, initial=milestones, prefix="milestones"),
        deliverables=DeliverableRows(data, initial=deliverables, prefix="deliverables"),
    )
