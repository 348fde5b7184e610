from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    """The project package, and the innovation-projects app (label ``innovation``)."""

    name = "innovation"
    label = "innovation"
    verbose_name = _("Innovation projects")

    def ready(self):
        from django.urls import reverse

        from innovation.models import Project
        from innovation.shared import (
            checks,  # noqa: F401 - registers the system checks
            exports,
            pagecache,
        )
        from meetings import mandate

        exports.register("innovation.documents")
        pagecache.register_triggers()
        mandate.register(
            mandate.Servant(
                key="projects",
                heading=_("Projects"),
                lookup="mandate_task",
                order=2,
                rows=lambda user: Project.objects.visible_to(user),
                url=lambda project: reverse("innovation:trace", args=[project.pk]),
                note=lambda project: project.get_phase_display(),
            )
        )
