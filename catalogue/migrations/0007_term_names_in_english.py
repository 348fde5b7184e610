"""Fill the names per language: the Danish name is the name the entry had, and the lists seeded
by 0003 get their English names. An entry the secretariat has renamed since (its Danish name is
no longer the seed's) or already named in English is left as it is."""

from django.db import migrations
from django.db.models import F

ENGLISH = {
    "ActorType": [
        ("politikere", "Politikere", "Politicians"),
        ("borgere", "Borgere", "Citizens"),
        ("virksomheder", "Virksomheder", "Companies"),
        ("foreninger", "Foreninger", "Associations"),
        ("frivillige", "Frivillige", "Volunteers"),
        ("medarbejdere-og-ledere", "Medarbejdere og ledere", "Employees and managers"),
        ("andre", "Andre aktører", "Other actors"),
    ],
    "WelfareArea": [
        ("aeldre", "Ældre", "Older people"),
        ("boern-og-unge", "Børn og unge", "Children and young people"),
        ("sundhed", "Sundhed", "Health"),
        ("beskaeftigelse", "Beskæftigelse", "Employment"),
        ("handicap", "Handicap", "Disability"),
        ("kultur-og-fritid", "Kultur og fritid", "Culture and leisure"),
        ("klima-og-by", "Klima og by", "Climate and city"),
        ("administration", "Administration", "Administration"),
    ],
    "Principle": [
        ("lytter-foerst", "Lytter først", "Listens first"),
        ("bygger-bro", "Bygger bro", "Builds bridges"),
        ("skaber-fremdrift", "Skaber fremdrift", "Creates momentum"),
        ("goer-det-nemt", "Gør det nemt", "Makes it easy"),
        ("fastholder-virkelyst", "Fastholder virkelyst", "Sustains the will to act"),
        ("tydelig-ramme", "Tydelig ramme", "Clear frame"),
    ],
}


def fill(apps, schema_editor):
    for model_name, rows in ENGLISH.items():
        model = apps.get_model("catalogue", model_name)
        model.objects.filter(name_da__isnull=True).update(name_da=F("name"))
        for slug, danish, english in rows:
            model.objects.filter(slug=slug, name_da=danish, name_en__isnull=True).update(
                name_en=english
            )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_term_name_per_language")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
