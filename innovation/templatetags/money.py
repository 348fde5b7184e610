"""Amounts as people read them: ``{{ funding.amount|kroner }}`` gives “1.250.000 kr.” in Danish
(the active language's grouping and decimal separators); ``{{ value|amount }}`` the number alone.
Whole amounts have no decimals, others two."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def amount(value):
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, use_l10n=True, force_grouping=True)


@register.filter
def kroner(value):
    if value is None or value == "":
        return "–"
    return _("%(amount)s kr.") % {"amount": amount(value)}
