"""The pages of the model and of the projects' chain: the model page (rendered from
``innovation.stages``, the one place the rules live), a project's trace, and the network
register. Every read goes through ``visible_to(user)`` (``innovation/querysets.py`` and the
other apps' own); the views add no access rules of their own. Each view serves its full page
and, for htmx, the partial named after the DOM id it renders.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from innovation import contexts, rules, stages
from innovation.forms import NetworkFilterForm
from innovation.models import Project
from innovation.shared import htmx
from innovation.shared.forms import PageForm

PARTNERS_PER_PAGE = 50
RECOMMENDATION = "innovation.recommendation"


def model(request):
    """The DIS model, stage by stage: who decides each gate, what anchors the decision and what
    must exist to pass. Public; no query of its own."""
    return render(request, "innovation/model.html", {"stages": stages.model()})


@vary_on_headers("HX-Request")
def trace(request, pk):
    """One project's chain: ideas → agenda items → decisions → gates → benefits."""
    user = request.user
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related("committee", "mandate_task"), pk=pk
    )
    chain = contexts.trace(project, user)
    context = {
        "project": project,
        "trace": chain,
        "benefits": contexts.benefit_rows(chain.benefits),
        # The project's recommendation, when there is an edition for this reader.
        "recommendation": RECOMMENDATION if rules.document_audience(user, project) else "",
    }
    return render(request, htmx.template(request, "innovation/trace.html", "trace"), context)


@vary_on_headers("HX-Request")
def network(request):
    """The network register: who works on which projects, and in which role."""
    user = request.user
    form = NetworkFilterForm(request.GET or None)
    partners = form.filter(contexts.network(user))
    context = {
        "form": form,
        "page": PageForm(request.GET).page_of(partners, PARTNERS_PER_PAGE),
        "show_contacts": rules.may_see_contacts(user),
    }
    return render(request, htmx.template(request, "innovation/network.html", "network"), context)
