from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Idea catalogue")

    def ready(self):
        from django.urls import reverse

        from catalogue.models import Idea
        from innovation.shared import exports
        from meetings import mandate

        exports.register("catalogue.documents")
        mandate.register(
            mandate.Servant(
                key="ideas",
                heading=_("Ideas"),
                lookup="mandate_task",
                order=1,
                rows=lambda user: Idea.objects.visible_to(user),
                note=lambda idea: idea.get_status_display(),
                list_url=lambda task: f"{reverse('catalogue:index')}?task={task.pk}",
            )
        )
