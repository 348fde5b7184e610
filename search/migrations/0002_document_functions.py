from django.conf import settings
from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    """The functions the triggers call (``search/documents.py``), and the documents of what is
    there already (after ``0001``: its unique constraints, which the functions' upserts use,
    are made at its end)."""

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunSQL(sql.functions(settings.TIME_ZONE), reverse_sql=sql.DROP),
        migrations.RunSQL(sql.BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
