from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    """The project package, and the innovation-projects app (label ``innovation``)."""

    name = "innovation"
    label = "innovation"
    verbose_name = _("Innovation projects")

    def ready(self):
        from innovation.shared import checks  # noqa: F401 - registers the system checks
