"""Forms of the staff and secretariat pages: submit and edit an idea, curate, capture a workshop.

The forms only check input; the rules (who may, which step, what a step needs) are read from
``catalogue/actions.py`` and ``catalogue/querysets.py``.
"""

import json

from django import forms
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

from catalogue import actions
from catalogue.forms import order_lists_by_language
from catalogue.models import ActorType, Idea, IdeaLink, WelfareArea
from innovation.shared.forms import RowsFormSet
from innovation.shared.submissions import SentOnceMixin
from meetings.models import MandateTask

FIELD_TEMPLATE = "catalogue/staff/field.html"

# What the submitter may say about a similar idea, and the link it becomes.
HINT_KINDS = {
    IdeaLink.Kind.DUPLICATE_OF: _("This is the same as “%(title)s”"),
    IdeaLink.Kind.RELATED: _("This builds on “%(title)s”"),
}


# The number of an idea, wherever one is typed or sent ("²" is a digit to ``str.isdigit``, not
# a number to it).
IDEA_NUMBER = forms.IntegerField(min_value=1)


MESSAGES = {
    "title": {
        "required": _("Give the idea a title."),
        "max_length": _(
            "The title may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "summary": {
        "required": _("Write a short summary of the idea."),
        "max_length": _(
            "The summary may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "description": {
        "max_length": _(
            "The description may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "contact": {
        "max_length": _(
            "The contact may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "note": {
        "required": _("Write the note."),
        "max_length": _(
            "The note may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "submitter_answer": {
        "required": _("Answer the secretariat's question before you resubmit the idea."),
        "max_length": _(
            "The answer may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
    "answer": {
        "max_length": _(
            "The answer may be at most %(limit_value)d characters long; "
            "it is %(show_value)d characters now."
        ),
    },
}


def submitter_answer_field():
    """The submitter's answer to the secretariat's question, sent with the resubmission."""
    return forms.CharField(
        label=_("Your answer to the secretariat"),
        help_text=_("The secretariat reads it with the idea when you resubmit it."),
        max_length=actions.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=MESSAGES["submitter_answer"],
    )


def _keep_answer(form, idea, *, submitting):
    """Keep ``form``'s answer field only where resubmitting ``idea`` needs an answer; asked for
    (required) unless the bound form is not resubmitting."""
    if not actions.answer_required(idea.status, Idea.Status.SUBMITTED) or not actions.may_make(
        form.user, idea, Idea.Status.SUBMITTED
    ):
        del form.fields["answer"]
        return
    field = form.fields["answer"]
    field.required = submitting or not form.is_bound
    field.widget.attrs.pop("maxlength", None)


class IdeaForm(SentOnceMixin, forms.ModelForm):
    """Submit or edit an idea. ``link`` takes a choice from the similar-idea hints
    (``"duplicate_of:12"``); the view turns it into an ``IdeaLink`` through the actions."""

    link = forms.CharField(required=False, widget=forms.HiddenInput)
    # Only on an idea sent back for clarification, for the submitter who resubmits it.
    answer = submitter_answer_field()
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas."),
    )

    class Meta:
        model = Idea
        fields = [
            "title",
            "summary",
            "description",
            "welfare_area",
            "actor_types",
            "tags",
            "dis_dimensions",
            "mandate_task",
            "expected_value",
            "effort",
            "principles",
            "contact",
        ]
        labels = {"title": _("Title"), "summary": _("Summary"), "description": _("Description")}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "actor_types": forms.CheckboxSelectMultiple,
            "principles": forms.CheckboxSelectMultiple,
            "dis_dimensions": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            name: MESSAGES[name] for name in ("title", "summary", "description", "contact")
        }

    def __init__(self, *args, user, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        order_lists_by_language(self)
        self.user = user
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE
        _keep_answer(self, self.instance, submitting=submitting)
        if "answer" in self.fields:
            # Needed only to resubmit, so not checked field by field while it is typed.
            self.fields["answer"].template_name = None
        self.fields["dis_dimensions"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["dis_dimensions"].choices
        )
        self.fields["welfare_area"].empty_label = _("Choose a welfare area")
        self.fields["mandate_task"].queryset = MandateTask.objects.select_related(
            "committee"
        ).order_by("committee__name", "order", "pk")
        self.fields["mandate_task"].empty_label = _("None")
        for name in ("expected_value", "effort"):
            self.fields[name].choices = [("", _("Not assessed")), *Idea.Size.choices]
        for name in ("title", "summary", "description", "contact"):
            # Let the browser count, but leave the message to the server (a paste may be long).
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        hints = {
            "hx-get": reverse("catalogue:similar"),
            "hx-trigger": "keyup changed delay:400ms",
            "hx-target": "#similar-ideas",
            "hx-swap": "innerHTML",
            "hx-include": "#id_title, #id_summary, #similar-ideas",
            "hx-sync": "this:replace",
        }
        if self.instance.pk:
            hints["hx-vals"] = json.dumps({"exclude": self.instance.pk})
        for name in ("title", "summary"):
            self.fields[name].widget.attrs.update(hints)

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_summary(self):
        return self.cleaned_data["summary"].strip()

    def clean_tags(self):
        """Each tag fits the tag table (its name and its slug, with room for taggit's ``_n``
        when two names make the same slug)."""
        limit = Tag._meta.get_field("name").max_length - 10
        for tag in self.cleaned_data["tags"]:
            if max(len(tag), len(slugify(tag, allow_unicode=True))) > limit:
                raise forms.ValidationError(
                    _("A tag may be at most %(limit)d characters long: %(tag)s…"),
                    params={"limit": limit, "tag": tag[:20]},
                    code="max_length",
                )
        return self.cleaned_data["tags"]

    def clean_link(self):
        """``kind:pk`` of a similar idea the user may see, or nothing."""
        value = self.cleaned_data["link"].strip()
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        try:
            pk = IDEA_NUMBER.clean(pk)
        except forms.ValidationError:
            pk = None
        if kind not in HINT_KINDS or pk is None:
            raise forms.ValidationError(_("Choose one of the similar ideas."))
        target = Idea.objects.visible_to(self.user).filter(pk=pk).first()
        if target is None or (self.instance.pk and target.pk == self.instance.pk):
            raise forms.ValidationError(_("Choose one of the similar ideas."))
        return kind, target

    def details(self):
        """The visible fields that the page does not place on their own (title, summary and
        the answer to the secretariat come first)."""
        return [
            field
            for field in self.visible_fields()
            if field.name not in ("title", "summary", "answer")
        ]

    def require_for_submitting(self):
        """Mark what ``actions.REQUIRED_TO_SUBMIT`` needs as missing on its field; ``True``
        when nothing is missing."""
        missing = False
        for name in actions.REQUIRED_TO_SUBMIT:
            if name in self.fields and not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    _("Fill in %(field)s before you submit the idea.")
                    % {"field": Idea._meta.get_field(name).verbose_name},
                )
                missing = True
        return not missing


class ResubmitForm(forms.Form):
    """Hand in a draft, or resubmit an idea after clarifying it (then with an answer)."""

    answer = submitter_answer_field()

    def __init__(self, *args, idea, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _keep_answer(self, idea, submitting=True)


class SimilarIdeasForm(forms.Form):
    """What the similar-idea hints search for: the title and summary typed so far (the idea
    form's own fields), the idea being edited (``exclude``) and the hint already chosen."""

    title = forms.CharField(required=False, max_length=Idea._meta.get_field("title").max_length)
    summary = forms.CharField(required=False, max_length=Idea._meta.get_field("summary").max_length)
    exclude = forms.IntegerField(required=False, min_value=1)
    link = forms.CharField(required=False)


class InlineValidationForm(forms.Form):
    """Which field of the idea form the inline validation checks (``validate=title``)."""

    validate = forms.ChoiceField()

    def __init__(self, *args, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["validate"].choices = [(name, name) for name in names]


class NoteForm(SentOnceMixin, forms.Form):
    text = forms.CharField(
        label=_("New internal note"),
        help_text=_("Only the secretariat can read internal notes."),
        max_length=actions.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=MESSAGES["note"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)


class StatusForm(forms.Form):
    """Change the status of one idea, or (``ideas``) of several."""

    to_status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a status.")},
    )
    answer = forms.CharField(
        label=_("Answer to the submitter"),
        help_text=_(
            "The submitter reads it on “My ideas”. Required to ask for clarification "
            "or to reject (the reason)."
        ),
        required=False,
        max_length=actions.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=MESSAGES["answer"],
    )
    revisit_on = forms.DateField(
        label=_("Revisit on"),
        help_text=_("Only for a parked idea."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Write the date as yyyy-mm-dd.")},
    )

    # The status the page showed: if the idea has moved since, nothing is changed (409).
    # Not required, so that a page rendered before this field existed still works.
    from_status = forms.ChoiceField(
        choices=Idea.Status.choices, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, statuses, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, Idea.Status(status).label) for status in statuses
        ]
        self.fields["from_status"].initial = current
        self.fields["answer"].widget.attrs.pop("maxlength", None)


class BulkStatusForm(StatusForm):
    # Each listed idea as ``pk:status``, as the page showed it (``expected``).
    shown = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas"),
        queryset=Idea.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose at least one idea."),
            "invalid_choice": _("One of the ideas no longer exists."),
            "invalid_pk_value": _("One of the ideas no longer exists."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        statuses = [status for status in Idea.Status.values if status != Idea.Status.DRAFT]
        super().__init__(*args, statuses=statuses, **kwargs)
        self.fields["ideas"].queryset = Idea.objects.visible_to(user)
        self.fields["to_status"].widget = forms.Select()
        self.fields["to_status"].choices = [
            ("", _("Choose a status")),
            *self.fields["to_status"].choices,
        ]

    def clean_shown(self):
        """``{pk: status}`` of the ideas as the page showed them."""
        shown = {}
        for entry in self.cleaned_data["shown"] or []:
            pk, _sep, status = str(entry).partition(":")
            if not pk.isdigit() or status not in Idea.Status.values:
                raise forms.ValidationError(
                    _("The form arrived incomplete. Reload the page and try again.")
                )
            shown[int(pk)] = status
        return shown


class LinkForm(SentOnceMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("This idea is"), choices=IdeaLink.Kind.choices, widget=forms.RadioSelect
    )
    target = forms.IntegerField(
        label=_("Number of the other idea"),
        help_text=_("The number is shown next to each idea, e.g. among the similar ideas."),
        min_value=1,
        error_messages={
            "required": _("Give the number of the other idea."),
            "invalid": _("Give the number of the other idea."),
        },
    )

    def __init__(self, *args, user, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.idea = idea

    def clean_target(self):
        target = Idea.objects.visible_to(self.user).filter(pk=self.cleaned_data["target"]).first()
        if target is None:
            raise forms.ValidationError(_("There is no idea with that number."))
        if target.pk == self.idea.pk:
            raise forms.ValidationError(_("An idea cannot be linked to itself."))
        return target


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    QUEUE = (Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW, Idea.Status.NEEDS_CLARIFICATION)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All in the queue")),
            *((status, Idea.Status(status).label) for status in self.QUEUE),
        ]

    def filter(self, ideas):
        self.is_valid()
        status = getattr(self, "cleaned_data", {}).get("status")
        return ideas.filter(status__in=[status] if status else self.QUEUE)


class CaptureForm(forms.Form):
    """One idea of a workshop group's results."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Idea._meta.get_field("title").max_length,
        error_messages=MESSAGES["title"],
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=Idea._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=MESSAGES["summary"],
    )
    welfare_area = forms.ModelChoiceField(
        label=_("Welfare area"),
        queryset=WelfareArea.objects.all(),
        empty_label=_("Choose a welfare area"),
        error_messages={"required": _("Choose a welfare area.")},
    )
    actor_types = forms.ModelMultipleChoiceField(
        label=_("Actors involved"),
        queryset=ActorType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order_lists_by_language(self)
        for name in ("title", "summary"):
            self.fields[name].widget.attrs.pop("maxlength", None)


# However many rows the request claims, no more than ``max_num`` are built (``absolute_max``).
CaptureFormSet = forms.formset_factory(
    CaptureForm,
    formset=RowsFormSet,
    extra=3,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


class EditionForm(SentOnceMixin, forms.Form):
    """Publish the next edition of the catalogue document, with an optional note."""

    note = forms.CharField(
        label=_("Note"),
        help_text=_("Shown on the cover and in the list of editions."),
        required=False,
        max_length=actions.EDITION_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=MESSAGES["note"],
    )
