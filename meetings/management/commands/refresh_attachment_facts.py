"""Store the facts of attachment files that were stored before there were facts.

    manage.py refresh_attachment_facts [--all]

Without ``--all``, only attachments with a file and no ``sha256`` yet are read: run it once
after migrating, and again whenever files were copied in behind the app's back. A file that is
missing from the storage, or does not pass the upload check, is named (as a warning in the
log) and keeps what can be known of it.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from meetings.models import Attachment


class Command(BaseCommand):
    help = _("Read attachment files and store the facts that the documents use.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("Read every attachment file again, not only those without facts."),
        )

    def handle(self, *args, **options):
        attachments = Attachment.objects.exclude(file="")
        if not options["all"]:
            attachments = attachments.filter(sha256="")
        read = unreadable = 0
        for attachment in attachments.order_by("pk").iterator():
            if attachment.refresh_facts().sha256:
                read += 1
            else:
                unreadable += 1
        self.stdout.write(
            _("Attachments read: %(read)s. Files that could not be read: %(unreadable)s.")
            % {"read": read, "unreadable": unreadable}
        )
