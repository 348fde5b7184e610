"""Committee, meeting, agenda-item and minutes pages.

Every read goes through ``visible_to(user)`` (``meetings/querysets.py``); the views add no
access rules of their own. Each view serves its full page and, for HTMX, the partial named after
the DOM id it renders.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.core.paginator import Page
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from innovation.shared import htmx, pagecache
from innovation.shared.forms import PageForm
from meetings import contexts, mandate, querysets, versions
from meetings.forms import ItemViewForm, MeetingFilterForm, PrivateNoteForm
from meetings.models import (
    AgendaItem,
    Attachment,
    Committee,
    Meeting,
    PrivateNote,
)

MEETINGS_PER_PAGE = 10
"""Meetings per page of each group: on a phone every row is a card of its own."""
SHOWN = ("meetings", "people")
"""The parts of the content (``pagecache.DOMAINS``) the cached meeting pages show."""


@dataclass(frozen=True)
class MeetingGroup:
    """A heading of the meeting lists: the meetings in one state, a page at a time."""

    name: str  # the MeetingQuerySet method that finds them
    param: str  # the query parameter of its page number
    heading: str
    note: str = ""
    empty: str = ""  # without it, the group is left out when it has no meetings
    page: Page | None = None

    @property
    def dom_id(self):
        return f"meetings-{self.name.replace('_', '-')}"

    @property
    def previous_query(self):
        return {self.param: self.page.previous_page_number()}

    @property
    def next_query(self):
        return {self.param: self.page.next_page_number()}


MEETING_GROUPS = [
    MeetingGroup(
        "upcoming",
        "upcoming_page",
        gettext_lazy("Upcoming meetings"),
        empty=gettext_lazy("No upcoming meetings."),
    ),
    MeetingGroup(
        "not_marked_held",
        "not_held_page",
        gettext_lazy("Not marked as held"),
        note=gettext_lazy(
            "The time of these meetings has passed, but they are not marked as held, so they "
            "have no minutes yet."
        ),
    ),
    MeetingGroup(
        "held",
        "held_page",
        gettext_lazy("Held, minutes not approved"),
        note=gettext_lazy("The minutes can still change until the committee approves them."),
    ),
    MeetingGroup(
        "approved",
        "page",
        gettext_lazy("Held meetings with approved minutes"),
        empty=gettext_lazy("No held meetings with approved minutes."),
    ),
]


def meeting_groups(request, meetings):
    """``meetings`` listed by their state, each group paginated on its own: a count and a
    page of at most ``MEETINGS_PER_PAGE`` each; the counts of all groups in one query, and
    the co-hosts of all pages in one."""
    counts = meetings.group_counts()
    groups = []
    for group in MEETING_GROUPS:
        page = PageForm(request.GET, name=group.param).page_of(
            getattr(meetings, group.name)(), MEETINGS_PER_PAGE, count=counts[group.name]
        )
        page.object_list = list(page.object_list)
        groups.append(replace(group, page=page))
    prefetch_related_objects(
        [meeting for group in groups for meeting in group.page.object_list], "co_hosts"
    )
    return groups


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("committee")


@vary_on_headers("HX-Request")
def committee_list(request):
    committees = list(Committee.objects.visible_to(request.user))
    context = {
        "active_committees": [c for c in committees if not c.is_historic],
        "historic_committees": [c for c in committees if c.is_historic],
    }
    return render(
        request, htmx.template(request, "meetings/committee_list.html", "committee-list"), context
    )


@vary_on_headers("HX-Request")
def committee_detail(request, slug):
    user = request.user
    committee = get_object_or_404(Committee.objects.visible_to(user), slug=slug)
    context = {
        "committee": committee,
        "members": committee.memberships.select_related("user"),
        "tasks": mandate.tracker(committee.mandate_tasks.all(), user),
        "meeting_groups": meeting_groups(request, _meetings(user).for_committee(committee)),
    }
    return render(
        request,
        htmx.template(request, "meetings/committee_detail.html", "committee-detail"),
        context,
    )


@vary_on_headers("HX-Request")
@pagecache.for_visitors("meetings", domains=("meetings",), clock=pagecache.this_minute)
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None, user=request.user)

    def make():
        context = {"meeting_groups": meeting_groups(request, form.filter(_meetings(request.user)))}
        return render_to_string("meetings/meeting_list.html#meeting-list-body", context, request)

    # Cached per audience and query; the groups follow the clock too (a meeting that is over
    # is no longer upcoming), so the key names the minute.
    context = {
        "form": form,
        "meeting_list": pagecache.fragment(
            "meeting-list",
            pagecache.audience(request.user),
            sorted(request.GET.lists()),
            pagecache.this_minute(),
            render=make,
            domains=SHOWN,
        ),
    }
    return render(
        request, htmx.template(request, "meetings/meeting_list.html", "meeting-list"), context
    )


@vary_on_headers("HX-Request")
@pagecache.for_visitors("meeting", domains=SHOWN)
def meeting_detail(request, pk):
    user = request.user
    meeting = get_object_or_404(pagecache.with_version(_meetings(user), SHOWN), pk=pk)
    audience = pagecache.audience(user)
    # The reader's read marks (members only) are read each time and are part of the key.
    items = None
    marks = {}
    if meeting.can_see_closed and user.is_authenticated:
        items = list(AgendaItem.objects.filter(meeting=meeting).visible_to(user))
        marks = versions.marks_for(user, items, meeting)

    def make():
        rows = items
        if rows is None:
            rows = list(AgendaItem.objects.filter(meeting=meeting).visible_to(user))
        for item in rows:
            item.read_mark = marks.get(item.pk)
        full = contexts.meetings_with_programme(user).get(pk=pk)
        template = "meetings/meeting_detail.html#meeting-{}"
        return {
            part: render_to_string(template.format(part), {"meeting": full, "items": rows}, request)
            for part in ("facts", "content")
        }

    made = pagecache.cached(
        "meeting", pk, audience, sorted(marks.items()), make=make, version=meeting.content_version
    )
    context = {
        "meeting": meeting,
        # Rendered by make(), escaped there.
        "meeting_facts": mark_safe(made["facts"]),  # noqa: S308
        "meeting_content": mark_safe(made["content"]),  # noqa: S308
    }
    return render(
        request, htmx.template(request, "meetings/meeting_detail.html", "meeting-detail"), context
    )


def _item_context(request, item, *, level=2, note_form=None, saved=None, cached=False):
    """What the item page, its fragment and the inline expansion show: the item's content
    as in its documents (``contexts.item_view``), and the reader's private note. ``cached``:
    the content comes from the page cache (per audience), made from ``item`` only when the
    cache has none; the note and the read mark are the reader's own, never cached."""
    user = request.user

    def content_context():
        if not hasattr(item, "_prefetched_objects_cache"):
            contexts.add_content([item], user)
        earlier = contexts.earlier_items([item], user, before=item.meeting.starts_at)
        return {
            "view": contexts.item_view(item, earlier=earlier),
            "item": item,
            "level": level,
            "sublevel": level + 1,
        }

    full = item.access == querysets.FULL
    if cached:

        def make():
            content = content_context()
            html = render_to_string("meetings/includes/item.html#item-content", content, request)
            return {"html": html, "hash": versions.item_entry(item)["hash"]}

        made = pagecache.cached(
            "item",
            item.pk,
            pagecache.audience(user),
            level,
            make=make,
            domains=SHOWN,
            version=getattr(item, "content_version", None),
        )
        context = {
            "item": item,
            "view": {"full": full},
            "level": level,
            "item_content": mark_safe(made["html"]),  # noqa: S308 - rendered by make()
            "content_hash": made["hash"],
        }
    else:
        context = content_context()
    context.update(meeting=item.meeting, note_form=None, saved=saved)
    if full and user.is_authenticated:
        if note_form is None:
            note = PrivateNote.objects.filter(user=user, item=item).first()
            note_form = PrivateNoteForm(instance=note, auto_id=f"id_note_{item.pk}_%s")
        context["note_form"] = note_form
    return context


def _readable_item(request, pk):
    return get_object_or_404(contexts.items_with_content(request.user), pk=pk)


@vary_on_headers("HX-Request")
@pagecache.for_visitors("item", domains=SHOWN)
def item_detail(request, pk):
    user = request.user
    items = AgendaItem.objects.visible_to(user).select_related("case", "meeting__committee")
    item = get_object_or_404(pagecache.with_version(items, SHOWN), pk=pk)
    # The agenda on the meeting page expands an item into the container below its heading.
    inline = (
        bool(request.htmx)
        and not request.htmx.history_restore_request
        and request.htmx.target == f"item-body-{item.pk}"
    )
    view = ItemViewForm(request.GET)
    if not view.is_valid():
        raise BadRequest
    if inline and view.cleaned_data["show"] == ItemViewForm.SUMMARY:
        context = {"item": item, "expanded": False}
        return render(request, "meetings/includes/agenda.html#item-collapse", context)
    # Reading an item's content, on its page or expanded in the agenda, leaves a read mark
    # (of the content as it is: read with its parts); the page first says whether it changed
    # since the reader's last visit.
    item.read_mark = versions.marks_for(user, [item], item.meeting).get(item.pk)
    context = _item_context(request, item, level=4 if inline else 2, cached=True)
    versions.record_read(user, item, content_hash=context["content_hash"])
    if inline:
        template = "meetings/item_detail.html#item-expand"
    else:
        template = htmx.template(request, "meetings/item_detail.html", "item-detail")
    return render(request, template, context)


@require_POST
def item_note(request, pk):
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponseForbidden()
        return redirect_to_login(reverse("meetings:item", args=[pk]))
    item = get_object_or_404(
        AgendaItem.objects.readable_by(request.user).select_related("meeting__committee"),
        pk=pk,
    )
    # The note's heading level follows where the form is shown: the item page or the agenda.
    view = ItemViewForm(request.GET)
    if not view.is_valid():
        raise BadRequest
    level = view.cleaned_data["level"]
    note = PrivateNote.objects.filter(user=request.user, item=item).first()
    form = PrivateNoteForm(
        request.POST,
        instance=note or PrivateNote(user=request.user, item=item),
        auto_id=f"id_note_{item.pk}_%s",
    )
    if form.is_valid():
        if form.cleaned_data["text"]:
            # One note per member and item (a unique constraint): sent twice, even at the same
            # moment, the note is saved once, as the last text.
            note, _created = PrivateNote.objects.update_or_create(
                user=request.user, item=item, defaults={"text": form.cleaned_data["text"]}
            )
            saved = {"deleted": False, "at": note.updated_at}
            message = _("Your note is saved.")
        else:
            if note is not None:
                note.delete()
            note = None
            saved = {"deleted": True, "at": timezone.now()}
            message = _("Your note is deleted.")
        if not request.htmx:
            messages.success(request, message)
            return redirect(f"{item.get_absolute_url()}#item-note-{item.pk}")
        form = PrivateNoteForm(instance=note, auto_id=f"id_note_{item.pk}_%s")
        context = {"item": item, "note_form": form, "saved": saved, "level": level}
        return render(request, "meetings/item_detail.html#item-note", context)
    if request.htmx:
        context = {"item": item, "note_form": form, "level": level}
        return render(request, "meetings/item_detail.html#item-note", context, status=htmx.INVALID)
    item = _readable_item(request, pk)
    context = _item_context(request, item, note_form=form)
    return render(request, "meetings/item_detail.html", context, status=htmx.INVALID)


@vary_on_headers("HX-Request")
def minutes(request, pk):
    user = request.user
    meeting = get_object_or_404(contexts.meetings_with_attendance(user), pk=pk)
    if not meeting.has_minutes:
        raise Http404
    context = {
        "meeting": meeting,
        "items": contexts.items_of(meeting, user),
        **contexts.attendance_context(meeting),
    }
    return render(request, htmx.template(request, "meetings/minutes.html", "minutes"), context)


def attachment_download(request, pk):
    return _send(get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk))


def attachment_file(request, path):
    """An attachment by its stored path (``Attachment.file.url``, which the admin links to),
    checked like ``attachment_download``. Nothing else under ``MEDIA_URL`` is ever served."""
    return _send(get_object_or_404(Attachment.objects.visible_to(request.user), file=path))


def _send(attachment):
    if not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=Path(attachment.file.name).name)
