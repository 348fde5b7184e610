"""The catalogue's reference lists in every language of the site (django-modeltranslation).

Each list entry gets ``name_da`` and ``name_en``; ``name`` reads the active language's name and
falls back to the Danish one, which is required. Ideas, comments and notes are what people
wrote and are never translated.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from catalogue.models import ActorType, Principle, WelfareArea


@register([ActorType, WelfareArea, Principle])
class TermTranslationOptions(TranslationOptions):
    fields = ["name"]
    required_languages = [settings.LANGUAGE_CODE]
    # An entry without an English name stores NULL, not "", so the unique names do not clash.
    empty_values = {"name": None}
