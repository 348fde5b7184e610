from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Committee, Meeting, PrivateNote


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
