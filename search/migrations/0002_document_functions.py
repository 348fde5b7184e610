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
        # The kinds there were then (``0004`` adds the decision documents, and their column).
        migrations.RunSQL(
            "\n".join(
                f"SELECT search_index_{kind}s(NULL);"
                for kind in ("meeting", "item", "attachment", "idea", "project")
            ),
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
