import re

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.shared.forms import RowsFormSet
from innovation.shared.submissions import SentOnceMixin
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    ItemSection,
    Meeting,
    Membership,
    PrivateNote,
    ProgrammeItem,
    RecommendationPoint,
)


class MeetingFilterForm(forms.Form):
    """The filters above the meeting list; a GET form, so every filter state has a URL."""

    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All committees"),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.visible_to(user)
        years = Meeting.objects.visible_to(user).datetimes("starts_at", "year", order="DESC")
        self.fields["year"].choices = [
            ("", _("All years")),
            *((moment.year, moment.year) for moment in years),
        ]

    def filter(self, meetings):
        """Narrow ``meetings`` by the valid filters; an invalid value is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if committee := data.get("committee"):
            meetings = meetings.for_committee(committee)
        if year := data.get("year"):
            meetings = meetings.filter(starts_at__year=year)
        return meetings


class ItemViewForm(forms.Form):
    """How the agenda on the meeting page asks for an item: ``show=summary`` folds an expanded
    item back to its summary; ``level=4`` gives the item's headings the agenda's levels."""

    SUMMARY = "summary"

    show = forms.ChoiceField(choices=[(SUMMARY, _("Summary"))], required=False)
    level = forms.TypedChoiceField(
        choices=[(2, "2"), (4, "4")], coerce=int, required=False, empty_value=2
    )


class PrivateNoteForm(forms.ModelForm):
    """A member's own note on an item. Saving an empty note deletes it."""

    class Meta:
        model = PrivateNote
        fields = ["text"]
        labels = {"text": _("Your note")}
        help_texts = {"text": _("Only you can see this note. Save it empty to delete it.")}
        error_messages = {
            "text": {
                "max_length": _(
                    "A note may be at most %(limit_value)s characters long; "
                    "this one has %(show_value)s."
                )
            }
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


MEETING_NUMBER_PREFIX = re.compile(r"^\s*(?:møde|meeting)\s*(?:nr\.?\s*)?\d+\s*[:.–-]\s*", re.I)


class MeetingForm(SentOnceMixin, forms.ModelForm):
    """A meeting as the secretariat prepares it. The number is the next in the lead
    committee's series; the title is the meeting's own (“Møde 4:” is added where it is shown)."""

    class Meta:
        model = Meeting
        fields = [
            "committee",
            "co_hosts",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "purposes",
        ]
        widgets = {
            "co_hosts": forms.CheckboxSelectMultiple,
            "starts_at": DateTimeLocalInput,
            "ends_at": DateTimeLocalInput,
            "purposes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Without “Møde 4:” – the number is added where the meeting is shown."),
            "co_hosts": _("Committees that hold the meeting together with the lead committee."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Committee.objects.active()
        self.fields["committee"].queryset = active
        self.fields["co_hosts"].queryset = active
        for name in ("committee", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_title(self):
        return MEETING_NUMBER_PREFIX.sub("", self.cleaned_data["title"]).strip()

    def clean(self):
        cleaned = super().clean()
        lead, co_hosts = cleaned.get("committee"), cleaned.get("co_hosts") or []
        if lead and lead in co_hosts:
            self.add_error("co_hosts", _("The lead committee is not also a co-host."))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting ends after it starts."))
        return cleaned


class ItemForm(SentOnceMixin, forms.ModelForm):
    """An agenda item's own fields, as the secretariat writes it. The case is given by its
    reference (“Sagsnr.”) and found or created on save."""

    case_reference = forms.CharField(
        label=_("Case no."),
        max_length=100,
        required=False,
        help_text=_("E.g. the journal number. Items on the same case link to each other."),
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "is_closed", "recommendation_by", "recommendation_to"]
        help_texts = {
            "is_closed": _("Only the committees' members and the secretariat read a closed item."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.case_id and not self.is_bound:
            self.initial["case_reference"] = self.instance.case.reference


class SectionForm(forms.Form):
    """One section of an item: its kind (the canonical ones have Danish headings), its heading
    as written and its text. An empty row is left out."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    key = forms.ChoiceField(
        label=_("Kind"), choices=ItemSection.Key.choices, initial=ItemSection.Key.OTHER
    )
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    DELETE = forms.BooleanField(label=_("Remove the section"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].widget.attrs["class"] = "form-select"


class PointForm(forms.Form):
    """One numbered “at”-clause of the recommendation. An empty row is left out."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Recommendation point"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    DELETE = forms.BooleanField(label=_("Remove the point"), required=False)


class AttachmentRowForm(forms.Form):
    """An attachment already on the item: its title, whether it is closed, or its removal."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    is_closed = forms.BooleanField(label=_("Closed attachment"), required=False)
    DELETE = forms.BooleanField(label=_("Remove the attachment"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list, maybe empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    """Several new attachments at once; each is checked like every upload
    (``meetings.uploads``) and may be closed."""

    files = MultipleFileField(
        label=_("Add attachments"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG, at most 25 MB each. You can choose several."),
    )
    closed = forms.BooleanField(label=_("The new attachments are closed"), required=False)


SectionFormSet = forms.formset_factory(
    SectionForm, formset=RowsFormSet, extra=0, max_num=40, absolute_max=40
)
PointFormSet = forms.formset_factory(
    PointForm, formset=RowsFormSet, extra=0, max_num=30, absolute_max=30
)
AttachmentFormSet = forms.formset_factory(
    AttachmentRowForm, formset=RowsFormSet, extra=0, max_num=60, absolute_max=60
)


class PasteForm(forms.Form):
    """An agenda item copied from a municipal agenda as plain text."""

    text = forms.CharField(
        label=_("The item's text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=200_000,
        help_text=_(
            "Paste the whole item: title, Resumé, Sagsfremstilling, Indstilling, Beslutning, "
            "Bilag … You check and correct what was found before anything is saved."
        ),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
    # The item's number on the page that asked (not checked when missing).
    number = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ProgrammeRowForm(forms.Form):
    """One part of a conference's programme; speakers one per line: “name, title,
    organisation”."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    starts_at = forms.TimeField(label=_("Starts"), required=False, widget=TimeInput)
    ends_at = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name, job title, organisation."),
    )
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean_speakers(self):
        speakers = []
        for line in self.cleaned_data["speakers"].splitlines():
            parts = [part.strip() for part in line.split(",")]
            if not parts[0]:
                continue
            name, title, organisation = (parts + ["", ""])[:3]
            if len(name) > 200 or len(title) > 300 or len(organisation) > 200:
                raise forms.ValidationError(_("A speaker's name or title is too long."))
            speakers.append({"name": name, "title": title, "organisation": organisation})
        return speakers


class GroupRowForm(forms.Form):
    """One workshop group: its name, audience, question, result and members (of the meeting's
    committees) and other participants."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    question = forms.CharField(
        label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Other participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = memberships


ProgrammeFormSet = forms.formset_factory(
    ProgrammeRowForm, formset=RowsFormSet, extra=1, max_num=40, absolute_max=40
)
GroupFormSet = forms.formset_factory(
    GroupRowForm, formset=RowsFormSet, extra=1, max_num=30, absolute_max=30
)


class FollowUpForm(forms.Form):
    """The earlier item a new item follows up on."""

    earlier = forms.ModelChoiceField(label=_("Earlier item"), queryset=AgendaItem.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].queryset = items
        self.fields["earlier"].widget.attrs["class"] = "form-select"
        self.fields["earlier"].label_from_instance = lambda item: (
            f"{item.meeting.committee.display_name}, {item.meeting}, "
            f"{_('item')} {item.number}: {item.title}"
        )


class PreviewForm(forms.Form):
    """Whose view an item's preview shows."""

    MEMBER, PUBLIC = "member", "public"
    reader = forms.ChoiceField(
        choices=[(MEMBER, _("As a member")), (PUBLIC, _("As the public"))],
        required=False,
    )


# At and after the meeting ----------------------------------------------------------------


class AttendanceForm(forms.Form):
    """The attendance of each member on the meeting's attendance list
    (``rules.attendance_list``): a status, and the substitute's name when a substitute
    attends. A member left without a status is not recorded (yet)."""

    def __init__(self, *args, groups, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.members = [member for group in groups for member in group.members]
        for member in self.members:
            record = recorded.get(member.pk)
            self.fields[f"status-{member.pk}"] = forms.ChoiceField(
                label=member.person_name,
                choices=Attendance.Status.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=record.status if record else None,
            )
            self.fields[f"substitute-{member.pk}"] = forms.CharField(
                label=_("Substitute's name"),
                max_length=200,
                required=False,
                initial=record.substitute if record else "",
            )

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            status = cleaned.get(f"status-{member.pk}")
            substitute = (cleaned.get(f"substitute-{member.pk}") or "").strip()
            if status == Attendance.Status.SUBSTITUTE and not substitute:
                self.add_error(f"substitute-{member.pk}", _("Write the substitute's name."))
            elif substitute and status != Attendance.Status.SUBSTITUTE:
                self.add_error(
                    f"substitute-{member.pk}",
                    _("Choose “%(status)s” for a substitute, or leave the name empty.")
                    % {"status": Attendance.Status.SUBSTITUTE.label},
                )
        return cleaned

    def rows(self):
        """(group, [(member, status field, substitute field)]) for the template."""
        return [
            (
                group,
                [
                    (member, self[f"status-{member.pk}"], self[f"substitute-{member.pk}"])
                    for member in group.members
                ],
            )
            for group in self.groups
        ]

    def entries(self) -> dict[int, tuple[str, str]]:
        """What ``actions.record_attendance`` records: every member given a status."""
        return {
            member.pk: (
                self.cleaned_data[f"status-{member.pk}"],
                self.cleaned_data[f"substitute-{member.pk}"].strip(),
            )
            for member in self.members
            if self.cleaned_data[f"status-{member.pk}"]
        }


def fill_present(data, groups):
    """The POST ``data`` with every member without a status marked present."""
    data = data.copy()
    for group in groups:
        for member in group.members:
            if not data.get(f"status-{member.pk}"):
                data[f"status-{member.pk}"] = Attendance.Status.PRESENT
    return data


class PointDecisionForm(forms.Form):
    """The decision on one recommendation point: its outcome, and the amendment (required
    when amended) or a remark."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Not decided yet")), *RecommendationPoint.Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    decision_text = forms.CharField(
        label=_("Amendment or remark"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the point is approved as amended: write the amendment."),
    )

    def clean(self):
        cleaned = super().clean()
        amended = cleaned.get("outcome") == RecommendationPoint.Outcome.AMENDED
        if amended and not (cleaned.get("decision_text") or "").strip():
            self.add_error("decision_text", _("Write how the point was amended."))
        return cleaned


class ItemDecisionForm(forms.Form):
    """The item's own decision text, and for a closed item whether the decision is open."""

    decision = forms.CharField(
        label=_("The item's decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. “Godkendt.”, shown in the minutes after the points. An item without "
            "recommendation points needs it."
        ),
    )
    decision_is_open = forms.BooleanField(
        label=_("Open decision: the public reads the decision of this closed item"),
        required=False,
    )

    def __init__(self, *args, closed, **kwargs):
        super().__init__(*args, **kwargs)
        if not closed:
            del self.fields["decision_is_open"]


class ConflictRowForm(forms.Form):
    """One conflict of interest (inhabilitet): a member on the meeting's attendance list and a
    note. An empty row is left out."""

    membership = forms.TypedChoiceField(
        label=_("Member"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [("", _("Choose a member")), *members]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("note") and not cleaned.get("membership") and not cleaned.get("DELETE"):
            self.add_error("membership", _("Choose the member who declared the conflict."))
        return cleaned


class ConflictBaseFormSet(RowsFormSet):
    def clean(self):
        super().clean()
        chosen = [form.cleaned_data.get("membership") for form in self.kept_forms()]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("A member is named twice."))

    def kept_forms(self):
        """The rows that name a member and are not removed."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("membership")
            and not form.cleaned_data.get("DELETE")
        ]

    def conflicts(self) -> dict[int, str]:
        """What ``actions.record_conflicts`` records."""
        return {
            form.cleaned_data["membership"]: form.cleaned_data["note"].strip()
            for form in self.kept_forms()
        }


ConflictFormSet = forms.formset_factory(
    ConflictRowForm, formset=ConflictBaseFormSet, extra=1, max_num=60, absolute_max=60
)


def member_choices(groups):
    """The members of an attendance list as choices grouped by committee."""
    return [
        (group.committee.name, [(member.pk, member.person_name) for member in group.members])
        for group in groups
        if group.members
    ]
