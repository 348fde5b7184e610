"""Who may do what with meetings, beside who may see what (``meetings/querysets.py``): the
predicates that views, actions, the admin and the documents ask."""

from innovation.shared import permissions


def may_prepare(user) -> bool:
    """Prepare, run and close meetings in the workspace: the secretariat."""
    return permissions.is_secretariat(user)


def may_read_history(user) -> bool:
    """Read the history of meetings and their items (who created, changed and deleted what):
    the secretariat only. The history keeps everything that ever was — closed items and
    closed attachments, draft agendas, decisions before they were published, text since
    removed — and is not filtered by ``visible_to``: it must never reach anyone who may not
    read all of it, so no other role reads any part of it."""
    return permissions.is_secretariat(user)


def is_read_only(meeting) -> bool:
    """Approved minutes and the meetings of a historic committee change no more."""
    return meeting.is_locked or meeting.committee.is_historic


def document_audience(user, meeting) -> str | None:
    """The edition of ``meeting``'s documents that ``user`` gets: the members' edition for the
    members of its committees and the secretariat, the public edition for anyone else who may
    see the meeting, and none (``None``) for those who may not. One query."""
    from meetings.models import Meeting

    visible = Meeting.objects.visible_to(user).filter(pk=meeting.pk)
    sees_closed = visible.values_list("can_see_closed", flat=True).first()
    if sees_closed is None:
        return None
    return permissions.MEMBERS if sees_closed else permissions.PUBLIC


def document_reader(meeting, audience):
    """Whose view an edition shows: the members' edition reads as a member of the meeting's
    committees (lead and co-hosts), never as the secretariat; the public edition reads as an
    anonymous visitor. The meeting itself reads as published (a draft is checked, as its
    members and as the public will read it, before it is published)."""
    if audience != permissions.MEMBERS:
        return permissions.PublicReader(previews=[meeting.pk])
    committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
    return permissions.CommitteeReader(committees, previews=[meeting.pk])
