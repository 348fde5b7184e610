"""Forms of the innovation projects' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation.models import Partner


class NetworkFilterForm(forms.Form):
    """The filter above the network register; a GET form, so every filter state has a URL. An
    invalid value is ignored."""

    kind = forms.ChoiceField(label=_("Kind of partner"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Partner.Kind.choices]

    def filter(self, partners):
        if self.is_valid() and (kind := self.cleaned_data["kind"]):
            partners = partners.filter(kind=kind)
        return partners
