from django.conf import settings
from django.db import migrations

from search import sql


class Migration(migrations.Migration):
    """The functions that write the search documents, again (``search/sql.py``): in PL/pgSQL,
    each call planned for the branch it takes. The SQL functions planned one statement for both
    the backfill and a list of ids, and read every document's row on every write (70 ms at
    155,000 documents, once per item, section, point, attachment, idea or project saved)."""

    dependencies = [("search", "0002_document_functions")]

    operations = [
        migrations.RunSQL(sql.functions(settings.TIME_ZONE), reverse_sql=migrations.RunSQL.noop),
    ]
