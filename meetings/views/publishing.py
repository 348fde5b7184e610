"""Publishing an agenda from the workspace: publish, publish again after changes, and the
published versions with what changed in each.

The secretariat's pages (``workspace.secretariat_required``); the writes are
``actions.publish_agenda`` and ``actions.republish_agenda``, whose rules
(``rules.publishing_refusal``) the pages show before anyone presses the button. A refused
publication answers 409 with the reason on the page.
"""

from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import actions, notices, rules, versions
from meetings.views.workspace import _meeting, secretariat_required


def _refusal(meeting, publishing, *, republish):
    refusal = rules.publishing_refusal(meeting, republish=republish)
    if republish and refusal is None and publishing.latest and not publishing.unpublished:
        refusal = _("Nothing has changed since version %(number)s was published.") % {
            "number": publishing.latest.number
        }
    return refusal


def _expected(request, *, republish):
    """What the page that asked showed (hidden fields): the meeting's state and, to publish
    again, the number of the latest version. Missing or malformed: not checked."""
    expected = {"expected_state": request.POST.get("state") or None}
    if republish:
        version = request.POST.get("version", "")
        expected["expected_version"] = int(version) if version.isdecimal() else None
    return expected


def _confirm(request, pk, *, republish):
    meeting = _meeting(request, pk)
    publishing = versions.publishing_of(meeting)
    refusal = _refusal(meeting, publishing, republish=republish)
    # A page that showed another state or version than the meeting has now (sent twice, or
    # someone else published meanwhile) is refused by the action itself (409, nothing saved).
    expected = _expected(request, republish=republish) if request.method == "POST" else {}
    moved = ""
    if request.method == "POST" and (refusal is None or any(expected.values())):
        action = actions.republish_agenda if republish else actions.publish_agenda
        try:
            result = action(
                meeting=meeting,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
                **expected,
            )
        except actions.StateMoved as error:
            # The page as it is now, saying what happened; its button if it may still be sent.
            moved = str(error)
            meeting = _meeting(request, pk)
            publishing = versions.publishing_of(meeting)
            refusal = _refusal(meeting, publishing, republish=republish)
        except actions.ActionError as error:
            refusal = str(error)
        else:
            number = result.number if republish else 1
            count = notices.recipients(meeting).count()
            messages.success(
                request,
                ngettext(
                    "The agenda is published as version %(number)s; %(count)s member gets a mail.",
                    "The agenda is published as version %(number)s; %(count)s members get a mail.",
                    count,
                )
                % {"number": number, "count": count},
            )
            return redirect("meetings:workspace_meeting", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "publishing": publishing,
        "republish": republish,
        "refusal": refusal,
        "moved": moved,
        "recipients": list(notices.recipients(meeting)),
        "agenda": versions.snapshot(meeting)["items"] if not republish else [],
        "nav_section": "workspace",
    }
    status = HTTPStatus.CONFLICT if refusal or moved else 200
    return render(request, "meetings/workspace/publish.html", context, status=status)


@secretariat_required
def publish(request, pk):
    """Publish a draft agenda: what will be published and who gets a mail, then the button."""
    return _confirm(request, pk, republish=False)


@secretariat_required
def republish(request, pk):
    """Publish the agenda again: what changed since the latest version and who gets a mail,
    then the button."""
    return _confirm(request, pk, republish=True)


@secretariat_required
def version_list(request, pk):
    """The published versions of the agenda, newest first, each with what changed since the
    one before; changes not yet published on top."""
    meeting = _meeting(request, pk)
    published = list(meeting.versions.select_related("published_by").order_by("number"))
    shown = []
    previous = None
    for version in published:
        shown.append(
            {
                "version": version,
                "changes": versions.changes(previous.snapshot, version.snapshot)
                if previous
                else [],
                "items": version.snapshot.get("items", []) if previous is None else [],
            }
        )
        previous = version
    context = {
        "meeting": meeting,
        "versions": list(reversed(shown)),
        "publishing": versions.publishing_of(meeting),
        "nav_section": "workspace",
    }
    return render(request, "meetings/workspace/versions.html", context)
