"""The workspace at and after the meeting: attendance, the decision on each item with its
conflicts of interest, marking the meeting held, approving the minutes, and which edition of
its documents to export.

For the secretariat only (``workspace.secretariat_required``). Every write is an action in
``meetings/actions.py``; a step its rule refuses (``rules.*_refusal``) answers 403 with the
reason, in the user's language. A step sent from a page that showed another state than the
meeting has now (someone else took it meanwhile) answers 409 with the page as it is now.
"""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovation.shared import htmx
from meetings import actions, rules
from meetings.forms import (
    AttendanceForm,
    ConflictFormSet,
    ItemDecisionForm,
    PointDecisionForm,
    fill_present,
    member_choices,
)
from meetings.models import AgendaItem, ConflictOfInterest
from meetings.views import workspace
from meetings.views.workspace import _meeting, secretariat_required


def _refuse(refusal):
    if refusal:
        raise PermissionDenied(refusal)


@secretariat_required
def attendance(request, pk):
    """Who of the meeting's committees attended: one fieldset per member, grouped by
    committee."""
    meeting = _meeting(request, pk)
    _refuse(rules.attendance_refusal(meeting))
    groups = rules.attendance_list(meeting)
    recorded = {record.membership_id: record for record in meeting.attendance.all()}
    data = None
    if request.method == "POST":
        data = request.POST
        if "rest_present" in data:
            data = fill_present(data, groups)
    form = AttendanceForm(data, groups=groups, recorded=recorded)
    if data is not None and form.is_valid():
        try:
            saved = actions.record_attendance(meeting=meeting, entries=form.entries())
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            listed = len(form.members)
            messages.success(
                request,
                _("The attendance is saved: %(recorded)s of %(listed)s members recorded.")
                % {"recorded": len(saved), "listed": listed},
            )
            return redirect("meetings:workspace_meeting", pk=meeting.pk)
    context = {"form": form, "meeting": meeting, "nav_section": "workspace"}
    status = htmx.INVALID if form.errors else 200
    return render(request, "meetings/workspace/attendance.html", context, status=status)


def _neighbours(item):
    """The item's place on the agenda: (position, count, previous pk, next pk). One query."""
    pks = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    index = pks.index(item.pk)
    previous = pks[index - 1] if index > 0 else None
    following = pks[index + 1] if index + 1 < len(pks) else None
    return index + 1, len(pks), previous, following


@secretariat_required
def decision(request, pk):
    """The decision on one item: an outcome per recommendation point (radio buttons, by
    keyboard), the amendment or a remark, the item's decision text, and its conflicts of
    interest. “Save and go to the next item” leads through the agenda."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee").prefetch_related("points"),
        pk=pk,
    )
    meeting = _meeting(request, item.meeting_id)
    _refuse(rules.decision_refusal(meeting))
    points = list(item.points.all())
    conflicts = list(
        ConflictOfInterest.objects.filter(item=item).select_related("membership__user")
    )
    groups = rules.attendance_list(meeting)
    choices = member_choices(groups)
    listed = {member.pk for group in groups for member in group.members}
    others = [(c.membership_id, c.membership.person_name) for c in conflicts]
    others = [(pk, name) for pk, name in others if pk not in listed]
    if others:  # recorded earlier, no longer on the list: kept as they are
        choices.append((_("Others"), others))

    data = request.POST if request.method == "POST" else None
    point_forms = [
        PointDecisionForm(
            data,
            prefix=f"point-{point.pk}",
            initial={"outcome": point.outcome, "decision_text": point.decision_text},
        )
        for point in points
    ]
    item_form = ItemDecisionForm(
        data,
        closed=item.is_closed,
        initial={"decision": item.decision, "decision_is_open": item.decision_is_open},
    )
    conflict_forms = ConflictFormSet(
        data,
        prefix="conflicts",
        initial=[{"membership": c.membership_id, "note": c.note} for c in conflicts],
        form_kwargs={"members": choices},
    )
    position, count, previous, following = _neighbours(item)
    forms = [*point_forms, item_form, conflict_forms]
    if data is not None and all(form.is_valid() for form in forms):
        try:
            with transaction.atomic():
                actions.record_decision(
                    item=item,
                    decision=item_form.cleaned_data["decision"],
                    outcomes={
                        point.pk: (form.cleaned_data["outcome"], form.cleaned_data["decision_text"])
                        for point, form in zip(points, point_forms, strict=True)
                    },
                    decision_is_open=item_form.cleaned_data.get("decision_is_open")
                    if item.is_closed
                    else None,
                )
                actions.record_conflicts(item=item, conflicts=conflict_forms.conflicts())
        except actions.ActionError as error:
            item_form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The decision on item %(number)s is saved.") % {"number": item.number}
            )
            if "next" in data:
                if following is not None:
                    return redirect("meetings:workspace_decision", pk=following)
                return redirect("meetings:workspace_meeting", pk=meeting.pk)
            return redirect("meetings:workspace_decision", pk=item.pk)
    context = {
        "item": item,
        "meeting": meeting,
        "points": list(zip(points, point_forms, strict=True)),
        "item_form": item_form,
        "conflicts": conflict_forms,
        "position": position,
        "count": count,
        "previous": previous,
        "following": following,
        "nav_section": "workspace",
    }
    status = htmx.INVALID if data is not None else 200
    return render(request, "meetings/workspace/decision.html", context, status=status)


def _moved(request, pk, error):
    """409: the meeting moved on since the page was shown; the page as it is now, saying so."""
    messages.error(request, str(error))
    response = workspace.meeting(request, pk)
    response.status_code = HTTPStatus.CONFLICT
    return response


@require_POST
@secretariat_required
def mark_held(request, pk):
    meeting = _meeting(request, pk)
    try:
        actions.mark_held(meeting=meeting, expected_state=request.POST.get("state"))
    except actions.StateMoved as error:
        return _moved(request, pk, error)
    except actions.ActionError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request, _("%(meeting)s is marked as held: record the decisions.") % {"meeting": meeting}
    )
    return redirect("meetings:workspace_meeting", pk=meeting.pk)


@require_POST
@secretariat_required
def approve(request, pk):
    meeting = _meeting(request, pk)
    try:
        actions.approve_minutes(meeting=meeting, expected_state=request.POST.get("state"))
    except actions.StateMoved as error:
        return _moved(request, pk, error)
    except actions.ActionError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request,
        _("The minutes of %(meeting)s are approved; the meeting is now locked.")
        % {"meeting": meeting},
    )
    return redirect("meetings:workspace_meeting", pk=meeting.pk)
