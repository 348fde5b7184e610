from django import forms
from django.core.paginator import Paginator
from django.forms.renderers import TemplatesSetting

from innovation.models import Export


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

    def page_of(self, object_list, per_page):
        """The chosen page of ``object_list`` (the last page when the number is past it)."""
        number = self.cleaned_data[self.name] if self.is_valid() else None
        return Paginator(object_list, per_page).get_page(number or 1)


class ExportForm(forms.Form):
    """A request to export a document (``innovation.exports.request_export``): which document,
    of which object, in which PDF variant (the accessible one when none is given)."""

    document = forms.CharField(max_length=Export._meta.get_field("document").max_length)
    object_id = forms.IntegerField(min_value=0)
    variant = forms.ChoiceField(choices=Export.Variant.choices, required=False)

    def clean_variant(self):
        return self.cleaned_data["variant"] or Export.Variant.ACCESSIBLE
