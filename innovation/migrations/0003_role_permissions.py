from django.db import migrations

from innovation.shared.permissions import grant_model_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("innovation", "0002_export"),
        ("meetings", "0001_initial"),
        ("catalogue", "0005_edition_snapshot"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_model_permissions, migrations.RunPython.noop)]
