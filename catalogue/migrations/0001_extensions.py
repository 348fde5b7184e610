"""pg_trgm for the trigram indexes on titles and summaries (similar ideas, compound words)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [TrigramExtension()]
