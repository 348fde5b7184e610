from django import forms
from django.core.paginator import Paginator
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from innovation.shared import permissions
from innovation.shared.models import Export


class DKFDSFormRenderer(TemplatesSetting):
    """Renders every form and field with Det Fælles Designsystem markup."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class PageForm(forms.Form):
    """The page number of a paginated list (``?page=2``; ``name`` when a page shows several
    lists, each with its own number). Like the filters beside it, an invalid number is ignored:
    the list starts at its first page."""

    def __init__(self, *args, name="page", **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.fields[name] = forms.IntegerField(min_value=1, required=False)

    def page_of(self, object_list, per_page, *, count=None):
        """The chosen page of ``object_list`` (the last page when the number is past it).
        ``count``: the length of ``object_list`` when already known (no query for it)."""
        number = self.cleaned_data[self.name] if self.is_valid() else None
        paginator = Paginator(object_list, per_page)
        if count is not None:
            paginator = CountedPaginator(object_list, per_page, count=count)
        return paginator.get_page(number or 1)


class CountedPaginator(Paginator):
    """A paginator told its list's length (counted together with others, in one query)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class ExportForm(forms.Form):
    """A request to export a document (``innovation.shared.exports.request_export``):
    which document, of which object, in which PDF variant (the accessible one when none is
    given), and which edition (``audience``; none: the one the reader gets)."""

    document = forms.CharField(max_length=Export._meta.get_field("document").max_length)
    object_id = forms.IntegerField(min_value=0)
    variant = forms.ChoiceField(choices=Export.Variant.choices, required=False)
    audience = forms.ChoiceField(choices=list(permissions.AUDIENCES.items()), required=False)

    def clean_variant(self):
        return self.cleaned_data["variant"] or Export.Variant.ACCESSIBLE


class RowsFormSet(forms.BaseFormSet):
    """A formset of rows the user adds to: a broken management form gets a message (not a
    500), and ``with_another_row`` gives the rows typed so far with one more."""

    default_error_messages = {
        "missing_management_form": _(
            "The form arrived incomplete. Reload the page and enter the rows again."
        ),
    }

    def with_another_row(self):
        """The same formset, bound to the same data, with one more (empty) row."""
        data = self.data.copy()
        if self.management_form.is_valid():
            total = self.management_form.cleaned_data[TOTAL_FORM_COUNT]
            data[self.add_prefix(TOTAL_FORM_COUNT)] = str(min(total + 1, self.max_num))
        return type(self)(
            data, prefix=self.prefix, initial=self.initial, form_kwargs=self.form_kwargs
        )
