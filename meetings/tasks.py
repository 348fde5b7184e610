"""Background work of the meetings app: the mails to the members when an agenda is published."""

from django.tasks import task


@task
def send_agenda_notices(version_id, site_url):
    """Mail the members of the meeting's committees about version ``version_id`` of its
    agenda (``meetings.notices``); enqueued when the publication commits."""
    from meetings import notices

    return notices.send(version_id, site_url)
