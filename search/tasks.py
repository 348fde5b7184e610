"""Background work of the search: reading the text of an attachment's file when it is
uploaded."""

from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task


@task
def read_attachment_text(attachment_id):
    """Read the text of attachment ``attachment_id``'s file into ``AttachmentText`` (its
    trigger writes the attachment's search document); enqueued when the upload commits."""
    from search import text

    return text.store_attachment_text(attachment_id)


def _enqueue(attachment_id):
    read_attachment_text.enqueue(attachment_id)


def _attachment_saved(sender, instance, raw=False, **kwargs):
    """A saved attachment whose file is not the one read (``sha256`` differs): read it once the
    save commits."""
    if raw:
        return
    from search.models import AttachmentText

    read = AttachmentText.objects.filter(pk=instance.pk).values_list("sha256", flat=True).first()
    if read is None or read != instance.sha256:
        transaction.on_commit(lambda: _enqueue(instance.pk), robust=True)


def connect():
    from meetings.models import Attachment

    post_save.connect(_attachment_saved, sender=Attachment, dispatch_uid="search_attachment")
