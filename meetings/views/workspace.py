"""The secretariat's workspace: prepare, run and close meetings without the admin.

Every page here is for those who ``rules.may_prepare`` (the secretariat); every write goes
through ``meetings/actions.py``, whose rules the admin shares. Each view serves its page and,
for htmx, the partial named after the DOM id it renders (``innovation.shared.htmx``).
"""

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from innovation.shared import history, htmx, permissions, submissions
from meetings import actions, contexts, rules, versions
from meetings.agenda_parser import parse_agenda_item
from meetings.forms import (
    AttachmentFormSet,
    FollowUpForm,
    GroupFormSet,
    ItemForm,
    MeetingForm,
    MoveForm,
    PasteForm,
    PointFormSet,
    PreviewForm,
    ProgrammeFormSet,
    SectionFormSet,
    UploadForm,
)
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemSection,
    Meeting,
    Membership,
    RecommendationPoint,
)
from meetings.views.pages import meeting_groups


def _only_if(rule):
    """A view for those ``rule(user)`` allows: anonymous visitors log in; other users are
    refused (403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if rule(request.user):
                return view(request, *args, **kwargs)
            if request.user.is_authenticated:
                raise PermissionDenied
            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorator


secretariat_required = _only_if(rules.may_prepare)
history_reader_required = _only_if(rules.may_read_history)


def _meetings(request):
    return (
        Meeting.objects.visible_to(request.user)
        .with_gaps()
        .select_related("committee")
        .prefetch_related("co_hosts")
    )


def _meeting(request, pk):
    return get_object_or_404(_meetings(request), pk=pk)


def _agenda(request, meeting):
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .visible_to(request.user)
        .with_decided()
        .prefetch_related("points")
        .order_by("number")
    )


@vary_on_headers("HX-Request")
@secretariat_required
def index(request):
    """Every meeting by its state, with what each still lacks."""
    context = {
        "meeting_groups": meeting_groups(request, _meetings(request)),
        "nav_section": "workspace",
    }
    return render(
        request, htmx.template(request, "meetings/workspace/index.html", "workspace"), context
    )


@secretariat_required
def meeting_new(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != submissions.KEY}

        def make():
            try:
                meeting = actions.create_meeting(**data)
            except actions.ActionError as error:
                form.add_error(None, str(error))
                return None
            messages.success(
                request, _("%(meeting)s is created as a draft.") % {"meeting": meeting}
            )
            return reverse("meetings:workspace_meeting", args=[meeting.pk])

        url, made = submissions.once(key=submissions.key_of(form), user=request.user, make=make)
        if url:
            if not made:
                messages.info(request, submissions.ALREADY_SENT)
            return redirect(url)
    status = htmx.INVALID if form.errors else 200
    context = {"form": form, "meeting": None, "nav_section": "workspace"}
    return render(request, "meetings/workspace/meeting_form.html", context, status=status)


@secretariat_required
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    form = MeetingForm(request.POST or None, instance=meeting)
    form.fields["committee"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "committee"}
        try:
            actions.update_meeting(meeting=meeting, **data)
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:workspace_meeting", pk=meeting.pk)
    status = htmx.INVALID if form.errors else 200
    context = {"form": form, "meeting": meeting, "nav_section": "workspace"}
    return render(request, "meetings/workspace/meeting_form.html", context, status=status)


@vary_on_headers("HX-Request")
@secretariat_required
def meeting(request, pk):
    """A meeting as the secretariat runs it: its facts, its agenda (to build and reorder), its
    programme and workshop groups, and the next step of its life cycle."""
    meeting = _meeting(request, pk)
    context = {
        "meeting": meeting,
        "items": _agenda(request, meeting),
        "read_only": rules.is_read_only(meeting),
        "publishing": versions.publishing_of(meeting),
        "nav_section": "workspace",
        **contexts.running_context(meeting),
    }
    template = htmx.template(request, "meetings/workspace/meeting.html", "workspace-agenda")
    return render(request, template, context)


# The agenda builder -----------------------------------------------------------------------

FOLLOW_UP_CHOICES = 200
CANONICAL_SECTIONS = [
    (ItemSection.Key.SUMMARY, "Resumé"),
    (ItemSection.Key.BACKGROUND, "Sagsfremstilling"),
    (ItemSection.Key.RECOMMENDATION, "Indstilling"),
    (ItemSection.Key.PREVIOUS_DECISIONS, "Tidligere beslutninger"),
]


def _editor_forms(request, *, item=None, initial=None):
    """The item editor's forms: the item, its sections, its points, its attachments and new
    uploads. Saving binds them to the POST; “more rows” gives back what was typed with one
    more empty section and point; otherwise they show the item, or ``initial`` for a new one
    (blank, from pasted text or as a follow-up), with one empty section and point to fill."""
    initial = initial or {}
    if item is not None:
        sections = [
            {"id": s.pk, "key": s.key, "heading": s.heading, "text": s.text}
            for s in item.sections.all()
        ]
        points = [{"id": p.pk, "text": p.text} for p in item.points.all()]
        attachments = [
            {"id": a.pk, "title": a.title, "is_closed": a.is_closed} for a in item.attachments.all()
        ]
    else:
        sections = initial.get("sections") or [
            {"key": key, "heading": heading, "text": ""} for key, heading in CANONICAL_SECTIONS
        ]
        points = initial.get("points") or []
        attachments = []
    posted = request.method == "POST" and ("save" in request.POST or "add" in request.POST)
    data = request.POST if posted else None
    files = request.FILES if posted else None
    forms = {
        "item_form": ItemForm(data, instance=item, initial=initial.get("item"), prefix="item"),
        "sections": SectionFormSet(data, initial=sections, prefix="sections"),
        "points": PointFormSet(data, initial=points, prefix="points"),
        "attachments": AttachmentFormSet(data, initial=attachments, prefix="attachments"),
        "uploads": UploadForm(data, files, prefix="upload"),
    }
    if item is not None:
        # An edit adds sections, points and files: sent twice, they are added once
        # (``submissions``; a new item's form has the key itself).
        forms["key_form"] = submissions.KeyForm(data, prefix="item")
    if not posted:
        forms["sections"].extra = forms["points"].extra = 1
    elif "add" in request.POST:
        forms["sections"] = forms["sections"].with_another_row()
        forms["points"] = forms["points"].with_another_row()
    return forms


def _rows(formset, names):
    """The filled rows of a valid formset, in order, without the removed ones."""
    rows = []
    for form in formset:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not any(data.get(name) for name in names):
            continue
        rows.append(data)
    return rows


def _save_item(request, meeting, forms, item=None, follows=None):
    """Save the editor's forms through ``actions.save_item``; the item, or None with the
    reason added to the item form."""
    if not all(form.is_valid() for form in forms.values()):
        return None
    item_form, uploads = forms["item_form"], forms["uploads"]
    try:
        return actions.save_item(
            meeting=meeting,
            item=item,
            fields=item_form.cleaned_data,
            case_reference=item_form.cleaned_data["case_reference"],
            sections=_rows(forms["sections"], ("heading", "text")),
            points=_rows(forms["points"], ("text",)),
            attachments=[form.cleaned_data for form in forms["attachments"]],
            uploads=uploads.cleaned_data["files"],
            uploads_closed=uploads.cleaned_data["closed"],
            follows=follows,
        )
    except actions.ActionError as error:
        item_form.add_error(None, str(error))
        return None


def _editor(request, meeting, *, item=None, initial=None, heading="", follows=None):
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    forms = _editor_forms(request, item=item, initial=initial)
    if request.method == "POST" and "save" in request.POST:
        # A new item is made once, and an edit's new rows and files are added once, however
        # often the form is sent (innovation.shared.submissions).
        key_form = forms.get("key_form", forms["item_form"])
        key = submissions.key_of(key_form) if key_form.is_valid() else None

        def make():
            saved = _save_item(request, meeting, forms, item=item, follows=follows)
            if saved is None:
                return None
            messages.success(request, _("Item %(number)s is saved.") % {"number": saved.number})
            return reverse("meetings:workspace_item", args=[saved.pk])

        url, made = submissions.once(key=key, user=request.user, make=make)
        if url:
            if not made:
                messages.info(request, submissions.ALREADY_SENT)
            return redirect(url)
    saving = request.method == "POST" and "save" in request.POST
    status = htmx.INVALID if saving else 200
    context = {
        **forms,
        "meeting": meeting,
        "item": item,
        "heading": heading,
        "follows": follows,
        "nav_section": "workspace",
    }
    return render(request, "meetings/workspace/item_form.html", context, status=status)


@secretariat_required
def item_new(request, pk):
    """A blank item, with the canonical sections and their Danish headings."""
    return _editor(request, _meeting(request, pk), heading=_("New item"))


@secretariat_required
def item_edit(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__committee", "case"),
        pk=pk,
    )
    meeting = _meeting(request, item.meeting_id)
    return _editor(
        request, meeting, item=item, heading=_("Item %(number)s") % {"number": item.number}
    )


@secretariat_required
def item_paste(request, pk):
    """Paste an item's text; the editor then shows what the importer found, to check and
    correct before anything is saved."""
    meeting = _meeting(request, pk)
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    if request.method == "POST" and ("save" in request.POST or "add" in request.POST):
        return _editor(request, meeting, heading=_("New item from pasted text"))
    paste = PasteForm(request.POST or None)
    if request.method == "POST" and paste.is_valid():
        parsed = parse_agenda_item(paste.cleaned_data["text"])
        initial = {
            "item": {
                "title": parsed.title or "",
                "is_closed": parsed.closed,
                "recommendation_by": parsed.recommendation.by or "",
                "recommendation_to": parsed.recommendation.to or "",
            },
            "sections": actions.parsed_sections(parsed),
            "points": [{"text": text} for text in parsed.recommendation.points],
        }
        request.method = "GET"  # show the editor filled, not yet saved
        return _editor(request, meeting, initial=initial, heading=_("Check the pasted item"))
    status = htmx.INVALID if paste.errors else 200
    context = {"paste": paste, "meeting": meeting, "nav_section": "workspace"}
    return render(request, "meetings/workspace/item_paste.html", context, status=status)


@require_POST
@secretariat_required
def item_move(request, pk):
    """Move an item up or down the agenda (the numbers change places)."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    if rules.is_read_only(item.meeting):
        raise PermissionDenied(rules.read_only_reason(item.meeting))
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise BadRequest
    moved = refused = ""
    try:
        item = actions.move_item(
            item=item,
            direction=form.cleaned_data["direction"],
            expected_number=form.cleaned_data["number"],
        )
    except actions.StateMoved as error:
        # Sent twice, or the agenda was reordered meanwhile: nothing moves (409).
        refused = str(error)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        moved = _("“%(title)s” is now item %(number)s.") % {
            "title": item.title,
            "number": item.number,
        }
    if not request.htmx:
        if refused:
            messages.error(request, refused)
            response = meeting(request, item.meeting_id)
            response.status_code = HTTPStatus.CONFLICT
            return response
        if moved:
            messages.success(request, moved)
        return redirect("meetings:workspace_meeting", pk=item.meeting_id)
    shown = _meeting(request, item.meeting_id)
    context = {
        "meeting": shown,
        "items": _agenda(request, shown),
        "read_only": rules.is_read_only(shown),
        "moved": moved,
        "move_refused": refused,
        # Moving an item is a change to send out: the publishing box follows, out of band.
        "publishing": versions.publishing_of(shown),
        "publishing_oob": True,
    }
    status = HTTPStatus.CONFLICT if refused else 200
    return render(
        request, "meetings/workspace/meeting.html#workspace-agenda", context, status=status
    )


@secretariat_required
def item_followup(request, pk):
    """A new item following up an earlier one on the same case: the case, who recommends to
    whom, and the earlier decision under “Tidligere beslutninger”, to check before saving."""
    meeting = _meeting(request, pk)
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
    latest = AgendaItem.objects.filter(
        meeting__committee__in=committees, meeting__starts_at__lt=meeting.starts_at
    ).order_by("-meeting__starts_at", "-number")[:FOLLOW_UP_CHOICES]
    earlier_items = (
        AgendaItem.objects.filter(pk__in=latest.values("pk"))
        .select_related("meeting__committee", "case")
        .prefetch_related("points")
        .order_by("-meeting__starts_at", "-number")
    )
    choice = FollowUpForm(request.POST or None, items=earlier_items)
    if request.method == "POST" and choice.is_valid():
        earlier = choice.cleaned_data["earlier"]
        if "save" in request.POST or "add" in request.POST:
            return _editor(request, meeting, heading=_("New follow-up item"), follows=earlier)
        initial = {
            "item": {
                "title": earlier.title,
                "case_reference": earlier.case.reference if earlier.case else "",
                "recommendation_by": earlier.recommendation_by,
                "recommendation_to": earlier.recommendation_to,
            },
            "sections": [
                {"key": key, "heading": heading, "text": ""}
                for key, heading in CANONICAL_SECTIONS
                if key != ItemSection.Key.PREVIOUS_DECISIONS
            ]
            + [
                {
                    "key": ItemSection.Key.PREVIOUS_DECISIONS,
                    "heading": "Tidligere beslutninger",
                    "text": render_to_string(
                        "meetings/workspace/earlier_decision.txt", {"earlier": earlier}
                    ).strip(),
                }
            ],
        }
        request.method = "GET"  # show the editor filled, not yet saved
        return _editor(
            request, meeting, initial=initial, heading=_("New follow-up item"), follows=earlier
        )
    status = htmx.INVALID if choice.errors else 200
    context = {"choice": choice, "meeting": meeting, "nav_section": "workspace"}
    return render(request, "meetings/workspace/item_followup.html", context, status=status)


@secretariat_required
def item_preview(request, pk):
    """The item as a member of its committees or the public will read it, also before the
    agenda is published."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    view = PreviewForm(request.GET)
    as_public = view.is_valid() and view.cleaned_data["reader"] == PreviewForm.PUBLIC
    audience = permissions.PUBLIC if as_public else permissions.MEMBERS
    reader = rules.document_reader(item.meeting, audience)
    shown = contexts.items_with_content(reader).filter(pk=item.pk).first()
    context = {
        "item": item,
        "shown": shown,
        "view": shown
        and contexts.item_view(
            shown, earlier=contexts.earlier_items([shown], reader, before=item.meeting.starts_at)
        ),
        "meeting": item.meeting,
        "as_public": as_public,
        "level": 2,
        "sublevel": 3,
        "nav_section": "workspace",
    }
    return render(request, "meetings/workspace/item_preview.html", context)


def _formset_page(request, meeting, *, formset, save, texts, success, main):
    """A page of rows (the programme, the workshop groups) saved by ``save``, all or nothing.
    A row counts when it was saved before or its ``main`` field (the title) is filled in."""
    saving = request.method == "POST" and "save" in request.POST
    refusal = ""
    # New rows are made once, however often the page is sent (``submissions``).
    key_form = submissions.KeyForm(request.POST if saving else None)
    if saving and formset.is_valid() and key_form.is_valid():

        def make():
            nonlocal refusal
            try:
                rows = [form.cleaned_data for form in formset if _kept(form, main)]
                save(meeting=meeting, rows=rows)
            except actions.ActionError as error:
                refusal = str(error)
                return None
            messages.success(request, success)
            return reverse("meetings:workspace_meeting", args=[meeting.pk])

        url, made = submissions.once(key=submissions.key_of(key_form), user=request.user, make=make)
        if url:
            if not made:
                messages.info(request, submissions.ALREADY_SENT)
            return redirect(url)
    context = {
        "key_form": key_form,
        "formset": formset,
        "refusal": refusal,
        "meeting": meeting,
        "nav_section": "workspace",
        **texts,
    }
    status = htmx.INVALID if saving else 200
    return render(request, "meetings/workspace/rows.html", context, status=status)


def _kept(form, main):
    """A row that stays: not removed, and either saved before or filled in now."""
    data = form.cleaned_data
    if not data or data.get("DELETE"):
        return False
    return bool(data.get("id") or data.get(main, "").strip())


def _rows_of(request, initial, formset_class, **kwargs):
    """The formset, bound to the POST when it is saved."""
    data = request.POST if request.method == "POST" and "save" in request.POST else None
    return formset_class(data, initial=initial, prefix="rows", **kwargs)


@secretariat_required
def programme(request, pk):
    meeting = _meeting(request, pk)
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    initial = [
        {
            "id": part.pk,
            "kind": part.kind,
            "title": part.title,
            "starts_at": part.starts_at,
            "ends_at": part.ends_at,
            "description": part.description,
            "speakers": "\n".join(
                ", ".join(value for value in (s.name, s.title, s.organisation) if value)
                for s in part.speakers.all()
            ),
        }
        for part in meeting.programme.prefetch_related("speakers")
    ]
    return _formset_page(
        request,
        meeting,
        formset=_rows_of(request, initial, ProgrammeFormSet),
        save=actions.save_programme,
        texts={
            "heading": _("Programme"),
            "intro": _("The parts of the meeting in order, with their speakers."),
            "row_label": _("Part"),
            "save_label": _("Save the programme"),
        },
        success=_("The programme is saved."),
        main="title",
    )


@secretariat_required
def groups(request, pk):
    meeting = _meeting(request, pk)
    if rules.is_read_only(meeting):
        raise PermissionDenied(rules.read_only_reason(meeting))
    committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
    memberships = Membership.objects.filter(committee__in=committees).select_related(
        "user", "committee"
    )
    initial = [
        {
            "id": group.pk,
            "name": group.name,
            "audience": group.audience,
            "question": group.question,
            "result": group.result,
            "members": [member.pk for member in group.members.all()],
            "other_participants": group.other_participants,
        }
        for group in meeting.workshop_groups.prefetch_related("members")
    ]
    return _formset_page(
        request,
        meeting,
        formset=_rows_of(request, initial, GroupFormSet, form_kwargs={"memberships": memberships}),
        save=actions.save_workshop_groups,
        texts={
            "heading": _("Workshop groups"),
            "intro": _("The meeting's workshop groups in order, with their members."),
            "row_label": _("Group"),
            "save_label": _("Save the workshop groups"),
        },
        success=_("The workshop groups are saved."),
        main="name",
    )


# History ------------------------------------------------------------------------------------

ITEM_PARTS = (ItemSection, RecommendationPoint, Attachment)


def _item_events(items):
    """The events of ``items`` (agenda items, deleted ones too) and of their sections,
    recommendation points (with the decisions on them) and attachments."""
    tracked = [history.event_model(model) for model in (AgendaItem, *ITEM_PARTS)]
    return history.events().across(*tracked).references(items)


def _history_page(request, streams, *, parents=None):
    return history.page(streams, cursor=history.cursor(request), parents=parents)


@vary_on_headers("HX-Request")
@history_reader_required
def meeting_history(request, pk):
    """Who created, changed and deleted what of the meeting, its items and their parts, and
    when: the newest first, a page at a time."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    recorded = history.event_model(AgendaItem).objects.filter(meeting_id=meeting.pk)
    item_ids = recorded.values_list("pgh_obj_id", flat=True).union(
        AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True)
    )
    items = [AgendaItem(pk=pk) for pk in item_ids]
    streams = [history.events().across(history.event_model(Meeting)).tracks(meeting)]
    if items:
        streams.append(_item_events(items))
    context = {
        "meeting": meeting,
        "item": None,
        "history": _history_page(request, streams, parents=dict.fromkeys(ITEM_PARTS, "item")),
        "nav_section": "workspace",
    }
    template = htmx.template(request, "meetings/workspace/history.html", "workspace-history")
    return render(request, template, context)


@vary_on_headers("HX-Request")
@history_reader_required
def item_history(request, pk):
    """The history of one item: the item itself, its sections, points and attachments."""
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__committee"), pk=pk
    )
    context = {
        "meeting": item.meeting,
        "item": item,
        "history": _history_page(request, [_item_events([item])]),
        "nav_section": "workspace",
    }
    template = htmx.template(request, "meetings/workspace/history.html", "workspace-history")
    return render(request, template, context)
