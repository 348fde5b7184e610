"""Template filters of the innovation projects."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def amount(value):
    """A measured or planned quantity as people write it, in the reader's language: grouped
    thousands, no trailing zeros (``1.250.000``, ``2,5``)."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)
