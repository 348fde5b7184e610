"""Fill in what the search is missing: the documents of objects written while the triggers were
off (the bench dataset is copied in that way) and the text of attachments never read (those
uploaded before the search, or while no worker ran). Idempotent: only what is missing is
written."""

from django.core.management.base import BaseCommand
from django.db import connection

from search import sql
from search.text import store_attachment_text


class Command(BaseCommand):
    help = "Write the missing search documents and read the attachments' text not read yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-attachments", action="store_true", help="Do not read attachment files."
        )

    def handle(self, *args, **options):
        from meetings.models import Attachment

        if not options["no_attachments"]:
            unread = Attachment.objects.filter(search_text__isnull=True).values_list(
                "pk", flat=True
            )
            count = 0
            for pk in unread.iterator():
                store_attachment_text(pk)
                count += 1
            self.stdout.write(f"Read the text of {count} attachments.")
        with connection.cursor() as cursor:
            for kind in sql.KINDS:
                cursor.execute(f"SELECT search_index_{kind}s(NULL)")
        self.stdout.write("The search documents are complete.")
