"""The rows that were there before the history began, as they are: what the first recorded
change of each is compared with (innovation.shared.history.record_baseline)."""

from django.db import migrations

from innovation.shared.history import record_baseline


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0008_history")]

    operations = [record_baseline("catalogue", "Idea")]
