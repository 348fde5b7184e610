"""Seed the lists the secretariat edits: actor types, welfare areas (DOMAIN.md, "The idea
catalogue") and Gentofte's co-creation principles. Found by slug, so a renamed entry is kept."""

from django.db import migrations

ACTOR_TYPES = [
    ("politikere", "Politikere"),
    ("borgere", "Borgere"),
    ("virksomheder", "Virksomheder"),
    ("foreninger", "Foreninger"),
    ("frivillige", "Frivillige"),
    ("medarbejdere-og-ledere", "Medarbejdere og ledere"),
    ("andre", "Andre aktører"),
]
WELFARE_AREAS = [
    ("aeldre", "Ældre"),
    ("boern-og-unge", "Børn og unge"),
    ("sundhed", "Sundhed"),
    ("beskaeftigelse", "Beskæftigelse"),
    ("handicap", "Handicap"),
    ("kultur-og-fritid", "Kultur og fritid"),
    ("klima-og-by", "Klima og by"),
    ("administration", "Administration"),
]
PRINCIPLES = [
    ("lytter-foerst", "Lytter først"),
    ("bygger-bro", "Bygger bro"),
    ("skaber-fremdrift", "Skaber fremdrift"),
    ("goer-det-nemt", "Gør det nemt"),
    ("fastholder-virkelyst", "Fastholder virkelyst"),
    ("tydelig-ramme", "Tydelig ramme"),
]


def seed(apps, schema_editor):
    for model_name, rows in (
        ("ActorType", ACTOR_TYPES),
        ("WelfareArea", WELFARE_AREAS),
        ("Principle", PRINCIPLES),
    ):
        model = apps.get_model("catalogue", model_name)
        for order, (slug, name) in enumerate(rows, start=1):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
