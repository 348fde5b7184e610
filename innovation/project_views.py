"""Innovation projects: the portfolio, the project page with its tabs, and the secretariat's
forms. Reads go through ``visible_to(user)`` (``innovation/querysets.py``), writes through
``innovation/actions.py``; each view serves its page and, for htmx, the partial named after the
DOM id it renders (``innovation.shared.htmx``)."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from catalogue.models import Idea
from innovation import actions, charts, contexts, rules, stages
from innovation.forms import NetworkFilterForm
from innovation.models import (
    Benefit,
    Funding,
    LearningEntry,
    Measurement,
    Partnership,
    Project,
    ProjectNote,
)
from innovation.project_forms import (
    BenefitForm,
    FundingForm,
    GateForm,
    LearningForm,
    MeasurementForm,
    NewMeasurementForm,
    NoteForm,
    PartnershipEditForm,
    PartnershipForm,
    ProjectForm,
    ProposeForm,
    TargetsForm,
)
from innovation.shared import htmx, pagecache, submissions
from innovation.shared.forms import PageForm
from meetings.models import AgendaItem

Phase = stages.Phase


def secretariat_required(view):
    """Anonymous visitors log in; other users are refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if rules.may_manage_projects(request.user):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())

    return wrapper


def _projects(request):
    return Project.objects.visible_to(request.user).select_related("committee")


def _project(request, pk):
    projects = _projects(request).select_related("mandate_task__committee", "case")
    return get_object_or_404(projects, pk=pk)


# --- The portfolio ------------------------------------------------------------------------------


PORTFOLIO_SHOWS = ("innovation", "meetings")
"""The parts of the content (``pagecache.DOMAINS``) the portfolio shows: the projects and
their registers, and the committees (an idea submitted leaves it in the cache)."""


def _funding_sum(user, status):
    rows = (
        Funding.objects.visible_to(user)
        .filter(project=OuterRef("pk"), status=status)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
    return Coalesce(
        Subquery(rows, output_field=DecimalField(max_digits=16, decimal_places=2)), zero
    )


@vary_on_headers("HX-Request")
@pagecache.for_visitors("portfolio", domains=PORTFOLIO_SHOWS, clock=timezone.localdate)
def portfolio(request):
    """Every project the reader may see: active transformative projects first, then the other
    active ones, then those parked or ended; the phase funnel, funding granted against applied
    for (applied only for the secretariat), benefits on and off track, time in phase."""
    # The figures are the same for everyone of one audience on one day (days in a stage count
    # on the clock): cached as the rest of the read pages (``innovation/shared/pagecache.py``,
    # never stale: every write raises the version).
    user = request.user
    html = pagecache.fragment(
        "portfolio",
        pagecache.audience(user),
        rules.may_see_negotiations(user),
        rules.may_manage_projects(user),
        timezone.localdate().isoformat(),
        sorted(request.GET.lists()),
        render=lambda: render_to_string(
            "innovation/portfolio.html#portfolio", _portfolio_context(request), request
        ),
        domains=PORTFOLIO_SHOWS,
    )
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(html)
    return render(
        request, "innovation/portfolio.html", {"portfolio": html, "nav_section": "projects"}
    )


PROJECTS_PER_PAGE = 20


def _portfolio_context(request):
    """One page of the projects (active transformative ones first, then the other active ones,
    then those parked or ended) with their funding and benefits; the funnel and the totals
    counted by the database over every project the reader sees; funding and time in the stage
    drawn for the active projects of the page."""
    user = request.user
    sees_applied = rules.may_see_negotiations(user)
    visible = _projects(request)
    inactive_last = Case(When(phase__in=stages.ACTIVE, then=Value(0)), default=Value(1))
    ordered = visible.annotate(
        granted=_funding_sum(user, Funding.Status.GRANTED),
        applied=_funding_sum(user, Funding.Status.APPLIED),
        inactive_last=inactive_last,
    ).order_by("inactive_last", "-is_transformative", Lower("title"), "pk")
    page = PageForm(request.GET).page_of(ordered, PROJECTS_PER_PAGE)
    projects = list(page)
    per_project = {}
    for benefit in Benefit.objects.filter(project__in=[p.pk for p in projects]).prefetch_related(
        "measurements"
    ):
        per_project.setdefault(benefit.project_id, Counter())[benefit.track] += 1
    today = timezone.localdate()
    for project in projects:
        counts = per_project.get(project.pk, Counter())
        project.tracks = [
            (key, label, counts[key]) for key, label in Benefit.TRACKS.items() if counts[key]
        ]
        project.days_in_phase = (today - project.phase_since).days
    active = [p for p in projects if p.is_active]
    phases = Counter(dict(visible.order_by().values_list("phase").annotate(n=Count("pk"))))
    # Where a benefit stands is read from its measurements (``Benefit.track``), not a column:
    # only the benefits with measurements are read; one without any is not measured yet.
    benefits = Benefit.objects.filter(project__in=visible.values("pk"))
    has_measurements = Exists(Measurement.objects.filter(benefit=OuterRef("pk")))
    tracks = Counter(
        benefit.track
        for benefit in benefits.filter(has_measurements).prefetch_related("measurements")
    )
    tracks[Benefit.NOT_MEASURED] += benefits.filter(~has_measurements).count()
    funding = Funding.objects.visible_to(user).filter(project__in=visible.values("pk"))
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
    totals = funding.aggregate(
        granted=Coalesce(Sum("amount", filter=Q(status=Funding.Status.GRANTED)), zero),
        applied=Coalesce(Sum("amount", filter=Q(status=Funding.Status.APPLIED)), zero),
    )
    return {
        "page": page,
        "projects": projects,
        "active": active,
        "any_active": any(phases[phase] for phase in stages.ACTIVE),
        "inactive": [p for p in projects if not p.is_active],
        "funnel": charts.phase_chart(phases),
        "funnel_rows": [(phase, phases[phase]) for phase in charts.FUNNEL],
        "funding": charts.funding_chart(active, sees_applied, totals=totals),
        "totals": totals,
        "benefits_chart": charts.track_chart(tracks),
        "track_rows": [(label, tracks[key]) for key, label in Benefit.TRACKS.items()],
        "time_chart": charts.time_chart(active),
        "sees_applied": sees_applied,
        "may_manage": rules.may_manage_projects(user),
        "nav_section": "projects",
    }


# --- The project page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str


TABS = (
    Tab("oversigt", gettext_lazy("Overview")),
    Tab("ideer", gettext_lazy("Ideas")),
    Tab("beslutninger", gettext_lazy("Gates and decisions")),
    Tab("finansiering", gettext_lazy("Funding")),
    Tab("partnere", gettext_lazy("Partners")),
    Tab("gevinster", gettext_lazy("Benefits")),
    Tab("laering", gettext_lazy("Learning log")),
)
TAB_PARAMETER = "fane"


class TabForm(forms.Form):
    """Which tab of the project page (``?fane=``); an unknown one shows the overview."""

    fane = forms.ChoiceField(choices=[(tab.slug, tab.label) for tab in TABS], required=False)

    def tab(self):
        return (self.is_valid() and self.cleaned_data["fane"]) or TABS[0].slug


def tab_url(project, slug):
    return f"{project.get_absolute_url()}?{TAB_PARAMETER}={slug}"


def _overview(request, project):
    user = request.user
    passed = _passed(project)
    context = {
        "welfare_areas": project.welfare_areas.all(),
        "dimensions": [Idea.Dimension(value).label for value in project.dis_dimensions],
        # The road's stages, passed and current; none for a parked or stopped project.
        "road": [
            {"phase": phase, "current": phase == project.phase, "passed": phase in passed}
            for phase in stages.ROAD
        ]
        if project.phase in stages.ROAD
        else [],
    }
    if rules.may_manage_projects(user):
        context["next_gates"] = [
            {"gate": gate, "unmet": gate.unmet(project)}
            for gate in stages.gates_from(project.phase)
        ]
        context["notes"] = (
            ProjectNote.objects.visible_to(user).filter(project=project).select_related("author")
        )
        context["note_form"] = NoteForm()
    return context


def _passed(project):
    """The stages of the road the project has left behind."""
    if project.phase not in stages.ROAD:
        return set()
    return set(stages.ROAD[: stages.ROAD.index(project.phase)])


def _ideas(request, project):
    user = request.user
    ideas = (
        Idea.objects.visible_to(user)
        .filter(projects=project)
        .with_origin(user)
        .select_related("welfare_area")
        .order_by("title")
    )
    return {"ideas": ideas}


def _gates(request, project):
    user = request.user
    gates = list(project.gates.all())
    anchored = AgendaItem.objects.visible_to(user).filter(
        pk__in=[gate.item_id for gate in gates if gate.item_id]
    )
    readable = {item.pk: item for item in anchored.select_related("meeting")}
    for gate in gates:
        gate.readable_item = readable.get(gate.item_id)
        model_gate = stages.gate(gate.from_phase, gate.to_phase)
        gate.decided_by = model_gate.decided_by if model_gate else ""
    context = {"gates": gates, "agenda": []}
    if project.case_id:
        context["agenda"] = (
            AgendaItem.objects.visible_to(user)
            .filter(case_id=project.case_id)
            .select_related("meeting")
            .order_by("meeting__starts_at", "number")
        )
    if rules.may_manage_projects(user):
        political = actions.political_gates(project)
        context["decided"] = list(actions.decided_items(project)) if political else []
        context["political"] = political
        context["may_propose"] = bool(political) and project.phase not in stages.ENDED
    return context


def _funding(request, project):
    rows = list(Funding.objects.visible_to(request.user).filter(project=project))
    totals = []
    for status, label in Funding.Status.choices:
        chosen = [row.amount for row in rows if row.status == status]
        if chosen or status == Funding.Status.GRANTED:
            totals.append((label, sum(chosen, Decimal(0)), len(chosen)))
    return {"funding": rows, "funding_totals": totals}


def _partners(request, project):
    return {
        "partnerships": project.partnerships.select_related("partner"),
        "show_contacts": rules.may_see_contacts(request.user),
    }


def _benefits(request, project):
    benefits = list(project.benefits.prefetch_related("measurements", "versions__by"))
    for benefit in benefits:
        benefit.chart = charts.benefit_chart(benefit)
    return {"benefits": benefits}


def _learning(request, project):
    if not rules.may_read_learning(request.user, project):
        raise Http404
    entries = (
        LearningEntry.objects.visible_to(request.user).filter(project=project).select_related("by")
    )
    return {"entries": entries}


TAB_CONTEXT = {
    "oversigt": _overview,
    "ideer": _ideas,
    "beslutninger": _gates,
    "finansiering": _funding,
    "partnere": _partners,
    "gevinster": _benefits,
    "laering": _learning,
}


def _tabs(request, project, current):
    learning = rules.may_read_learning(request.user, project)
    return [
        {
            "slug": tab.slug,
            "label": tab.label,
            "url": tab_url(project, tab.slug),
            "current": tab.slug == current,
        }
        for tab in TABS
        if tab.slug != "laering" or learning
    ]


def _project_context(request, project, tab, **extra):
    return {
        "project": project,
        "tab": tab,
        "tab_label": next(t.label for t in TABS if t.slug == tab),
        "tabs": _tabs(request, project, tab),
        "may_manage": rules.may_manage_projects(request.user),
        "nav_section": "projects",
        **TAB_CONTEXT[tab](request, project),
        **extra,
    }


@vary_on_headers("HX-Request")
def project_detail(request, pk):
    """A project with its tabs: each tab is a URL of its own (``?fane=``) that htmx loads into
    the panel; without JavaScript the links load the whole page."""
    project = _project(request, pk)
    tab = TabForm(request.GET).tab()
    context = _project_context(request, project, tab)
    return render(
        request, htmx.template(request, "innovation/project.html", "project-panel"), context
    )


# --- The secretariat's forms --------------------------------------------------------------------


def _done(request, url, message):
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _form_page(request, form, *, save, heading, submit, back, project=None, intro="", extra=None):
    """A page with one form, saved through an action: ``save(cleaned_data)`` returns the
    URL to go to and the message, or raises ``ActionError``, whose message is shown on the form.
    Errors answer 422 with the form (its fragment for htmx)."""
    done = {}
    if request.method == "POST" and form.is_valid():
        # A form that creates is made once, however often it is sent (``submissions``).

        def make():
            try:
                done["url"], done["message"] = save(submissions.without_key(form.cleaned_data))
            except actions.ActionError as error:
                form.add_error(None, str(error))
                done["moved"] = isinstance(error, actions.StatusMoved)
                return None
            return done["url"]

        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        if url:
            return _done(request, url, done["message"] if made else submissions.ALREADY_SENT)
    status = htmx.INVALID if form.errors else 200
    if done.get("moved"):
        status = HTTPStatus.CONFLICT  # the project moved on since the page was shown
    context = {
        "form": form,
        "project": project,
        "heading": heading,
        "submit": submit,
        "back": back,
        "intro": intro,
        "nav_section": "projects",
        **(extra or {}),
    }
    template = "innovation/project_form.html"
    if request.method == "POST":
        template = htmx.template(request, template, "project-form")
    return render(request, template, context, status=status)


@secretariat_required
def project_new(request):
    """A project grown from ideas (``?ideer=`` chooses them beforehand, e.g. from curation)."""
    initial = {"ideas": request.GET.getlist("ideer")} if request.method == "GET" else None
    form = ProjectForm(request.POST or None, initial=initial)

    def save(data):
        project = actions.create_project(
            by=request.user,
            ideas=data["ideas"],
            committee=data["committee"],
            title=data["title"],
            summary=data["summary"],
            problem=data["problem"],
            hypotheses=data["hypotheses"],
            owner=data["owner"],
            mandate_task=data["mandate_task"],
            welfare_areas=list(data["welfare_areas"]) or None,
            dis_dimensions=data["dis_dimensions"] or None,
            is_transformative=data["is_transformative"],
            is_published=data["is_published"],
            case_reference=data["case_reference"],
        )
        return project.get_absolute_url(), _("The project “%(title)s” is created.") % {
            "title": project.title
        }

    return _form_page(
        request,
        form,
        save=save,
        heading=_("New project"),
        submit=_("Create the project"),
        back=reverse("projects"),
        intro=_(
            "A project starts in exploration. The ideas it grows from become “selected for a "
            "project” in the catalogue, and the project shows where it came from."
        ),
    )


@secretariat_required
def project_edit(request, pk):
    project = _project(request, pk)
    if project.phase in stages.ENDED:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project)

    def save(data):
        fields = {name: data[name] for name in actions.PROJECT_FIELDS}
        actions.update_project(
            project=project,
            by=request.user,
            ideas=data["ideas"],
            welfare_areas=data["welfare_areas"],
            case_reference=data["case_reference"],
            **fields,
        )
        return project.get_absolute_url(), _("The project is saved.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Edit the project"),
        submit=_("Save the project"),
        back=project.get_absolute_url(),
    )


@secretariat_required
def gate(request, pk):
    """Pass a gate: each gate open from the project's stage with what it still lacks, and the
    decision."""
    project = _project(request, pk)
    # The stage the page showed (a hidden field of project_form.html).
    shown = request.POST.get("from_phase")
    form = GateForm(
        request.POST or None, project=project, phase=shown if shown in Phase.values else None
    )
    gates = [
        {"gate": gate, "unmet": gate.unmet(project)} for gate in stages.gates_from(project.phase)
    ]

    def save(data):
        decision = actions.pass_gate(
            project=project,
            to_phase=data["to_phase"],
            by=request.user,
            text=data["text"],
            decided_on=data["decided_on"],
            item=data["item"],
            revisit_on=data["revisit_on"],
            expected_phase=shown,
        )
        return tab_url(project, "beslutninger"), _(
            "The project is now in the stage “%(phase)s”."
        ) % {"phase": decision.get_to_phase_display()}

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Pass a gate"),
        submit=_("Pass the gate"),
        back=tab_url(project, "beslutninger"),
        extra={"gates": gates, "gate_page": True},
    )


@require_POST
@secretariat_required
def gate_from_decision(request, pk, item_pk):
    """Pass the political gate that a recorded decision on the project's case settles, in one
    step."""
    project = _project(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk)
    to_phase = request.POST.get("to_phase") or None
    try:
        decision = actions.pass_gate_from_decision(
            project=project,
            item=item,
            by=request.user,
            to_phase=to_phase,
            # The stage the page showed (a hidden field beside each button).
            expected_phase=request.POST.get("from_phase") or None,
        )
    except actions.ActionError as error:
        shown_at = item.pk
        if isinstance(error, actions.StatusMoved):
            # The page as it is now, the reason on top (the decision may be gone from it).
            project, shown_at, status = _project(request, pk), None, HTTPStatus.CONFLICT
        else:
            status = htmx.INVALID
        context = _project_context(
            request, project, "beslutninger", gate_error=str(error), gate_error_item=shown_at
        )
        template = htmx.template(request, "innovation/project.html", "project-panel")
        return render(request, template, context, status=status)
    return _done(
        request,
        tab_url(project, "beslutninger"),
        _("The project is now in the stage “%(phase)s”.")
        % {"phase": decision.get_to_phase_display()},
    )


@secretariat_required
def propose(request, pk):
    """Turn the project's proposal into an agenda item of a coming meeting."""
    project = _project(request, pk)
    form = ProposeForm(request.POST or None, project=project)

    def save(data):
        item = actions.propose_to_meeting(
            project=project, meeting=data["meeting"], by=request.user, to_phase=data["to_phase"]
        )
        url = reverse("meetings:workspace_item", args=[item.pk])
        return url, _(
            "Item %(number)s is on the agenda of %(meeting)s: check it before publishing."
        ) % {
            "number": item.number,
            "meeting": item.meeting,
        }

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Propose to a meeting"),
        submit=_("Put it on the agenda"),
        back=tab_url(project, "beslutninger"),
        intro=_(
            "The item gets the canonical sections and numbered recommendation points filled "
            "from the project, on the project's case. Funding applied for is left out: it is "
            "under negotiation."
        ),
    )


@require_POST
@secretariat_required
def note_add(request, pk):
    project = _project(request, pk)
    form = NoteForm(request.POST)
    saved = made = False
    if form.is_valid():

        def make():
            try:
                actions.add_note(project=project, by=request.user, text=form.cleaned_data["text"])
            except actions.ActionError as error:
                form.add_error("text", str(error))
                return None
            return tab_url(project, "oversigt") + "#project-notes"

        # Sent twice (the same key), the note is made once (``submissions``).
        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        saved = url is not None
    if saved and not request.htmx:
        messages.success(request, _("The note is saved.") if made else submissions.ALREADY_SENT)
        return redirect(url)
    context = _project_context(request, project, "oversigt")
    context.update(note_form=NoteForm() if saved else form, saved=saved)
    template = (
        "innovation/project.html#project-notes" if request.htmx else "innovation/project.html"
    )
    return render(request, template, context, status=200 if saved else htmx.INVALID)


@secretariat_required
def funding_new(request, pk):
    project = _project(request, pk)
    form = FundingForm(request.POST or None)

    def save(data):
        actions.add_funding(project=project, by=request.user, **data)
        return tab_url(project, "finansiering"), _("The funding is added.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Add funding"),
        submit=_("Add the funding"),
        back=tab_url(project, "finansiering"),
    )


@secretariat_required
def funding_edit(request, pk):
    funding = get_object_or_404(Funding.objects.select_related("project"), pk=pk)
    project = funding.project
    form = FundingForm(request.POST or None, instance=Funding.objects.get(pk=pk))

    def save(data):
        actions.update_funding(funding=funding, by=request.user, **data)
        return tab_url(project, "finansiering"), _("The funding is saved.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Edit the funding"),
        submit=_("Save the funding"),
        back=tab_url(project, "finansiering"),
    )


@secretariat_required
def partnership_new(request, pk):
    project = _project(request, pk)
    form = PartnershipForm(request.POST or None, project=project)

    def save(data):
        actions.add_partnership(
            project=project,
            by=request.user,
            role=data["role"],
            partner=data["partner"],
            **form.partner_fields(),
        )
        return tab_url(project, "partnere"), _("The partner is added.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Add a partner"),
        submit=_("Add the partner"),
        back=tab_url(project, "partnere"),
        intro=_(
            "Choose an organisation from the network register, or name a new one with its kind "
            "and contact."
        ),
    )


@secretariat_required
def partnership_edit(request, pk):
    partnership = get_object_or_404(Partnership.objects.select_related("project", "partner"), pk=pk)
    project, partner = partnership.project, partnership.partner
    initial = {
        "role": partnership.role,
        "kind": partner.kind,
        "contact_name": partner.contact_name,
        "contact_email": partner.contact_email,
        "contact_phone": partner.contact_phone,
    }
    form = PartnershipEditForm(request.POST or None, initial=initial)

    def save(data):
        actions.update_partnership(partnership=partnership, by=request.user, **data)
        return tab_url(project, "partnere"), _("The partner is saved.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("%(partner)s in the project") % {"partner": partner.name},
        submit=_("Save the partner"),
        back=tab_url(project, "partnere"),
        extra={"remove_url": reverse("innovation:partnership_remove", args=[partnership.pk])},
    )


@require_POST
@secretariat_required
def partnership_remove(request, pk):
    partnership = get_object_or_404(Partnership.objects.select_related("project", "partner"), pk=pk)
    project = partnership.project
    try:
        actions.remove_partnership(partnership=partnership, by=request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
        return redirect(tab_url(project, "partnere"))
    return _done(
        request,
        tab_url(project, "partnere"),
        _("%(partner)s is no longer a partner of the project.") % {"partner": partnership.partner},
    )


@secretariat_required
def benefit_new(request, pk):
    project = _project(request, pk)
    form = BenefitForm(request.POST or None)

    def save(data):
        actions.add_benefit(project=project, by=request.user, **data)
        return tab_url(project, "gevinster"), _("The benefit is added.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Add a benefit"),
        submit=_("Add the benefit"),
        back=tab_url(project, "gevinster"),
        intro=_(
            "After the Danish state's model for benefit realisation: an owner, an indicator "
            "measured from a baseline, and targets as a three-point estimate (low, likely, high). "
            "The targets lock when the project is approved."
        ),
    )


def _benefit(pk):
    return get_object_or_404(Benefit.objects.select_related("project__committee"), pk=pk)


@secretariat_required
def benefit_edit(request, pk):
    benefit = _benefit(pk)
    project = benefit.project
    form = BenefitForm(request.POST or None, instance=Benefit.objects.get(pk=pk))

    def save(data):
        fields = {
            k: v
            for k, v in data.items()
            if k not in actions.TARGETS or not benefit.targets_locked_at
        }
        actions.update_benefit(benefit=benefit, by=request.user, **fields)
        return tab_url(project, "gevinster"), _("The benefit is saved.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Edit the benefit"),
        submit=_("Save the benefit"),
        back=tab_url(project, "gevinster"),
    )


@secretariat_required
def targets_change(request, pk):
    benefit = _benefit(pk)
    project = benefit.project
    initial = {name: getattr(benefit, name) for name in actions.TARGETS}
    form = TargetsForm(request.POST or None, initial=initial)

    def save(data):
        version = actions.change_targets(benefit=benefit, by=request.user, **data)
        return tab_url(project, "gevinster"), _("The targets are changed (version %(number)d).") % {
            "number": version.number
        }

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Change the targets of “%(benefit)s”") % {"benefit": benefit.title},
        submit=_("Save a new version"),
        back=tab_url(project, "gevinster"),
        intro=_(
            "The targets were locked when the project was approved. A change is kept as a new "
            "version with its reason; the earlier versions stay visible."
        ),
    )


@secretariat_required
def measurement_new(request, pk):
    benefit = _benefit(pk)
    project = benefit.project
    form = NewMeasurementForm(request.POST or None)

    def save(data):
        actions.record_measurement(benefit=benefit, by=request.user, **data)
        return tab_url(project, "gevinster") + f"#benefit-{benefit.pk}", _(
            "The measurement is saved."
        )

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Measurement of “%(benefit)s”") % {"benefit": benefit.title},
        submit=_("Save the measurement"),
        back=tab_url(project, "gevinster"),
        intro=_("Plan a measurement with its date, or record its result."),
    )


@secretariat_required
def measurement_edit(request, pk):
    measurement = get_object_or_404(Measurement.objects.select_related("benefit__project"), pk=pk)
    benefit = measurement.benefit
    project = benefit.project
    initial = {
        "planned_on": measurement.planned_on,
        "measured_on": measurement.measured_on,
        "value": measurement.value,
        "note": measurement.note,
    }
    form = MeasurementForm(request.POST or None, initial=initial)

    def save(data):
        actions.record_measurement(
            benefit=benefit, by=request.user, measurement=measurement, **data
        )
        return tab_url(project, "gevinster") + f"#benefit-{benefit.pk}", _(
            "The measurement is saved."
        )

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("Measurement of “%(benefit)s”") % {"benefit": benefit.title},
        submit=_("Save the measurement"),
        back=tab_url(project, "gevinster"),
    )


@secretariat_required
def learning_new(request, pk):
    project = _project(request, pk)
    form = LearningForm(request.POST or None, initial={"on": timezone.localdate()})

    def save(data):
        actions.add_learning(project=project, by=request.user, **data)
        return tab_url(project, "laering"), _("The entry is added to the learning log.")

    return _form_page(
        request,
        form,
        save=save,
        project=project,
        heading=_("New entry in the learning log"),
        submit=_("Add the entry"),
        back=tab_url(project, "laering"),
        intro=_(
            "What exploring taught: the hypothesis tested, what was learned, and whether to "
            "continue, pivot, park or stop (parking and stopping are then gate decisions)."
        ),
    )


# --- The model page, a project's trace, the network register ---------------------------------

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
