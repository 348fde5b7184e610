"""The staff and secretariat pages of the idea catalogue: submit and edit an idea (with
similar-idea hints), "my ideas", the curation queue and page, and workshop capture.

Reads go through ``visible_to(user)`` (``catalogue/querysets.py``), who-may through its
predicates and ``actions.may_make``; writes through ``catalogue/actions.py``. Each view serves its
page and, for HTMX, the partial named after the DOM id it renders.
"""

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from catalogue import actions, querysets, search
from catalogue.models import Idea, IdeaLink, IdeaStatusChange, InternalNote
from catalogue.staff_forms import (
    HINT_KINDS,
    BulkStatusForm,
    CaptureFormSet,
    IdeaForm,
    InlineValidationForm,
    LinkForm,
    NoteForm,
    ResubmitForm,
    SimilarIdeasForm,
    StatusFilterForm,
    StatusForm,
)
from innovation.shared import history, htmx, submissions
from meetings.models import WorkshopGroup

SIMILAR_LIMIT = 5
S = Idea.Status


def _refuse(request):
    """Anonymous visitors log in; everyone else is refused."""
    if request.user.is_authenticated:
        raise PermissionDenied
    if request.htmx:
        return HttpResponseForbidden()
    return redirect_to_login(request.get_full_path())


def submitter_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not querysets.can_submit(request.user):
            return _refuse(request)
        return view(request, *args, **kwargs)

    return wrapper


def curator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not querysets.can_curate(request.user):
            return _refuse(request)
        return view(request, *args, **kwargs)

    return wrapper


def _history(user):
    return IdeaStatusChange.objects.visible_to(user).select_related("by")


# Similar ideas ---------------------------------------------------------------------------------


def similar_ideas(user, title, summary, *, exclude=None):
    """Up to ``SIMILAR_LIMIT`` ideas ``user`` may see that resemble ``title`` and ``summary``
    (``catalogue.search``: Danish full text and trigrams)."""
    if len((title or "").strip()) + len((summary or "").strip()) < 4:
        return []
    ideas = Idea.objects.visible_to(user).select_related("welfare_area")
    return list(
        search.similar_ideas(title, summary, exclude=exclude, limit=SIMILAR_LIMIT, queryset=ideas)
    )


def _hint_context(user, query, *, exclude=None):
    """The hints for ``query`` (a ``SimilarIdeasForm``); none when it is not valid."""
    if not query.is_valid():
        return {"hints": [], "chosen": ""}
    data = query.cleaned_data
    hints = similar_ideas(user, data["title"], data["summary"], exclude=exclude)
    values = {f"{kind}:{idea.pk}" for idea in hints for kind in HINT_KINDS}
    return {
        "hints": [
            {
                "idea": idea,
                "choices": [
                    {"value": f"{kind}:{idea.pk}", "label": label % {"title": idea.title}}
                    for kind, label in HINT_KINDS.items()
                ],
            }
            for idea in hints
        ],
        "chosen": data["link"] if data["link"] in values else "",
    }


@require_GET
@submitter_required
def similar(request):
    """The hints below the title and summary, while they are typed (never blocks anything)."""
    query = SimilarIdeasForm(request.GET)
    exclude = query.cleaned_data["exclude"] if query.is_valid() else None
    context = _hint_context(request.user, query, exclude=exclude)
    status = 200 if query.is_valid() else htmx.INVALID
    return render(request, "catalogue/staff/idea_form.html#similar-ideas", context, status=status)


# Submit and edit -------------------------------------------------------------------------------


@require_POST
@submitter_required
def validate(request):
    """One field group with its errors, for inline validation (nothing for the link, whose
    choices are the hints)."""
    form = IdeaForm(request.POST, user=request.user)
    which = InlineValidationForm(request.POST, names=form.fields)
    if not which.is_valid():
        raise BadRequest
    name = which.cleaned_data["validate"]
    if name == "link":
        return HttpResponse(status=204)
    form.is_valid()
    return HttpResponse(form[name].as_field_group())


def _save(request, form, *, submit):
    """Save the form, its link and (``submit``) hand the idea in; all or nothing.
    Returns the idea, or ``None`` with the reason added to the form."""
    if submit and not form.require_for_submitting():
        return None
    try:
        with transaction.atomic():
            idea = form.save(commit=False)
            if idea.pk is None:
                idea.submitted_by = request.user
                idea.status = S.DRAFT
            idea.save()
            form.save_m2m()
            if form.cleaned_data.get("link"):
                kind, target = form.cleaned_data["link"]
                actions.link_ideas(from_idea=idea, to_idea=target, kind=kind, by=request.user)
            if submit:
                actions.submit_idea(
                    idea=idea, by=request.user, answer=form.cleaned_data.get("answer", "")
                )
    except actions.ActionError as error:
        if form.instance.pk is None or form.instance._state.adding:
            form.instance.pk = None
            form.instance._state.adding = True
        form.add_error(None, str(error))
        return None
    return idea


def _form_context(request, form, idea=None):
    if form.is_bound:
        query = SimilarIdeasForm(form.data)
    else:
        query = SimilarIdeasForm({"title": idea.title, "summary": idea.summary} if idea else {})
    context = _hint_context(request.user, query, exclude=idea.pk if idea else None)
    context.update(
        {
            "form": form,
            "idea": idea,
            "may_submit": idea is None or actions.may_make(request.user, idea, S.SUBMITTED),
            "question": _question(request.user, idea) if "answer" in form.fields else None,
            "nav_section": _idea_section(request.user, idea),
        }
    )
    return context


def _idea_section(user, idea):
    """The main-menu entry an idea's form belongs to: a new idea, one's own ideas, or the
    curation of someone else's."""
    if idea is None:
        return "submit"
    return "my_ideas" if idea.submitted_by_id == user.pk else "curation"


def _question(user, idea):
    """The secretariat's last request for clarification of ``idea``, as ``user`` may read it."""
    return _history(user).filter(idea=idea, to_status=S.NEEDS_CLARIFICATION).last()


def _form_response(request, form, idea=None, *, status=200):
    template = htmx.template(request, "catalogue/staff/idea_form.html", "idea-form")
    return render(request, template, _form_context(request, form, idea), status=status)


@vary_on_headers("HX-Request")
@submitter_required
def submit(request):
    if request.method != "POST":
        return _form_response(request, IdeaForm(user=request.user))
    form = IdeaForm(request.POST, user=request.user)
    submitting = "submit" in request.POST
    if form.is_valid():

        def make():
            saved = _save(request, form, submit=submitting)
            return reverse("catalogue:my_ideas") if saved else None

        key = submissions.key_of(form)
        url, made = submissions.once(key=key, user=request.user, make=make)
        if url:
            if not made:
                message = submissions.ALREADY_SENT
            elif submitting:
                message = _("Your idea is submitted. The secretariat reads it next.")
            else:
                message = _("Your idea is saved as a draft.")
            messages.success(request, message)
            return redirect(url)
    return _form_response(request, form, status=htmx.INVALID)


@vary_on_headers("HX-Request")
@submitter_required
def edit(request, pk):
    idea = get_object_or_404(Idea.objects.visible_to(request.user), pk=pk)
    if request.method == "POST" and "submit" in request.POST:
        # Handing in from a page that showed another status (sent twice, or the secretariat
        # took the idea meanwhile): nothing is saved, the page says so (409).
        shown = request.POST.get("from_status")
        try:
            if shown in S.values:
                actions.check_expected([idea], {idea.pk: shown})
        except actions.StatusMoved as error:
            messages.error(request, str(error))
            return _my_ideas_response(request, status=HTTPStatus.CONFLICT)
    if not querysets.can_edit(request.user, idea):
        raise PermissionDenied
    if request.method != "POST":
        return _form_response(request, IdeaForm(instance=idea, user=request.user), idea)
    submitting = "submit" in request.POST and actions.may_make(request.user, idea, S.SUBMITTED)
    form = IdeaForm(request.POST, instance=idea, user=request.user, submitting=submitting)
    if form.is_valid() and _save(request, form, submit=submitting):
        if submitting:
            messages.success(request, _("Your idea is submitted. The secretariat reads it next."))
        else:
            messages.success(request, _("Your changes are saved."))
        if querysets.can_curate(request.user) and idea.submitted_by_id != request.user.pk:
            return redirect("catalogue:curate", pk=idea.pk)
        return redirect("catalogue:my_ideas")
    idea.refresh_from_db()
    return _form_response(request, form, idea, status=htmx.INVALID)


@require_POST
@submitter_required
def resubmit(request, pk):
    """Hand in a draft, or resubmit a clarified idea with an answer, from "my ideas"."""
    idea = get_object_or_404(Idea.objects.submitted_by(request.user), pk=pk)
    # The status the page showed (a hidden field): if the idea has moved since (sent twice,
    # or the secretariat took it meanwhile), nothing changes and the page says so (409).
    shown = request.POST.get("from_status")
    shown = shown if shown in S.values else None
    form = ResubmitForm(request.POST, idea=idea, user=request.user, auto_id=_resubmit_id(idea))
    try:
        if shown:
            actions.check_expected([idea], {idea.pk: shown})
        if form.is_valid():
            actions.submit_idea(
                idea=idea,
                by=request.user,
                answer=form.cleaned_data.get("answer", ""),
                expected_status=shown,
            )
            messages.success(request, _("“%(title)s” is submitted.") % {"title": idea.title})
            return redirect("catalogue:my_ideas")
    except actions.StatusMoved as error:
        messages.error(request, str(error))
        return _my_ideas_response(request, status=HTTPStatus.CONFLICT)
    except actions.ActionError as error:
        form.add_error(None, str(error))
    return _my_ideas_response(request, refused={idea.pk: form}, status=htmx.INVALID)


# My ideas --------------------------------------------------------------------------------------


def _resubmit_id(idea):
    return f"id_resubmit_{idea.pk}_%s"


def _my_ideas_response(request, *, refused=None, status=200):
    """The submitter's ideas, each with what they may do; ``refused``: idea -> a resubmission
    form with its errors, shown on that idea."""
    user = request.user
    ideas = list(
        Idea.objects.submitted_by(user)
        .visible_to(user)
        .select_related("welfare_area", "origin__meeting")
        .prefetch_related(Prefetch("history", queryset=_history(user), to_attr="visible_history"))
    )
    for idea in ideas:
        idea.editable = querysets.can_edit(user, idea)
        idea.submittable = actions.may_make(user, idea, S.SUBMITTED)
        if idea.submittable:
            idea.resubmit_form = (refused or {}).get(idea.pk) or ResubmitForm(
                idea=idea, user=user, auto_id=_resubmit_id(idea)
            )
    context = {
        "ideas": ideas,
        "nav_section": "my_ideas",
    }
    return render(
        request,
        htmx.template(request, "catalogue/staff/my_ideas.html", "my-ideas"),
        context,
        status=status,
    )


@vary_on_headers("HX-Request")
@submitter_required
def my_ideas(request):
    return _my_ideas_response(request)


# Curation --------------------------------------------------------------------------------------


def _chosen_ideas(bulk_form):
    """The primary keys of the ideas ticked in a refused bulk change, to tick them again."""
    if bulk_form is None or not bulk_form.is_bound or bulk_form.has_error("ideas"):
        return set()
    return {idea.pk for idea in bulk_form.cleaned_data["ideas"]}


def _queue(request, bulk_form=None, *, status=200):
    filter_form = StatusFilterForm(request.GET or None)
    ideas = filter_form.filter(
        Idea.objects.visible_to(request.user).select_related(
            "submitted_by", "welfare_area", "origin"
        )
    ).order_by("status_changed_at", "pk")
    context = {
        "filter_form": filter_form,
        "ideas": ideas,
        "bulk_form": bulk_form or BulkStatusForm(user=request.user, auto_id="id_bulk_%s"),
        "selected": _chosen_ideas(bulk_form),
        "nav_section": "curation",
    }
    template = htmx.template(request, "catalogue/staff/curation.html", "curation-queue")
    return render(request, template, context, status=status)


@vary_on_headers("HX-Request")
@curator_required
def curation(request):
    """The queue; POST changes the status of the chosen ideas, all or nothing."""
    if request.method != "POST":
        return _queue(request)
    form = BulkStatusForm(request.POST, user=request.user, auto_id="id_bulk_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            changes = actions.bulk_change_status(
                ideas=data["ideas"],
                to_status=data["to_status"],
                by=request.user,
                answer=data["answer"],
                revisit_on=data["revisit_on"],
                expected=data["shown"],
            )
        except actions.StatusMoved as error:
            messages.error(request, str(error))
            return _queue(request, status=HTTPStatus.CONFLICT)
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d idea moved to “%(status)s”.",
                    "%(count)d ideas moved to “%(status)s”.",
                    len(changes),
                )
                % {"count": len(changes), "status": S(data["to_status"]).label},
            )
            return redirect(request.get_full_path())
    request.htmx = None  # A refused bulk change shows the whole page with its message.
    return _queue(request, form, status=htmx.INVALID)


def _curated_idea(request, pk):
    ideas = Idea.objects.visible_to(request.user).select_related(
        "submitted_by", "welfare_area", "mandate_task__committee", "origin__meeting__committee"
    )
    return get_object_or_404(ideas.prefetch_related("actor_types", "principles", "tags"), pk=pk)


def _links(user, idea):
    return (
        IdeaLink.objects.visible_to(user)
        .filter(Q(from_idea=idea) | Q(to_idea=idea))
        .select_related("from_idea", "to_idea", "created_by")
    )


def _curate_context(request, idea, **forms):
    user = request.user
    context = {
        "idea": idea,
        "history": _history(user).filter(idea=idea),
        "notes": InternalNote.objects.visible_to(user).filter(idea=idea).select_related("author"),
        "links": _links(user, idea),
        "projects": idea.projects.visible_to(user),
        # Published and parked ideas may grow into a project (``innovation.actions.create_project``
        # selects them); a selected idea may serve one more.
        "may_promote": idea.status in (S.PUBLISHED, S.PARKED, S.SELECTED),
        "similar": similar_ideas(user, idea.title, idea.summary, exclude=idea.pk),
        "note_form": forms.get("note_form") or NoteForm(auto_id="id_note_%s"),
        "status_form": forms.get("status_form")
        or StatusForm(
            statuses=actions.allowed_transitions(idea, user),
            current=idea.status,
            auto_id="id_status_%s",
        ),
        "link_form": forms.get("link_form") or LinkForm(user=user, idea=idea, auto_id="id_link_%s"),
        "editable": querysets.can_edit(user, idea),
        "changes": _changes(user, idea, size=CHANGES_SHOWN),
        "nav_section": "curation",
    }
    context["transitions"] = bool(context["status_form"].fields["to_status"].choices)
    return context


CHANGES_SHOWN = 10  # on the curation page; the history page has them all, a page at a time


def _changes(user, idea, *, cursor="", size=None):
    return history.page(
        [querysets.idea_events(user, idea)],
        cursor=cursor,
        size=size,
        redact=querysets.redact_draft,
    )


@vary_on_headers("HX-Request")
@curator_required
def curate(request, pk):
    idea = _curated_idea(request, pk)
    context = _curate_context(request, idea)
    return render(
        request, htmx.template(request, "catalogue/staff/curate.html", "curate-idea"), context
    )


@vary_on_headers("HX-Request")
@curator_required
def curate_history(request, pk):
    """Who changed what of the idea and when, since it was handed in; the newest first."""
    if not querysets.can_read_history(request.user):
        raise PermissionDenied
    idea = _curated_idea(request, pk)
    changes = _changes(request.user, idea, cursor=history.cursor(request))
    context = {"idea": idea, "changes": changes, "nav_section": "curation"}
    return render(
        request,
        htmx.template(request, "catalogue/staff/curate_history.html", "idea-changes"),
        context,
    )


@require_POST
@curator_required
def curate_status(request, pk):
    idea = _curated_idea(request, pk)
    form = StatusForm(
        request.POST,
        statuses=actions.allowed_transitions(idea, request.user),
        auto_id="id_status_%s",
    )
    try:
        # A page out of date may offer a status the idea can no longer go to: that is the
        # idea having moved (409), not an invalid choice.
        if (shown := request.POST.get("from_status")) in S.values:
            actions.check_expected([idea], {idea.pk: shown})
        if form.is_valid():
            data = form.cleaned_data
            actions.change_status(
                idea=idea,
                to_status=data["to_status"],
                by=request.user,
                answer=data["answer"],
                revisit_on=data["revisit_on"],
                expected_status=data["from_status"],
            )
            messages.success(
                request,
                _("“%(title)s” is now “%(status)s”.")
                % {"title": idea.title, "status": idea.get_status_display()},
            )
            return redirect("catalogue:curate", pk=idea.pk)
    except actions.StatusMoved as error:
        # The page is shown as it is now, with what happened meanwhile.
        messages.error(request, str(error))
        idea = _curated_idea(request, pk)
        context = _curate_context(request, idea)
        return render(request, "catalogue/staff/curate.html", context, status=HTTPStatus.CONFLICT)
    except actions.ActionError as error:
        form.add_error(None, str(error))
    context = _curate_context(request, idea, status_form=form)
    return render(request, "catalogue/staff/curate.html", context, status=htmx.INVALID)


@require_POST
@curator_required
def curate_note(request, pk):
    idea = _curated_idea(request, pk)
    form = NoteForm(request.POST, auto_id="id_note_%s")
    saved = made = False
    if form.is_valid():

        def make():
            try:
                actions.add_internal_note(
                    idea=idea, author=request.user, text=form.cleaned_data["text"]
                )
            except actions.ActionError as error:
                form.add_error("text", str(error))
                return None
            return reverse("catalogue:curate", args=[idea.pk]) + "#internal-notes"

        # Sent twice (the same key), the note is made once (``submissions``).
        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        if url:
            saved = True
            form = NoteForm(auto_id="id_note_%s")  # a new key for the next note
    if not request.htmx:
        if saved:
            messages.success(request, _("The note is saved.") if made else submissions.ALREADY_SENT)
            return redirect(url)
        context = _curate_context(request, idea, note_form=form)
        return render(request, "catalogue/staff/curate.html", context, status=htmx.INVALID)
    context = {
        "idea": idea,
        "notes": InternalNote.objects.visible_to(request.user)
        .filter(idea=idea)
        .select_related("author"),
        "note_form": form,
        "saved": saved,
    }
    return render(
        request,
        "catalogue/staff/curate.html#internal-notes",
        context,
        status=200 if saved else htmx.INVALID,
    )


@require_POST
@curator_required
def curate_link(request, pk):
    idea = _curated_idea(request, pk)
    form = LinkForm(request.POST, user=request.user, idea=idea, auto_id="id_link_%s")
    saved = made = False
    if form.is_valid():

        def make():
            try:
                actions.link_ideas(
                    from_idea=idea,
                    to_idea=form.cleaned_data["target"],
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                )
            except actions.ActionError as error:
                form.add_error(None, str(error))
                return None
            return reverse("catalogue:curate", args=[idea.pk]) + "#idea-links"

        # A pair is linked once anyway; the same key sent again answers as the first time.
        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        if url:
            saved = True
            form = LinkForm(user=request.user, idea=idea, auto_id="id_link_%s")
    if not request.htmx:
        if saved:
            messages.success(
                request, _("The ideas are linked.") if made else submissions.ALREADY_SENT
            )
            return redirect(url)
        context = _curate_context(request, idea, link_form=form)
        return render(request, "catalogue/staff/curate.html", context, status=htmx.INVALID)
    context = {
        "idea": idea,
        "links": _links(request.user, idea),
        "link_form": form,
        "saved": saved,
    }
    return render(
        request,
        "catalogue/staff/curate.html#idea-links",
        context,
        status=200 if saved else htmx.INVALID,
    )


# Workshop capture ------------------------------------------------------------------------------


def _group(request, group_pk):
    groups = WorkshopGroup.objects.visible_to(request.user).select_related("meeting__committee")
    return get_object_or_404(groups, pk=group_pk)


@vary_on_headers("HX-Request")
@curator_required
def capture(request, group_pk):
    group = _group(request, group_pk)
    # The ideas of one page are made once, however often it is sent (``submissions``).
    key_form = submissions.KeyForm(request.POST if request.method == "POST" else None)
    context = {"group": group, "key_form": key_form, "nav_section": "curation"}
    if request.method != "POST":
        context["formset"] = CaptureFormSet(prefix="ideas")
        return render(
            request, htmx.template(request, "catalogue/staff/capture.html", "capture-form"), context
        )
    formset = context["formset"] = CaptureFormSet(request.POST, prefix="ideas")
    if "add_row" in request.POST and formset.management_form.is_valid():
        # Rows not filled in yet are left alone; the new one is empty.
        context["formset"] = formset.with_another_row()
        return render(request, "catalogue/staff/capture.html", context)
    if formset.is_valid() and key_form.is_valid():
        ideas = [
            {
                "title": form.cleaned_data["title"],
                "summary": form.cleaned_data["summary"],
                "welfare_area": form.cleaned_data["welfare_area"],
                "actor_types": list(form.cleaned_data["actor_types"]),
            }
            for form in formset
            if form.has_changed() and form.cleaned_data
        ]
        if not ideas:
            formset._non_form_errors = formset.error_class(
                [_("Add at least one idea.")], error_class="nonform"
            )
        else:

            def make():
                try:
                    created = actions.capture_workshop_results(
                        group=group, ideas=ideas, by=request.user
                    )
                except actions.ActionError as error:
                    formset._non_form_errors = formset.error_class(
                        [str(error)], error_class="nonform"
                    )
                    return None
                messages.success(
                    request,
                    ngettext(
                        "%(count)d idea from “%(group)s” is in the curation queue.",
                        "%(count)d ideas from “%(group)s” are in the curation queue.",
                        len(created),
                    )
                    % {"count": len(created), "group": group.name},
                )
                return reverse("catalogue:curation")

            key = submissions.key_of(key_form)
            url, made = submissions.once(key=key, user=request.user, make=make)
            if url:
                if not made:
                    messages.info(request, submissions.ALREADY_SENT)
                return redirect(url)
    return render(request, "catalogue/staff/capture.html", context, status=htmx.INVALID)


@vary_on_headers("HX-Request")
def workshop_ideas(request, group_pk):
    """The ideas a workshop group produced, that the reader may see (the meeting page loads
    the list into each group)."""
    group = _group(request, group_pk)
    context = {
        "group": group,
        "ideas": Idea.objects.visible_to(request.user)
        .filter(origin=group)
        .select_related("welfare_area"),
        "can_capture": querysets.can_curate(request.user),
        "level": 4 if request.htmx else 2,
        "nav_section": "meetings",
    }
    if request.htmx and not request.htmx.history_restore_request:
        template = "meetings/includes/workshop_ideas.html#workshop-ideas"
    else:
        template = "catalogue/staff/workshop_ideas.html"
    return render(request, template, context)
