"""A row for every part of the content (``pagecache.DOMAINS``): a write that finds its row
outside what the cached pages show locks the part's row before it looks (``pagecache._hold``),
and a row must exist for that lock to order it after a write that raised the part."""

from django.db import migrations

# pagecache.DOMAINS as this migration was written: meetings, catalogue, innovation, people,
# documents. A part added later is seeded by its own migration.
PARTS = (1, 2, 3, 4, 5)


def seed_versions(apps, schema_editor):
    versions = apps.get_model("innovation", "ContentVersion").objects
    for pk in PARTS:
        versions.using(schema_editor.connection.alias).get_or_create(pk=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("innovation", "0012_content_version_and_cache"),
    ]

    operations = [migrations.RunPython(seed_versions, migrations.RunPython.noop)]
