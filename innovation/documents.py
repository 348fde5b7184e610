"""A project's recommendation (indstilling) to its committee, as a document: one HTML page
rendered in one pass by ``innovation.shared.pdf``, like every other document.

It is written for an audience, not a person (``rules.document_audience``): the members'
edition reads as a member of the project's committee (``permissions.CommitteeReader``), the
public edition as an anonymous visitor, and every read goes through ``visible_to(reader)``,
with the same context (``innovation.contexts.trace``) and partials
(``innovation/includes/project.html``) as the trace page. The recommendation points come from
the model (``stages.recommendation_points``).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovation import contexts, rules, stages
from innovation.models import Funding, LearningEntry, Partnership, Project
from innovation.shared import pdf, permissions
from meetings.documents import filename


class ProjectRecommendation:
    """Cover, summary and background, the recommendation, then the project's trace (ideas,
    earlier decisions, gates), partners, funding and benefits, and — in the members' edition —
    the learning log."""

    name = "innovation.recommendation"
    label = gettext_lazy("Project recommendation")
    template = "innovation/pdf/recommendation.html"

    def get_object(self, pk):
        return Project.objects.select_related("committee").get(pk=pk)

    def audience_for(self, user, obj) -> str | None:
        return rules.document_audience(user, obj)

    def title(self, obj, audience) -> str:
        title = _("%(document)s: %(project)s") % {"document": self.label, "project": obj.title}
        if audience == permissions.PUBLIC:
            return f"{title} ({permissions.AUDIENCES[permissions.PUBLIC].lower()})"
        return title

    def filename(self, obj, audience) -> str:
        edition = _("public") if audience == permissions.PUBLIC else ""
        return filename(self.label, obj.title, edition)

    def html(self, obj, audience) -> str:
        reader = rules.document_reader(obj, audience)
        try:
            project = (
                Project.objects.visible_to(reader)
                .select_related("committee", "mandate_task")
                .get(pk=obj.pk)
            )
        except Project.DoesNotExist:
            raise pdf.PdfError(_("This edition of the document is not available.")) from None
        trace = contexts.trace(project, reader)
        head = pdf.Head(
            title=self.title(project, audience),
            author=f"{project.committee.name}, {settings.MUNICIPALITY_NAME}",
            subject=f"{self.label}, {permissions.AUDIENCES[audience].lower()}",
            keywords=", ".join([str(self.label), project.committee.name, project.title]),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            header=f"{project.committee.name} · {project.title}",
        )
        return render_to_string(
            self.template,
            {
                "head": head,
                "print": True,
                "municipality": pdf.municipality(),
                "kind": self.label,
                "edition": permissions.AUDIENCES[audience],
                "project": project,
                "trace": trace,
                "benefits": contexts.benefit_rows(trace.benefits),
                "recommended_by": stages.CHIEF,
                "points": stages.recommendation_points(project.phase),
                "partnerships": Partnership.objects.visible_to(reader)
                .filter(project=project)
                .select_related("partner"),
                "funding": Funding.objects.visible_to(reader).filter(project=project),
                "learning": LearningEntry.objects.visible_to(reader).filter(project=project),
            },
        )

    def fingerprint(self, obj, audience, variant) -> str:
        return pdf.digest(variant, self.html(obj, audience))

    def build(self, obj, *, audience, variant=pdf.ACCESSIBLE, progress=None, notes=None):
        html = self.html(obj, audience)
        if progress:
            progress(1, 3)
        return pdf.render(html, variant=variant)


BUILDERS = {builder.name: builder for builder in (ProjectRecommendation(),)}
