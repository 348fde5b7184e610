from django.db import migrations

from innovation.shared.permissions import grant_model_permissions


class Migration(migrations.Migration):
    """The secretariat's rights on the innovation projects' models (innovation/permissions.py)."""

    dependencies = [("innovation", "0007_innovation_projects")]

    operations = [migrations.RunPython(grant_model_permissions, migrations.RunPython.noop)]
