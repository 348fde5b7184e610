from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Idea catalogue")

    def ready(self):
        import pgtrigger
        from django.urls import reverse

        from catalogue.models import MATRIX_LINK, Idea
        from innovation.shared import exports
        from meetings import mandate

        exports.register("catalogue.documents")
        # The actor matrix's stored counts follow the ideas' actor types too (the ideas' own
        # triggers are in ``Idea.Meta``; this table is Django's, made for the many-to-many).
        pgtrigger.register(
            pgtrigger.Trigger(
                name="matrix_count_link",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=MATRIX_LINK,
            )
        )(Idea.actor_types.through)
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
