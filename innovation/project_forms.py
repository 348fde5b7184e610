"""The secretariat's forms for innovation projects; each is saved through an action in
``innovation/actions.py``, which checks the rules."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from catalogue.models import Idea
from innovation import actions, stages
from innovation.models import (
    Benefit,
    Funding,
    LearningEntry,
    Partner,
    Project,
)
from innovation.shared.submissions import SentOnceMixin
from meetings.models import AgendaItem, Committee, MandateTask


class DateInput(forms.DateInput):
    """The browser's own date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AmountField(forms.DecimalField):
    """An amount or a measured value as people type it: “1.250.000”, “1.250.000,50 kr.” in
    Danish, “1,250,000.50” in English (the active language's separators)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.pop("step", None)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = re.sub(r"\s|kr\.?$|dkk", "", str(value).strip(), flags=re.I)
        thousands = get_format("THOUSAND_SEPARATOR")
        decimal = get_format("DECIMAL_SEPARATOR")
        text = text.replace(thousands, "").replace(decimal, ".")
        try:
            return Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(
                _("Write a number, e.g. 1.250.000 or 12,5."), code="invalid"
            ) from error

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral_value() else value
            text = f"{value:f}"
            if "." in text:
                text = text.replace(".", get_format("DECIMAL_SEPARATOR"))
            return text
        return value


class MandateTaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, task):
        return f"{task.committee.display_name}: {task.title}"


class IdeaChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, idea):
        return f"{idea.title} ({idea.get_status_display().lower()})"


class ProjectForm(SentOnceMixin, forms.ModelForm):
    """A project as the secretariat creates or edits it, with the ideas it grows from."""

    ideas = IdeaChoices(
        label=_("Ideas"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The ideas the project grows from: published or parked ideas become “selected for a "
            "project”."
        ),
    )
    case_reference = forms.CharField(
        label=_("Case reference"),
        max_length=100,
        required=False,
        help_text=_(
            "The case the project's agenda items are on. Empty: a new case is made for the project."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "ideas",
            "problem",
            "hypotheses",
            "owner",
            "committee",
            "mandate_task",
            "welfare_areas",
            "dis_dimensions",
            "is_transformative",
            "is_published",
        ]
        field_classes = {"mandate_task": MandateTaskChoice}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "hypotheses": forms.Textarea(attrs={"rows": 5}),
            "welfare_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance if self.instance.pk else None
        promotable = Idea.objects.filter(status__in=actions.PROMOTABLE)
        if project is not None:
            promotable = promotable | Idea.objects.filter(projects=project)
        self.fields["ideas"].queryset = promotable.distinct().order_by("title")
        committees = Committee.objects.active()
        if project is not None:
            committees = committees | Committee.objects.filter(pk=project.committee_id)
        self.fields["committee"].queryset = committees.distinct()
        self.fields["mandate_task"].queryset = MandateTask.objects.filter(
            committee__in=self.fields["committee"].queryset
        ).select_related("committee")
        self.fields["welfare_areas"].required = False
        if project is not None and project.case_id:
            self.fields["case_reference"].initial = project.case.reference
        for name in ("title", "summary"):
            self.fields[name].widget.attrs.pop("maxlength", None)
        if project is None:
            self.fields["welfare_areas"].help_text = _("Empty: the ideas' welfare areas.")
            self.fields["dis_dimensions"].help_text = _("Empty: the ideas' DIS dimensions.")


class GateForm(forms.Form):
    """Passing one of the gates open from the project's stage."""

    to_phase = forms.ChoiceField(label=_("To the stage"), widget=forms.RadioSelect)
    item = forms.ModelChoiceField(
        label=_("The committee's decision"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_(
            "For a gate the committee decides: the agenda item on the project's case whose "
            "recorded decision anchors it."
        ),
    )
    text = forms.CharField(
        label=_("Decision and reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Empty for a gate the committee decides: the recorded decision is used."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: the date of the committee's decision, or today."),
    )
    revisit_on = forms.DateField(
        label=_("Look at the project again on"),
        widget=DateInput,
        required=False,
        help_text=_("Only for parking the project."),
    )

    def __init__(self, *args, project, phase=None, **kwargs):
        """``phase``: the stage the page showed, when it differs from the project's now; its
        gates are offered, so that ``pass_gate`` refuses the project having moved (409)."""
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [
            (gate.to.value, gate.to.label) for gate in stages.gates_from(phase or project.phase)
        ]
        self.fields["item"].queryset = actions.decided_items(project)
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.meeting}, {item.number}. {item.title}"
        )


class ProposeForm(SentOnceMixin, forms.Form):
    """Taking the project's proposal to a coming meeting of its committee."""

    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Committee.objects.none(), empty_label=None
    )
    to_phase = forms.ChoiceField(
        label=_("The committee is asked to decide"), widget=forms.RadioSelect
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = actions.coming_meetings(project)
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting} ({meeting.starts_at:%d.%m.%Y}, {meeting.get_state_display().lower()})"
        )
        labels = {
            stages.Phase.APPROVED: _("Approval of the project"),
            stages.Phase.CLOSED: _("Closing the project"),
            stages.Phase.STOPPED: _("Stopping the project"),
        }
        gates = actions.political_gates(project)
        self.fields["to_phase"].choices = [(g.to.value, labels[g.to]) for g in gates]
        if gates:
            self.fields["to_phase"].initial = gates[0].to.value


class FundingForm(SentOnceMixin, forms.ModelForm):
    amount = AmountField(label=_("Amount (DKK)"), min_value=0)

    class Meta:
        model = Funding
        fields = actions.FUNDING_FIELDS
        widgets = {
            "applied_on": DateInput,
            "decided_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class PartnershipForm(SentOnceMixin, forms.Form):
    """A partner's role in the project: a partner of the network register, or a new one."""

    partner = forms.ModelChoiceField(
        label=_("Partner from the network register"),
        queryset=Partner.objects.all(),
        required=False,
        empty_label=_("– a new partner –"),
    )
    name = forms.CharField(label=_("New partner: organisation"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("New partner: kind"), choices=[("", "–"), *Partner.Kind.choices], required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    role = forms.CharField(label=_("Role in the project"), max_length=300)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.exclude(partnerships__project=project)

    def clean(self):
        data = super().clean()
        if data.get("partner") is None:
            if not data.get("name"):
                self.add_error("name", _("Name the new partner, or choose one from the register."))
            if not data.get("kind"):
                self.add_error("kind", _("Choose the new partner's kind."))
        return data

    def partner_fields(self):
        data = self.cleaned_data
        if data["partner"] is not None:
            return {}
        return {name: data[name] for name in actions.PARTNER_FIELDS}


class PartnershipEditForm(forms.Form):
    role = forms.CharField(label=_("Role in the project"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)


class BenefitForm(SentOnceMixin, forms.ModelForm):
    baseline_value = AmountField(label=_("Baseline"), required=False)
    target_low = AmountField(label=_("Low target"), required=False)
    target_likely = AmountField(label=_("Likely target"), required=False)
    target_high = AmountField(label=_("High target"), required=False)

    class Meta:
        model = Benefit
        fields = actions.BENEFIT_FIELDS
        widgets = {
            "baseline_on": DateInput,
            "due_on": DateInput,
            "preconditions": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "deviation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.targets_locked_at:
            for name in actions.TARGETS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Locked since the project was approved: change the targets as a new version."
                )


class TargetsForm(SentOnceMixin, forms.Form):
    target_low = AmountField(label=_("Low target"))
    target_likely = AmountField(label=_("Likely target"))
    target_high = AmountField(label=_("High target"))
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept with the new version; the earlier versions stay visible."),
    )


class MeasurementForm(forms.Form):
    planned_on = forms.DateField(label=_("Planned for"), widget=DateInput)
    measured_on = forms.DateField(
        label=_("Measured on"),
        widget=DateInput,
        required=False,
        help_text=_("Empty with a result: today."),
    )
    value = AmountField(label=_("Result"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class NewMeasurementForm(SentOnceMixin, MeasurementForm):
    """A new measurement (the form of one already made has no key)."""


class LearningForm(SentOnceMixin, forms.ModelForm):
    class Meta:
        model = LearningEntry
        fields = ["on", "hypothesis", "learned", "decision"]
        widgets = {
            "on": DateInput,
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 4}),
            "decision": forms.RadioSelect,
        }


class NoteForm(SentOnceMixin, forms.Form):
    text = forms.CharField(
        label=_("New note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)
