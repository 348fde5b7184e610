"""Agendas published before versions were kept get their version 1: the agenda as it is when
migrating, published when the meeting's agenda was (held meetings keep none: their agenda as
published is not known any more). The secretariat may read the versions."""

from django.db import migrations
from django.db.models import Prefetch

from innovation.shared.permissions import grant_model_permissions
from meetings import versions


def keep_first_versions(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaVersion = apps.get_model("meetings", "AgendaVersion")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    parts = {
        name: apps.get_model("meetings", model).objects.order_by("order", "pk")
        for name, model in (
            ("sections", "ItemSection"),
            ("points", "RecommendationPoint"),
            ("attachments", "Attachment"),
        )
    }
    for meeting in Meeting.objects.filter(state="published", versions__isnull=True):
        items = (
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("number")
            .prefetch_related(*(Prefetch(name, queryset=qs) for name, qs in parts.items()))
        )
        agenda = {"items": [versions.item_entry(item) for item in items]}
        AgendaVersion.objects.create(
            meeting=meeting,
            number=1,
            published_at=meeting.published_at or meeting.starts_at,
            snapshot=agenda,
            index=versions.index_of(agenda, number=1),
        )


def grant(apps, schema_editor):
    grant_model_permissions(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_agenda_versions_and_read_marks"),
        ("innovation", "0008_project_permissions"),
    ]

    operations = [
        migrations.RunPython(keep_first_versions, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
