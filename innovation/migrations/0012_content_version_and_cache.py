"""The version that cached pages are keyed by (innovation/shared/pagecache.py; its triggers are
installed by every migrate), and the cache table when the cache is PostgreSQL's."""

from django.core.management import call_command
from django.db import migrations, models


def seed_version(apps, schema_editor):
    apps.get_model("innovation", "ContentVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


def create_cache_table(apps, schema_editor):
    # Does nothing for a cache that is not in the database (Redis).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("innovation", "0011_form_submissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0, verbose_name="value")),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
            },
        ),
        migrations.RunPython(seed_version, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
