"""The mails to the members when an agenda is published or published again.

Every active member with an address, of the meeting's lead and co-hosting committees, gets one
message of their own, in the site's language (Danish): the meeting, the agenda's link and, for a
republication, the list of changes since the version before. Mail is not a safe channel: a
closed item is named “Lukket punkt <n>” and nothing more (no title, no text, no section
heading), and a closed attachment is not named.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import versions

logger = logging.getLogger(__name__)


def recipients(meeting):
    """The active users with an e-mail address who are members of ``meeting``'s lead or
    co-hosting committees, each once."""
    committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
    return (
        get_user_model()
        .objects.filter(is_active=True, committee_memberships__committee__in=committees)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def item_label(number, title, closed) -> str:
    if closed:
        return _("Closed item %(number)s") % {"number": number}
    return _("Item %(number)s. %(title)s") % {"number": number, "title": title}


def change_line(change: versions.ItemChange) -> str:
    """One line of the mail about ``change``, naming nothing of a closed item beyond its
    number."""
    label = item_label(change.number, change.title, change.closed)
    if change.kind == "added":
        return _("%(item)s: new item") % {"item": label}
    if change.kind == "removed":
        return _("%(item)s: removed from the agenda") % {"item": label}
    parts = []
    if change.moved_from is not None:
        parts.append(_("moved from item %(number)s") % {"number": change.moved_from})
    if change.opened:
        parts.append(_("now open"))
    elif change.was_closed_now:
        parts.append(_("now closed"))
    elif change.is_secret:
        if change.content_changed:
            parts.append(_("changed"))
    else:
        parts += _content_parts(change)
    return _("%(item)s: %(changes)s") % {"item": label, "changes": "; ".join(parts)}


def _content_parts(change):
    parts = []
    if change.old_title:
        parts.append(_("new title (was “%(title)s”)") % {"title": change.old_title})
    if change.recommendation_changed:
        parts.append(_("who recommends to whom changed"))
    for section in change.sections:
        heading = section.heading or section.old_heading
        if section.kind == "added":
            parts.append(_("new section “%(heading)s”") % {"heading": heading})
        elif section.kind == "removed":
            parts.append(_("section “%(heading)s” removed") % {"heading": heading})
        else:
            parts.append(_("section “%(heading)s” changed") % {"heading": heading})
    if change.points_added:
        count = len(change.points_added)
        parts.append(
            ngettext(
                "%(count)s recommendation point added",
                "%(count)s recommendation points added",
                count,
            )
            % {"count": count}
        )
    if change.points_removed:
        count = len(change.points_removed)
        parts.append(
            ngettext(
                "%(count)s recommendation point removed",
                "%(count)s recommendation points removed",
                count,
            )
            % {"count": count}
        )
    for attachment in change.attachments_added:
        if attachment["closed"]:
            parts.append(_("a closed attachment added"))
        else:
            parts.append(_("new attachment “%(title)s”") % {"title": attachment["title"]})
    for attachment in change.attachments_removed:
        if attachment["closed"]:
            parts.append(_("a closed attachment removed"))
        else:
            parts.append(_("attachment “%(title)s” removed") % {"title": attachment["title"]})
    return parts


def agenda_lines(snapshot) -> list[str]:
    """The agenda of a version, one line per item, closed items by their number only."""
    return [
        item_label(entry["number"], entry["title"], entry["closed"])
        for entry in snapshot.get("items", [])
    ]


def messages_for(version, site_url) -> list[EmailMessage]:
    """One message for each recipient of ``version``'s notice."""
    meeting = version.meeting
    previous = (
        meeting.versions.filter(number__lt=version.number).order_by("-number").first()
        if version.number > 1
        else None
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "committees": [meeting.committee, *meeting.co_hosts.all()],
            "version": version,
            "previous": previous,
            "link": site_url.rstrip("/") + meeting.get_absolute_url(),
            "agenda": agenda_lines(version.snapshot),
            "changes": [
                change_line(change)
                for change in versions.changes(previous.snapshot, version.snapshot)
            ]
            if previous
            else [],
            "has_closed": any(entry["closed"] for entry in version.snapshot.get("items", [])),
        }
        subject = " ".join(
            render_to_string("meetings/mail/agenda_notice_subject.txt", context).split()
        )
        messages = []
        for user in recipients(meeting):
            body = render_to_string(
                "meetings/mail/agenda_notice.txt",
                {**context, "name": user.get_full_name() or user.get_username()},
            )
            messages.append(EmailMessage(subject, body, to=[user.email]))
    return messages


def send(version_id, site_url) -> int:
    """Send the notices of version ``version_id``; the number of messages sent."""
    from meetings.models import AgendaVersion

    version = AgendaVersion.objects.select_related("meeting__committee").get(pk=version_id)
    messages = messages_for(version, site_url)
    sent = mailers.default.send_messages(messages) if messages else 0
    logger.info("Agenda of %s, version %s: %s notices sent.", version.meeting, version.number, sent)
    return sent
